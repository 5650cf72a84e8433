/**
 * The runtime renderers the component consumes, implemented once in `components/mysqld` and
 * `components/runtime` and shared with the local runner (issue 3): the instance's my.cnf, the cluster's
 * scripts, the instance's `MYRIAD_*` environment, its probes and its post-start hook. This module is the
 * component's single import point for them.
 */
import type { ClusterPlan, InstancePlan } from "../planner/types";
import { renderMyCnf } from "../mysqld/config";
import { instanceEnv } from "../runtime/env";
import { lifecycleSpec, probeSpecs } from "../runtime/probes";
import { renderScripts } from "../runtime/scripts";
import type { InstanceLifecycle, InstanceProbes } from "../resources/statefulset";

/** What the component needs from the runtime side. */
export interface RuntimeRenderers {
    /** The instance's my.cnf; `groupName` is the Group Replication group name (group mode only). Never a secret. */
    renderMyCnf(plan: ClusterPlan, inst: InstancePlan, extras?: { groupName?: string }): string;
    /** The scripts ConfigMap data: file name -> content. */
    renderScripts(plan: ClusterPlan): Record<string, string>;
    /** The instance's `MYRIAD_*` environment. Never a secret. */
    instanceEnv(plan: ClusterPlan, inst: InstancePlan): Record<string, string>;
    /** Startup, liveness and readiness probes of the mysqld container. */
    probeSpecs(plan: ClusterPlan, inst: InstancePlan): InstanceProbes;
    /** Lifecycle hooks of the mysqld container (post-start.sh). Optional in overrides: default `lifecycleSpec`. */
    lifecycleSpec?(plan: ClusterPlan, inst: InstancePlan): InstanceLifecycle;
}

/** The shared implementations. */
export const defaultRenderers: Required<RuntimeRenderers> = {
    renderMyCnf: (plan, inst, extras) => renderMyCnf(plan, inst, extras),
    renderScripts,
    instanceEnv: (plan, inst) => instanceEnv(plan, inst),
    probeSpecs,
    lifecycleSpec,
};

/** The defaults with some functions replaced. */
export function withRenderers(overrides: Partial<RuntimeRenderers> = {}): Required<RuntimeRenderers> {
    const merged = { ...defaultRenderers };
    for (const [k, v] of Object.entries(overrides)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
    return merged;
}
