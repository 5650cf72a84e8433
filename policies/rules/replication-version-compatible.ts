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
 * - when the roles are unknown (hand-written workloads without a role label policies/lib/workloads.ts `roleOf`
 *   recognises or a source annotation, or an operator that assigns roles at run time), a failover can make any
 *   member the source of the others: every direction is judged (`failoverDirections`) and each unsupported one
 *   is reported.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { clusterAuthentication } from "../../components/compat/authentication";
import { describeMember, formatFinding, type Member } from "../../components/compat/finding";
import { failoverDirections, possibleSources, replicationEdge, type EdgeOptions } from "../../components/compat/replication";
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
        // Hand-written clusters whose roles are unknown: a failover can make any member the source of the others.
        const unknown = topo.unresolved.filter((w) => member(w));
        if (!topo.primary && topo.edges.length === 0 && unknown.length > 1) reportUnknownRoles(report, key, unknown, member, cfg);
    }
}

/** Why the roles of a cluster's workloads are unknown, for the message. */
function unknownRolesReason(members: readonly MysqlWorkload[]): string {
    const operator = members.map((w) => w.roleReading.operator).find((o) => o);
    if (operator) return `${operator} assigns the primary role to pods at run time`;
    return `no workload carries a role (label ${KEYS.role}, app.kubernetes.io/component or an operator's role label; Bitnami's MYSQL_REPLICATION_MODE) or a ${KEYS.source} annotation`;
}

/**
 * The roles of a cluster's workloads are unknown: every direction a failover can produce is judged
 * (`failoverDirections`), and each unsupported one is reported, saying which member could serve all the others.
 */
function reportUnknownRoles(
    report: ReportViolation,
    key: string,
    unknown: readonly MysqlWorkload[],
    member: (w: MysqlWorkload) => Member | undefined,
    cfg: ReplicationConfig,
): void {
    const ms = unknown.map((w) => member(w)!);
    const opts = { gtidAutoPosition: unknown.some((w) => w.managed), ltsPatchDowngrade: cfg.ltsPatchDowngrade };
    const blocked = failoverDirections(ms, opts);
    if (!blocked.length) return;
    const candidates = possibleSources(ms, opts);
    const directions = blocked.map((b) => `${b.source.name} as the source of ${b.replica.name}: ${b.finding.problem}`).join("; ");
    const serving = candidates.length
        ? `only ${candidates.map((m) => m.name).join(", ")} can be the source of every other member, and nothing in these objects keeps a failover from promoting another`
        : "no member can be the source of all the others";
    const labelFix = `label the primary's StatefulSet (${KEYS.role}: primary, or app.kubernetes.io/component: primary) so that the check judges the real direction`;
    report(
        formatFinding(
            `cluster ${key} runs ${ms.map(describeMember).join(", ")} and its roles are unknown (${unknownRolesReason(unknown)}), so every direction a failover can produce was judged, and ${blocked.length === 1 ? "one is" : `${blocked.length} are`} not supported: ${directions}; ${serving}`,
            blocked[0].finding.rule,
            candidates.length
                ? `run one version in the cluster (upgrade the older members first), or ${labelFix} and promote only members that no other member is newer than`
                : `bring the members to versions one source can serve (see the upgrade paths), and ${labelFix}`,
        ),
        unknown[0].resource.urn,
    );
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
