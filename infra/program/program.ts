/**
 * The Myriad program: one `MySqlCluster` per entry of the stack configuration `myriad:clusters`.
 *
 * Order matters: every cluster is planned first (`planStack`: validation and ordinal allocation, pure), and if
 * any cluster has a structural error the program throws `InvalidSpecError` listing every error of every
 * cluster before a single resource is registered. Only then are the components created, each from its plan
 * (`MySqlCluster.fromPlan`): every cluster is planned once.
 *
 * The same function runs under `pulumi up`/`pulumi preview` (through ./index.ts) and under Pulumi's mocks in
 * `myriad render`, the offline policy check and the tests.
 */
import * as pulumi from "@pulumi/pulumi";
import { MySqlCluster } from "../../components/cluster/mysql-cluster";
import { timed } from "../../components/cluster/phase-timers";
import { planStack } from "../../components/planner/plan";
import { InvalidSpecError } from "../../components/spec/errors";
import type { ClusterSpec } from "../../components/spec/types";
import { CLUSTERS_KEY, CONFIG_NAMESPACE } from "./config-key";
import { checkStackKeys, protectOf } from "./stack-keys";

/** Options of {@link program}. */
export interface ProgramOptions {
    /**
     * `protect` each cluster's StatefulSets (which own the data volumes) and generated passwords against
     * replacement and deletion (`MySqlClusterArgs.protect`). Default: the stack configuration `myriad:protect`
     * (boolean) when set, else the component's default (`true`).
     */
    protect?: boolean;
}

/** What the program exports for one cluster (the component's outputs). */
export interface ClusterOutputs {
    /** Kubernetes namespace of the cluster. */
    namespace: pulumi.Output<string>;
    /** `host:port` of the write (primary) Service. */
    writeEndpoint: pulumi.Output<string>;
    /** `host:port` of the read (replicas) Service. */
    readEndpoint: pulumi.Output<string>;
    /** Name of the Secret holding the generated credentials (the name only; values stay secret). */
    secretName: pulumi.Output<string>;
    /** The instance table: name, ordinal, template, version, server_id, role, source, DNS name, state. */
    instances: pulumi.Output<unknown[]>;
}

/**
 * Plans every cluster of `clustersConfig` (default: the stack configuration `myriad:clusters`), throws
 * `InvalidSpecError` with all structural errors before creating anything, then creates one `MySqlCluster`
 * per cluster. Returns the outputs keyed by cluster name.
 */
export function program(clustersConfig?: unknown, opts: ProgramOptions = {}): Record<string, ClusterOutputs> {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    const raw = clustersConfig === undefined ? config.requireObject<unknown>(CLUSTERS_KEY) : clustersConfig;
    // The other `myriad:` keys (`myriad:protect`), checked as every `myriad` command checks them.
    const stackConfig = pulumi.runtime.allConfig();
    const { plans, errors } = timed("planning", () => planStack(raw));
    const all = [...checkStackKeys(stackConfig), ...errors];
    if (all.length) throw new InvalidSpecError(all);

    const protect = opts.protect ?? protectOf(stackConfig);
    // planStack succeeded, so `raw` is a list of shape-valid cluster specs, in the order of `plans`.
    const specs = raw as ClusterSpec[];
    const outputs: Record<string, ClusterOutputs> = {};
    plans.forEach((plan, i) => {
        const cluster = MySqlCluster.fromPlan(plan.name, { spec: { ...specs[i] }, plan }, protect === undefined ? {} : { protect });
        outputs[plan.name] = {
            namespace: pulumi.output(plan.namespace),
            writeEndpoint: cluster.writeEndpoint,
            readEndpoint: cluster.readEndpoint,
            secretName: cluster.secretName,
            instances: cluster.instances,
        };
    });
    return outputs;
}
