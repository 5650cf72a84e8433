/**
 * Benchmark workloads for `npm run bench` (see ./run.ts and docs/performance.md).
 *
 * - `myriadCluster(instances)`: one cluster of `instances` online instances spread over `instances / 10`
 *   templates of 10 instances each (100 templates for 1,000 instances), each template on its own pinned
 *   ordinal range, alternating two images and varying resources, so the planner, the renderers and the
 *   component do the full per-template work.
 * - `rawStatefulSets(instances)`: the baseline, a minimal raw `@pulumi/kubernetes` program creating the same
 *   number of StatefulSets (one replica, one container, one volume claim template each), nothing else.
 */
import * as k8s from "@pulumi/kubernetes";
import type { ClusterSpec, InstanceTemplateSpec } from "../components/spec/types";

/** Instances per template in the generated cluster. */
export const INSTANCES_PER_TEMPLATE = 10;

/** One cluster with `instances` online instances in `instances / 10` templates. */
export function myriadCluster(instances: number): ClusterSpec {
    if (instances % INSTANCES_PER_TEMPLATE !== 0) throw new Error(`instances must be a multiple of ${INSTANCES_PER_TEMPLATE}`);
    const templates: InstanceTemplateSpec[] = [];
    for (let t = 0; t < instances / INSTANCES_PER_TEMPLATE; t++) {
        const start = t * INSTANCES_PER_TEMPLATE;
        templates.push({
            name: `tpl-${t}`,
            // The primary's template (0) is the oldest version: replicas are never older than their source.
            image: t % 2 === 0 ? "mysql:8.0.40" : "mysql:8.4.3",
            replicas: INSTANCES_PER_TEMPLATE,
            ordinals: { start, end: start + INSTANCES_PER_TEMPLATE - 1 },
            resources: { requests: { cpu: `${250 + (t % 4) * 250}m`, memory: `${1 + (t % 3)}Gi` } },
            storage: { size: `${10 + (t % 5) * 10}Gi` },
            config: { max_connections: 200 + t },
        });
    }
    return { name: "bench", namespace: "bench", templates };
}

/** The `myriad:clusters` value of the generated cluster. */
export function myriadClusters(instances: number): ClusterSpec[] {
    return [myriadCluster(instances)];
}

/** The baseline program: `instances` minimal StatefulSets, explicitly named, in one namespace. */
export function rawStatefulSets(instances: number): k8s.apps.v1.StatefulSet[] {
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
