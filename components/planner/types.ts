/**
 * The plan: the deterministic result of planning a validated cluster specification. Everything the
 * component, the CLI and the policies need to know about instances is here; nothing depends on Outputs.
 */
import type {
    BackupToolName,
    BinlogShipping,
    Flavor,
    GroupConsistency,
    MysqldOptionValue,
    ReplicationMode,
    ResourcesSpec,
    SchedulingSpec,
} from "../spec/types";

/** Role of an instance in the planned topology. */
export type InstanceRole = "primary" | "replica";

/** Whether an instance has a pod. */
export type InstanceState = "online" | "offline";

/** One instance: identity is a function of its ordinal alone. */
export interface InstancePlan {
    /** Instance name, also its StatefulSet's name: `<cluster>-<ordinal>`. */
    name: string;
    /** Cluster-unique ordinal. */
    ordinal: number;
    /** The template the instance comes from (a label, never part of names). */
    template: string;
    image: string;
    flavor: Flavor;
    /** Exact server version `X.Y.Z`. */
    version: string;
    /** The physical backup tool of the image (the template's `backupTool`, default by flavour). */
    backupTool: BackupToolName;
    /** `serverIdBase + ordinal`. */
    serverId: number;
    role: InstanceRole;
    /** Ordinal of the instance this one replicates from (async and semisync replicas); null otherwise. */
    source: number | null;
    /** Fully-qualified DNS name of the pod through the headless Service. */
    host: string;
    state: InstanceState;
    /** Pod name (`<name>-0`: one pod per StatefulSet). */
    podName: string;
    /** PersistentVolumeClaim name (`data-<podName>`). */
    claimName: string;
    /** Group Replication member weight (0..100). */
    weight: number;
    /** User `[mysqld]` overrides, keys as written in lower case (`optionKey`, components/mysqld/option-file.ts: `-`, `_` and `loose-` kept). */
    config: Record<string, MysqldOptionValue>;
    resources: ResourcesSpec;
    storage: { size: string; storageClassName?: string };
    scheduling: SchedulingSpec;
}

/** An owned ordinal range; `end` is null when the single template owns every ordinal from `start` up. */
export interface PlannedRange {
    start: number;
    end: number | null;
}

/** A template after planning. */
export interface TemplatePlan {
    name: string;
    range: PlannedRange;
    replicas: number;
    online: number[];
    offline: number[];
}

/** Names of the cluster-wide Kubernetes objects. */
export interface ClusterObjectNames {
    /** Headless Service giving every pod a stable DNS name (`publishNotReadyAddresses`). */
    headlessService: string;
    /** Write Service selecting only the primary. */
    primaryService: string;
    /** Read Service selecting only ready replicas. */
    replicaService: string;
    /** Secret with the generated passwords. */
    secret: string;
    /**
     * Prefix of the name of the ConfigMap with the bootstrap and probe scripts: the name appends a hash of the
     * content (`scriptsConfigMapName`), because the ConfigMap is immutable.
     */
    scriptsPrefix: string;
    /** PodDisruptionBudget over the cluster. */
    disruptionBudget: string;
    /** Prometheus Operator ServiceMonitor (created with `metrics.serviceMonitor`). */
    serviceMonitor: string;
    /** Prometheus Operator PrometheusRule with the alert rules (created with `metrics.serviceMonitor`). */
    prometheusRule: string;
    /** CronJob taking the full backups (created with `backup`). */
    backupCronJob: string;
}

/** Semi-synchronous replication settings of a planned cluster (every field resolved). */
export interface SemisyncPlan {
    waitForReplicaCount: number;
    timeoutMs: number;
}

/** Group Replication settings of a planned cluster (every field resolved). */
export interface GroupPlan {
    consistency: GroupConsistency;
}

/** The metrics exporter of a planned cluster (every field resolved). */
export interface MetricsPlan {
    enabled: boolean;
    image: string;
    port: number;
    resources: ResourcesSpec;
    /** Create the ServiceMonitor and the PrometheusRule (names in `objects`). */
    serviceMonitor: boolean;
}

/** Where backups live, every field resolved: one kind (rclone backend). */
export type StoragePlan =
    | { kind: "s3"; bucket: string; prefix: string; endpoint: string | null; region: string; credentialsSecret: string }
    | { kind: "gcs"; bucket: string; prefix: string; credentialsSecret: string }
    | { kind: "azure"; account: string; container: string; prefix: string; credentialsSecret: string }
    | { kind: "local"; path: string; prefix: string };

/** How a full backup is taken: a physical stream from the donor's seeding endpoint, or a logical dump. */
export type BackupMethod = "mariadb-backup" | "xtrabackup" | "logical";

/** Backups of a planned cluster (docs/backup.md). */
export interface BackupPlan {
    storage: StoragePlan;
    /** The cluster's folder in the storage: `<prefix>/<namespace>/<cluster>` (backupFolder, runtime/backup-layout.ts). */
    folder: string;
    /** Five-field cron expression, UTC. */
    schedule: string;
    fullBackupsKept: number;
    binlogs: BinlogShipping;
    /** The method of the cluster's full backups (compat/backup.ts `backupMethod`). */
    method: BackupMethod;
    /** The rclone image of the upload containers (pinned, runtime/contract.ts). */
    rcloneImage: string;
}

/** A cluster created from a backup (docs/backup.md). */
export interface RestorePlan {
    storage: StoragePlan;
    /** The source cluster's folder in the storage. */
    folder: string;
    sourceCluster: string;
    sourceNamespace: string;
    sourceFlavor: Flavor;
    sourceVersion: string;
    /** `latest`, or an RFC 3339 UTC time. */
    pointInTime: string;
}

/** What every planned cluster has, whatever its mode. Every optional field of the specification is resolved. */
export interface ClusterPlanBase {
    name: string;
    namespace: string;
    /** The component creates (and keeps, never deletes) `namespace`. */
    createNamespace: boolean;
    mode: ReplicationMode;
    /** The cluster's flavour (the primary's). */
    flavor: Flavor;
    /** Ordinal of the (bootstrap) primary. */
    primary: number;
    serverIdBase: number;
    maxReplicaLagSeconds: number;
    clusterDomain: string;
    metrics: MetricsPlan;
    /** Backups, or null when the cluster has none. */
    backup: BackupPlan | null;
    /** The backup this cluster is created from, or null. */
    restore: RestorePlan | null;
    objects: ClusterObjectNames;
    templates: TemplatePlan[];
    /** Every instance, online and offline, sorted by ordinal. */
    instances: InstancePlan[];
}

/** An asynchronous cluster. */
export interface AsyncClusterPlan extends ClusterPlanBase {
    mode: "async";
}

/** A semi-synchronous cluster: its settings are always present. */
export interface SemisyncClusterPlan extends ClusterPlanBase {
    mode: "semisync";
    semisync: SemisyncPlan;
}

/** A Group Replication cluster: its settings are always present. */
export interface GroupClusterPlan extends ClusterPlanBase {
    mode: "group";
    group: GroupPlan;
}

/** One cluster after planning, typed by replication mode: narrow on `mode` to read the mode's settings. */
export type ClusterPlan = AsyncClusterPlan | SemisyncClusterPlan | GroupClusterPlan;
