/**
 * The Prometheus Operator objects of a cluster (created with `metrics.serviceMonitor`): a `ServiceMonitor`
 * scraping every instance's exporter through the headless Service (`publishNotReadyAddresses`, so broken
 * replicas are scraped too) and a `PrometheusRule` holding `clusterAlertRules`. API: monitoring.coreos.com/v1
 * (https://prometheus-operator.dev/docs/api-reference/api/).
 */
import type { ClusterPlan } from "../planner/types";
import { METRICS_PATH } from "../runtime/contract";
import { clusterAlertRules } from "./alert-rules";
import { clusterLabels, clusterSelector, KEYS } from "./labels";
import { PORT_NAMES } from "./pod-layout";

/** apiVersion of both objects. */
export const MONITORING_API_VERSION = "monitoring.coreos.com/v1";

/** The ServiceMonitor: the headless Service's `metrics` port, pod labels template, ordinal and role copied onto the series. */
export function buildServiceMonitor(plan: ClusterPlan) {
    return {
        apiVersion: MONITORING_API_VERSION,
        kind: "ServiceMonitor",
        metadata: { name: plan.objects.serviceMonitor, namespace: plan.namespace, labels: clusterLabels(plan) },
        spec: {
            selector: { matchLabels: clusterSelector(plan) },
            namespaceSelector: { matchNames: [plan.namespace] },
            endpoints: [{ port: PORT_NAMES.metrics, path: METRICS_PATH, interval: "30s", scrapeTimeout: "10s" }],
            podTargetLabels: [KEYS.template, KEYS.ordinal, KEYS.role],
        },
    };
}

/** The PrometheusRule with the cluster's alert rules. */
export function buildPrometheusRule(plan: ClusterPlan) {
    return {
        apiVersion: MONITORING_API_VERSION,
        kind: "PrometheusRule",
        metadata: { name: plan.objects.prometheusRule, namespace: plan.namespace, labels: clusterLabels(plan) },
        spec: { groups: [clusterAlertRules(plan)] },
    };
}
