/**
 * `mysql-disruption-budget` (stack policy, advisory by default).
 *
 * Every MySQL cluster with more than one instance has a PodDisruptionBudget in its namespace whose selector
 * matches the pods of every online workload of the cluster and allows at most `maxUnavailable` (default 1)
 * voluntary disruptions at once, so a node drain never takes the primary and a replica (or two group members)
 * together. The MySqlCluster component creates one per cluster (`maxUnavailable: 1`).
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { configOf, requireWorkloads } from "../lib/policy";
import { at, metadataOf, obj, stringMap, TYPES, type ResourceLike } from "../lib/resources";
import type { MysqlWorkload } from "../lib/workloads";

/** Policy name. */
export const NAME = "mysql-disruption-budget";

/** Configuration of the policy. */
export interface BudgetConfig {
    /** Largest acceptable number of instances a budget lets drains take at once. Default: 1. */
    maxUnavailable: number;
}

const DEFAULTS: BudgetConfig = { maxUnavailable: 1 };

const RULE =
    '"voluntary disruptions (node drains, cluster upgrades) must take at most one instance of a replicated database at a time" ' +
    "(https://kubernetes.io/docs/tasks/run-application/configure-pdb/)";

interface Budget {
    resource: ResourceLike;
    namespace: string;
    name: string;
    matchLabels?: Record<string, string>;
    hasExpressions: boolean;
    maxUnavailable?: unknown;
    minAvailable?: unknown;
}

function budgets(resources: readonly ResourceLike[]): Budget[] {
    return resources
        .filter((r) => r.type === TYPES.podDisruptionBudget || r.type === TYPES.podDisruptionBudgetV1beta1)
        .map((r) => {
            const md = metadataOf(r.props);
            const sel = obj(at(r.props, "spec", "selector"));
            return {
                resource: r,
                namespace: md.namespace,
                name: md.name ?? r.name,
                matchLabels: sel ? stringMap(sel, "matchLabels") : undefined,
                hasExpressions: Array.isArray(at(sel, "matchExpressions")) && (at(sel, "matchExpressions") as unknown[]).length > 0,
                maxUnavailable: at(r.props, "spec", "maxUnavailable"),
                minAvailable: at(r.props, "spec", "minAvailable"),
            };
        });
}

function podLabels(w: MysqlWorkload): Record<string, string> {
    return stringMap(w.podTemplate, "metadata", "labels");
}

function selects(b: Budget, w: MysqlWorkload): boolean {
    if (b.namespace !== w.namespace || !b.matchLabels || b.hasExpressions) return false;
    const labels = podLabels(w);
    const entries = Object.entries(b.matchLabels);
    return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const cfg = configOf(args, DEFAULTS);
    const model = requireWorkloads(args);
    const all = budgets(model.resources);
    for (const [key, members] of model.clusters) {
        const online = members.filter((w) => w.online);
        const instances = online.reduce((n, w) => n + w.replicas, 0);
        if (instances < 2) continue;
        const covering = all.filter((b) => online.every((w) => selects(b, w)));
        if (covering.length === 0) {
            const partial = all.filter((b) => online.some((w) => selects(b, w)));
            const uncovered = online.filter((w) => !all.some((b) => selects(b, w)));
            report(
                `cluster ${key} (${instances} instances) has no PodDisruptionBudget selecting all its pods` +
                    (partial.length
                        ? ` (${partial.map((b) => b.name).join(", ")} cover only part; not covered: ${uncovered.map((w) => w.name).join(", ")})`
                        : "") +
                    `, so a node drain may evict several instances at once. Rule: ${RULE}. Instead: add a PodDisruptionBudget with maxUnavailable: ${cfg.maxUnavailable} and a selector matching every pod of the cluster.`,
                online[0].resource.urn,
            );
            continue;
        }
        for (const b of covering) {
            const mu = b.maxUnavailable;
            if (typeof mu === "number" && mu > cfg.maxUnavailable) {
                report(
                    `PodDisruptionBudget ${b.namespace}/${b.name} of cluster ${key} allows ${mu} instances to be disrupted at once. Rule: ${RULE}. Instead: set maxUnavailable: ${cfg.maxUnavailable}.`,
                    b.resource.urn,
                );
            } else if (typeof mu === "string" && /%$/.test(mu) && Math.floor((parseFloat(mu) / 100) * instances) > cfg.maxUnavailable) {
                report(
                    `PodDisruptionBudget ${b.namespace}/${b.name} of cluster ${key} allows ${mu} of ${instances} instances to be disrupted at once. Rule: ${RULE}. Instead: set maxUnavailable: ${cfg.maxUnavailable}.`,
                    b.resource.urn,
                );
            }
        }
    }
}

/** The policy. */
export const disruptionBudget: StackValidationPolicy & { enforcementLevel: "advisory" } = {
    name: NAME,
    description:
        "Requires a PodDisruptionBudget over every MySQL cluster with several instances, so that voluntary disruptions take at most one instance at a time.",
    enforcementLevel: "advisory",
    severity: "medium",
    tags: ["mysql", "availability"],
    remediationSteps: "Add a PodDisruptionBudget with maxUnavailable: 1 selecting every pod of the cluster.",
    configSchema: {
        properties: {
            maxUnavailable: {
                type: "integer",
                minimum: 1,
                default: 1,
                description: "Largest acceptable number of instances disrupted at once.",
            },
        },
    },
    validateStack: validate,
};
