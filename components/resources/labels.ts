/**
 * Labels and annotations the component puts on every object it creates. They carry cluster membership and
 * identity so that policies can reason about raw resources (no access to the plan), and they are the
 * contract for hand-written StatefulSets that want the same checks.
 */
import type { ClusterPlan, InstancePlan } from "../planner/types";

export const LABEL_PREFIX = "myriad.dev";

/** Label and annotation keys. */
export const KEYS = {
    cluster: `${LABEL_PREFIX}/cluster`,
    template: `${LABEL_PREFIX}/template`,
    ordinal: `${LABEL_PREFIX}/ordinal`,
    role: `${LABEL_PREFIX}/role`,
    flavor: `${LABEL_PREFIX}/flavor`,
    /** Annotation: exact server version X.Y.Z. */
    version: `${LABEL_PREFIX}/version`,
    /** Annotation: the planned server_id. */
    serverId: `${LABEL_PREFIX}/server-id`,
    /** Annotation: ordinal of the replication source, absent for a primary or a group member. */
    source: `${LABEL_PREFIX}/source`,
    /** Annotation: DNS name of the replication source. */
    sourceHost: `${LABEL_PREFIX}/source-host`,
    /** Annotation: replication mode of the cluster. */
    mode: `${LABEL_PREFIX}/mode`,
    /** Annotation: online or offline. */
    state: `${LABEL_PREFIX}/state`,
    /** Annotation: Group Replication member weight. */
    weight: `${LABEL_PREFIX}/weight`,
    /** Annotation: the instance's DNS name. */
    host: `${LABEL_PREFIX}/host`,
} as const;

/** Labels shared by every object of a cluster. */
export function clusterLabels(plan: ClusterPlan): Record<string, string> {
    return {
        "app.kubernetes.io/name": "mysql",
        "app.kubernetes.io/instance": plan.name,
        "app.kubernetes.io/managed-by": "myriad",
        [KEYS.cluster]: plan.name,
    };
}

/** Immutable selector of one instance's pod (never includes the role: selectors cannot change). */
export function instanceSelector(plan: ClusterPlan, inst: InstancePlan): Record<string, string> {
    return { [KEYS.cluster]: plan.name, [KEYS.ordinal]: String(inst.ordinal) };
}

/** Labels of one instance's StatefulSet and pod. */
export function instanceLabels(plan: ClusterPlan, inst: InstancePlan): Record<string, string> {
    return {
        ...clusterLabels(plan),
        "app.kubernetes.io/component": "database",
        "app.kubernetes.io/version": inst.version,
        [KEYS.template]: inst.template,
        [KEYS.ordinal]: String(inst.ordinal),
        [KEYS.role]: inst.role,
        [KEYS.flavor]: inst.flavor,
    };
}

/** Annotations of one instance's StatefulSet and pod. */
export function instanceAnnotations(plan: ClusterPlan, inst: InstancePlan): Record<string, string> {
    const a: Record<string, string> = {
        [KEYS.version]: inst.version,
        [KEYS.serverId]: String(inst.serverId),
        [KEYS.mode]: plan.mode,
        [KEYS.state]: inst.state,
        [KEYS.weight]: String(inst.weight),
        [KEYS.host]: inst.host,
    };
    if (inst.source !== null) {
        a[KEYS.source] = String(inst.source);
        a[KEYS.sourceHost] = plan.instances.find((i) => i.ordinal === inst.source)!.host;
    }
    return a;
}

/** Selector of every pod of a cluster (headless Service, PodDisruptionBudget, anti-affinity). */
export function clusterSelector(plan: ClusterPlan): Record<string, string> {
    return { [KEYS.cluster]: plan.name };
}

/**
 * Selector of the pods that currently carry a role: the write Service selects `primary`, the read Service
 * `replica`. Service selectors are mutable, unlike StatefulSet selectors (see `instanceSelector`).
 */
export function roleSelector(plan: ClusterPlan, role: InstancePlan["role"]): Record<string, string> {
    return { [KEYS.cluster]: plan.name, [KEYS.role]: role };
}
