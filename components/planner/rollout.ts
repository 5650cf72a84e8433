/**
 * The rollout order: the order in which the component creates and updates instances (each StatefulSet
 * `dependsOn` the previous one, and the Kubernetes provider awaits each StatefulSet's readiness), and in which
 * the transition check (./transition.ts) simulates a change. See docs/components.md "Update order".
 */
import type { InstanceState } from "./types";

/**
 * The primary, then the online replicas by ordinal, then the offline instances by ordinal. Works on plans
 * (`ClusterPlan`) and on anything else that names a primary ordinal and instances with an ordinal and a state.
 */
export function rolloutOrder<T extends { ordinal: number; state: InstanceState }>(plan: { primary: number; instances: readonly T[] }): T[] {
    const sorted = [...plan.instances].sort((a, b) => a.ordinal - b.ordinal);
    const online = sorted.filter((i) => i.state === "online");
    const primary = online.filter((i) => i.ordinal === plan.primary);
    const replicas = online.filter((i) => i.ordinal !== plan.primary);
    const offline = sorted.filter((i) => i.state === "offline");
    return [...primary, ...replicas, ...offline];
}
