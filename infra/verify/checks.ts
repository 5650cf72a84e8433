/**
 * The checks of `myriad verify`, as pure functions of the expected topology (targets, built from the plan)
 * and the facts read from the servers. Each finding names the instance, what was expected and what was
 * seen. Findings that can clear by themselves while verify waits (a server still starting, lag, an IO
 * thread still connecting without error) are marked `transient`.
 */
import type { InstanceRole } from "../../components/planner/types";
import type { Flavor } from "../../components/spec/types";
import type { InstanceFacts } from "./inspect";

/** One instance verify checks, with what it must look like. */
export interface VerifyTarget {
    cluster: string;
    /** `<cluster>-<ordinal>`. */
    name: string;
    ordinal: number;
    role: InstanceRole;
    /** Planned server_id. */
    serverId: number;
    flavor: Flavor;
    /** Version the instance must run: the plan's, or for a local run the local binary's (same for flavor). */
    version: string;
    /** The plan's version (differs from `version` only for a local run on another patch level). */
    plannedVersion: string;
    /** Where verify connects. */
    host: string;
    port: number;
    /** Expected `report_host`. */
    reportHost: string;
    /** Name of the planned source instance; null for the primary. */
    source: string | null;
    /** Accepted `host:port` of the source as the replica must see it (`Master_Host`/`Source_Host`). */
    sourceAddresses: string[];
    /** Readiness lag threshold (maxReplicaLagSeconds). */
    maxLagSeconds: number;
}

/** Names of the checks. */
export type CheckName =
    | "reachable"
    | "flavor"
    | "version"
    | "server_id"
    | "server_id_unique"
    | "report_host"
    | "writable"
    | "read_only"
    | "super_read_only"
    | "replication_configured"
    | "replication_source"
    | "replication_source_id"
    | "gtid_positioning"
    | "io_thread"
    | "sql_thread"
    | "replication_error"
    | "lag"
    | "primary_replicating"
    | "errant_transactions"
    | "checksum";

/** One difference between the plan and the live cluster. */
export interface Finding {
    cluster: string;
    instance: string;
    check: CheckName;
    expected: string;
    seen: string;
    /** True when waiting may clear it (verify keeps polling while only transient findings remain). */
    transient?: boolean;
}

function f(t: VerifyTarget, check: CheckName, expected: string, seen: string, transient = false): Finding {
    return transient
        ? { cluster: t.cluster, instance: t.name, check, expected, seen, transient }
        : { cluster: t.cluster, instance: t.name, check, expected, seen };
}

/** Checks of one reachable instance against its target (no cross-instance checks). */
export function checkInstance(t: VerifyTarget, facts: InstanceFacts): Finding[] {
    const out: Finding[] = [];
    if (facts.flavor !== t.flavor) {
        out.push(f(t, "flavor", t.flavor, `${facts.flavor} (${facts.versionText})`));
    }
    if (facts.version !== t.version) {
        const planned = t.version !== t.plannedVersion ? ` (planned ${t.plannedVersion}; local binary ${t.version})` : "";
        out.push(f(t, "version", `${t.version}${planned}`, facts.versionText));
    }
    if (facts.serverId !== t.serverId) out.push(f(t, "server_id", String(t.serverId), String(facts.serverId)));
    if ((facts.reportHost ?? "") !== t.reportHost) out.push(f(t, "report_host", t.reportHost, facts.reportHost ?? "(not set)"));

    if (t.role === "primary") {
        if (facts.readOnly) out.push(f(t, "writable", "read_only=OFF (the primary accepts writes)", "read_only=ON"));
        if (facts.superReadOnly) out.push(f(t, "writable", "super_read_only=OFF (the primary accepts writes)", "super_read_only=ON"));
        const r = facts.replica;
        if (r && (r.ioRunning === "Yes" || r.ioRunning === "Connecting" || r.sqlRunning === "Yes")) {
            out.push(
                f(
                    t,
                    "primary_replicating",
                    "no replication source (the primary replicates from nobody)",
                    `replicating from ${r.sourceHost}:${r.sourcePort} (IO ${r.ioRunning}, SQL ${r.sqlRunning})`,
                ),
            );
        }
        return out;
    }

    // Replica.
    if (!facts.readOnly) out.push(f(t, "read_only", "read_only=ON (a replica refuses writes)", "read_only=OFF"));
    if (facts.superReadOnly === false)
        out.push(f(t, "super_read_only", "super_read_only=ON (writes refused even to SUPER)", "super_read_only=OFF"));
    const r = facts.replica;
    if (!r) {
        out.push(
            f(t, "replication_configured", `replicating from ${t.source} (${t.sourceAddresses.join(" or ")})`, "no replication configured"),
        );
        return out;
    }
    const addr = `${r.sourceHost}:${r.sourcePort}`;
    if (!t.sourceAddresses.includes(addr)) {
        out.push(f(t, "replication_source", `${t.source} at ${t.sourceAddresses.join(" or ")}`, addr));
    }
    if (!r.gtidPositioning) {
        out.push(
            f(
                t,
                "gtid_positioning",
                t.flavor === "mariadb" ? "MASTER_USE_GTID=slave_pos (Using_Gtid)" : "MASTER_AUTO_POSITION=1",
                "binlog file/position replication",
            ),
        );
    }
    const ioError = r.lastIoErrno !== 0 ? `error ${r.lastIoErrno}: ${r.lastIoError}` : "";
    const sqlError = r.lastSqlErrno !== 0 ? `error ${r.lastSqlErrno}: ${r.lastSqlError}` : "";
    if (r.ioRunning !== "Yes") {
        out.push(
            f(
                t,
                "io_thread",
                "IO thread running (Yes)",
                `${r.ioRunning}${ioError ? `, ${ioError}` : ""}`,
                r.ioRunning === "Connecting" && !ioError,
            ),
        );
    } else if (ioError) {
        out.push(f(t, "replication_error", "no replication error", `IO ${ioError}`));
    }
    if (r.sqlRunning !== "Yes") {
        out.push(f(t, "sql_thread", "SQL thread running (Yes)", `${r.sqlRunning}${sqlError ? `, ${sqlError}` : ""}`));
    } else if (sqlError) {
        out.push(f(t, "replication_error", "no replication error", `SQL ${sqlError}`));
    }
    if (r.ioRunning === "Yes" && r.sqlRunning === "Yes") {
        if (r.lag === null) out.push(f(t, "lag", `at most ${t.maxLagSeconds} s behind the source`, "unknown (NULL)", true));
        else if (r.lag > t.maxLagSeconds) out.push(f(t, "lag", `at most ${t.maxLagSeconds} s behind the source`, `${r.lag} s`, true));
    }
    return out;
}

/**
 * server_id uniqueness within a cluster: every instance sharing an id with another gets a finding naming
 * the others (the failure described in docs/design/ordinals.md: ids derived from per-template ordinals
 * collide and replication breaks with "equal server ids").
 */
export function checkServerIdsUnique(targets: readonly VerifyTarget[], facts: ReadonlyMap<string, InstanceFacts>): Finding[] {
    const out: Finding[] = [];
    const byCluster = new Map<string, VerifyTarget[]>();
    for (const t of targets) byCluster.set(t.cluster, [...(byCluster.get(t.cluster) ?? []), t]);
    for (const list of byCluster.values()) {
        const ids = new Map<number, string[]>();
        for (const t of list) {
            const fa = facts.get(t.name);
            if (!fa) continue;
            ids.set(fa.serverId, [...(ids.get(fa.serverId) ?? []), t.name]);
        }
        for (const [id, names] of ids) {
            if (names.length < 2) continue;
            for (const n of names) {
                const t = list.find((x) => x.name === n)!;
                out.push(
                    f(
                        t,
                        "server_id_unique",
                        `a server_id no other instance uses (planned ${t.serverId})`,
                        `server_id ${id} is also used by ${names.filter((x) => x !== n).join(", ")}`,
                    ),
                );
            }
        }
    }
    return out;
}

/**
 * The replica's view of its source's server_id (what the IO thread saw) against the planned source's id.
 * Only when the IO thread connected at least once (non-zero).
 */
export function checkSourceIdentity(t: VerifyTarget, facts: InstanceFacts, sourceTarget: VerifyTarget | undefined): Finding[] {
    const r = facts.replica;
    if (!r || !sourceTarget || r.sourceServerId === 0) return [];
    if (r.sourceServerId === sourceTarget.serverId) return [];
    return [
        f(
            t,
            "replication_source_id",
            `source server_id ${sourceTarget.serverId} (${sourceTarget.name})`,
            `source server_id ${r.sourceServerId}`,
        ),
    ];
}

/** Exit status of a verify run: 0 healthy, 1 findings, 2 an instance could not be reached. */
export function exitCodeOf(findings: readonly Finding[]): 0 | 1 | 2 {
    if (findings.some((x) => x.check === "reachable")) return 2;
    return findings.length ? 1 : 0;
}
