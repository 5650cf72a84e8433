/**
 * Services of a cluster:
 * - `<cluster>` (headless): stable DNS for every pod (`<pod>.<cluster>.<ns>.svc.<domain>`), including pods that are
 *   not ready yet (`publishNotReadyAddresses`), because a replica being seeded and a group member joining must
 *   reach their peers before they are ready;
 * - `<cluster>-primary` (write): selects only the pod labelled `role=primary`;
 * - `<cluster>-replicas` (read): selects only `role=replica` pods; Kubernetes routes only to ready pods and a
 *   replica's readiness fails when it is broken or lagging, so those leave the read endpoint.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { ClusterPlan } from "../planner/types";
import { clusterLabels, clusterSelector, roleSelector } from "./labels";
import { PORT_NAMES, PORTS } from "./pod-layout";

type Service = k8s.types.input.core.v1.Service;
type ServicePort = k8s.types.input.core.v1.ServicePort;

function mysqlPort(): ServicePort {
    return { name: PORT_NAMES.mysql, port: PORTS.mysql, targetPort: PORT_NAMES.mysql, protocol: "TCP", appProtocol: "mysql" };
}

/** The headless Service: 3306, plus 33061 (group communication) in group mode, plus the exporter's `metrics` port. */
export function buildHeadlessService(plan: ClusterPlan): Service {
    const ports: ServicePort[] = [mysqlPort()];
    if (plan.mode === "group") {
        ports.push({
            name: PORT_NAMES.groupReplication,
            port: PORTS.groupReplication,
            targetPort: PORT_NAMES.groupReplication,
            protocol: "TCP",
        });
    }
    // The exporter's port: the ServiceMonitor scrapes every pod through this Service's endpoints (not-ready pods too).
    if (plan.metrics.enabled)
        ports.push({ name: PORT_NAMES.metrics, port: plan.metrics.port, targetPort: PORT_NAMES.metrics, protocol: "TCP" });
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: plan.objects.headlessService, namespace: plan.namespace, labels: clusterLabels(plan) },
        spec: {
            clusterIP: "None",
            publishNotReadyAddresses: true,
            selector: clusterSelector(plan),
            ports,
        },
    };
}

/**
 * The provider's await for a selector Service waits for ready endpoints (10 minutes by default). The role
 * Services legitimately have none for a while (no online replica, replicas still seeding, primary restarting),
 * and readiness is already awaited per StatefulSet, so the Services are not awaited.
 */
const NO_ENDPOINT_AWAIT = { "pulumi.com/skipAwait": "true" };

/** The write Service: only the primary pod. */
export function buildPrimaryService(plan: ClusterPlan): Service {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
            name: plan.objects.primaryService,
            namespace: plan.namespace,
            labels: clusterLabels(plan),
            annotations: { ...NO_ENDPOINT_AWAIT },
        },
        spec: { type: "ClusterIP", selector: roleSelector(plan, "primary"), ports: [mysqlPort()] },
    };
}

/** The read Service: only replica pods (ready ones receive traffic). */
export function buildReplicaService(plan: ClusterPlan): Service {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
            name: plan.objects.replicaService,
            namespace: plan.namespace,
            labels: clusterLabels(plan),
            annotations: { ...NO_ENDPOINT_AWAIT },
        },
        spec: { type: "ClusterIP", selector: roleSelector(plan, "replica"), ports: [mysqlPort()] },
    };
}

/** `host:port` of a Service inside the cluster. */
export function serviceEndpoint(plan: ClusterPlan, serviceName: string): string {
    return `${serviceName}.${plan.namespace}.svc.${plan.clusterDomain}:${PORTS.mysql}`;
}
