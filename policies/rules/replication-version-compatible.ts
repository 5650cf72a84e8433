/**
 * `mysql-replication-version-compatible` (stack policy, mandatory by default), for async and semisync
 * clusters: every replica against its source, following docs/compatibility.md (MySQL, Percona; MariaDB)
 * through `replicationEdge` (components/compat/replication.ts):
 *
 * - newer source -> older replica rejected, patch level included; 5.7 only to 5.7/8.0; 8.0 to 8.0, 8.1–8.3 and
 *   8.4; Innovation to later Innovation before the next LTS and to that LTS; an LTS to the Innovation series
 *   before the next LTS and to the next LTS; skipping an LTS or bugfix series rejected; MariaDB replicas the
 *   same or a later version; cross-flavour edges per docs/compatibility.md#mariadb (GTID auto-positioning cannot cross flavours);
 * - chained, circular or multi-source topologies: at most two distinct versions (`distinctVersionsRule`);
 * - a replica that no supported method can seed (`seedingFor` -> `none`) or for which no authentication
 *   plugin works (`clusterAuthentication` -> impossible) is rejected too (each reported only when the edge
 *   itself passed, so one problem gives one message);
 * - when the source is unknown (hand-written workloads without role labels or source annotations), the
 *   cluster is rejected only if no member could be the source of every other member.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { clusterAuthentication } from "../../components/compat/authentication";
import { describeMember, formatFinding, type Member } from "../../components/compat/finding";
import { RULES } from "../../components/compat/references";
import { possibleSources, replicationEdge, type EdgeOptions } from "../../components/compat/replication";
import { seedingFor } from "../../components/compat/seeding";
import { distinctVersionsRule } from "../../components/compat/topology";
import { configOf, memberOf, reportFinding, requireWorkloads } from "../lib/policy";
import { clusterTopology } from "../lib/topology";
import { asBoolean } from "../lib/option-files";
import { setting, type MysqlWorkload } from "../lib/workloads";
import { KEYS } from "../../components/resources/labels";

/** Policy name. */
export const NAME = "mysql-replication-version-compatible";

/** Configuration of the policy. */
export interface ReplicationConfig {
    /**
     * A newer patch as source of an older patch inside one LTS series (8.4.3 -> 8.4.1): `reject` (default, the
     * manuals' rule) or `allow` (no manual calls it supported: docs/compatibility.md#replication-between-versions).
     */
    ltsPatchDowngrade: "reject" | "allow";
}

const DEFAULTS: ReplicationConfig = { ltsPatchDowngrade: "reject" };

function edgeOptions(replica: MysqlWorkload, cfg: ReplicationConfig): EdgeOptions {
    // Myriad-managed replicas always use GTID auto-positioning; a hand-written one is judged by MySQL's rules.
    return { gtidAutoPosition: replica.managed, ltsPatchDowngrade: cfg.ltsPatchDowngrade };
}

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const cfg = configOf(args, DEFAULTS);
    const model = requireWorkloads(args);
    for (const [key, members] of model.clusters) {
        if (members.some((w) => w.mode === "group")) continue; // judged by mysql-group-replication-version-compatible
        const topo = clusterTopology(members);
        const judged = new Map<MysqlWorkload, Member>();
        const member = (w: MysqlWorkload) => {
            if (!judged.has(w)) {
                const m = memberOf(w);
                if (m) judged.set(w, m);
            }
            return judged.get(w);
        };
        const passed: { source: MysqlWorkload; replica: MysqlWorkload; s: Member; r: Member }[] = [];
        for (const e of topo.edges) {
            const s = member(e.source),
                r = member(e.replica);
            if (!s || !r) continue; // unknown versions: mysql-image-version-pinned reports them
            const verdict = replicationEdge(s, r, edgeOptions(e.replica, cfg));
            if (verdict.finding) {
                reportFinding(report, verdict.finding, e.replica);
                continue;
            }
            passed.push({ source: e.source, replica: e.replica, s, r });
        }
        for (const f of distinctVersionsRule(passed.map((p) => ({ source: p.s, replica: p.r }))))
            reportFinding(report, f, passed[0].replica);
        for (const p of passed) {
            const seeding = seedingFor(p.s, p.r);
            if (seeding.finding && seeding.finding.severity === "error") reportFinding(report, seeding.finding, p.replica);
        }
        // One replication account per cluster, created on the source: is there a plugin every replica can use?
        const bySource = new Map<MysqlWorkload, { s: Member; replicas: Member[] }>();
        for (const p of passed) {
            const entry = bySource.get(p.source) ?? { s: p.s, replicas: [] };
            entry.replicas.push(p.r);
            bySource.set(p.source, entry);
        }
        for (const [source, { s, replicas }] of bySource) {
            const nativeOn = asBoolean(setting(source, "mysql_native_password")?.value);
            for (const f of clusterAuthentication(s, replicas, nativeOn ?? (source.unreadableConfig.length ? undefined : false))) {
                if (f.severity === "error") reportFinding(report, f, source);
            }
        }
        // Hand-written clusters whose source is unknown: some member must be able to serve all the others.
        const unknown = topo.unresolved.filter((w) => member(w));
        if (!topo.primary && topo.edges.length === 0 && unknown.length > 1) {
            const ms = unknown.map((w) => member(w)!);
            const candidates = possibleSources(ms, {
                gtidAutoPosition: unknown.some((w) => w.managed),
                ltsPatchDowngrade: cfg.ltsPatchDowngrade,
            });
            if (candidates.length === 0) {
                const lowest = [...ms].sort(
                    (a, b) => a.version.major - b.version.major || a.version.minor - b.version.minor || a.version.patch - b.version.patch,
                )[0];
                const blocked = ms
                    .filter((m) => m !== lowest)
                    .map((m) => replicationEdge(lowest, m, { ltsPatchDowngrade: cfg.ltsPatchDowngrade }))
                    .find((v) => v.finding);
                report(
                    formatFinding(
                        `cluster ${key} does not say which workload is the primary (no ${KEYS.role} label or ${KEYS.source} annotation), and no member can be the source of all the others: ` +
                            `${ms.map(describeMember).join(", ")}${blocked?.finding ? `; even the oldest, ${lowest.name}, cannot: ${blocked.finding.problem}` : ""}`,
                        blocked?.finding?.rule ?? RULES.upgradePathRule,
                        `bring the members to versions one source can serve (see the upgrade paths), and label the primary's StatefulSet ${KEYS.role}: primary`,
                    ),
                    unknown[0].resource.urn,
                );
            }
        }
    }
}

/** The policy. */
export const replicationVersionCompatible: StackValidationPolicy & { enforcementLevel: "mandatory" } = {
    name: NAME,
    description:
        "Rejects asynchronous and semi-synchronous replicas whose server version cannot replicate from their source according to the MySQL and MariaDB manuals.",
    enforcementLevel: "mandatory",
    severity: "critical",
    tags: ["mysql", "replication", "versions"],
    remediationSteps:
        "Upgrade replicas first: the source must never be newer than its replicas, and each replica must be on a supported upgrade path from its source.",
    configSchema: {
        properties: {
            ltsPatchDowngrade: {
                type: "string",
                enum: ["reject", "allow"],
                default: "reject",
                description: "A newer patch as source of an older patch inside one LTS series: reject (the manuals' rule) or allow.",
            },
        },
    },
    validateStack: validate,
};
