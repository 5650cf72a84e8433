/**
 * The cluster specification: the contract of the `myriad:clusters` stack configuration and of
 * `MySqlClusterArgs`. Every field is documented with its default. Values are plain data (no
 * Outputs): the plan derived from them must be known before any resource exists.
 */

/** Server flavours Myriad knows how to configure. */
export type Flavor = "mysql" | "percona" | "mariadb";

/** Replication modes. */
export type ReplicationMode = "async" | "semisync" | "group";

/** `group_replication_consistency` levels (MySQL 8.0.14+). */
export type GroupConsistency = "EVENTUAL" | "BEFORE_ON_PRIMARY_FAILOVER" | "BEFORE" | "AFTER" | "BEFORE_AND_AFTER";

/** An inclusive range of cluster-wide ordinals owned by one template. */
export interface OrdinalRange {
    /** First ordinal of the range (>= 0). */
    start: number;
    /** Last ordinal of the range, inclusive (>= start). */
    end: number;
}

/** Persistent storage of one instance (one PersistentVolumeClaim named `data-<pod>`). */
export interface StorageSpec {
    /** Requested size, a Kubernetes quantity. Default: `10Gi`. */
    size?: string;
    /** StorageClass of the claim. Default: the cluster's default StorageClass. */
    storageClassName?: string;
}

/** Kubernetes scheduling constraints copied into the pod spec. */
export interface SchedulingSpec {
    /** Node labels the pod must match. Default: none. */
    nodeSelector?: Record<string, string>;
    /** Pod tolerations (Kubernetes `Toleration` objects). Default: none. */
    tolerations?: Record<string, unknown>[];
    /**
     * Pod affinity (Kubernetes `Affinity`). Default: a preferred pod anti-affinity that spreads the
     * cluster's instances across nodes; a value given here replaces that default entirely.
     */
    affinity?: Record<string, unknown>;
    /** PriorityClass of the pods. Default: none. */
    priorityClassName?: string;
}

/** Kubernetes `ResourceRequirements` for the mysqld container. */
export interface ResourcesSpec {
    /** Resource requests, e.g. `{ cpu: "500m", memory: "1Gi" }`. Default: none. */
    requests?: Record<string, string>;
    /** Resource limits. Default: none. */
    limits?: Record<string, string>;
}

/** A physical backup tool an image may carry (`InstanceTemplateSpec.backupTool`). */
export type BackupToolName = "mariadb-backup" | "xtrabackup" | "none";

/** A `[mysqld]` option value. */
export type MysqldOptionValue = string | number | boolean;

/** One instance template: a group of instances sharing image, version, resources and scheduling. */
export interface InstanceTemplateSpec {
    /** Template name: a DNS-1123 label, unique in the cluster. Carried as a label, never part of pod names. */
    name: string;
    /** Container image of mysqld, e.g. `mysql:8.0.36`. Required. */
    image: string;
    /**
     * Exact server version (`X.Y.Z`). Default: read from the image tag. Required when the tag carries no
     * `X.Y.Z` (for example an image pinned by digest); when both are given they must agree.
     */
    version?: string;
    /** Number of online instances of this template (>= 0). Required. */
    replicas: number;
    /**
     * The physical backup tool the image carries, with which a new replica is seeded by a stream from a donor
     * (docs/compatibility.md#seeding-new-replicas): `mariadb-backup`, `xtrabackup` (Percona XtraBackup of the
     * server's series) or `none`. Default: `mariadb-backup` for MariaDB (its official images ship it and
     * `socat`), else `none` (the official MySQL and Percona Server images carry no XtraBackup).
     */
    backupTool?: BackupToolName;
    /**
     * The inclusive range of cluster-wide ordinals this template owns. Ranges of different templates never
     * overlap. Default (allowed only when the cluster has a single template): every ordinal from 0 up.
     */
    ordinals?: OrdinalRange;
    /** Group Replication member weight, 0..100 (used in `group` mode only). Default: 50. */
    weight?: number;
    /** `[mysqld]` overrides merged over the rendered configuration. Keys the component manages are refused. */
    config?: Record<string, MysqldOptionValue>;
    /** Resources of the mysqld container. Default: none (best effort). */
    resources?: ResourcesSpec;
    /** Data volume. Default: `{ size: "10Gi" }` with the default StorageClass. */
    storage?: StorageSpec;
    /** Scheduling constraints. Default: preferred anti-affinity across nodes. */
    scheduling?: SchedulingSpec;
}

/** Semi-synchronous replication settings (`mode: semisync` only). */
export interface SemisyncSpec {
    /** Replica acknowledgements a commit waits for (`rpl_semi_sync_source_wait_for_replica_count`). Default: 1. */
    waitForReplicaCount?: number;
    /**
     * Milliseconds a commit waits for acknowledgements before the source falls back to asynchronous
     * replication. Default: 4294967295 (the maximum: effectively never degrade silently).
     */
    timeoutMs?: number;
}

/** Group Replication settings (`mode: group` only). */
export interface GroupSpec {
    /** `group_replication_consistency`. Default: `BEFORE_ON_PRIMARY_FAILOVER`. */
    consistency?: GroupConsistency;
}

/**
 * The metrics exporter beside each instance (the Prometheus `mysqld_exporter`) and, optionally, the Prometheus
 * Operator objects that scrape it and alert on it. See docs/observability.md.
 */
export interface MetricsSpec {
    /** Run the exporter as a sidecar of every instance. Default: `true`. */
    enabled?: boolean;
    /**
     * Exporter image, pinned. Default, per server version: `prom/mysqld-exporter:v0.14.0`, or
     * `prom/mysqld-exporter:v0.16.0` when an instance runs MySQL or Percona 8.0.22+ (whose replica status 0.14.0
     * cannot read). A replacement must accept the flags of mysqld_exporter 0.14.0 (docs/observability.md).
     */
    image?: string;
    /** Port of the named container port `metrics`, 1..65535, not a MySQL port. Default: `9104`. */
    port?: number;
    /** Resources of the exporter container. Default: requests `{ cpu: "10m", memory: "32Mi" }`, limit `{ memory: "128Mi" }`. */
    resources?: ResourcesSpec;
    /**
     * Also create a Prometheus Operator `ServiceMonitor` (scraping every instance through the headless Service)
     * and a `PrometheusRule` with the alert rules (needs the operator's CRDs in the cluster). Default: `false`
     * (the pods carry the `prometheus.io/*` scrape annotations either way).
     */
    serviceMonitor?: boolean;
}

/**
 * An S3 or S3-compatible bucket (rclone's `s3` backend). The Secret `credentialsSecret` (created by the user, in
 * the cluster's namespace) holds the keys `access-key-id` and `secret-access-key`.
 */
export interface S3StorageSpec {
    /** Bucket name (3..63 characters: lower-case letters, digits, '.', '-'). Required. */
    bucket: string;
    /** Folder inside the bucket under which every cluster's folder lives (no leading or trailing '/'). Default: none. */
    prefix?: string;
    /** Endpoint URL of an S3-compatible service (`https://...`). Default: AWS S3. */
    endpoint?: string;
    /** Region. Default: `us-east-1`. */
    region?: string;
    /** Name of the Secret with the access keys. Required. */
    credentialsSecret?: string;
}

/** A Google Cloud Storage bucket (rclone's `gcs` backend); the Secret holds `service-account.json`. */
export interface GcsStorageSpec {
    /** Bucket name. Required. */
    bucket: string;
    /** Folder inside the bucket (no leading or trailing '/'). Default: none. */
    prefix?: string;
    /** Name of the Secret with the service account key. Required. */
    credentialsSecret?: string;
}

/** An Azure Blob Storage container (rclone's `azureblob` backend); the Secret holds `account-key`. */
export interface AzureStorageSpec {
    /** Storage account name. Required. */
    account: string;
    /** Blob container name. Required. */
    container: string;
    /** Folder inside the container (no leading or trailing '/'). Default: none. */
    prefix?: string;
    /** Name of the Secret with the account key. Required. */
    credentialsSecret?: string;
}

/** A directory (rclone's `local` backend): for `myriad local` runs and tests; in Kubernetes a directory of the node that runs the pod (a hostPath volume). */
export interface LocalStorageSpec {
    /** Absolute path of the directory. Required. */
    path: string;
}

/** Where backups live: exactly one kind. */
export interface BackupStorageSpec {
    s3?: S3StorageSpec;
    gcs?: GcsStorageSpec;
    azure?: AzureStorageSpec;
    local?: LocalStorageSpec;
}

/** When binary logs are shipped: as they are written (`continuous`), or only with each full backup (`with-backup`). */
export type BinlogShipping = "continuous" | "with-backup";

/** Backups of the cluster (docs/backup.md). */
export interface BackupSpec {
    /** Where backups live. Required. */
    storage: BackupStorageSpec;
    /** Full backups, a five-field cron expression in UTC. Default: `0 3 * * *` (daily at 03:00 UTC). */
    schedule?: string;
    /** How many full backups are kept (with the binary logs needed to recover from the oldest one). Default: 7. */
    retention?: { fullBackups?: number };
    /** Binary-log shipping. Default: `continuous`. */
    binlogs?: BinlogShipping;
}

/** Create the cluster from a backup of another (or an earlier) cluster (docs/backup.md). */
export interface RestoreSpec {
    /** The source: its storage, cluster name and namespace, and the server version its backups were taken from. */
    from: {
        /** The storage the source cluster's `backup.storage` names. Required. */
        storage: BackupStorageSpec;
        /** The source cluster's name. Required. */
        cluster: string;
        /** The source cluster's namespace. Default: this cluster's namespace. */
        namespace?: string;
        /**
         * The source cluster's server version (`X.Y.Z`), so the restore's version pair is judged before deploy
         * (docs/compatibility.md#restoring-a-backup); the restore refuses a backup of another version. Required.
         */
        version?: string;
        /** The source cluster's flavour. Default: this cluster's flavour. */
        flavor?: Flavor;
    };
    /** `latest` (every shipped binary log) or an RFC 3339 UTC time (`2026-12-07T10:15:30Z`) not in the future. Default: `latest`. */
    pointInTime?: string;
}

/** One replicated MySQL cluster. */
export interface ClusterSpec {
    /** Cluster name: a DNS-1035 label of at most 40 characters. Prefix of every resource name. Required. */
    name: string;
    /** Namespace of every resource of the cluster. Default: `default`. */
    namespace?: string;
    /**
     * Create `namespace` as part of the cluster (a Kubernetes `Namespace` owned by the component), for a fresh
     * Kubernetes cluster where nothing else creates it. Default: `false`: the namespace must exist already
     * (it is usually shared, or owned by whoever grants access to it). A created namespace is protected like
     * the StatefulSets and is never deleted by Pulumi (`retainOnDelete`): deleting a namespace deletes every
     * PersistentVolumeClaim in it, and the claims hold the data. Not allowed for `default` and `kube-*`,
     * which exist in every cluster; at most one cluster of a stack may create a given namespace.
     */
    createNamespace?: boolean;
    /** Server flavour. Default: taken from the image repository name (`mariadb`, `percona`), else `mysql`. */
    flavor?: Flavor;
    /** Replication mode. Default: `async`. */
    mode?: ReplicationMode;
    /** Ordinal of the (bootstrap) primary. Default: the lowest online ordinal of the first template. */
    primary?: number;
    /**
     * `server_id = serverIdBase + ordinal`; every id must be within 1..4294967295. Default: derived from the
     * namespace and name, a slot of 4096 ids of its own (docs/configuration.md#server_id); ordinals 0..4095.
     */
    serverIdBase?: number;
    /** Ordinals taken offline: no pod, claim kept, ordinal and server_id reserved. Default: none. */
    offlineInstances?: number[];
    /** Replicas lagging more than this many seconds are not ready (leave the read Service). Default: 30. */
    maxReplicaLagSeconds?: number;
    /** Semi-synchronous settings (`mode: semisync` only). */
    semisync?: SemisyncSpec;
    /** Group Replication settings (`mode: group` only). */
    group?: GroupSpec;
    /** The metrics exporter sidecar and the monitoring objects. Default: the exporter on, no ServiceMonitor. */
    metrics?: MetricsSpec;
    /** Kubernetes cluster DNS domain used in instance host names. Default: `cluster.local`. */
    clusterDomain?: string;
    /** Full backups and binary-log shipping to object storage. Default: none (the policy pack advises one). */
    backup?: BackupSpec;
    /** Create this cluster from a backup. Default: none (a new, empty cluster). */
    restore?: RestoreSpec;
    /** Instance templates; at least one. */
    templates: InstanceTemplateSpec[];
}
