/**
 * Benchmark workloads (see ./run.ts and docs/performance.md).
 *
 * - `fleetClusters(instances)`: a platform team's stack, `instances / 10` clusters of 10 instances each in one
 *   stack. Each cluster has two templates: `main` (5 instances, MySQL 8.0.40, the primary) and `reporting`
 *   (5 instances, one of them offline: a StatefulSet scaled to zero whose claim and server_id are kept), on
 *   MySQL 8.4.3 in every other cluster (a fleet mid-upgrade); resources, storage and a `config` override vary
 *   from cluster to cluster, so the planner, the renderers and the component do the full per-cluster work; the
 *   stack passes every policy (server_ids are unique across the stack).
 * - `registerObjects(objects)`: the floor, a raw `@pulumi/kubernetes` program that registers exactly the
 *   Kubernetes objects the Myriad program registers: the inputs and options recorded from a Myriad run under
 *   the same mocks (`recordObjects`), replayed with the SDK's own classes and nothing else.
 * - `registerAll(objects)`: the same, plus the component and random resources the Myriad program registers
 *   (with their recorded inputs, options, parents and outputs): what those resources cost the SDK.
 * - `minimalStatefulSets(instances)`: a secondary baseline, a raw program creating the same number of minimal
 *   StatefulSets (one container, one port, one claim template): it measures what the pod features cost, not
 *   Myriad's overhead.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { ClusterSpec } from "../components/spec/types";
import { isSecretEnvelope, type RecordedResource } from "../infra/mock-engine/runtime";

/** Instances per cluster in the fleet workload. */
export const INSTANCES_PER_CLUSTER = 10;

/** The fleet workload: `instances / 10` clusters of 10 instances (two templates, one offline instance each). */
export function fleetClusters(instances: number): ClusterSpec[] {
    if (instances % INSTANCES_PER_CLUSTER !== 0 || instances <= 0) {
        throw new Error(`instances must be a positive multiple of ${INSTANCES_PER_CLUSTER}`);
    }
    const clusters: ClusterSpec[] = [];
    for (let c = 0; c < instances / INSTANCES_PER_CLUSTER; c++) {
        clusters.push({
            name: `db-${c}`,
            namespace: `team-${c % 20}`,
            // server_ids are unique in the stack (a policy requires it): 1000.. for db-0, 1100.. for db-1, ...
            serverIdBase: 1000 + c * 100,
            offlineInstances: [9],
            templates: [
                {
                    name: "main",
                    image: "mysql:8.0.40",
                    replicas: 5,
                    ordinals: { start: 0, end: 4 },
                    resources: { requests: { cpu: `${500 + (c % 4) * 250}m`, memory: `${2 + (c % 3)}Gi` } },
                    storage: { size: `${20 + (c % 5) * 10}Gi` },
                    config: { max_connections: 300 + c },
                },
                {
                    name: "reporting",
                    // Replicas are never older than their source (the primary is on `main`, 8.0.40).
                    image: c % 2 === 0 ? "mysql:8.0.40" : "mysql:8.4.3",
                    replicas: 4,
                    ordinals: { start: 5, end: 9 },
                    resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { memory: "8Gi" } },
                    storage: { size: "200Gi" },
                    config: { max_connections: 100 },
                },
            ],
        });
    }
    return clusters;
}

/** One Kubernetes object or other resource as the Myriad program registered it under mocks. */
export interface RecordedObject {
    type: string;
    name: string;
    custom: boolean;
    /** Index (in the recording) of the parent resource, when it is not the stack. */
    parent?: number;
    /** Indexes (in the recording) of the resources this one depends on. */
    dependsOn: number[];
    /** Inputs as sent to the engine; secrets as secret envelopes. */
    inputs: Record<string, unknown>;
    protect?: boolean;
    retainOnDelete?: boolean;
    /** Registered outputs (components), secrets as secret envelopes. */
    outputs?: Record<string, unknown>;
}

/** Every resource of a mocked run but the stack, in program order, with parents and dependencies as indexes. */
export function recordObjects(resources: readonly RecordedResource[]): RecordedObject[] {
    const kept = resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    const index = new Map(kept.map((r, i) => [r.urn, i]));
    return kept.map((r) => ({
        type: r.type,
        name: r.name,
        custom: r.custom,
        parent: r.parent === undefined ? undefined : index.get(r.parent),
        dependsOn: r.dependencies.map((u) => index.get(u)).filter((i): i is number => i !== undefined),
        inputs: r.inputs,
        protect: r.options.protect,
        retainOnDelete: r.options.retainOnDelete,
        outputs: r.outputs,
    }));
}

/** Replaces each secret envelope by `pulumi.secret(value)`: the value is sent to the engine as the secret it was. */
function withSecrets(value: unknown): unknown {
    if (isSecretEnvelope(value)) return pulumi.secret(value.value as never);
    if (Array.isArray(value)) return value.map(withSecrets);
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = withSecrets(v);
        return out;
    }
    return value;
}

/** A component replayed from a recording (`registerOutputs` is protected in `ComponentResource`). */
class ReplayedComponent extends pulumi.ComponentResource {
    constructor(type: string, name: string, inputs: pulumi.Inputs, opts: pulumi.ComponentResourceOptions, outputs: pulumi.Inputs) {
        super(type, name, inputs, opts);
        this.registerOutputs(outputs);
    }
}

type KubeClass = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The `@pulumi/kubernetes` class of each type token Myriad registers (others: `apiextensions.CustomResource`). */
const KUBE_CLASSES: Record<string, KubeClass> = {
    "kubernetes:apps/v1:StatefulSet": k8s.apps.v1.StatefulSet,
    "kubernetes:core/v1:ConfigMap": k8s.core.v1.ConfigMap,
    "kubernetes:core/v1:Secret": k8s.core.v1.Secret,
    "kubernetes:core/v1:Service": k8s.core.v1.Service,
    "kubernetes:core/v1:Namespace": k8s.core.v1.Namespace,
    "kubernetes:policy/v1:PodDisruptionBudget": k8s.policy.v1.PodDisruptionBudget,
};

function isKube(o: RecordedObject): boolean {
    return o.custom && o.type.startsWith("kubernetes:");
}

/** Registers one recorded resource; `built` holds the resources registered so far, by recording index. */
function registerOne(o: RecordedObject, built: (pulumi.Resource | undefined)[], withParents: boolean): pulumi.Resource {
    const parent = withParents && o.parent !== undefined ? built[o.parent] : undefined;
    const dependsOn = o.dependsOn.map((i) => built[i]).filter((r): r is pulumi.Resource => r !== undefined);
    const opts: pulumi.CustomResourceOptions = {
        ...(parent ? { parent } : {}),
        ...(dependsOn.length ? { dependsOn } : {}),
        ...(o.protect !== undefined ? { protect: o.protect } : {}),
        ...(o.retainOnDelete !== undefined ? { retainOnDelete: o.retainOnDelete } : {}),
    };
    const args = withSecrets(o.inputs) as never;
    if (isKube(o)) {
        const cls = KUBE_CLASSES[o.type] ?? k8s.apiextensions.CustomResource;
        return new cls(o.name, args, opts);
    }
    if (o.type === "random:index/randomPassword:RandomPassword") return new random.RandomPassword(o.name, args, opts);
    if (o.type === "random:index/randomUuid:RandomUuid") return new random.RandomUuid(o.name, args, opts);
    if (!o.custom) {
        return new ReplayedComponent(o.type, o.name, args, opts, withSecrets(o.outputs ?? {}) as pulumi.Inputs);
    }
    throw new Error(`bench: no class to replay ${o.type} '${o.name}'`);
}

/** The floor: the recorded Kubernetes objects only, same inputs and options, no parent, nothing else. */
export function registerObjects(objects: readonly RecordedObject[]): void {
    const built: (pulumi.Resource | undefined)[] = [];
    objects.forEach((o, i) => {
        built[i] = isKube(o) ? registerOne(o, built, false) : undefined;
    });
}

/** Every recorded resource (components, random resources, Kubernetes objects), with their parents. */
export function registerAll(objects: readonly RecordedObject[]): void {
    const built: (pulumi.Resource | undefined)[] = [];
    objects.forEach((o, i) => {
        built[i] = registerOne(o, built, true);
    });
}

/** The secondary baseline: `instances` minimal StatefulSets, explicitly named, in one namespace. */
export function minimalStatefulSets(instances: number): k8s.apps.v1.StatefulSet[] {
    const out: k8s.apps.v1.StatefulSet[] = [];
    for (let i = 0; i < instances; i++) {
        const name = `raw-${i}`;
        const labels = { app: "raw", instance: name };
        out.push(
            new k8s.apps.v1.StatefulSet(name, {
                metadata: { name, namespace: "bench", labels },
                spec: {
                    serviceName: "raw",
                    replicas: 1,
                    selector: { matchLabels: labels },
                    template: {
                        metadata: { labels },
                        spec: {
                            containers: [
                                {
                                    name: "mysqld",
                                    image: i % 2 === 0 ? "mysql:8.0.40" : "mysql:8.4.3",
                                    ports: [{ name: "mysql", containerPort: 3306 }],
                                    volumeMounts: [{ name: "data", mountPath: "/var/lib/mysql" }],
                                },
                            ],
                        },
                    },
                    volumeClaimTemplates: [
                        {
                            metadata: { name: "data" },
                            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } },
                        },
                    ],
                },
            }),
        );
    }
    return out;
}
