/**
 * The planner: specification -> deterministic plan. Pure: same input, same plan; no resources.
 * Planning one cluster is validate (./checks/) -> allocate (./allocate.ts) -> build (./build-plan.ts);
 * every error of every cluster is collected before any plan is returned.
 */
import type { ClusterSpec } from "../spec/types";
import type { StructuralError } from "../spec/errors";
import { InvalidSpecError } from "../spec/errors";
import { allocate } from "./allocate";
import { buildClusterPlan } from "./build-plan";
import {
    checkNamespaceCreatedOnce,
    checkObjectNameCollisions,
    checkServerIdsAcrossClusters,
    checkUniqueClusterNames,
    validateCluster,
} from "./checks";
import type { ClusterPlan } from "./types";
import { checkClusterList, checkShape } from "./validate-shape";

/** The outcome of planning: plans when there are no errors, otherwise every error found. */
export interface PlanResult {
    plans: ClusterPlan[];
    errors: StructuralError[];
}

/** Plans one shape-valid cluster found at `path`. Appends its errors; returns a plan only if it had none. */
export function planCluster(spec: ClusterSpec, path: string, errors: StructuralError[]): ClusterPlan | undefined {
    const found = validateCluster(spec, path);
    errors.push(...found);
    if (found.length) return undefined;
    return buildClusterPlan(spec, allocate(spec));
}

/**
 * Plans every cluster of a configuration (`raw` is the value of `myriad:clusters`, found at `root`), including
 * the rule between clusters that share a namespace (object names). Errors from all clusters are returned
 * together; plans are returned only when there are no errors at all.
 */
export function planClusters(raw: unknown, root = "clusters"): PlanResult {
    const listErrors = checkClusterList(raw, root);
    if (listErrors.length) return { plans: [], errors: listErrors };
    const errors: StructuralError[] = [];
    const plans: { plan: ClusterPlan; index: number }[] = [];
    (raw as unknown[]).forEach((item, c) => {
        const shape = checkShape(item, `${root}[${c}]`);
        errors.push(...shape.errors);
        if (!shape.spec) return;
        const plan = planCluster(shape.spec, `${root}[${c}]`, errors);
        if (plan) plans.push({ plan, index: c });
    });
    errors.push(...checkObjectNameCollisions(plans, root));
    errors.push(...checkNamespaceCreatedOnce(plans, root));
    errors.push(...checkServerIdsAcrossClusters(plans, root));
    return errors.length ? { plans: [], errors } : { plans: plans.map((p) => p.plan), errors };
}

/**
 * Plans a whole stack's `myriad:clusters`: `planClusters` plus the rule that exists only at the stack level
 * (cluster names are unique in the stack, `checkUniqueClusterNames`). The program, `myriad plan`, `render`,
 * `check`, `verify` and the local runner all call this function, so they report the same errors.
 */
export function planStack(raw: unknown, root = "clusters"): PlanResult {
    const result = planClusters(raw, root);
    if (!Array.isArray(raw)) return result;
    // Same name in the same namespace: the object name collision is already reported at that path.
    const reported = new Set(result.errors.map((e) => e.path));
    const duplicates = checkUniqueClusterNames(raw, root).filter((e) => !reported.has(e.path));
    return duplicates.length ? { plans: [], errors: [...result.errors, ...duplicates] } : result;
}

/** Plans one cluster specification (found at `root`) or throws `InvalidSpecError` listing every structural error. */
export function planOrThrow(spec: ClusterSpec, root = "args"): ClusterPlan {
    const shape = checkShape(spec, root);
    const errors: StructuralError[] = [...shape.errors];
    const plan = shape.spec ? planCluster(shape.spec, root, errors) : undefined;
    if (!plan || errors.length) throw new InvalidSpecError(errors);
    return plan;
}
