/**
 * The runtime contract: what the pod's scripts, the Kubernetes objects, the rendered my.cnf and the local runner
 * agree on. Ports, paths inside the pod, account names, the files of the credentials Secret, the markers init.sh
 * leaves in a data directory, and the script tunables with their defaults. Defined here once; everything else
 * imports them. The scripts receive the values through the `MYRIAD_*` environment (`instanceEnv`, ./env.ts),
 * never as literals of their own (tests/runtime/contract.test.ts checks that they agree).
 */

/** Port mysqld listens on inside the pod. */
export const MYSQL_PORT = 3306;
/**
 * The address at which the pod's scripts (probes, post-start) reach their own mysqld over TCP. Local runs give
 * each instance its own loopback address (127.0.0.N) and override it (`MYRIAD_LOCAL_ADDRESS`).
 */
export const LOCAL_ADDRESS = "127.0.0.1";
/** Group Replication communication port (XCom), MySQL's conventional 33061. */
export const GROUP_PORT = 33061;

/**
 * Port of the seeding endpoint (`seed-donor.sh`, the `seed` sidecar of every instance whose image carries a
 * physical backup tool): a new replica's init container connects to it on a donor, authenticates, and receives
 * the donor's physical backup as a stream (docs/runtime.md#physical-seeding).
 */
export const SEED_PORT = 3307;
/** HTTP path the exporter serves its metrics on. */
export const METRICS_PATH = "/metrics";

/** Data directory inside the pod: the instance's PersistentVolumeClaim. */
export const DATA_DIR = "/var/lib/mysql";
/** Socket of the real server: the pod's `/var/run/mysqld` emptyDir (the images' compiled-in default path). */
export const SOCKET_PATH = "/var/run/mysqld/mysqld.sock";
/** Where the scripts ConfigMap is mounted. */
export const SCRIPTS_DIR = "/opt/myriad/bin";
/** Where the rendered my.cnf is mounted. */
export const CONFIG_PATH = "/etc/myriad/my.cnf";
/** Where the shared environment file of the instance's template and role is mounted. */
export const ENV_FILE_PATH = "/etc/myriad/myriad.env";
/** Where the credentials Secret is mounted. */
export const SECRETS_DIR = "/etc/myriad/secrets";

/**
 * Where the exporter sidecar finds its client option file: only the `exporter.cnf` key of the Secret is mounted
 * there, so the sidecar never sees the administrator's or the replication account's credentials.
 */
export const EXPORTER_SECRETS_DIR = "/etc/myriad-exporter";

/**
 * The rclone image of the backup upload containers (the CronJob's uploader and the binary-log shipper's), pinned:
 * rclone writes every storage kind (S3 and S3-compatible, GCS, Azure Blob, a directory) through one command line
 * (https://rclone.org/docs/). Debian's rclone serves `myriad local` runs.
 */
export const RCLONE_IMAGE = "rclone/rclone:1.68.2";
/**
 * The rclone remote every backup script writes through: configured only by `RCLONE_CONFIG_MYRIAD_*` variables
 * (https://rclone.org/docs/#config-file), which backup-env.sh sets from the mounted credential files.
 */
export const RCLONE_REMOTE = "myriad";
/** Where the backup containers find the rclone binary, copied there from `RCLONE_IMAGE` by an init container. */
export const RCLONE_BIN = "/opt/myriad/rclone/rclone";
/** The binary-log shipper's spool: an emptyDir of the pod (binlog-ship.sh). */
export const BINLOG_SPOOL = "/var/lib/myriad-binlog";
/**
 * How often the binary-log shipper checks its role and uploads what changed, in seconds: the recovery point trails
 * the primary's last acknowledged write by about this much plus the upload time (docs/backup.md#the-recovery-point).
 */
export const BINLOG_POLL_SECONDS = 1;
/** Where the user's storage credentials Secret is mounted in the backup containers (files, never environment). */
export const BACKUP_CREDENTIALS_DIR = "/etc/myriad-backup";
/** Keys of the user's storage credentials Secret, per storage kind (docs/backup.md#storage). */
export const BACKUP_SECRET_KEYS = {
    s3: ["access-key-id", "secret-access-key"],
    gcs: ["service-account.json"],
    azure: ["account-key"],
    local: [],
} as const;
/**
 * The layout of a cluster's folder in the storage (docs/backup.md#layout): full backups under `full/<stamp>/`
 * (the stream, then `manifest` written last: a backup without one is incomplete), binary logs under
 * `binlog/<server_id>/<file>`, each closed file uploaded once.
 */
export const BACKUP_LAYOUT = {
    full: "full",
    binlog: "binlog",
    stream: "backup.xbstream",
    dump: "backup.sql",
    manifest: "manifest",
} as const;

/** MySQL accounts the component manages (least privilege for replication and monitoring). */
export const USERS = {
    /** Administrator. */
    root: "root",
    /** Replication: REPLICATION SLAVE and REPLICATION CLIENT only. */
    replication: "myriad_repl",
    /** Monitoring and probes: PROCESS, REPLICATION CLIENT, SELECT on performance_schema. */
    monitor: "myriad_monitor",
} as const;

/**
 * MariaDB 10.11.0+: the role that holds `READ_ONLY ADMIN`, which the administrator (root) does not hold itself,
 * so a replica's `read_only` refuses root's writes. Granted to root but never a default role: an operator who
 * means to write to a replica says so with `SET ROLE myriad_replica_writer` in that session (docs/runtime.md,
 * "Writing to a replica"). MySQL and Percona use `super_read_only` instead and need no role.
 */
export const REPLICA_WRITER_ROLE = "myriad_replica_writer";

/** Keys of the credentials Secret (files under `SECRETS_DIR`). */
export const SECRET_KEYS = {
    rootPassword: "root-password",
    replicationPassword: "replication-password",
    monitorPassword: "monitor-password",
    rootCnf: "root.cnf",
    replicationCnf: "replication.cnf",
    monitorCnf: "monitor.cnf",
    /** The monitoring account's `[client]` file for the exporter: user, password, host 127.0.0.1 and the MySQL port. */
    exporterCnf: "exporter.cnf",
} as const;

/** Files init.sh keeps in a data directory (docs/probes.md, "init.sh: the bootstrap"). */
export const DATA_DIR_MARKERS = {
    /** A bootstrap finished: the data directory holds data (written last, with the method used). */
    done: "myriad-bootstrap.done",
    /** A bootstrap is under way: what the directory holds was never served and is discarded on the next start. */
    pending: "myriad-bootstrap.pending",
    /** Where a fresh data directory is built before it is moved into place. */
    staging: ".myriad-staging",
    /** The group's bootstrap member initialised a new group: post-start.sh bootstraps it once. */
    groupBootstrap: "myriad-group-bootstrap",
    /** Why post-start.sh kept the primary read-only (another instance accepts writes); the readiness probe reports it. */
    heldReadOnly: "myriad-held-read-only",
} as const;

/** A variable the scripts read whose value the component does not derive from the plan. */
export interface ScriptTunable {
    /** The value rendered into every environment file (the scripts state no default of their own). */
    readonly default: string;
    /** What it bounds, for the docs (docs/runtime.md, "Tunables", is checked against it). */
    readonly description: string;
}

/**
 * The script tunables with their defaults: rendered into every instance's environment by `instanceEnv`; the
 * local runner and tests override some (shorter waits, `MYRIAD_MYSQLD_ARGS`).
 */
export const SCRIPT_TUNABLES = {
    MYRIAD_MYSQLD_ARGS: {
        default: "",
        description:
            "extra arguments of the temporary servers and of the initialisation, space-separated (local runs: `--basedir=... --lc-messages-dir=...`; `--user=root` is added when running as root)",
    },
    MYRIAD_CONNECT_TIMEOUT: { default: "5", description: "client connect timeout in seconds (scripts and probes)" },
    MYRIAD_START_TIMEOUT_SECONDS: {
        default: "3600",
        description: "how long init.sh waits for a temporary server to answer, crash recovery included",
    },
    MYRIAD_STOP_TIMEOUT_SECONDS: { default: "600", description: "how long init.sh waits for a temporary server to shut down" },
    MYRIAD_SOURCE_WAIT_SECONDS: { default: "600", description: "how long init.sh waits for the source before exiting non-zero" },
    MYRIAD_SOURCE_WAIT_INTERVAL_SECONDS: {
        default: "5",
        description: "pause between attempts to reach the source, and between attempts to reach the peers",
    },
    MYRIAD_PEER_WAIT_SECONDS: {
        default: "300",
        description:
            "how long init.sh retries a peer that does not answer before refusing to initialise an empty primary (a peer holding data may still be in crash recovery)",
    },
    MYRIAD_SEED_ATTEMPTS: {
        default: "5",
        description:
            "how many times init.sh streams a physical backup from a donor before exiting non-zero (an interrupted copy is discarded and the next attempt starts afresh, from the next ready donor)",
    },
    MYRIAD_SWITCHOVER_TIMEOUT_SECONDS: {
        default: "60",
        description:
            "how long init.sh waits, when it promotes a replica to primary, for it to apply every transaction of the old primary (switchover: before and after fencing it) or its relay log (failover); when it is not caught up by then, nothing is promoted, the old primary is unfenced and init.sh exits non-zero naming the lag",
    },
    MYRIAD_POST_START_TIMEOUT_SECONDS: { default: "3600", description: "how long post-start.sh waits for mysqld to answer" },
    MYRIAD_GROUP_JOIN_TIMEOUT_SECONDS: { default: "600", description: "how long post-start.sh retries joining the group" },
    MYRIAD_GROUP_JOIN_INTERVAL_SECONDS: { default: "10", description: "pause between attempts to join the group" },
} as const satisfies Readonly<Record<string, ScriptTunable>>;

/** The name of a script tunable. */
export type ScriptTunableName = keyof typeof SCRIPT_TUNABLES;

/** Every tunable at its default, as environment variables. */
export function tunableDefaults(): Record<ScriptTunableName, string> {
    const out = {} as Record<ScriptTunableName, string>;
    for (const [name, t] of Object.entries(SCRIPT_TUNABLES)) out[name as ScriptTunableName] = t.default;
    return out;
}
