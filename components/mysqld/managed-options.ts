/**
 * `[mysqld]` options the component manages itself. A user override of one of them would break identity,
 * replication or the role model, so the planner refuses it as a structural error (issue: "server_id and the
 * other keys the component manages are refused").
 */

/** Canonical option name: lower case, `-` as `_`, without the `loose_` prefix. */
export function canonicalOption(name: string): string {
    return name.trim().toLowerCase().replace(/-/g, "_").replace(/^loose_/, "");
}

/** Why each managed option is managed; the reason is quoted in the error. */
export const MANAGED_OPTIONS: Readonly<Record<string, string>> = {
    server_id: "server_id is allocated as serverIdBase + ordinal so that it is unique by construction",
    report_host: "report_host is the instance's DNS name",
    report_port: "report_port is the instance's port",
    port: "the port is fixed by the pod and the Services",
    bind_address: "the server listens on the pod network",
    datadir: "the data directory is the instance's PersistentVolumeClaim",
    socket: "the socket path is used by the probes",
    gtid_mode: "GTID replication with auto-positioning is required",
    enforce_gtid_consistency: "GTID replication with auto-positioning is required",
    log_bin: "binary logging is required on every instance",
    binlog_format: "row-based binary logs are required",
    log_replica_updates: "replicas log replicated updates so that any instance can become a source",
    log_slave_updates: "replicas log replicated updates so that any instance can become a source",
    read_only: "read_only follows the instance's role",
    super_read_only: "super_read_only follows the instance's role",
    relay_log_recovery: "crash-safe relay logs are required",
    relay_log_info_repository: "crash-safe replication metadata is required",
    master_info_repository: "crash-safe replication metadata is required",
    skip_replica_start: "replication start is controlled by the bootstrap",
    skip_slave_start: "replication start is controlled by the bootstrap",
    plugin_load_add: "plugins are loaded by the component for the replication mode",
    plugin_load: "plugins are loaded by the component for the replication mode",
    gtid_strict_mode: "MariaDB GTID strict mode is required",
    gtid_domain_id: "the GTID domain is managed by the component",
};

/** Option name prefixes the component manages (replication-mode settings). */
export const MANAGED_PREFIXES: readonly string[] = ["rpl_semi_sync_", "group_replication_"];

/** The reason an option is managed, or undefined when users may set it. */
export function managedReason(name: string): string | undefined {
    const key = canonicalOption(name);
    if (MANAGED_OPTIONS[key]) return MANAGED_OPTIONS[key];
    const prefix = MANAGED_PREFIXES.find((p) => key.startsWith(p));
    return prefix ? `${prefix}* settings are rendered from the cluster's mode` : undefined;
}
