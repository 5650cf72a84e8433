/**
 * The pod side of the runtime contract (docs/runtime.md#how-an-instance-starts): ports, mount points,
 * file modes and container names. The scripts find these paths through the `MYRIAD_*` environment (they never
 * hard-code them), so the local runner can substitute its own; the Kubernetes objects use the values below.
 * Values shared with the rendered my.cnf and the environment are imported from their single definitions.
 */
import * as path from "path";
import {
    CONFIG_PATH,
    DATA_DIR,
    ENV_FILE_PATH,
    EXPORTER_SECRETS_DIR,
    GROUP_PORT,
    MYSQL_PORT,
    SCRIPTS_DIR,
    SECRETS_DIR,
    SECRET_KEYS,
    SEED_PORT,
    SOCKET_PATH,
} from "../runtime/contract";
import { initCommand, seedCommand } from "../runtime/probes";

/** TCP ports. */
export const PORTS = {
    /** Classic MySQL protocol. */
    mysql: MYSQL_PORT,
    /** Group Replication's group communication (XCom) port, `group_replication_local_address` (group mode only). */
    groupReplication: GROUP_PORT,
    /** The seeding endpoint of an instance whose image carries a physical backup tool (`seed` sidecar). */
    seed: SEED_PORT,
} as const;

/** Named container ports (Service `targetPort`s refer to them by name). */
export const PORT_NAMES = { mysql: "mysql", groupReplication: "gr-xcom", metrics: "metrics", seed: "seed" } as const;

/** Mount points inside the pod. */
export const PATHS = {
    /** Directory of the rendered configuration (projected volume: my.cnf plus `secrets/`). */
    configDir: path.posix.dirname(CONFIG_PATH),
    /** The rendered my.cnf of the instance's template and role (key `my.cnf` of `<cluster>-<template>-<role>-<hash>`). */
    myCnf: CONFIG_PATH,
    /** The shared `MYRIAD_*` environment file (key `myriad.env` of the same ConfigMap; lib.sh loads it). */
    envFile: ENV_FILE_PATH,
    /** The credentials Secret's files (keys of `<cluster>-credentials`). */
    secretsDir: SECRETS_DIR,
    /** The cluster's scripts (keys of `<cluster>-scripts`), run with `bash <file>`. */
    scriptsDir: SCRIPTS_DIR,
    /** Data directory: the instance's PersistentVolumeClaim. */
    dataDir: DATA_DIR,
    /** Directory of the server socket (emptyDir: the root filesystem is read-only). */
    runDir: path.posix.dirname(SOCKET_PATH),
    /** The exporter sidecar's credentials: only the `exporter.cnf` key of the Secret. */
    exporterSecretsDir: EXPORTER_SECRETS_DIR,
    /** The exporter's client option file. */
    exporterCnf: path.posix.join(EXPORTER_SECRETS_DIR, SECRET_KEYS.exporterCnf),
    /** Temporary files (emptyDir: the root filesystem is read-only). */
    tmpDir: "/tmp",
} as const;

/** File modes of the projected files (octal; Kubernetes takes them as decimal integers). */
export const FILE_MODES = {
    /** Scripts: readable and executable, never writable. */
    scripts: 0o555,
    /** Credentials: owner-read only (with `fsGroup`, the kubelet adds group read: 0440 root:<fsGroup>). */
    secrets: 0o400,
    /** Rendered my.cnf and environment file: world-readable is fine, they never hold a secret. */
    config: 0o444,
} as const;

/** Container and volume names. */
export const CONTAINER_NAMES = { init: "init", mysqld: "mysqld", exporter: "exporter", seed: "seed" } as const;
export const VOLUME_NAMES = {
    config: "config",
    scripts: "scripts",
    data: "data",
    run: "run",
    tmp: "tmp",
    exporterSecrets: "exporter-credentials",
} as const;

/** Pod annotations the common Prometheus `kubernetes-pods` scrape configuration reads. */
export const SCRAPE_ANNOTATIONS = { scrape: "prometheus.io/scrape", port: "prometheus.io/port", path: "prometheus.io/path" } as const;

/** The init container's command: initialise or seed the data directory, idempotently (docs/runtime.md#how-an-instance-starts). */
export const INIT_COMMAND: readonly string[] = initCommand();

/** The seeding sidecar's command: serve this instance's physical backups to new replicas. */
export const SEED_COMMAND: readonly string[] = seedCommand();

/**
 * Seconds the kubelet waits after SIGTERM before killing mysqld. A clean InnoDB shutdown flushes dirty pages;
 * the Kubernetes default of 30 s is short for a large buffer pool and a killed server must run crash recovery.
 */
export const TERMINATION_GRACE_SECONDS = 120;
