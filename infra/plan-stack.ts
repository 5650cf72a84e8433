/**
 * Planning a whole stack's `myriad:clusters`: the planner's rules (`planClusters`) plus the one rule that only
 * exists at the stack level: cluster names are unique in the stack, because the program keys its outputs by
 * cluster name and names each `MySqlCluster` component after its cluster (Pulumi URNs must be unique).
 * The program, `myriad plan` and `myriad render` all call this function, so they report the same errors.
 */
import { planClusters, type PlanResult } from "../components/planner/plan";
import type { StructuralError } from "../components/spec/errors";

/** Plans every cluster of a stack; returns plans only when there is no error at all. */
export function planStack(raw: unknown, root = "clusters"): PlanResult {
    const result = planClusters(raw, root);
    const errors: StructuralError[] = [...result.errors];
    if (Array.isArray(raw)) {
        const first = new Map<string, number>();
        raw.forEach((c, i) => {
            const name = c !== null && typeof c === "object" ? (c as { name?: unknown }).name : undefined;
            if (typeof name !== "string") return;
            const prev = first.get(name);
            if (prev === undefined) {
                first.set(name, i);
                return;
            }
            // Same name in the same namespace: the planner already reported the object name collision.
            if (result.errors.some((e) => e.path === `${root}[${i}].name`)) return;
            errors.push({
                path: `${root}[${i}].name`, value: name,
                message: `duplicates the name of ${root}[${prev}]; the stack's outputs and Pulumi resource names are keyed by cluster name, even across namespaces`,
                fix: "give every cluster of the stack its own name",
            });
        });
    }
    return errors.length ? { plans: [], errors } : result;
}
