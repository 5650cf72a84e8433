/**
 * The default of every optional field, in one place. The planner applies them once (the plan has no optional
 * field); nothing downstream defaults a value again. docs/configuration.md states the same defaults.
 */
import { MAX_SEMISYNC_TIMEOUT_MS } from "./limits";
import { METRICS_PORT } from "../runtime/contract";

/** Defaults of the optional fields of a cluster specification. */
export const DEFAULTS = {
    namespace: "default",
    /** The namespace exists already (docs/configuration.md "createNamespace"). */
    createNamespace: false,
    mode: "async" as const,
    maxReplicaLagSeconds: 30,
    clusterDomain: "cluster.local",
    weight: 50,
    storageSize: "10Gi",
    semisyncWaitForReplicaCount: 1,
    /** The maximum: a commit never degrades silently to asynchronous replication. */
    semisyncTimeoutMs: MAX_SEMISYNC_TIMEOUT_MS,
    groupConsistency: "BEFORE_ON_PRIMARY_FAILOVER" as const,
    metricsEnabled: true,
    /** mysqld_exporter 0.14.0: the release of the Debian package the local runs and the real-server tests use. */
    metricsImage: "prom/mysqld-exporter:v0.14.0",
    metricsPort: METRICS_PORT,
    metricsResources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
    serviceMonitor: false,
};

/** Defaults of the component options of `MySqlClusterArgs` (not part of the cluster specification). */
export const COMPONENT_DEFAULTS = {
    protect: true,
    /** Long enough to seed a new replica from a peer or to run crash recovery. */
    readyTimeoutSeconds: 3600,
};
