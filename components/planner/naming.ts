/**
 * Names of Kubernetes objects and DNS names. Identity is a function of the cluster name, namespace and the
 * instance ordinal alone; templates never appear in names.
 */
import type { ClusterObjectNames, ClusterPlan } from "./types";

/** Longest cluster name (leaves room for suffixes in 63-character labels). */
export const MAX_CLUSTER_NAME = 40;

/** The instance's StatefulSet name. */
export function instanceName(cluster: string, ordinal: number): string {
    return `${cluster}-${ordinal}`;
}

/** The instance's pod name: one pod (index 0) per StatefulSet. */
export function podName(cluster: string, ordinal: number): string {
    return `${instanceName(cluster, ordinal)}-0`;
}

/** Name of the volumeClaimTemplate holding the data directory. */
export const DATA_VOLUME = "data";

/** The instance's PersistentVolumeClaim name, as the StatefulSet controller derives it. */
export function claimName(cluster: string, ordinal: number): string {
    return `${DATA_VOLUME}-${podName(cluster, ordinal)}`;
}

/** Cluster-wide object names. */
export function clusterObjectNames(cluster: string): ClusterObjectNames {
    return {
        headlessService: cluster,
        primaryService: `${cluster}-primary`,
        replicaService: `${cluster}-replicas`,
        secret: `${cluster}-credentials`,
        scriptsPrefix: `${cluster}-scripts`,
        disruptionBudget: `${cluster}`,
        serviceMonitor: `${cluster}`,
        prometheusRule: `${cluster}-alerts`,
        backupCronJob: `${cluster}-backup`,
    };
}

/**
 * Prefix of the ConfigMap shared by a template's instances of one role (its my.cnf and environment file):
 * `<cluster>-<template>-<role>`; the full name appends a hash of the content (`configMapName`).
 */
export function templateConfigPrefix(cluster: string, template: string, role: string): string {
    return `${cluster}-${template}-${role}`;
}

/** The pod's fully-qualified DNS name through the headless Service. */
export function instanceHost(cluster: string, ordinal: number, namespace: string, clusterDomain: string): string {
    return `${podName(cluster, ordinal)}.${clusterObjectNames(cluster).headlessService}.${namespace}.svc.${clusterDomain}`;
}

/**
 * Every Kubernetes object a cluster plan names, as `Kind/name`, for collision checks between clusters (names are
 * unique per kind and namespace). The ConfigMaps are left out: their names end in a hash of a content that
 * names the cluster (`<cluster>-scripts-<hash>`, `<cluster>-<template>-<role>-<hash>`), so no two clusters share one.
 */
export function objectNamesOf(plan: ClusterPlan): string[] {
    const o = plan.objects;
    return [
        ...[o.headlessService, o.primaryService, o.replicaService].map((n) => `Service/${n}`),
        `Secret/${o.secret}`,
        `PodDisruptionBudget/${o.disruptionBudget}`,
        ...(plan.metrics.serviceMonitor ? [`ServiceMonitor/${o.serviceMonitor}`, `PrometheusRule/${o.prometheusRule}`] : []),
        ...(plan.backup ? [`CronJob/${o.backupCronJob}`] : []),
        ...plan.instances.map((i) => `StatefulSet/${i.name}`),
        ...plan.instances.map((i) => `PersistentVolumeClaim/${i.claimName}`),
    ];
}
