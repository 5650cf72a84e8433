/**
 * Renders the `[mysqld]` option file of one instance for its exact flavour, version, role and replication
 * mode. Pure and deterministic: the same plan gives byte-identical output, sections in a fixed order and
 * user overrides sorted by key. Every managed setting is preceded by a comment saying why it is there; the
 * version-dependent names come from `dialectFor` (one table, see ./dialect.ts).
 *
 * What is NOT done here: refusing managed keys (the planner does it) and judging whether a user override
 * exists in this version (the policy pack's `mysql-config-valid-for-version`).
 */
import type { ClusterPlan, InstancePlan } from "../planner/types";
import type { MysqldOptionValue } from "../spec/types";
import { dialectFor, type Dialect } from "./dialect";
import { replicationAuth } from "../compat/authentication";
import { unsupportedReason } from "../compat/support";
import { compareVersions, parseVersion } from "../versions/version";

/** Port mysqld listens on inside the pod (runtime contract). */
export const MYSQL_PORT = 3306;
/** Group Replication communication port (XCom), MySQL's conventional 33061. */
export const GROUP_PORT = 33061;
/** Data directory inside the pod: the instance's PersistentVolumeClaim. */
export const DATA_DIR = "/var/lib/mysql";
/** Socket of the real server: the pod's `/var/run/mysqld` emptyDir (the images' compiled-in default path). */
export const SOCKET_PATH = "/var/run/mysqld/mysqld.sock";
/** Binary log retention rendered by default: 30 days, MySQL 8.0's own default (MariaDB and 5.7 default to never). */
export const BINLOG_RETENTION_SECONDS = 2592000;

/** Where an instance runs; defaults are the Kubernetes runtime contract. The local runner overrides them. */
export interface Placement {
    /** Address reported to peers (`report_host`). Default: the instance's DNS name. */
    host?: string;
    /** TCP port. Default: 3306. */
    port?: number;
    /** Data directory. Default: `/var/lib/mysql`. */
    datadir?: string;
    /** Unix socket. Default: `/var/run/mysqld/mysqld.sock` (an emptyDir in the pod). */
    socket?: string;
    /** `bind_address`. Default: every interface (`*` for MySQL, `0.0.0.0` for MariaDB). */
    bindAddress?: string;
    /** Group Replication address (`host:port`) of an instance. Default: `<instance DNS name>:33061`. */
    groupAddress?: (inst: InstancePlan) => string;
}

/** Values that do not come from the plan. */
export interface RenderExtras {
    /** Group Replication group name (a UUID generated once by `@pulumi/random`). Required in `group` mode. */
    groupName?: string;
    /** Where the instance runs. Default: the Kubernetes runtime contract. */
    placement?: Placement;
}

interface Entry {
    key: string;
    value: MysqldOptionValue;
    why: string;
}

interface Section {
    title: string;
    entries: Entry[];
    notes: string[];
}

function fmt(value: MysqldOptionValue): string {
    if (typeof value === "boolean") return value ? "ON" : "OFF";
    return String(value);
}

/** The instance that `inst` replicates from, if any. */
export function sourceOf(plan: ClusterPlan, inst: InstancePlan): InstancePlan | undefined {
    return inst.source === null ? undefined : plan.instances.find((i) => i.ordinal === inst.source);
}

/** The planned primary instance. */
export function primaryOf(plan: ClusterPlan): InstancePlan {
    const p = plan.instances.find((i) => i.ordinal === plan.primary);
    if (!p) throw new Error(`cluster ${plan.name}: primary ordinal ${plan.primary} is not an instance of the plan`);
    return p;
}

/**
 * The replication account's authentication decision for a cluster (mysql-compat §3): computed against the
 * primary (where the account is created) and every other instance, online or offline (offline instances
 * come back with the same version).
 */
export function clusterReplicationAuth(plan: ClusterPlan) {
    // Memoised per plan (plans are immutable): every instance's my.cnf and environment ask for the same
    // cluster-wide decision, and computing it walks every instance, so without the cache rendering a cluster
    // costs O(instances^2) (bench/: 1,000 instances took ~3x longer). Added by the program & CLI engineer.
    const cached = replicationAuthCache.get(plan);
    if (cached) return cached;
    const primary = primaryOf(plan);
    const auth = replicationAuth(
        { flavor: primary.flavor, version: primary.version },
        plan.instances.filter((i) => i.ordinal !== primary.ordinal).map((i) => ({ flavor: i.flavor, version: i.version, label: `${i.name} (${i.flavor} ${i.version})` })),
    );
    replicationAuthCache.set(plan, auth);
    return auth;
}

const replicationAuthCache = new WeakMap<ClusterPlan, ReturnType<typeof replicationAuth>>();

/**
 * The settings that differ between instances of one template and role: `server_id`, `report_host` and, in group
 * mode, `group_replication_local_address`. They are given to mysqld as command-line options (see
 * `instanceServerArgs`), so that every instance of a template and role shares one rendered my.cnf (one ConfigMap,
 * docs/configuration-rendering.md). Each value is a literal in the instance's StatefulSet, readable by the policy
 * pack before deploy: nothing is derived at container start (the seed's colliding server_ids were).
 */
export interface InstanceServerOption {
    /** Canonical option name (underscores), as in an option file. */
    key: string;
    value: string | number;
    why: string;
}

/** The per-instance server options of `inst` (`placement` moves it outside Kubernetes, as in `renderMyCnf`). */
export function instanceServerOptions(plan: ClusterPlan, inst: InstancePlan, placement: Pick<Placement, "host" | "groupAddress"> = {}): InstanceServerOption[] {
    const out: InstanceServerOption[] = [
        { key: "server_id", value: inst.serverId, why: `serverIdBase ${plan.serverIdBase} + ordinal ${inst.ordinal}: unique in the cluster by construction (ordinals never repeat across templates)` },
        { key: "report_host", value: placement.host ?? inst.host, why: "the name replicas and group members use to reach this instance (stable DNS name through the headless Service)" },
    ];
    if (plan.mode === "group" && dialectFor(inst.flavor, inst.version).groupReplication) {
        const addr = placement.groupAddress ?? ((i: InstancePlan) => `${i.host}:${GROUP_PORT}`);
        // loose-: the variable exists only once the plugin is loaded (the data-directory initialisation loads none).
        out.push({ key: "loose_group_replication_local_address", value: addr(inst), why: "this member's group communication address (stable DNS name)" });
    }
    return out;
}

/** `instanceServerOptions` as mysqld command-line options (`--server-id=101`, ...), in that order. */
export function instanceServerArgs(plan: ClusterPlan, inst: InstancePlan, placement: Pick<Placement, "host" | "groupAddress"> = {}): string[] {
    return instanceServerOptions(plan, inst, placement).map((o) => `--${o.key.replace(/_/g, "-")}=${o.value}`);
}

interface FilePlacement {
    port: number;
    datadir: string;
    socket: string;
    bindAddress: string;
    /** Group Replication is rendered (adds group_replication_local_address to the per-instance options). */
    groupMode: boolean;
}

function identity(inst: InstancePlan, p: FilePlacement): Section {
    const perInstance = ["server_id", "report_host", ...(p.groupMode ? ["group_replication_local_address"] : [])];
    return {
        title: "identity and network",
        notes: [
            `${perInstance.join(", ")}: per instance, given on each instance's mysqld command line (every instance of template '${inst.template}' shares this file)`,
        ],
        entries: [
            { key: "report_port", value: p.port, why: "the port this instance reports to its source and to the group" },
            { key: "port", value: p.port, why: "the port the pod and the Services expose" },
            { key: "bind_address", value: p.bindAddress, why: "listen on the pod network (every interface)" },
            { key: "datadir", value: p.datadir, why: "the data directory is the instance's PersistentVolumeClaim" },
            { key: "socket", value: p.socket, why: "local socket for administrators inside the pod (the scripts and probes use TCP on 127.0.0.1)" },
            { key: "skip_name_resolve", value: true, why: "accounts are matched by IP or '%': reverse DNS of pod addresses is slow and changes with every reschedule" },
        ],
    };
}

function binlog(d: Dialect): Section {
    const entries: Entry[] = [
        { key: "log_bin", value: "binlog", why: "binary logging on every instance, so that any instance can act as a source (stable base name, not derived from the host name)" },
        { key: "binlog_format", value: "ROW", why: "row-based events replicate deterministically across versions (mysql-compat §6 recommends ROW for mixed versions)" },
    ];
    if (d.gtid === "mysql") {
        entries.push(
            { key: "gtid_mode", value: "ON", why: "GTID replication with auto-positioning: a replica resumes from its exact executed set, never from a stale offset (seed 004)" },
            { key: "enforce_gtid_consistency", value: "ON", why: "required by gtid_mode=ON" },
        );
    } else {
        entries.push(
            { key: "gtid_strict_mode", value: "ON", why: "MariaDB GTIDs (domain-server-seq, mysql-compat §6): refuse out-of-order or duplicate GTIDs instead of applying them twice" },
            { key: "gtid_domain_id", value: 0, why: "one replication domain for the single-primary cluster, so a promoted replica continues the same GTID sequence" },
        );
    }
    entries.push({ key: d.logReplicaUpdates, value: "ON", why: `replicas write replicated changes to their own binary log so that any of them can become a source (${d.logReplicaUpdates}: name by version, mysql-compat §4.2)` });
    entries.push(d.binlogExpiry.unit === "seconds"
        ? { key: d.binlogExpiry.name, value: BINLOG_RETENTION_SECONDS, why: "keep 30 days of binary logs (MariaDB and 5.7 default to never purging)" }
        : { key: d.binlogExpiry.name, value: BINLOG_RETENTION_SECONDS / 86400, why: "keep 30 days of binary logs (binlog_expire_logs_seconds does not exist in this version, mysql-compat §4.2)" });
    return { title: "binary log and GTIDs", notes: [], entries };
}

function replicaSafety(d: Dialect): Section {
    const entries: Entry[] = [
        { key: "relay_log", value: "relay-bin", why: "stable relay log name, independent of the host name" },
        { key: "relay_log_recovery", value: "ON", why: "after a crash, discard possibly incomplete relay logs and fetch again from the executed position (crash-safe replica, seed 004)" },
    ];
    if (d.replicationRepositories) {
        entries.push(
            { key: "master_info_repository", value: "TABLE", why: "connection metadata in a crash-safe InnoDB table (exists until 8.2, removed 8.3, mysql-compat §4.2)" },
            { key: "relay_log_info_repository", value: "TABLE", why: "applier position in a crash-safe InnoDB table, updated in the same transaction as the data (exists until 8.2, mysql-compat §4.2)" },
        );
    }
    entries.push({ key: d.skipReplicaStart, value: "ON", why: `replication is started by Myriad's post-start step after the bootstrap has checked the source, never implicitly (${d.skipReplicaStart}: name by version, mysql-compat §4.2)` });
    return { title: "crash-safe replication", notes: [], entries };
}

function durability(): Section {
    return {
        title: "durability",
        notes: [],
        entries: [
            { key: "sync_binlog", value: 1, why: "flush the binary log at every commit: a crash loses no transaction a replica may already have (seed 002)" },
            { key: "innodb_flush_log_at_trx_commit", value: 1, why: "flush the redo log at every commit: committed means durable" },
        ],
    };
}

function role(plan: ClusterPlan, inst: InstancePlan, d: Dialect): Section {
    const entries: Entry[] = [];
    const readOnly = plan.mode === "group" ? true : inst.role === "replica";
    const why = plan.mode === "group"
        ? "group members start read-only; Group Replication lifts it on the elected primary only"
        : readOnly ? "a replica refuses writes, so that only replicated changes reach it" : "the primary accepts writes";
    if (d.readOnly === "super_read_only") {
        entries.push({ key: "read_only", value: readOnly, why });
        entries.push({ key: "super_read_only", value: readOnly, why: readOnly ? "also refuse writes from accounts with SUPER/CONNECTION_ADMIN (mysql-compat §4.2, 5.7.8+)" : "the primary accepts writes" });
    } else {
        entries.push({ key: "read_only", value: readOnly, why: `${why} (MariaDB has no super_read_only; users with READ ONLY ADMIN/SUPER still write, mysql-compat §6)` });
    }
    return { title: `role: ${plan.mode === "group" ? "group member" : inst.role}`, notes: [], entries };
}

function authentication(plan: ClusterPlan, inst: InstancePlan, d: Dialect): Section {
    const auth = clusterReplicationAuth(plan);
    const section: Section = { title: "authentication", notes: [], entries: [] };
    if (auth.impossible) {
        section.notes.push(`WARNING: ${auth.impossible}; replication cannot authenticate (the policy pack rejects this mix).`);
    } else if (auth.plugin === "mysql_native_password") {
        section.notes.push(`the replication account uses mysql_native_password because ${auth.forcedBy.join(", ")} cannot use caching_sha2_password (mysql-compat §3)`);
        if (d.nativePasswordNeedsOption) {
            section.entries.push({ key: "mysql_native_password", value: "ON", why: "8.4 disables mysql_native_password by default; the replicated native replication account needs it on every 8.4 instance (mysql-compat §3)" });
        }
    }
    return section;
}

function plugins(plan: ClusterPlan, inst: InstancePlan, d: Dialect): Section {
    const libs: string[] = [];
    const reasons: string[] = [];
    if (d.clonePlugin) {
        libs.push(d.clonePlugin);
        reasons.push("CLONE seeds new replicas of the same series (mysql-compat §5)");
    }
    if (plan.mode === "semisync" && d.semisyncPlugins.length > 0) {
        libs.push(...d.semisyncPlugins);
        reasons.push(`semi-synchronous replication plugins for ${inst.version} (mysql-compat §4.2)`);
    }
    if (plan.mode === "group" && d.groupReplication) {
        libs.push("group_replication.so");
        reasons.push("Group Replication");
    }
    if (libs.length === 0) return { title: "plugins", notes: [], entries: [] };
    return { title: "plugins", notes: [], entries: [{ key: "plugin_load_add", value: libs.join(";"), why: reasons.join("; ") }] };
}

/** Plugin-provided variables use the `loose_` prefix: they exist only once the plugin is loaded, and the
 * data-directory initialisation reads this file without loading plugins. */
function pluginVar(name: string, builtIn: boolean): string {
    return builtIn ? name : `loose_${name}`;
}

function semisync(plan: ClusterPlan, inst: InstancePlan, d: Dialect): Section {
    const s = plan.semisync ?? { waitForReplicaCount: 1, timeoutMs: 4294967295 };
    const builtIn = d.semisyncPlugins.length === 0;
    const v = (name: string) => pluginVar(name, builtIn);
    const isPrimary = inst.role === "primary";
    const section: Section = { title: "semi-synchronous replication", notes: [], entries: [] };
    if (!builtIn) section.notes.push("loose_ prefix: the variables appear when the plugin loads; the data-directory initialisation reads this file without plugins");
    section.entries.push(
        { key: v(d.semisyncSourceEnabled), value: isPrimary, why: isPrimary ? "the primary waits for replica acknowledgements before a commit returns" : "source side off on replicas (switched on for the primary role only)" },
        { key: v(d.semisyncReplicaEnabled), value: !isPrimary, why: isPrimary ? "the primary does not acknowledge to anyone" : "this replica acknowledges received transactions to its source" },
        { key: v(d.semisyncWaitPoint), value: "AFTER_SYNC", why: "lossless semi-sync: wait for the acknowledgement before the commit becomes visible, so no client reads a transaction a failover could lose (seed 002)" },
        { key: v(d.semisyncTimeout), value: s.timeoutMs, why: `wait up to ${s.timeoutMs} ms before degrading to asynchronous replication (default: the maximum, never degrade silently, seed 002)` },
        { key: v(d.semisyncWaitNoReplica), value: "ON", why: "keep waiting even when fewer replicas than required are connected, instead of switching to asynchronous" },
    );
    if (d.semisyncWaitForReplicaCount) {
        section.entries.push({ key: v(d.semisyncWaitForReplicaCount), value: s.waitForReplicaCount, why: `a commit waits for ${s.waitForReplicaCount} replica acknowledgement(s) (semisync.waitForReplicaCount)` });
    } else if (s.waitForReplicaCount !== 1) {
        section.notes.push(`WARNING: ${inst.flavor} ${inst.version} always waits for exactly one acknowledgement; semisync.waitForReplicaCount=${s.waitForReplicaCount} cannot be honoured (MariaDB KB 'Semisynchronous Replication').`);
    } else {
        section.notes.push(`${inst.flavor} waits for exactly one acknowledgement (no wait-count variable), which matches semisync.waitForReplicaCount=1`);
    }
    return section;
}

function group(plan: ClusterPlan, inst: InstancePlan, d: Dialect, extras: RenderExtras): Section {
    const section: Section = { title: "Group Replication (single primary)", notes: [], entries: [] };
    if (!d.groupReplication) {
        section.notes.push(`WARNING: ${inst.flavor} ${inst.version} has no Group Replication (MySQL/Percona 5.7.17+ only, mysql-compat §2); nothing is rendered for mode 'group' and the policy pack rejects this plan.`);
        return section;
    }
    if (!extras.groupName) throw new Error(`cluster ${plan.name}: mode 'group' needs extras.groupName (a UUID generated once with @pulumi/random)`);
    const addr = extras.placement?.groupAddress ?? ((i: InstancePlan) => `${i.host}:${GROUP_PORT}`);
    const seeds = plan.instances.filter((i) => i.state === "online").map(addr);
    const v = (name: string) => `loose_${name}`;
    section.notes.push("loose_ prefix: the variables appear when the plugin loads; the data-directory initialisation reads this file without plugins");
    section.entries.push(
        { key: v("group_replication_group_name"), value: extras.groupName, why: "the group's UUID, generated once for the cluster" },
        { key: v("group_replication_start_on_boot"), value: false, why: "Myriad's post-start step decides whether to bootstrap or join" },
        { key: v("group_replication_bootstrap_group"), value: false, why: "never bootstrap implicitly (a second bootstrap splits the group); the post-start step bootstraps once" },
        { key: v("group_replication_single_primary_mode"), value: true, why: "single-primary group: one writer, elected by the group" },
        { key: v("group_replication_enforce_update_everywhere_checks"), value: false, why: "required OFF in single-primary mode" },
        { key: v("group_replication_group_seeds"), value: seeds.join(","), why: "every online instance's group communication address" },
    );
    // MySQL manual §20.6.4 "Group Replication IP Address Permissions": without an explicit allowlist XCom admits
    // only the host's private subnets with each interface's mask applied. Pod interfaces are often /32 or a
    // per-node /24, so members on other nodes would be refused. Host names are accepted from 8.0.4; the variable
    // is group_replication_ip_allowlist from 8.0.22 (WL#14175), group_replication_ip_whitelist before.
    const version = parseVersion(inst.version);
    if (version && compareVersions(version, { major: 8, minor: 0, patch: 4 }) >= 0) {
        const hosts = [...new Set(seeds.map((a) => a.slice(0, a.lastIndexOf(":"))))];
        const allowName = compareVersions(version, { major: 8, minor: 0, patch: 22 }) >= 0 ? "group_replication_ip_allowlist" : "group_replication_ip_whitelist";
        section.entries.push({ key: v(allowName), value: [...hosts, "127.0.0.1"].join(","), why: "admit every member by DNS name: the automatic allowlist covers only this pod's own subnet (manual §20.6.4)" });
    } else {
        section.notes.push(`no IP allowlist is rendered: ${inst.version} accepts only addresses, and pod addresses are not stable; the automatic allowlist (this host's private subnets) applies (manual §20.6.4)`);
    }
    if (d.groupMemberWeight) {
        section.entries.push({ key: v("group_replication_member_weight"), value: inst.weight, why: `template '${inst.template}' weight for primary election (after lowest version, mysql-compat §2.4)` });
    } else {
        section.notes.push(`group_replication_member_weight is not rendered: ${inst.version} has none (5.7.20+ / 8.0.2+, mysql-compat §2.4)`);
    }
    if (d.groupConsistency) {
        const consistency = plan.group?.consistency ?? "BEFORE_ON_PRIMARY_FAILOVER";
        section.entries.push({ key: v("group_replication_consistency"), value: consistency, why: "consistency guarantee (BEFORE_ON_PRIMARY_FAILOVER keeps a new primary from serving stale data, seed 003)" });
    } else {
        section.notes.push(`group_replication_consistency is not rendered: it needs 8.0.14+ (mysql-compat §2.5); ${inst.version} behaves as EVENTUAL`);
    }
    if (d.groupRecoveryGetPublicKey) {
        section.entries.push({ key: v("group_replication_recovery_get_public_key"), value: true, why: "distributed recovery authenticates the caching_sha2 replication account without TLS (mysql-compat §3)" });
    }
    if (d.groupNeedsWriteSetExtraction) {
        section.entries.push({ key: "transaction_write_set_extraction", value: "XXHASH64", why: "Group Replication certifies write sets; 5.7 defaults to OFF (mysql-compat §4.2)" });
    }
    if (d.groupNeedsChecksumNone) {
        section.entries.push({ key: "binlog_checksum", value: "NONE", why: "Group Replication before 8.0.21 does not support binary log checksums (WL#9038)" });
    }
    return section;
}

function renderSection(s: Section): string[] {
    if (s.entries.length === 0 && s.notes.length === 0) return [];
    const lines = ["", `# --- ${s.title} ---`];
    for (const n of s.notes) lines.push(`# ${n}`);
    for (const e of s.entries) {
        lines.push(`# ${e.why}`);
        lines.push(`${e.key} = ${fmt(e.value)}`);
    }
    return lines;
}

/**
 * The `[mysqld]` option file of `inst`'s template and role: byte-identical for every instance of that template and
 * role (the per-instance settings are `instanceServerArgs`, on the command line). `extras.groupName` is required in `group` mode; `extras.placement`
 * moves the instance outside Kubernetes (local runner). User overrides (`inst.config`, canonical keys) come
 * last, sorted by key; an override of a default Myriad renders (for example `sync_binlog`) replaces it.
 */
export function renderMyCnf(plan: ClusterPlan, inst: InstancePlan, extras: RenderExtras = {}): string {
    const d = dialectFor(inst.flavor, inst.version);
    const datadir = extras.placement?.datadir ?? DATA_DIR;
    const placement = {
        port: extras.placement?.port ?? MYSQL_PORT,
        datadir,
        socket: extras.placement?.socket ?? SOCKET_PATH,
        bindAddress: extras.placement?.bindAddress ?? d.bindAll,
        groupMode: plan.mode === "group" && d.groupReplication,
    };
    const sections: Section[] = [
        identity(inst, placement),
        binlog(d),
        replicaSafety(d),
        durability(),
        role(plan, inst, d),
        authentication(plan, inst, d),
        plugins(plan, inst, d),
    ];
    if (plan.mode === "semisync") sections.push(semisync(plan, inst, d));
    if (plan.mode === "group") sections.push(group(plan, inst, d, extras));

    // User overrides: replace a default of ours with the same key, then list them last, sorted.
    const overrides = Object.keys(inst.config).sort();
    const replaced: string[] = [];
    for (const s of sections) {
        s.entries = s.entries.filter((e) => {
            if (overrides.includes(e.key)) {
                replaced.push(`${e.key} (Myriad default ${fmt(e.value)})`);
                return false;
            }
            return true;
        });
    }

    const source = sourceOf(plan, inst);
    const head = [
        `# my.cnf of template ${inst.template}, role ${inst.role} (cluster ${plan.name}), rendered by Myriad; do not edit.`,
        `# ${inst.flavor} ${inst.version}, image ${inst.image}; mode ${plan.mode}; role ${plan.mode === "group" ? "group member" : inst.role}` +
        (source ? `, replicating from ${source.name}` : ""),
        "# Versioned names follow ../shared/research/mysql-compat.md (see docs/configuration-rendering.md).",
    ];
    const unsupported = unsupportedReason(inst.flavor, inst.version);
    if (unsupported) head.push(`# WARNING: ${unsupported}.`);

    const lines = [...head, "[mysqld]"];
    for (const s of sections) lines.push(...renderSection(s));
    if (overrides.length > 0) {
        lines.push("", `# --- overrides from template '${inst.template}' (merged last, sorted) ---`);
        if (replaced.length > 0) lines.push(`# replacing: ${replaced.sort().join(", ")}`);
        for (const k of overrides) lines.push(`${k} = ${fmt(inst.config[k])}`);
    }
    return lines.join("\n") + "\n";
}
