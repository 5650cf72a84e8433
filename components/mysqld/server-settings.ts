/**
 * The server settings Myriad renders, as two data maps:
 *
 * - `FORCED`: what Myriad requires for identity, replication and the role model. A user's `config` may not set
 *   them (the planner refuses it, quoting `refused`); the managed keys are derived from this map
 *   (`./managed-options.ts`), every versioned spelling included.
 * - `DEFAULTS`: tunable defaults; a user's `config` with the same key replaces them.
 *
 * Values that depend on the role, the mode or the server's dialect are small functions of a `SettingContext`;
 * `when` says in which contexts a setting is rendered at all. The layout of the file (sections, order, notes) is
 * the renderer's (`../runtime/my-cnf.ts`).
 */
import type { ReplicationAuth } from "../compat/authentication";
import type { ClusterPlan, GroupPlan, InstancePlan, SemisyncPlan } from "../planner/types";
import type { MysqldOptionValue } from "../spec/types";
import { compareVersions, parseVersion } from "../versions/version";
import { DIALECT_TABLE, type Dialect } from "./dialect";
import { canonicalOption } from "./option-file";

/** Binary log retention rendered by default: 30 days, MySQL 8.0's own default (MariaDB and 5.7 default to never). */
export const BINLOG_RETENTION_SECONDS = 2592000;

/** Where an instance runs, every value resolved. */
export interface ResolvedPlacement {
    host: string;
    port: number;
    datadir: string;
    socket: string;
    bindAddress: string;
    groupAddress: (inst: InstancePlan) => string;
}

/** What a setting's value may depend on. */
export interface SettingContext {
    plan: ClusterPlan;
    inst: InstancePlan;
    dialect: Dialect;
    place: ResolvedPlacement;
    /** Group Replication group name (mode `group`). */
    groupName?: string;
    /** The cluster's replication-account decision (memoised per plan). */
    replicationAuth: () => ReplicationAuth;
}

/** Dialect rows whose values are option names (the spelling of one setting by version). */
export type OptionNameRow =
    | "logReplicaUpdates"
    | "skipReplicaStart"
    | "semisyncSourceEnabled"
    | "semisyncReplicaEnabled"
    | "semisyncWaitPoint"
    | "semisyncWaitForReplicaCount"
    | "semisyncTimeout"
    | "semisyncWaitNoReplica";

type ByContext<T> = T | ((c: SettingContext) => T);

/** One rendered server setting. */
export interface ServerSetting {
    /** The option name: fixed, or the dialect row that spells it by version (null in the row: not in this version). */
    name: string | { row: OptionNameRow };
    /** Written with `loose_`: a plugin variable, unknown until the plugin loads (the data-directory initialisation loads none). */
    loose?: ByContext<boolean>;
    /** Rendered in this context (default: always). */
    when?: (c: SettingContext) => boolean;
    value: ByContext<MysqldOptionValue>;
    /** The comment above it in the rendered file. */
    why: ByContext<string>;
}

/** A setting users may not override. */
export interface ForcedSetting extends ServerSetting {
    /** Why a user's `config` may not set it (quoted in the planner's error). Omitted under a `MANAGED_PREFIXES` prefix. */
    refused?: string;
    /** Where it is given: the shared option file (default) or each instance's mysqld command line. */
    on?: "option-file" | "command-line";
    /** Other options that would undo it, refused with the same reason. */
    alsoRefuses?: readonly string[];
}

/** Option-name prefixes Myriad manages as a whole (replication-mode settings), with the reason quoted. */
export const MANAGED_PREFIXES: Readonly<Record<string, string>> = {
    rpl_semi_sync_: "rpl_semi_sync_* settings are rendered from the cluster's mode",
    group_replication_: "group_replication_* settings are rendered from the cluster's mode",
};

// ---- helpers the maps use ----

const isGroup = (c: SettingContext) => c.plan.mode === "group" && c.dialect.groupReplication;
const isSemisync = (c: SettingContext) => c.plan.mode === "semisync";
const semisyncLoose = (c: SettingContext) => c.dialect.semisyncPlugins.length > 0;
const isPrimary = (c: SettingContext) => c.inst.role === "primary";
/** Read-only: every group member (Group Replication lifts it on the primary), replicas otherwise. */
/**
 * Every instance starts read-only. A replica stays so; the primary's post-start step opens writes once no other
 * instance accepts them, so that a primary whose container restarts after another instance took over never
 * becomes a second writable primary (docs/runtime.md#a-restarted-primary-starts-read-only).
 */
const readOnly = (_c: SettingContext) => true;
const readOnlyWhy = (c: SettingContext) =>
    c.plan.mode === "group"
        ? "group members start read-only; Group Replication lifts it on the elected primary only"
        : c.inst.role === "replica"
          ? "a replica refuses writes, so that only replicated changes reach it"
          : "the primary starts read-only; post-start.sh accepts writes once no other instance does (docs/runtime.md#a-restarted-primary-starts-read-only)";

/** Semi-synchronous settings of the plan. */
export function semisyncOf(plan: ClusterPlan): SemisyncPlan {
    if (plan.mode !== "semisync") throw new Error(`cluster ${plan.name}: semi-synchronous settings read in mode '${plan.mode}'`);
    return plan.semisync;
}

/** Group Replication settings of the plan. */
export function groupOf(plan: ClusterPlan): GroupPlan {
    if (plan.mode !== "group") throw new Error(`cluster ${plan.name}: Group Replication settings read in mode '${plan.mode}'`);
    return plan.group;
}

/** Every online instance's group communication address (the group seeds). */
export function groupSeeds(c: SettingContext): string[] {
    return c.plan.instances.filter((i) => i.state === "online").map(c.place.groupAddress);
}

function versionAtLeast(c: SettingContext, major: number, minor: number, patch: number): boolean {
    const v = parseVersion(c.inst.version);
    return v !== undefined && compareVersions(v, { major, minor, patch }) >= 0;
}

/** Host names accept in the Group Replication allowlist from 8.0.4; renamed from ..._whitelist in 8.0.22. */
export const allowlistByName = (c: SettingContext) => isGroup(c) && versionAtLeast(c, 8, 0, 4);

/** The plugins to load, in groups that share a reason. */
export function pluginGroups(c: SettingContext): { libs: readonly string[]; why: string }[] {
    const d = c.dialect;
    const out: { libs: readonly string[]; why: string }[] = [];
    if (d.clonePlugin)
        out.push({
            libs: [d.clonePlugin],
            why: "CLONE seeds new replicas of the same series (docs/compatibility.md#seeding-new-replicas)",
        });
    if (c.plan.mode === "semisync" && d.semisyncPlugins.length > 0) {
        out.push({
            libs: d.semisyncPlugins,
            why: `semi-synchronous replication plugins for ${c.inst.version} (docs/compatibility.md#renamed-and-removed-settings)`,
        });
    }
    if (isGroup(c)) out.push({ libs: ["group_replication.so"], why: "Group Replication" });
    return out;
}

/** The replication account uses mysql_native_password and this server disables it by default (8.4). */
const nativePasswordNeeded = (c: SettingContext) => {
    const auth = c.replicationAuth();
    return !auth.impossible && auth.plugin === "mysql_native_password" && c.dialect.nativePasswordNeedsOption;
};

/** What Myriad requires; users may not override these. Render order and sections: `../runtime/my-cnf.ts`. */
export const FORCED = {
    // ---- per instance, on the mysqld command line (every instance of a template and role shares one file) ----
    server_id: {
        name: "server_id",
        on: "command-line",
        value: (c) => c.inst.serverId,
        why: (c) =>
            `serverIdBase ${c.plan.serverIdBase} + ordinal ${c.inst.ordinal}: unique in the cluster by construction (ordinals never repeat across templates)`,
        refused: "server_id is allocated as serverIdBase + ordinal so that it is unique by construction",
    },
    report_host: {
        name: "report_host",
        on: "command-line",
        value: (c) => c.place.host,
        why: "the name replicas and group members use to reach this instance (stable DNS name through the headless Service)",
        refused: "report_host is the instance's DNS name",
    },
    group_replication_local_address: {
        name: "group_replication_local_address",
        on: "command-line",
        loose: true,
        when: isGroup,
        value: (c) => c.place.groupAddress(c.inst),
        why: "this member's group communication address (stable DNS name)",
    },

    // ---- identity and network ----
    report_port: {
        name: "report_port",
        value: (c) => c.place.port,
        why: "the port this instance reports to its source and to the group",
        refused: "report_port is the instance's port",
    },
    port: {
        name: "port",
        value: (c) => c.place.port,
        why: "the port the pod and the Services expose",
        refused: "the port is fixed by the pod and the Services",
    },
    bind_address: {
        name: "bind_address",
        value: (c) => c.place.bindAddress,
        why: "listen on the pod network (every interface)",
        refused: "the server listens on the pod network",
    },
    datadir: {
        name: "datadir",
        value: (c) => c.place.datadir,
        why: "the data directory is the instance's PersistentVolumeClaim",
        refused: "the data directory is the instance's PersistentVolumeClaim",
    },
    socket: {
        name: "socket",
        value: (c) => c.place.socket,
        why: "local socket for administrators inside the pod (the scripts and probes use TCP on 127.0.0.1)",
        refused: "the socket path is used by the probes",
    },

    // ---- binary log and GTIDs ----
    log_bin: {
        name: "log_bin",
        value: "binlog",
        why: "binary logging on every instance, so that any instance can act as a source (stable base name, not derived from the host name)",
        refused: "binary logging is required on every instance",
    },
    binlog_format: {
        name: "binlog_format",
        value: "ROW",
        why: "row-based events replicate deterministically across versions (ROW is recommended for replication between versions)",
        refused: "row-based binary logs are required",
    },
    gtid_mode: {
        name: "gtid_mode",
        when: (c) => c.dialect.gtid === "mysql",
        value: "ON",
        why: "GTID replication with auto-positioning: a replica resumes from its exact executed set, never from a stale offset",
        refused: "GTID replication with auto-positioning is required",
    },
    enforce_gtid_consistency: {
        name: "enforce_gtid_consistency",
        when: (c) => c.dialect.gtid === "mysql",
        value: "ON",
        why: "required by gtid_mode=ON",
        refused: "GTID replication with auto-positioning is required",
    },
    gtid_strict_mode: {
        name: "gtid_strict_mode",
        when: (c) => c.dialect.gtid === "mariadb",
        value: "ON",
        why: "MariaDB GTIDs (domain-server-seq, docs/compatibility.md#mariadb): refuse out-of-order or duplicate GTIDs instead of applying them twice",
        refused: "MariaDB GTID strict mode is required",
    },
    gtid_domain_id: {
        name: "gtid_domain_id",
        when: (c) => c.dialect.gtid === "mariadb",
        value: 0,
        why: "one replication domain for the single-primary cluster, so a promoted replica continues the same GTID sequence",
        refused: "the GTID domain is managed by the component",
    },
    log_replica_updates: {
        name: { row: "logReplicaUpdates" },
        value: "ON",
        why: (c) =>
            `replicas write replicated changes to their own binary log so that any of them can become a source (${c.dialect.logReplicaUpdates}: name by version, docs/compatibility.md#renamed-and-removed-settings)`,
        refused: "replicas log replicated updates so that any instance can become a source",
    },

    // ---- crash-safe replication ----
    relay_log_recovery: {
        name: "relay_log_recovery",
        value: "ON",
        why: "after a crash, discard possibly incomplete relay logs and fetch again from the executed position (crash-safe replica)",
        refused: "crash-safe relay logs are required",
    },
    master_info_repository: {
        name: "master_info_repository",
        when: (c) => c.dialect.replicationRepositories,
        value: "TABLE",
        why: "connection metadata in a crash-safe InnoDB table (exists until 8.2, removed 8.3, docs/compatibility.md#renamed-and-removed-settings)",
        refused: "crash-safe replication metadata is required",
    },
    relay_log_info_repository: {
        name: "relay_log_info_repository",
        when: (c) => c.dialect.replicationRepositories,
        value: "TABLE",
        why: "applier position in a crash-safe InnoDB table, updated in the same transaction as the data (exists until 8.2, docs/compatibility.md#renamed-and-removed-settings)",
        refused: "crash-safe replication metadata is required",
    },
    skip_replica_start: {
        name: { row: "skipReplicaStart" },
        value: "ON",
        why: (c) =>
            `replication is started by Myriad's post-start step after the bootstrap has checked the source, never implicitly (${c.dialect.skipReplicaStart}: name by version, docs/compatibility.md#renamed-and-removed-settings)`,
        refused: "replication start is controlled by the bootstrap",
    },

    // ---- role ----
    read_only: {
        name: "read_only",
        value: readOnly,
        why: (c) =>
            c.dialect.readOnly === "super_read_only"
                ? readOnlyWhy(c)
                : c.dialect.replicaAdminWrites === "revoke"
                  ? `${readOnlyWhy(c)} (MariaDB has no super_read_only; root does not hold READ_ONLY ADMIN, so read_only binds it too, docs/runtime.md#writing-to-a-replica)`
                  : `${readOnlyWhy(c)} (MariaDB has no super_read_only; before 10.11.0 SUPER bypasses read_only, docs/runtime.md#writing-to-a-replica)`,
        refused: "read_only follows the instance's role",
    },
    super_read_only: {
        name: "super_read_only",
        when: (c) => c.dialect.readOnly === "super_read_only",
        value: readOnly,
        why: (c) =>
            c.plan.mode !== "group" && c.inst.role !== "replica"
                ? "also for accounts with SUPER/CONNECTION_ADMIN (5.7.8+) until post-start.sh accepts writes"
                : "also refuse writes from accounts with SUPER/CONNECTION_ADMIN (5.7.8+)",
        refused: "super_read_only follows the instance's role",
    },

    // ---- plugins ----
    plugin_load_add: {
        name: "plugin_load_add",
        when: (c) => pluginGroups(c).length > 0,
        value: (c) =>
            pluginGroups(c)
                .flatMap((p) => p.libs)
                .join(";"),
        why: (c) =>
            pluginGroups(c)
                .map((p) => p.why)
                .join("; "),
        refused: "plugins are loaded by the component for the replication mode",
        alsoRefuses: ["plugin_load"],
    },

    // ---- semi-synchronous replication (mode semisync) ----
    rpl_semi_sync_source_enabled: {
        name: { row: "semisyncSourceEnabled" },
        loose: semisyncLoose,
        when: isSemisync,
        value: isPrimary,
        why: (c) =>
            isPrimary(c)
                ? "the primary waits for replica acknowledgements before a commit returns"
                : "source side off on replicas (switched on for the primary role only)",
    },
    rpl_semi_sync_replica_enabled: {
        name: { row: "semisyncReplicaEnabled" },
        loose: semisyncLoose,
        when: isSemisync,
        value: (c) => !isPrimary(c),
        why: (c) =>
            isPrimary(c) ? "the primary does not acknowledge to anyone" : "this replica acknowledges received transactions to its source",
    },
    rpl_semi_sync_source_wait_point: {
        name: { row: "semisyncWaitPoint" },
        loose: semisyncLoose,
        when: isSemisync,
        value: "AFTER_SYNC",
        why: "lossless semi-sync: wait for the acknowledgement before the commit becomes visible, so no client reads a transaction a failover could lose",
    },
    rpl_semi_sync_source_timeout: {
        name: { row: "semisyncTimeout" },
        loose: semisyncLoose,
        when: isSemisync,
        value: (c) => semisyncOf(c.plan).timeoutMs,
        why: (c) =>
            `wait up to ${semisyncOf(c.plan).timeoutMs} ms before degrading to asynchronous replication (default: the maximum, never degrade silently)`,
    },
    rpl_semi_sync_source_wait_no_replica: {
        name: { row: "semisyncWaitNoReplica" },
        loose: semisyncLoose,
        when: isSemisync,
        value: "ON",
        why: "keep waiting even when fewer replicas than required are connected, instead of switching to asynchronous",
    },
    rpl_semi_sync_source_wait_for_replica_count: {
        name: { row: "semisyncWaitForReplicaCount" },
        loose: semisyncLoose,
        when: isSemisync,
        value: (c) => semisyncOf(c.plan).waitForReplicaCount,
        why: (c) =>
            `a commit waits for ${semisyncOf(c.plan).waitForReplicaCount} replica acknowledgement(s) (semisync.waitForReplicaCount)`,
    },

    // ---- Group Replication (mode group; plugin variables, always loose_) ----
    group_replication_group_name: {
        name: "group_replication_group_name",
        loose: true,
        when: isGroup,
        value: (c) => {
            if (!c.groupName)
                throw new Error(`cluster ${c.plan.name}: mode 'group' needs extras.groupName (a UUID generated once with @pulumi/random)`);
            return c.groupName;
        },
        why: "the group's UUID, generated once for the cluster",
    },
    group_replication_start_on_boot: {
        name: "group_replication_start_on_boot",
        loose: true,
        when: isGroup,
        value: false,
        why: "Myriad's post-start step decides whether to bootstrap or join",
    },
    group_replication_bootstrap_group: {
        name: "group_replication_bootstrap_group",
        loose: true,
        when: isGroup,
        value: false,
        why: "never bootstrap implicitly (a second bootstrap splits the group); the post-start step bootstraps once",
    },
    group_replication_single_primary_mode: {
        name: "group_replication_single_primary_mode",
        loose: true,
        when: isGroup,
        value: true,
        why: "single-primary group: one writer, elected by the group",
    },
    group_replication_enforce_update_everywhere_checks: {
        name: "group_replication_enforce_update_everywhere_checks",
        loose: true,
        when: isGroup,
        value: false,
        why: "required OFF in single-primary mode",
    },
    group_replication_group_seeds: {
        name: "group_replication_group_seeds",
        loose: true,
        when: isGroup,
        value: (c) => groupSeeds(c).join(","),
        why: "every online instance's group communication address",
    },
    // MySQL manual "Group Replication IP Address Permissions" (https://dev.mysql.com/doc/refman/8.0/en/group-replication-ip-address-permissions.html): without an explicit allowlist XCom admits
    // only the host's private subnets with each interface's mask applied. Pod interfaces are often /32 or a
    // per-node /24, so members on other nodes would be refused. Host names are accepted from 8.0.4; the variable
    // is group_replication_ip_allowlist from 8.0.22 (WL#14175), group_replication_ip_whitelist before.
    group_replication_ip_allowlist: {
        name: "group_replication_ip_allowlist",
        loose: true,
        when: (c) => allowlistByName(c) && versionAtLeast(c, 8, 0, 22),
        value: (c) => allowlistOf(c),
        why: "admit every member by DNS name: the automatic allowlist covers only this pod's own subnet (https://dev.mysql.com/doc/refman/8.0/en/group-replication-ip-address-permissions.html)",
    },
    group_replication_ip_whitelist: {
        name: "group_replication_ip_whitelist",
        loose: true,
        when: (c) => allowlistByName(c) && !versionAtLeast(c, 8, 0, 22),
        value: (c) => allowlistOf(c),
        why: "admit every member by DNS name: the automatic allowlist covers only this pod's own subnet (https://dev.mysql.com/doc/refman/8.0/en/group-replication-ip-address-permissions.html)",
    },
    group_replication_member_weight: {
        name: "group_replication_member_weight",
        loose: true,
        when: (c) => isGroup(c) && c.dialect.groupMemberWeight,
        value: (c) => c.inst.weight,
        why: (c) =>
            `template '${c.inst.template}' weight for primary election (after lowest version, docs/compatibility.md#group-replication)`,
    },
    group_replication_consistency: {
        name: "group_replication_consistency",
        loose: true,
        when: (c) => isGroup(c) && c.dialect.groupConsistency,
        value: (c) => groupOf(c.plan).consistency,
        why: "consistency guarantee (BEFORE_ON_PRIMARY_FAILOVER keeps a new primary from serving stale data)",
    },
    group_replication_recovery_get_public_key: {
        name: "group_replication_recovery_get_public_key",
        loose: true,
        when: (c) => isGroup(c) && c.dialect.groupRecoveryGetPublicKey,
        value: true,
        why: "distributed recovery authenticates the caching_sha2 replication account without TLS (docs/compatibility.md#authentication)",
    },
} as const satisfies Record<string, ForcedSetting>;

/** Group Replication allowlist: every online member's host name and the loopback address. */
function allowlistOf(c: SettingContext): string {
    const hosts = [...new Set(groupSeeds(c).map((a) => a.slice(0, a.lastIndexOf(":"))))];
    return [...hosts, "127.0.0.1"].join(",");
}

/** Tunable defaults; a user's `config` with the same key replaces them. */
export const DEFAULTS = {
    skip_name_resolve: {
        name: "skip_name_resolve",
        value: true,
        why: "accounts are matched by IP or '%': reverse DNS of pod addresses is slow and changes with every reschedule",
    },
    binlog_expire_logs_seconds: {
        name: "binlog_expire_logs_seconds",
        when: (c) => c.dialect.binlogExpiry.unit === "seconds",
        value: BINLOG_RETENTION_SECONDS,
        why: "keep 30 days of binary logs (MariaDB and 5.7 default to never purging)",
    },
    expire_logs_days: {
        name: "expire_logs_days",
        when: (c) => c.dialect.binlogExpiry.unit === "days",
        value: BINLOG_RETENTION_SECONDS / 86400,
        why: "keep 30 days of binary logs (binlog_expire_logs_seconds does not exist in this version, docs/compatibility.md#renamed-and-removed-settings)",
    },
    relay_log: { name: "relay_log", value: "relay-bin", why: "stable relay log name, independent of the host name" },
    sync_binlog: {
        name: "sync_binlog",
        value: 1,
        why: "flush the binary log at every commit: a crash loses no transaction a replica may already have",
    },
    innodb_flush_log_at_trx_commit: {
        name: "innodb_flush_log_at_trx_commit",
        value: 1,
        why: "flush the redo log at every commit: committed means durable",
    },
    mysql_native_password: {
        name: "mysql_native_password",
        when: nativePasswordNeeded,
        value: "ON",
        why: "8.4 disables mysql_native_password by default; the replicated native replication account needs it on every 8.4 instance (docs/compatibility.md#authentication)",
    },
    transaction_write_set_extraction: {
        name: "transaction_write_set_extraction",
        when: (c) => isGroup(c) && c.dialect.groupNeedsWriteSetExtraction,
        value: "XXHASH64",
        why: "Group Replication certifies write sets; 5.7 defaults to OFF (docs/compatibility.md#renamed-and-removed-settings)",
    },
    binlog_checksum: {
        name: "binlog_checksum",
        when: (c) => isGroup(c) && c.dialect.groupNeedsChecksumNone,
        value: "NONE",
        why: "Group Replication before 8.0.21 does not support binary log checksums (WL#9038)",
    },
} as const satisfies Record<string, ServerSetting>;

export type ForcedId = keyof typeof FORCED;
export type DefaultId = keyof typeof DEFAULTS;
export type SettingId = ForcedId | DefaultId;

/** A setting as rendered in one context. */
export interface RenderedSetting {
    id: SettingId;
    kind: "forced" | "default";
    /** The option name as written (with `loose_` where it applies). */
    key: string;
    value: MysqldOptionValue;
    why: string;
}

const at = <T>(v: ByContext<T>, c: SettingContext): T => (typeof v === "function" ? (v as (c: SettingContext) => T)(c) : v);

/** The setting `id` in context `c`, or undefined when it is not rendered there. */
export function renderSetting(id: SettingId, c: SettingContext): RenderedSetting | undefined {
    const forced = id in FORCED;
    const s: ServerSetting = forced ? FORCED[id as ForcedId] : DEFAULTS[id as DefaultId];
    if (s.when && !s.when(c)) return undefined;
    const name = typeof s.name === "string" ? s.name : c.dialect[s.name.row];
    if (name === null) return undefined;
    const key = s.loose !== undefined && at(s.loose, c) ? `loose_${name}` : name;
    return { id, kind: forced ? "forced" : "default", key, value: at(s.value, c), why: at(s.why, c) };
}

/** Every name a setting can be written with in any version (canonical: no `loose_`). */
export function spellingsOf(s: ServerSetting): string[] {
    if (typeof s.name === "string") return [canonicalOption(s.name)];
    const row = DIALECT_TABLE[s.name.row];
    const names = [...row.mysql, ...row.mariadb].map(([, v]) => v).filter((v): v is string => typeof v === "string");
    return [...new Set(names.map(canonicalOption))];
}
