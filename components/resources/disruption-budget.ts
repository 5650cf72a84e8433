/**
 * The cluster's PodDisruptionBudget `<cluster>`: voluntary disruptions (node drains, cluster upgrades) take at
 * most one instance at a time, so a drain never takes the primary and a replica, or two group members, at once.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { ClusterPlan } from "../planner/types";
import { clusterLabels, clusterSelector } from "./labels";

/**
 * `maxUnavailable: 1` over every pod of the cluster. `unhealthyPodEvictionPolicy: AlwaysAllow` lets a drain
 * evict a pod that is already not ready (a lagging or broken replica) instead of blocking on it: evicting it
 * makes nothing worse, while the default would block every drain for as long as one replica is unhealthy.
 */
export function buildDisruptionBudget(plan: ClusterPlan): k8s.types.input.policy.v1.PodDisruptionBudget {
    return {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: plan.objects.disruptionBudget, namespace: plan.namespace, labels: clusterLabels(plan) },
        spec: {
            maxUnavailable: 1,
            selector: { matchLabels: clusterSelector(plan) },
            unhealthyPodEvictionPolicy: "AlwaysAllow",
        },
    };
}
