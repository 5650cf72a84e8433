/**
 * What `myriad local` prints: the instances of a local run (infra/local/status.ts) as a table (`up`, `status`),
 * the steps of `apply`, and what `down` stopped.
 */
import { fitTable, outputWidth, tableWithDropped, wrapParts } from "./table";
import type { StatusInstance } from "../local/status";
import type { ApplyStep } from "../local/apply";
import type { DownResult } from "../local/down";

/** The status as a table. */
export function statusTable(instances: readonly StatusInstance[]): string {
    const rows: unknown[][] = [];
    for (const i of instances) {
        const state = (!i.running ? "stopped" : i.ready ? "ready" : `not ready: ${i.reason ?? "?"}`) + (i.outside ? ` (${i.outside})` : "");
        const version =
            i.version === i.plannedVersion ? `${i.flavor} ${i.version}` : `${i.flavor} ${i.version} (planned ${i.plannedVersion})`;
        const metrics = i.metricsPort === null ? "-" : `http://127.0.0.1:${i.metricsPort}/metrics`;
        rows.push([i.name, i.role, i.source ?? "-", i.serverId, version, `${i.host}:${i.port}`, i.pid ?? "-", metrics, state]);
    }
    // Dropped first: PID, SERVER ID, VERSION, METRICS; the state (with its reason) wraps.
    const head = ["NAME", "ROLE", "SOURCE", "SERVER ID", "VERSION", "ENDPOINT", "PID", "METRICS", "STATE"];
    return tableWithDropped(fitTable(head, rows, { drop: [6, 3, 4, 7] })) + sharedHostnameNote(instances);
}

/**
 * A note when running instances share a hostname (no UTS namespace here: not root, or no `unshare`), since tools
 * that name servers by `@@hostname` (pt-table-checksum) then print them alike; empty otherwise.
 */
export function sharedHostnameNote(instances: readonly StatusInstance[]): string {
    const byHost = new Map<string, string[]>();
    for (const i of instances) if (i.hostname) byHost.set(i.hostname, [...(byHost.get(i.hostname) ?? []), i.name]);
    const shared = [...byHost].filter(([, names]) => names.length > 1);
    return shared
        .map(
            ([host, names]) =>
                `\n${wrapParts(
                    [
                        `note: ${names.join(", ")} share the hostname '${host}' (own hostnames need root and unshare --uts), so tools that name servers by @@hostname (pt-table-checksum) print them alike; their report_host addresses still differ`,
                    ],
                    outputWidth(),
                )}`,
        )
        .join("");
}

/** The steps of `local apply` as a table; STEP and SECONDS are dropped first. */
export function applyTable(steps: readonly ApplyStep[]): string {
    const rows = steps.map((s, i) => [
        i + 1,
        s.instance,
        s.action,
        s.reason,
        s.outcome + (s.detail ? `: ${s.detail}` : ""),
        s.seconds ?? "-",
    ]);
    return tableWithDropped(fitTable(["STEP", "INSTANCE", "ACTION", "WHY", "OUTCOME", "SECONDS"], rows, { drop: [5, 0] }));
}

/** What `local down` did: one line per instance it signalled, then the summary, each line ending in a newline. */
export function downText(r: DownResult, dir: string): string {
    const lines: string[] = [];
    for (const s of r.stopped) {
        if (s.outcome === "not-ours") lines.push(`${s.name}: pid ${s.pid} no longer runs this instance's mysqld; left alone`);
        else if (s.outcome !== "not-running") lines.push(`${s.name}: ${s.outcome} (pid ${s.pid})`);
    }
    const stopped = r.stopped.filter((s) => s.outcome === "stopped" || s.outcome === "killed").length;
    lines.push(`stopped ${stopped} server(s)${r.removed ? `; removed ${dir}` : `; data kept in ${dir} ('myriad local up' restarts it)`}`);
    return lines.map((l) => `${l}\n`).join("");
}
