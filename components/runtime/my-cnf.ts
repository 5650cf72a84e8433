/**
 * Renders the `[mysqld]` option file of one instance for its exact flavour, version, role and replication
 * mode. Pure and deterministic: the same plan gives byte-identical output, sections in a fixed order and
 * user overrides sorted by key. What is rendered is the data of ../mysqld/server-settings.ts (`FORCED`, `DEFAULTS`);
 * this module places it (`LAYOUT`: sections, order, notes) and writes it with the one option-file writer
 * (../mysqld/option-file.ts). Every setting is preceded by a comment saying why it is there; the version-dependent names
 * come from `dialectFor` (one table, see ../mysqld/dialect.ts).
 *
 * What is NOT done here: refusing managed keys (the planner does it) and judging whether a user override
 * exists in this version (the policy pack's `mysql-config-valid-for-version`).
 */
import { replicationAuth } from "../compat/authentication";
import { unsupportedReason } from "../compat/support";
import type { ClusterPlan, InstancePlan } from "../planner/types";
import { dialectFor, type Dialect } from "../mysqld/dialect";
import {
    canonicalOption,
    formatOptionScalar,
    isOptionName,
    isPrintableLine,
    writeOptionFile,
    type OptionFileLine,
} from "../mysqld/option-file";
import {
    allowlistByName,
    FORCED,
    renderSetting,
    semisyncOf,
    type ForcedId,
    type ForcedSetting,
    type RenderedSetting,
    type ResolvedPlacement,
    type SettingContext,
    type SettingId,
} from "../mysqld/server-settings";
import { DATA_DIR, GROUP_PORT, MYSQL_PORT, SOCKET_PATH } from "./contract";

export { BINLOG_RETENTION_SECONDS } from "../mysqld/server-settings";
// The runtime contract's ports and paths, defined in ./contract.ts.
export { DATA_DIR, GROUP_PORT, MYSQL_PORT, SOCKET_PATH } from "./contract";

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
 * The replication account's authentication decision for a cluster (docs/compatibility.md#authentication): computed against the
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
        plan.instances
            .filter((i) => i.ordinal !== primary.ordinal)
            .map((i) => ({ flavor: i.flavor, version: i.version, label: `${i.name} (${i.flavor} ${i.version})` })),
    );
    replicationAuthCache.set(plan, auth);
    return auth;
}

const replicationAuthCache = new WeakMap<ClusterPlan, ReturnType<typeof replicationAuth>>();

/** The full placement of `inst`: `placement` over the Kubernetes runtime contract. */
function resolvePlacement(inst: InstancePlan, d: Dialect, placement: Placement = {}): ResolvedPlacement {
    return {
        host: placement.host ?? inst.host,
        port: placement.port ?? MYSQL_PORT,
        datadir: placement.datadir ?? DATA_DIR,
        socket: placement.socket ?? SOCKET_PATH,
        bindAddress: placement.bindAddress ?? d.bindAll,
        groupAddress: placement.groupAddress ?? ((i: InstancePlan) => `${i.host}:${GROUP_PORT}`),
    };
}

/** The context the settings of `inst` are computed in. */
export function settingContext(plan: ClusterPlan, inst: InstancePlan, extras: RenderExtras = {}): SettingContext {
    const dialect = dialectFor(inst.flavor, inst.version);
    return {
        plan,
        inst,
        dialect,
        place: resolvePlacement(inst, dialect, extras.placement),
        groupName: extras.groupName,
        replicationAuth: () => clusterReplicationAuth(plan),
    };
}

/**
 * The settings that differ between instances of one template and role: `server_id`, `report_host` and, in group
 * mode, `group_replication_local_address` (the `command-line` entries of `FORCED`). They are given to mysqld as
 * command-line options (see `instanceServerArgs`), so that every instance of a template and role shares one
 * rendered my.cnf (one ConfigMap, docs/configuration-rendering.md). Each value is a literal in the instance's
 * StatefulSet, readable by the policy pack before deploy: nothing is derived at container start (server_ids
 * derived at start from pod ordinals repeat across templates).
 */
export interface InstanceServerOption {
    /** Canonical option name (underscores), as in an option file. */
    key: string;
    value: string | number;
    why: string;
}

const COMMAND_LINE: readonly ForcedId[] = (Object.keys(FORCED) as ForcedId[]).filter(
    (id) => (FORCED[id] as ForcedSetting).on === "command-line",
);

/** The per-instance server options of `inst` (`placement` moves it outside Kubernetes, as in `renderMyCnf`). */
export function instanceServerOptions(
    plan: ClusterPlan,
    inst: InstancePlan,
    placement: Pick<Placement, "host" | "groupAddress"> = {},
): InstanceServerOption[] {
    const c = settingContext(plan, inst, { placement });
    return COMMAND_LINE.map((id) => renderSetting(id, c))
        .filter((s): s is RenderedSetting => s !== undefined)
        .map((s) => ({ key: s.key, value: s.value as string | number, why: s.why }));
}

/**
 * `instanceServerOptions` as mysqld command-line options (`--server-id=101`, ...), in that order. Each is one
 * argument `--name=value`: a name outside the option-name grammar, or a value with a space or a control
 * character, is refused (it could be read as a second option wherever the arguments are joined into a line).
 */
export function instanceServerArgs(
    plan: ClusterPlan,
    inst: InstancePlan,
    placement: Pick<Placement, "host" | "groupAddress"> = {},
): string[] {
    return instanceServerOptions(plan, inst, placement).map((o) => serverArg(o.key, o.value));
}

/** One mysqld command-line option `--name=value` (`_` written `-`); throws on a name or value that is not one word. */
export function serverArg(key: string, value: string | number): string {
    const text = String(value);
    if (!isOptionName(key)) throw new Error(`mysqld argument: ${JSON.stringify(key)} is not an option name`);
    if (text === "" || /\s/.test(text) || !isPrintableLine(text))
        throw new Error(`mysqld argument --${key}: the value ${JSON.stringify(text)} is empty or holds a space or a control character`);
    return `--${key.replace(/_/g, "-")}=${text}`;
}

// ---- the file's layout: sections in order, each with its settings in order and its notes ----

const LOOSE_NOTE =
    "loose_ prefix: the variables appear when the plugin loads; the data-directory initialisation reads this file without plugins";

interface SectionLayout {
    title: string | ((c: SettingContext) => string);
    /** The section exists in this context (default: always). */
    when?: (c: SettingContext) => boolean;
    notes?: (c: SettingContext) => string[];
    settings: readonly SettingId[];
}

/** Every `FORCED` entry given in the file and every `DEFAULTS` entry appears exactly once (tests/mysqld/server-settings.test.ts). */
export const LAYOUT: readonly SectionLayout[] = [
    {
        title: "identity and network",
        notes: (c) => {
            const perInstance = COMMAND_LINE.filter((id) => renderSetting(id, c)).map((id) => canonicalOption(renderSetting(id, c)!.key));
            return [
                `${perInstance.join(", ")}: per instance, given on each instance's mysqld command line (every instance of template '${c.inst.template}' shares this file)`,
            ];
        },
        settings: ["report_port", "port", "bind_address", "datadir", "socket", "skip_name_resolve"],
    },
    {
        title: "binary log and GTIDs",
        settings: [
            "log_bin",
            "binlog_format",
            "gtid_mode",
            "enforce_gtid_consistency",
            "gtid_strict_mode",
            "gtid_domain_id",
            "log_replica_updates",
            "binlog_expire_logs_seconds",
            "expire_logs_days",
        ],
    },
    {
        title: "crash-safe replication",
        settings: ["relay_log", "relay_log_recovery", "master_info_repository", "relay_log_info_repository", "skip_replica_start"],
    },
    { title: "durability", settings: ["sync_binlog", "innodb_flush_log_at_trx_commit"] },
    {
        title: (c) => `role: ${c.plan.mode === "group" ? "group member" : c.inst.role}`,
        settings: ["read_only", "super_read_only"],
    },
    {
        title: "authentication",
        notes: (c) => {
            const auth = c.replicationAuth();
            if (auth.impossible)
                return [`WARNING: ${auth.impossible}; replication cannot authenticate (the policy pack rejects this mix).`];
            if (auth.plugin === "mysql_native_password") {
                return [
                    `the replication account uses mysql_native_password because ${auth.forcedBy.join(", ")} cannot use caching_sha2_password (docs/compatibility.md#authentication)`,
                ];
            }
            return [];
        },
        settings: ["mysql_native_password"],
    },
    { title: "plugins", settings: ["plugin_load_add"] },
    {
        title: "semi-synchronous replication",
        when: (c) => c.plan.mode === "semisync",
        notes: (c) => {
            const d = c.dialect;
            const notes = d.semisyncPlugins.length > 0 ? [LOOSE_NOTE] : [];
            const s = semisyncOf(c.plan);
            if (d.semisyncWaitForReplicaCount) return notes;
            if (s.waitForReplicaCount !== 1) {
                notes.push(
                    `WARNING: ${c.inst.flavor} ${c.inst.version} always waits for exactly one acknowledgement; semisync.waitForReplicaCount=${s.waitForReplicaCount} cannot be honoured (MariaDB KB 'Semisynchronous Replication').`,
                );
            } else {
                notes.push(
                    `${c.inst.flavor} waits for exactly one acknowledgement (no wait-count variable), which matches semisync.waitForReplicaCount=1`,
                );
            }
            return notes;
        },
        settings: [
            "rpl_semi_sync_source_enabled",
            "rpl_semi_sync_replica_enabled",
            "rpl_semi_sync_source_wait_point",
            "rpl_semi_sync_source_timeout",
            "rpl_semi_sync_source_wait_no_replica",
            "rpl_semi_sync_source_wait_for_replica_count",
        ],
    },
    {
        title: "Group Replication (single primary)",
        when: (c) => c.plan.mode === "group",
        notes: (c) => {
            const d = c.dialect,
                v = c.inst.version;
            if (!d.groupReplication) {
                return [
                    `WARNING: ${c.inst.flavor} ${v} has no Group Replication (MySQL/Percona 5.7.17+ only, docs/compatibility.md#group-replication); nothing is rendered for mode 'group' and the policy pack rejects this plan.`,
                ];
            }
            const notes = [LOOSE_NOTE];
            if (!allowlistByName(c))
                notes.push(
                    `no IP allowlist is rendered: ${v} accepts only addresses, and pod addresses are not stable; the automatic allowlist (this host's private subnets) applies (https://dev.mysql.com/doc/refman/8.0/en/group-replication-ip-address-permissions.html)`,
                );
            if (!d.groupMemberWeight)
                notes.push(
                    `group_replication_member_weight is not rendered: ${v} has none (5.7.20+ / 8.0.2+, docs/compatibility.md#group-replication)`,
                );
            if (!d.groupConsistency)
                notes.push(
                    `group_replication_consistency is not rendered: it needs 8.0.14+ (docs/compatibility.md#group-replication); ${v} behaves as EVENTUAL`,
                );
            return notes;
        },
        settings: [
            "group_replication_group_name",
            "group_replication_start_on_boot",
            "group_replication_bootstrap_group",
            "group_replication_single_primary_mode",
            "group_replication_enforce_update_everywhere_checks",
            "group_replication_group_seeds",
            "group_replication_ip_allowlist",
            "group_replication_ip_whitelist",
            "group_replication_member_weight",
            "group_replication_consistency",
            "group_replication_recovery_get_public_key",
            "transaction_write_set_extraction",
            "binlog_checksum",
        ],
    },
];

interface Section {
    title: string;
    notes: string[];
    entries: RenderedSetting[];
}

/** The settings of `inst`'s option file by section, before user overrides (`kind` says forced or default). */
export function renderedSections(c: SettingContext): Section[] {
    return LAYOUT.filter((l) => !l.when || l.when(c)).map((l) => ({
        title: typeof l.title === "string" ? l.title : l.title(c),
        notes: l.notes ? l.notes(c) : [],
        entries: l.settings.map((id) => renderSetting(id, c)).filter((s): s is RenderedSetting => s !== undefined),
    }));
}

function sectionLines(s: Section): OptionFileLine[] {
    if (s.entries.length === 0 && s.notes.length === 0) return [];
    const lines: OptionFileLine[] = [{ blank: true }, { comment: `--- ${s.title} ---` }, ...s.notes.map((n) => ({ comment: n }))];
    for (const e of s.entries) lines.push({ comment: e.why }, { option: e.key, value: e.value });
    return lines;
}

/**
 * The `[mysqld]` option file of `inst`'s template and role: byte-identical for every instance of that template and
 * role (the per-instance settings are `instanceServerArgs`, on the command line). `extras.groupName` is required in
 * `group` mode; `extras.placement` moves the instance outside Kubernetes (local runner). User overrides
 * (`inst.config`, keys as written in lower case: a user's `loose-` prefix is kept) come last, sorted by key; an
 * override of a default Myriad renders (for example `sync_binlog`, also written `loose-sync-binlog`) replaces it.
 */
export function renderMyCnf(plan: ClusterPlan, inst: InstancePlan, extras: RenderExtras = {}): string {
    const c = settingContext(plan, inst, extras);
    const sections = renderedSections(c);

    // User overrides: replace a default of ours with the same key, then list them last, sorted.
    const overrides = Object.keys(inst.config).sort();
    const overridden = new Set(overrides.map(canonicalOption));
    const replaced: string[] = [];
    for (const s of sections) {
        s.entries = s.entries.filter((e) => {
            if (!overridden.has(canonicalOption(e.key))) return true;
            replaced.push(`${e.key} (Myriad default ${formatOptionScalar(e.value)})`);
            return false;
        });
    }

    const source = sourceOf(plan, inst);
    const lines: OptionFileLine[] = [
        { comment: `my.cnf of template ${inst.template}, role ${inst.role} (cluster ${plan.name}), rendered by Myriad; do not edit.` },
        {
            comment:
                `${inst.flavor} ${inst.version}, image ${inst.image}; mode ${plan.mode}; role ${plan.mode === "group" ? "group member" : inst.role}` +
                (source ? `, replicating from ${source.name}` : ""),
        },
        { comment: "Versioned names follow docs/compatibility.md#renamed-and-removed-settings (see docs/configuration-rendering.md)." },
    ];
    const unsupported = unsupportedReason(inst.flavor, inst.version);
    if (unsupported) lines.push({ comment: `WARNING: ${unsupported}.` });

    lines.push({ group: "mysqld" });
    for (const s of sections) lines.push(...sectionLines(s));
    if (overrides.length > 0) {
        lines.push({ blank: true }, { comment: `--- overrides from template '${inst.template}' (merged last, sorted) ---` });
        if (replaced.length > 0) lines.push({ comment: `replacing: ${replaced.sort().join(", ")}` });
        for (const k of overrides) lines.push({ option: k, value: inst.config[k] });
    }
    return writeOptionFile(lines, { separator: " = " });
}
