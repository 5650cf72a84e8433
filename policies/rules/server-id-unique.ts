/**
 * `mysql-server-id-unique` (stack policy, mandatory by default).
 *
 * Every pod of every MySQL workload of the stack runs with a server_id in 1..4294967295 that no other pod uses
 * (scope `stack`, the default; `cluster` limits the check to each cluster). Offline component instances keep
 * their id reserved and count too. Each pod's id is read the way mysqld gets it: `--server-id` arguments, then
 * `server_id` in the mounted option files, then a script assigning `server-id=` (an arithmetic expression over
 * the pod ordinal, as in the Kubernetes tutorial, is evaluated per pod), then the component's
 * `myriad.dev/server-id` annotation, then the server's default (1 from MySQL 8.0.3, 0 before; 1 on MariaDB).
 *
 * This is the failure that started Myriad (docs/design/ordinals.md): server_ids derived from pod ordinals repeat across StatefulSets (instance templates)
 * of one cluster, and replication between two servers with the same id breaks. Also rejected: a component
 * instance whose rendered server_id differs from its `myriad.dev/server-id` annotation.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { KEYS } from "../../components/resources/labels";
import { MAX_SERVER_ID, MIN_SERVER_ID } from "../../components/spec/limits";
import { configOf, requireWorkloads } from "../lib/policy";
import type { MysqlWorkload, ServerIdClaim } from "../lib/workloads";

/** Policy name. */
export const NAME = "mysql-server-id-unique";

/** Configuration of the policy. */
export interface ServerIdConfig {
    /** `stack` (default): ids unique across every MySQL workload of the stack; `cluster`: within each cluster. */
    scope: "stack" | "cluster";
    /** Report pods whose server_id cannot be determined before deploy (a script the policy cannot evaluate). Default: false. */
    reportUnknown: boolean;
}

const DEFAULTS: ServerIdConfig = { scope: "stack", reportUnknown: false };

const RULE =
    `"server_id must be unique among the servers of a replication topology (1..${MAX_SERVER_ID}; 0 disables replication); a replica refuses a source with its own id and replication breaks" ` +
    "(https://dev.mysql.com/doc/refman/8.0/en/replication-options.html#sysvar_server_id)";

function how(c: ServerIdClaim): string {
    return `${c.pod}${c.reserved ? " (reserved by an offline instance)" : ""} from ${c.detail}`;
}

function fixFor(claims: readonly { w: MysqlWorkload; c: ServerIdClaim }[]): string {
    if (claims.some((x) => x.c.source === "script-ordinal" || x.c.source === "default")) {
        return (
            "give every instance a cluster-wide ordinal and derive server_id = base + that ordinal (the MySqlCluster component does this with per-template ordinal ranges), " +
            "or give each StatefulSet its own serverIdBase so the ranges cannot overlap"
        );
    }
    if (claims.some((x) => x.w.managed))
        return "give each cluster its own serverIdBase (ids are serverIdBase + ordinal) so the ranges do not overlap, or leave serverIdBase unset: the default is derived from each cluster's namespace and name and keeps clusters apart (docs/configuration.md#server_id)";
    return "configure a distinct server_id for every pod (for example base + pod ordinal with a different base per StatefulSet)";
}

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const cfg = configOf(args, DEFAULTS);
    const model = requireWorkloads(args);
    const groups = new Map<string, { w: MysqlWorkload; c: ServerIdClaim }[]>();
    for (const w of model.workloads) {
        const scopeKey = cfg.scope === "cluster" ? w.clusterKey : "stack";
        for (const c of w.serverIds) {
            if (c.id === undefined) {
                if (cfg.reportUnknown) {
                    report(
                        `${w.display}: the server_id of ${c.pod} cannot be determined before deploy (${c.detail}). Rule: ${RULE}. ` +
                            `Instead: set server_id explicitly (argument, option file or the ${KEYS.serverId} annotation).`,
                        w.resource.urn,
                    );
                }
                continue;
            }
            if (!Number.isInteger(c.id) || c.id < MIN_SERVER_ID || c.id > MAX_SERVER_ID) {
                report(
                    `${w.display}: pod ${how(c)} gets server_id ${c.id}, outside 1..${MAX_SERVER_ID}${c.id === 0 ? " (0 disables replication)" : ""}. Rule: ${RULE}. ` +
                        `Instead: use ids from 1 to ${MAX_SERVER_ID}, for example 100 + ordinal.`,
                    w.resource.urn,
                );
            }
            const key = `${scopeKey}#${c.id}`;
            groups.set(key, [...(groups.get(key) ?? []), { w, c }]);
        }
        // A component instance: the rendered id must be the planned (annotated) one.
        const declared = w.annotations[KEYS.serverId];
        const rendered = w.serverIds.find((c) => c.source === "config" || c.source === "argument");
        if (declared !== undefined && rendered?.id !== undefined && String(rendered.id) !== declared) {
            report(
                `${w.display}: the planned server_id (annotation ${KEYS.serverId}=${declared}) differs from the one the server runs with (${rendered.detail}). ` +
                    `Rule: ${RULE}. Instead: let the component render server_id; remove the override.`,
                w.resource.urn,
            );
        }
    }
    // One report per collision: the ids that the same clusters (or, within one, the same workloads) share are reported together.
    const collisions = new Map<string, { ids: string[]; claims: { w: MysqlWorkload; c: ServerIdClaim }[] }>();
    for (const [key, claims] of groups) {
        if (claims.length < 2) continue;
        const id = key.slice(key.lastIndexOf("#") + 1);
        // Across clusters: one report per pair (set) of clusters; within one: per set of StatefulSets.
        const clusterKeys = [...new Set(claims.map((x) => x.w.clusterKey))].sort();
        const who =
            clusterKeys.length > 1
                ? `clusters:${clusterKeys.join("|")}`
                : `workloads:${[...new Set(claims.map((x) => x.w.resource.urn))].sort().join("|")}`;
        const entry = collisions.get(who) ?? { ids: [], claims: [] };
        entry.ids.push(id);
        entry.claims.push(...claims);
        collisions.set(who, entry);
    }
    for (const { ids, claims } of collisions.values()) {
        const workloads = [...new Set(claims.map((x) => x.w))];
        const clusters = [...new Set(workloads.map((w) => w.clusterKey))];
        const where = cfg.scope === "cluster" ? `in cluster ${claims[0].w.clusterKey}` : "in the stack";
        const across =
            clusters.length > 1
                ? `across ${clusters.length} clusters (${clusters.join(", ")}), which do not replicate from each other today but cannot be joined by replication or share a binary-log consumer: ${workloads.map((w) => `${w.name}${w.template ? ` template ${w.template}` : ""}`).join(", ")}`
                : workloads.length > 1
                  ? `across ${workloads.length} StatefulSets (${workloads.map((w) => `${w.name}${w.template ? ` template ${w.template}` : ""}`).join(", ")}) within one topology (cluster ${clusters[0]})`
                  : `within StatefulSet ${workloads[0].name} (${workloads[0].replicas} replicas share one configuration)`;
        const servers = new Set(claims.map((x) => x.c.pod)).size;
        const idText = ids.length === 1 ? `server_id ${ids[0]} is` : `server_ids ${ids.join(", ")} are`;
        report(
            `${idText} used by ${servers} servers ${where}, ${across}: ${claims.map((x) => how(x.c)).join("; ")}. ` +
                `Rule: ${RULE}. Instead: ${fixFor(claims)}.`,
            claims[claims.length - 1].w.resource.urn,
        );
    }
}

/** The policy. */
export const serverIdUnique: StackValidationPolicy & { enforcementLevel: "mandatory" } = {
    name: NAME,
    description: `Requires every MySQL server of the stack to run with a server_id between ${MIN_SERVER_ID} and ${MAX_SERVER_ID} that no other server uses, including ids derived from pod ordinals that repeat across StatefulSets.`,
    enforcementLevel: "mandatory",
    severity: "critical",
    tags: ["mysql", "replication", "identity"],
    remediationSteps:
        "Derive server_id from a cluster-wide ordinal (serverIdBase + ordinal) instead of the pod ordinal of each StatefulSet.",
    configSchema: {
        properties: {
            scope: {
                type: "string",
                enum: ["stack", "cluster"],
                default: "stack",
                description: "Uniqueness across the whole stack or within each cluster.",
            },
            reportUnknown: {
                type: "boolean",
                default: false,
                description: "Report pods whose server_id cannot be determined before deploy.",
            },
        },
    },
    validateStack: validate,
};
