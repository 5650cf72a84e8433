/**
 * The default of every optional field, in one place. The planner applies them once (the plan has no optional
 * field); nothing downstream defaults a value again. docs/configuration.md states the same defaults.
 */
import { MAX_SEMISYNC_TIMEOUT_MS } from "./limits";

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
    // metrics.image has no constant default: the planner picks it per server version from the cluster's instances
    // (`defaultExporterImage`, runtime/exporter.ts).
    /**
     * Port the metrics exporter (`mysqld_exporter`) listens on: the exporter's own default, registered for it in
     * Prometheus' port allocations (https://github.com/prometheus/prometheus/wiki/Default-port-allocations).
     */
    metricsPort: 9104,
    metricsResources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
    serviceMonitor: false,
    /** Full backups daily at 03:00 UTC (docs/backup.md). */
    backupSchedule: "0 3 * * *",
    backupFullBackupsKept: 7,
    /** Binary logs shipped as they are written: the recovery point trails the primary by seconds. */
    backupBinlogs: "continuous" as const,
    s3Region: "us-east-1",
    /** Every shipped binary log is replayed. */
    restorePointInTime: "latest",
};

/** Defaults of the component options of `MySqlClusterArgs` (not part of the cluster specification). */
export const COMPONENT_DEFAULTS = {
    protect: true,
    /** Long enough to seed a new replica from a peer or to run crash recovery. */
    readyTimeoutSeconds: 3600,
};
