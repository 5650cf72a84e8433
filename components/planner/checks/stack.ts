/**
 * The stack rules: what the clusters of one stack may not share (server_ids on the default base, object names,
 * a created namespace, cluster names). They run on the plans of the clusters that planned.
 */
import { structuralError, type StructuralError } from "../../spec/errors";
import { MAX_SERVER_ID, SERVER_ID_SLOT_SIZE, SERVER_ID_SLOTS } from "../../spec/limits";
import { objectNamesOf } from "../naming";
import { defaultServerIdBase, serverIdSlot } from "../server-id";
import type { ClusterPlan } from "../types";

/** The lowest and highest server_id a plan allocates (offline instances keep theirs reserved). */
function idSpan(plan: ClusterPlan): [number, number] {
    const ids = plan.instances.map((i) => i.serverId);
    return [Math.min(...ids), Math.max(...ids)];
}

/** Whether `plan` runs on the default `serverIdBase` of its namespace and name. */
function onDerivedBase(plan: ClusterPlan): boolean {
    return plan.serverIdBase === defaultServerIdBase(plan.namespace, plan.name);
}

/**
 * The default `serverIdBase` keeps the clusters of a stack apart: a cluster on it whose server_ids meet another
 * cluster's (two identities hashed into one slot, or an explicit base inside a default slot) is reported once per
 * pair of clusters, at the later one, with a free base to set. Explicit bases that overlap each other are the
 * policy `mysql-server-id-unique`'s to judge (its scope is configurable).
 */
export function checkServerIdsAcrossClusters(plans: readonly { plan: ClusterPlan; index: number }[], root: string): StructuralError[] {
    const spans = plans.map((p) => ({ ...p, span: idSpan(p.plan), derived: onDerivedBase(p.plan) }));
    const taken = (lo: number, hi: number) => spans.some((o) => o.span[0] <= hi && lo <= o.span[1]);
    const errors: StructuralError[] = [];
    spans.forEach((b, j) => {
        for (const a of spans.slice(0, j)) {
            if (!(a.derived || b.derived) || a.span[1] < b.span[0] || b.span[1] < a.span[0]) continue;
            const lo = Math.max(a.span[0], b.span[0]);
            const hi = Math.min(a.span[1], b.span[1]);
            const why =
                a.derived && b.derived
                    ? `the default serverIdBase of both, derived from namespace and name, falls in slot ${serverIdSlot(b.plan.namespace, b.plan.name)} (a rare hash collision)`
                    : `${a.derived ? `${root}[${a.index}]` : `${root}[${b.index}]`} runs on the default serverIdBase, and the other's explicit serverIdBase reaches into its slot`;
            // A free base: the first slot after this one (wrapping) that no cluster of the stack touches.
            const width = b.span[1] - b.plan.serverIdBase;
            let suggestion = 0;
            for (let k = 1; k <= SERVER_ID_SLOTS && !suggestion; k++) {
                const base =
                    (((Math.floor(b.plan.serverIdBase / SERVER_ID_SLOT_SIZE) + k - 1) % SERVER_ID_SLOTS) + 1) * SERVER_ID_SLOT_SIZE;
                if (base + width <= MAX_SERVER_ID && !taken(base, base + width)) suggestion = base;
            }
            errors.push(
                structuralError(
                    `${root}[${b.index}].serverIdBase`,
                    b.derived ? undefined : b.plan.serverIdBase,
                    `${lo === hi ? `server_id ${lo}` : `server_ids ${lo}..${hi}`} would be used across clusters, by cluster '${b.plan.name}' (namespace ${b.plan.namespace}) and by ${root}[${a.index}] '${a.plan.name}' (namespace ${a.plan.namespace}): ` +
                        `${why}; servers of one replication topology need distinct server_ids`,
                    `set serverIdBase explicitly on one of them, for example serverIdBase: ${suggestion} on ${root}[${b.index}]`,
                ),
            );
        }
    });
    return errors;
}

/**
 * Object names do not collide between clusters sharing a namespace (names are unique per kind and namespace).
 * `plans` are the clusters that planned, with their index in the stack configuration found at `root`.
 */
export function checkObjectNameCollisions(plans: readonly { plan: ClusterPlan; index: number }[], root: string): StructuralError[] {
    const owners = new Map<string, number>();
    const errors: StructuralError[] = [];
    for (const { plan, index } of plans) {
        for (const n of new Set(objectNamesOf(plan))) {
            const key = `${plan.namespace}/${n}`;
            const owner = owners.get(key);
            if (owner !== undefined) {
                const [kind, name] = [n.slice(0, n.indexOf("/")), n.slice(n.indexOf("/") + 1)];
                errors.push(
                    structuralError(
                        `${root}[${index}].name`,
                        plan.name,
                        `${kind} '${name}' in namespace '${plan.namespace}' would also belong to cluster ${root}[${owner}]`,
                        "rename one of the clusters or put it in another namespace",
                    ),
                );
                break;
            }
            owners.set(key, index);
        }
    }
    return errors;
}

/**
 * At most one cluster of a stack creates a given namespace: each would otherwise own the same Kubernetes
 * `Namespace` object. The other clusters of that namespace leave `createNamespace` unset.
 */
export function checkNamespaceCreatedOnce(plans: readonly { plan: ClusterPlan; index: number }[], root: string): StructuralError[] {
    const creator = new Map<string, number>();
    const errors: StructuralError[] = [];
    for (const { plan, index } of plans) {
        if (!plan.createNamespace) continue;
        const prev = creator.get(plan.namespace);
        if (prev === undefined) {
            creator.set(plan.namespace, index);
            continue;
        }
        errors.push(
            structuralError(
                `${root}[${index}].createNamespace`,
                true,
                `namespace '${plan.namespace}' is already created by cluster ${root}[${prev}]`,
                `remove createNamespace from this cluster: ${root}[${prev}] creates the namespace for both`,
            ),
        );
    }
    return errors;
}

/**
 * Cluster names are unique in a stack, even across namespaces: the program keys its outputs by cluster name
 * and names each `MySqlCluster` component after its cluster (Pulumi URNs must be unique). `raw` is the stack
 * configuration found at `root`; entries without a string name are skipped (their shape errors say why).
 */
export function checkUniqueClusterNames(raw: readonly unknown[], root: string): StructuralError[] {
    const first = new Map<string, number>();
    const errors: StructuralError[] = [];
    raw.forEach((c, i) => {
        const name = c !== null && typeof c === "object" ? (c as { name?: unknown }).name : undefined;
        if (typeof name !== "string") return;
        const prev = first.get(name);
        if (prev === undefined) {
            first.set(name, i);
            return;
        }
        errors.push(
            structuralError(
                `${root}[${i}].name`,
                name,
                `duplicates the name of ${root}[${prev}]; the stack's outputs and Pulumi resource names are keyed by cluster name, even across namespaces`,
                "give every cluster of the stack its own name",
            ),
        );
    });
    return errors;
}
