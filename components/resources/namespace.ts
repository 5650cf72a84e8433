/**
 * The cluster's Namespace, when the specification asks for it (`createNamespace: true`): for a fresh Kubernetes
 * cluster where nothing else creates it. The component registers it with `protect` and `retainOnDelete`
 * (../cluster/mysql-cluster.ts): deleting a namespace deletes every claim in it, so Pulumi never deletes it.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { ClusterPlan } from "../planner/types";

/** `Namespace <namespace>`, labelled as managed by Myriad (no cluster label: other clusters may share it). */
export function buildNamespace(plan: ClusterPlan): k8s.types.input.core.v1.Namespace {
    return {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: plan.namespace, labels: { "app.kubernetes.io/managed-by": "myriad" } },
    };
}
