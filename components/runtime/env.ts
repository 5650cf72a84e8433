/**
 * The MYRIAD_* environment of one instance: the per-instance facts of the runtime contract plus every
 * version decision the scripts need, resolved here in TypeScript from the dialect table (one place). The
 * scripts contain no version logic; the local runner reuses them by overriding the placement variables.
 */
import type { ClusterPlan, InstancePlan } from "../planner/types";
import { clusterReplicationAuth, primaryOf, sourceOf } from "./my-cnf";
import { dialectFor, type Dialect } from "../mysqld/dialect";
import { isPrintableLine } from "../mysqld/option-file";
import { logicalDumpOptions, seedingDecision, type SeedingDecision } from "../compat/seeding";
import {
    CONFIG_PATH,
    DATA_DIR,
    ENV_FILE_PATH,
    LOCAL_ADDRESS,
    MYSQL_PORT,
    REPLICA_WRITER_ROLE,
    SCRIPTS_DIR,
    SECRETS_DIR,
    SEED_PORT,
    tunableDefaults,
} from "./contract";

/**
 * How `inst` is seeded when its data directory is empty: `seedingDecision` for its source and itself, with the
 * images' backup tools; undefined for an instance without a source (a primary, a group member: those
 * initialise, and group members join by distributed recovery). What init.sh does (MYRIAD_SEEDING) and what
 * `myriad plan --format json` shows.
 */
export function instanceSeeding(plan: ClusterPlan, inst: InstancePlan): SeedingDecision | undefined {
    const source = plan.mode === "group" ? undefined : sourceOf(plan, inst);
    if (!source) return undefined;
    return seedingDecision(
        { flavor: source.flavor, version: source.version, backupTool: source.backupTool },
        { flavor: inst.flavor, version: inst.version, backupTool: inst.backupTool },
    );
}

/** The variables of the runtime contract that describe where an instance runs (overridden by local runs). */
export const PLACEMENT_VARIABLES = [
    "MYRIAD_HOST",
    "MYRIAD_PORT",
    "MYRIAD_LOCAL_ADDRESS",
    "MYRIAD_SOURCE_HOST",
    "MYRIAD_SOURCE_PORT",
    "MYRIAD_PEERS",
    "MYRIAD_PEER_SERVICE",
    "MYRIAD_SEED_PORT",
    "MYRIAD_SEED_BIND",
    "MYRIAD_SEED_DONORS",
    "MYRIAD_DATADIR",
    "MYRIAD_CONFIG",
    "MYRIAD_SECRETS_DIR",
    "MYRIAD_SCRIPTS_DIR",
] as const;

/**
 * The variable carrying this pod's IP address, set from the downward API (`status.podIP`) on the init and
 * mysqld containers rather than by `instanceEnv` (the value exists only once the pod runs). `init.sh` leaves it
 * out when it lists the addresses of `MYRIAD_PEER_SERVICE`. Unset in local runs (they use `MYRIAD_PEERS`).
 */
export const POD_IP_VARIABLE = "MYRIAD_POD_IP";

/** The container environment entry of `POD_IP_VARIABLE` (downward API). */
export function podIpEnvVar(): { name: string; valueFrom: { fieldRef: { fieldPath: string } } } {
    return { name: POD_IP_VARIABLE, valueFrom: { fieldRef: { fieldPath: "status.podIP" } } };
}

/**
 * DNS name of the cluster's headless Service, `<cluster>.<namespace>.svc.<clusterDomain>` (every instance host
 * is `<pod>.` followed by it, `instanceHost` in planner/naming.ts). The Service publishes not-ready addresses,
 * so it resolves to the address of every pod of the cluster that exists, ready or not.
 */
export function peerServiceHost(plan: ClusterPlan): string {
    return `${plan.objects.headlessService}.${plan.namespace}.svc.${plan.clusterDomain}`;
}

function optionFlag(name: string): string {
    return `--${name.replace(/_/g, "-")}`;
}

/**
 * Arguments of the temporary servers init.sh starts (after `--defaults-file`, which they share with the real
 * server): writable whatever the role, replication and group communication never started, no X protocol.
 */
export function temporaryServerArgs(plan: ClusterPlan, d: Dialect): string[] {
    const args = [`${optionFlag("read_only")}=OFF`];
    // Keep the relay logs: a replica promoted while its old primary is unreachable applies what it received
    // before it is promoted (the real server, started with relay_log_recovery=ON, recovers them as usual).
    if (plan.mode !== "group") args.push(`${optionFlag("relay_log_recovery")}=OFF`);
    if (d.readOnly === "super_read_only") args.push(`${optionFlag("super_read_only")}=OFF`);
    args.push(optionFlag(d.skipReplicaStart));
    if (d.gtid === "mysql") args.push("--loose-mysqlx=OFF");
    if (plan.mode === "semisync") args.push(`--loose-${optionFlag(d.semisyncSourceEnabled).slice(2)}=OFF`);
    if (plan.mode === "group" && d.groupReplication) args.push("--loose-group-replication-start-on-boot=OFF");
    return args;
}

/** Privileges of `myriad_repl`: replication only, plus BACKUP_ADMIN where Group Replication may recover by CLONE. */
export function replicationPrivileges(plan: ClusterPlan, d: Dialect): string {
    const privs = ["REPLICATION SLAVE", "REPLICATION CLIENT"];
    if (plan.mode === "group" && d.groupReplication && d.clonePlugin) privs.push("BACKUP_ADMIN");
    return privs.join(", ");
}

/**
 * The environment of `inst`'s containers (init container, mysqld container and its probes). `overrides`
 * replace any variable, typically the placement ones (`PLACEMENT_VARIABLES`) for a local run.
 * Ports, paths and tunable defaults come from the runtime contract (./contract.ts).
 */
export function instanceEnv(plan: ClusterPlan, inst: InstancePlan, overrides: Record<string, string> = {}): Record<string, string> {
    const d = dialectFor(inst.flavor, inst.version);
    const source = plan.mode === "group" ? undefined : sourceOf(plan, inst);
    const seeding = instanceSeeding(plan, inst);
    const auth = clusterReplicationAuth(plan);
    const gtidOptions = [d.gtidPositioning, ...(d.getSourcePublicKey ? [d.getSourcePublicKey] : [])];

    const env: Record<string, string> = {
        // ---- runtime contract ----
        MYRIAD_CLUSTER: plan.name,
        MYRIAD_ORDINAL: String(inst.ordinal),
        MYRIAD_SERVER_ID: String(inst.serverId),
        MYRIAD_ROLE: inst.role,
        MYRIAD_MODE: plan.mode,
        MYRIAD_FLAVOR: inst.flavor,
        MYRIAD_VERSION: inst.version,
        MYRIAD_HOST: inst.host,
        MYRIAD_PORT: String(MYSQL_PORT),
        MYRIAD_LOCAL_ADDRESS: LOCAL_ADDRESS,
        // Only Group Replication needs the member list (bootstrap/join decisions); async and semisync replicas
        // talk to their source alone. Leaving it empty elsewhere keeps the rendered size linear in instances.
        MYRIAD_PEERS:
            plan.mode === "group"
                ? plan.instances
                      .filter((i) => i.state === "online")
                      .map((i) => `${i.host}:${MYSQL_PORT}`)
                      .join(" ")
                : "",
        // Every mode: before initialising an empty data directory as the planned primary (or the group's
        // bootstrap member), init.sh asks the pods behind this name whether they hold data. Constant size.
        MYRIAD_PEER_SERVICE: peerServiceHost(plan),
        MYRIAD_MAX_LAG_SECONDS: String(plan.maxReplicaLagSeconds),
        MYRIAD_DATADIR: DATA_DIR,
        MYRIAD_CONFIG: CONFIG_PATH,
        MYRIAD_SECRETS_DIR: SECRETS_DIR,
        MYRIAD_SCRIPTS_DIR: SCRIPTS_DIR,
        // ---- programs (dialect) ----
        MYRIAD_CLIENT: d.client,
        MYRIAD_ADMIN: d.admin,
        MYRIAD_DUMP: d.dump,
        MYRIAD_SERVER_BIN: d.server,
        MYRIAD_INIT_METHOD: d.initialize,
        MYRIAD_INIT_OPTIONS: d.initializeOptions,
        // ---- statements (dialect) ----
        MYRIAD_SQL_SHOW_REPLICA_STATUS: d.showReplicaStatus,
        MYRIAD_SQL_START_REPLICA: d.startReplica,
        MYRIAD_SQL_STOP_REPLICA: d.stopReplica,
        MYRIAD_SQL_RESET_REPLICA_ALL: d.resetReplicaAll,
        MYRIAD_SQL_CHANGE_SOURCE: d.changeSource,
        MYRIAD_SQL_SOURCE_PREFIX: d.sourceOptionPrefix,
        MYRIAD_SQL_SOURCE_OPTIONS: gtidOptions.join(", "),
        MYRIAD_SQL_RESET_BINLOGS: d.resetBinaryLogs,
        // ---- status columns (dialect) ----
        MYRIAD_COL_IO_RUNNING: d.colIoRunning,
        MYRIAD_COL_SQL_RUNNING: d.colSqlRunning,
        MYRIAD_COL_LAG: d.colLag,
        MYRIAD_COL_SOURCE_HOST: d.colSourceHost,
        MYRIAD_COL_SOURCE_PORT: d.colSourcePort,
        MYRIAD_COL_IO_ERRNO: d.colLastIoErrno,
        MYRIAD_COL_IO_ERROR: d.colLastIoError,
        MYRIAD_COL_SQL_ERRNO: d.colLastSqlErrno,
        MYRIAD_COL_SQL_ERROR: d.colLastSqlError,
        MYRIAD_COL_AUTO_POSITION: d.colAutoPosition,
        // ---- models and accounts ----
        MYRIAD_READ_ONLY_VAR: d.readOnly,
        MYRIAD_GTID: d.gtid,
        MYRIAD_PERSISTED_VARIABLES: d.persistedVariables ? "1" : "0",
        MYRIAD_REPL_AUTH_PLUGIN: auth.plugin ?? "",
        MYRIAD_REPL_PRIVILEGES: replicationPrivileges(plan, d),
        MYRIAD_MONITOR_PRIVILEGES: d.monitorPrivileges,
        // MariaDB 10.11.0+: root holds every privilege but READ_ONLY ADMIN, which only the replica-writer role has.
        MYRIAD_ADMIN_REVOKE: d.replicaAdminWrites === "revoke" ? "READ_ONLY ADMIN" : "",
        MYRIAD_REPLICA_WRITER_ROLE: d.replicaAdminWrites === "revoke" ? REPLICA_WRITER_ROLE : "",
        MYRIAD_CLONE_PLUGIN: d.clonePlugin ?? "",
        // ---- physical seeding (the image's tool; its seeding endpoint serves donors' backups) ----
        MYRIAD_BACKUP_TOOL: inst.backupTool === "none" ? "" : d.backupProgram,
        MYRIAD_BACKUP_STREAM: inst.backupTool === "none" ? "" : d.backupStreamProgram,
        MYRIAD_BACKUP_BINLOG_INFO: inst.backupTool === "none" ? "" : d.backupBinlogInfoFiles.join(" "),
        MYRIAD_SEED_PORT: String(SEED_PORT),
        // The seeding endpoint listens on every address of the pod (local runs: the instance's own loopback address).
        MYRIAD_SEED_BIND: "0.0.0.0",
        // Local runs list the donors (host:sqlport:seedport); in a pod they are the peer Service's addresses.
        MYRIAD_SEED_DONORS: "",
        // Fencing an old primary at a switchover (docs/upgrading.md#switchover): where read_only alone does not
        // stop privileged accounts, the privileges that bypass it (comma-separated).
        MYRIAD_READ_ONLY_BYPASS_PRIVILEGES: d.readOnlyBypassPrivileges.join(","),
        MYRIAD_TEMP_SERVER_ARGS: temporaryServerArgs(plan, d).join(" "),
        // ---- tunables (the scripts state no default of their own) ----
        ...tunableDefaults(),
    };
    if (source) {
        const sd = dialectFor(source.flavor, source.version);
        env.MYRIAD_SOURCE_HOST = source.host;
        env.MYRIAD_SOURCE_PORT = String(MYSQL_PORT);
        env.MYRIAD_SOURCE_FLAVOR = source.flavor;
        env.MYRIAD_SOURCE_VERSION = source.version;
        env.MYRIAD_SOURCE_PRINT_IDENTIFIED_AS_HEX = sd.printIdentifiedAsHex ? "1" : "0";
        env.MYRIAD_SEEDING = seeding!.method;
        env.MYRIAD_SEEDING_REASON = seeding!.reason;
        env.MYRIAD_DUMP_OPTIONS =
            seeding!.method === "logical"
                ? logicalDumpOptions(
                      { flavor: source.flavor, version: source.version },
                      { flavor: inst.flavor, version: inst.version },
                  ).join(" ")
                : "";
    }
    if (plan.mode === "group") {
        env.MYRIAD_GROUP_BOOTSTRAP = inst.ordinal === primaryOf(plan).ordinal ? "1" : "0";
        // The planned primary moves the group's primary role to itself (group_replication_set_as_primary).
        env.MYRIAD_GROUP_SET_AS_PRIMARY = d.groupSetAsPrimary ? "1" : "0";
    }
    return { ...env, ...overrides };
}

/**
 * The variables that differ between instances of one template and role. The pod carries them in its container
 * environment (`podEnv`); every other variable of `instanceEnv` is the same for the whole template and role and
 * lives in the shared environment file (`sharedEnv`, `renderEnvFile`).
 */
export const INSTANCE_VARIABLES = ["MYRIAD_ORDINAL", "MYRIAD_SERVER_ID", "MYRIAD_HOST"] as const;

/** The variables of `instanceEnv(plan, inst)` shared by every instance of `inst`'s template and role. */
export function sharedEnv(plan: ClusterPlan, inst: InstancePlan): Record<string, string> {
    const env = instanceEnv(plan, inst);
    for (const k of INSTANCE_VARIABLES) delete env[k];
    return env;
}

/**
 * The container environment of `inst`'s pod: its own variables (`INSTANCE_VARIABLES`) plus `MYRIAD_ENV_FILE`,
 * the shared file that lib.sh loads for every variable the environment does not set.
 */
export function podEnv(plan: ClusterPlan, inst: InstancePlan): Record<string, string> {
    const env = instanceEnv(plan, inst);
    const out: Record<string, string> = { MYRIAD_ENV_FILE: ENV_FILE_PATH };
    for (const k of INSTANCE_VARIABLES) out[k] = env[k];
    return out;
}

/**
 * The shared environment file: one `NAME=value` line per variable, value taken verbatim up to the end of the
 * line (lib.sh reads it with `read -r`, never evaluates it). A value is one printable line: a line break (which
 * would start another variable) or any other control character is refused, whatever the planner let through.
 */
export function renderEnvFile(env: Record<string, string>): string {
    const lines = ["# MYRIAD_* variables shared by every instance of this template and role (rendered by Myriad; do not edit)."];
    for (const [name, value] of Object.entries(env)) {
        if (!/^MYRIAD_[A-Z0-9_]+$/.test(name)) throw new Error(`environment file: invalid variable name '${name}'`);
        if (!isPrintableLine(value))
            throw new Error(`environment file: the value of ${name} holds a line break or another control character`);
        lines.push(`${name}=${value}`);
    }
    return `${lines.join("\n")}\n`;
}
