/**
 * Whether a `[mysqld]` setting exists in a given server version: removed, renamed-away, not yet added,
 * deprecated, or not part of the flavour. The rows are explained in docs/compatibility.md#renamed-and-removed-settings;
 * each cites the vendor page it comes from (A: the MySQL 8.0 manual's added/deprecated/removed list, B: the MySQL
 * Server Version Reference, C: the MySQL 9.5 manual's list, F: a secondary source where no manual page lists it).
 *
 * The dialect table (components/mysqld/dialect.ts) decides which spelling the renderers write; this table
 * judges what users (template `config`, hand-written my.cnf or container args) put in. Names are canonical:
 * lower case, `-` as `_`, no `loose_` prefix (`canonicalOption`).
 *
 * Unknown names are judged against a curated catalogue of common server options (not every option of every
 * version): an unknown name is a warning, never an error, and the policy lets teams add their own names.
 */
import type { Flavor } from "../spec/types";
import { canonicalOption, managedReason } from "../mysqld/managed-options";
import { compareVersions, formatVersion, mustParseVersion, type ServerVersion } from "../versions/version";

/** Which servers a row is about. */
export type FlavorFamily = "mysql" | "mariadb";

/** One fact about one or more settings. */
export interface SettingRow {
    /** Canonical names, or prefixes ending in `*` (`rpl_semi_sync_master_*`). */
    names: readonly string[];
    family: FlavorFamily;
    /** First version that has the setting. */
    addedIn?: string;
    deprecatedIn?: string;
    removedIn?: string;
    /** The setting does not exist in this family at all. */
    absent?: boolean;
    /** What to use instead (a name, or a short instruction). */
    replacement?: string;
    /** Source: the vendor page(s) (A, B, C) or the secondary source (F) the row comes from. */
    cite: string;
}

const A =
    "MySQL 8.0 manual 'Server and Status Variables and Options Added, Deprecated, or Removed in MySQL 8.0' (https://dev.mysql.com/doc/refman/8.0/en/added-deprecated-removed.html)";
const B = "MySQL Server Version Reference (https://dev.mysql.com/doc/mysqld-version-reference/en/optvar-changes-8-4.html)";
const C = "MySQL 9.5 manual 'Added, Deprecated, or Removed' (https://dev.mysql.com/doc/refman/9.5/en/added-deprecated-removed.html)";
const F =
    "secondary source only: the 8.3 'Features Removed' notes (https://dev.mysql.com/doc/relnotes/mysql/8.3/en/news-8-3-0.html); absent from the 9.5 manual";
const A_DIRECT = "MySQL 8.0 manual 'Features Removed in MySQL 8.0' (https://dev.mysql.com/doc/refman/8.0/en/mysql-nutshell.html)";

/** The 8.0.26 renames of `slave`/`master` variables (docs/compatibility.md#renamed-and-removed-settings row "skip_slave_start, …"). */
const RENAMES_8026: readonly (readonly [string, string])[] = [
    ["skip_slave_start", "skip_replica_start"],
    ["slave_parallel_workers", "replica_parallel_workers"],
    ["slave_preserve_commit_order", "replica_preserve_commit_order"],
    ["slave_net_timeout", "replica_net_timeout"],
    ["slave_skip_errors", "replica_skip_errors"],
    ["sql_slave_skip_counter", "sql_replica_skip_counter"],
    ["init_slave", "init_replica"],
    ["slave_max_allowed_packet", "replica_max_allowed_packet"],
    ["slave_exec_mode", "replica_exec_mode"],
    ["slave_type_conversions", "replica_type_conversions"],
    ["master_verify_checksum", "source_verify_checksum"],
    ["sync_master_info", "sync_source_info"],
    ["rpl_stop_slave_timeout", "rpl_stop_replica_timeout"],
    ["log_slow_slave_statements", "log_slow_replica_statements"],
    ["show_slave_auth_info", "show_replica_auth_info"],
    ["slave_checkpoint_group", "replica_checkpoint_group"],
    ["slave_checkpoint_period", "replica_checkpoint_period"],
    ["slave_load_tmpdir", "replica_load_tmpdir"],
    ["slave_pending_jobs_size_max", "replica_pending_jobs_size_max"],
    ["slave_sql_verify_checksum", "replica_sql_verify_checksum"],
    ["slave_transaction_retries", "replica_transaction_retries"],
];

/** THE table of settings that changed across versions. */
export const SETTING_ROWS: readonly SettingRow[] = [
    {
        names: ["log_slave_updates"],
        family: "mysql",
        deprecatedIn: "8.0.26",
        replacement: "log_replica_updates",
        cite: `${A}; still an alias in 9.5 (${C})`,
    },
    { names: ["log_replica_updates"], family: "mysql", addedIn: "8.0.26", replacement: "log_slave_updates", cite: A },
    ...RENAMES_8026.map(([old, neu]): SettingRow => ({ names: [old], family: "mysql", deprecatedIn: "8.0.26", replacement: neu, cite: A })),
    ...RENAMES_8026.map(([old, neu]): SettingRow => ({ names: [neu], family: "mysql", addedIn: "8.0.26", replacement: old, cite: A })),
    {
        names: ["slave_parallel_type"],
        family: "mysql",
        deprecatedIn: "8.0.26",
        removedIn: "9.5.0",
        replacement: "nothing: the setting is gone (LOGICAL_CLOCK is the only behaviour)",
        cite: `${A}; ${C}`,
    },
    {
        names: ["replica_parallel_type"],
        family: "mysql",
        addedIn: "8.0.26",
        deprecatedIn: "8.0.29",
        removedIn: "9.5.0",
        replacement: "nothing: the setting is gone (LOGICAL_CLOCK is the only behaviour)",
        cite: `${A}; ${C}`,
    },
    {
        names: ["rpl_semi_sync_master_*", "rpl_semi_sync_slave_*"],
        family: "mysql",
        deprecatedIn: "8.0.26",
        removedIn: "9.5.0",
        replacement: "the rpl_semi_sync_source_* / rpl_semi_sync_replica_* settings of the semisync_source/semisync_replica plugins",
        cite: `${A}; ${C}; https://dev.mysql.com/doc/refman/8.0/en/replication-semisync.html`,
    },
    {
        names: ["rpl_semi_sync_source_*", "rpl_semi_sync_replica_*"],
        family: "mysql",
        addedIn: "8.0.26",
        replacement: "rpl_semi_sync_master_* / rpl_semi_sync_slave_*",
        cite: `${A}; https://dev.mysql.com/doc/refman/8.0/en/replication-semisync.html`,
    },
    {
        names: ["master_info_repository", "relay_log_info_repository"],
        family: "mysql",
        deprecatedIn: "8.0.23",
        removedIn: "8.3.0",
        replacement: "nothing: replication metadata is always stored in tables",
        cite: `${A}; ${F}`,
    },
    {
        names: ["master_info_file", "relay_log_info_file"],
        family: "mysql",
        removedIn: "8.3.0",
        replacement: "nothing: replication metadata is always stored in tables",
        cite: F,
    },
    {
        names: ["transaction_write_set_extraction"],
        family: "mysql",
        deprecatedIn: "8.0.26",
        removedIn: "8.3.0",
        replacement: "nothing: XXHASH64 is always used",
        cite: `${A}; ${F}`,
    },
    {
        names: ["binlog_transaction_dependency_tracking"],
        family: "mysql",
        deprecatedIn: "8.0.35",
        removedIn: "8.4.0",
        replacement: "nothing: WRITESET tracking is internal",
        cite: `${A}; ${B}`,
    },
    { names: ["log_bin_use_v1_row_events"], family: "mysql", deprecatedIn: "8.0.18", removedIn: "8.3.0", cite: `${A}; ${F}` },
    {
        names: ["slave_rows_search_algorithms"],
        family: "mysql",
        deprecatedIn: "8.0.18",
        removedIn: "8.3.0",
        replacement: "nothing: INDEX_SCAN,HASH_SCAN is always used",
        cite: `${A}; ${F}`,
    },
    { names: ["binlog_format"], family: "mysql", deprecatedIn: "8.0.34", replacement: "leave the default (ROW)", cite: A },
    {
        names: ["expire_logs_days"],
        family: "mysql",
        deprecatedIn: "8.0.3",
        removedIn: "8.2.0",
        replacement: "binlog_expire_logs_seconds",
        cite: `${A}; ${B}`,
    },
    { names: ["binlog_expire_logs_seconds"], family: "mysql", addedIn: "8.0.1", replacement: "expire_logs_days", cite: A },
    {
        names: ["binlog_expire_logs_seconds"],
        family: "mariadb",
        addedIn: "10.6.1",
        replacement: "expire_logs_days",
        cite: "MariaDB 10.6.1 release notes (MDEV-19371, https://mariadb.com/kb/en/mariadb-1061-release-notes/)",
    },
    {
        names: ["query_cache_type", "query_cache_size", "query_cache_limit", "query_cache_min_res_unit", "query_cache_wlock_invalidate"],
        family: "mysql",
        removedIn: "8.0.3",
        replacement: "nothing: the query cache is gone (cache in the application or use ProxySQL)",
        cite: A,
    },
    {
        names: ["default_authentication_plugin"],
        family: "mysql",
        deprecatedIn: "8.0.27",
        removedIn: "8.4.0",
        replacement: "authentication_policy",
        cite: `${A}; ${B}`,
    },
    {
        names: ["authentication_policy"],
        family: "mysql",
        addedIn: "8.0.27",
        replacement: "default_authentication_plugin",
        cite: "MySQL 8.0 manual authentication_policy (https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html)",
    },
    {
        names: ["mysql_native_password"],
        family: "mysql",
        addedIn: "8.4.0",
        removedIn: "9.0.0",
        replacement: "caching_sha2_password accounts (the native plugin is gone in 9.0)",
        cite: "MySQL 8.4 manual 'Native Pluggable Authentication' (https://dev.mysql.com/doc/refman/8.4/en/native-pluggable-authentication.html)",
    },
    {
        names: ["have_ssl", "have_openssl"],
        family: "mysql",
        removedIn: "8.4.0",
        cite: `${B}; MySQL 8.4 release notes (https://dev.mysql.com/doc/relnotes/mysql/8.4/en/news-8-4-0.html)`,
    },
    {
        names: ["group_replication_ip_whitelist"],
        family: "mysql",
        deprecatedIn: "8.0.22",
        removedIn: "8.3.0",
        replacement: "group_replication_ip_allowlist",
        cite: `${A}; ${B}`,
    },
    {
        names: ["group_replication_ip_allowlist"],
        family: "mysql",
        addedIn: "8.0.22",
        replacement: "group_replication_ip_whitelist",
        cite: A,
    },
    {
        names: ["group_replication_primary_member"],
        family: "mysql",
        removedIn: "8.3.0",
        replacement: "performance_schema.replication_group_members (MEMBER_ROLE)",
        cite: `${A}; ${B}`,
    },
    { names: ["group_replication_recovery_complete_at"], family: "mysql", deprecatedIn: "8.0.34", removedIn: "8.4.0", cite: `${A}; ${B}` },
    {
        names: ["group_replication_allow_local_lower_version_join"],
        family: "mysql",
        deprecatedIn: "8.4.0",
        removedIn: "9.5.0",
        replacement: "nothing: upgrade the joiner instead (docs/compatibility.md#group-replication)",
        cite: `${B}; ${C}`,
    },
    { names: ["group_replication_view_change_uuid"], family: "mysql", addedIn: "8.0.26", deprecatedIn: "8.3.0", cite: `${A}; ${B}` },
    {
        names: ["group_replication_consistency"],
        family: "mysql",
        addedIn: "8.0.14",
        cite: "MySQL 8.0 manual 'Combining Different Member Versions in a Group' (https://dev.mysql.com/doc/refman/8.0/en/group-replication-online-upgrade-combining-versions.html)",
    },
    { names: ["terminology_use_previous"], family: "mysql", addedIn: "8.0.26", cite: A },
    {
        names: ["super_read_only"],
        family: "mysql",
        addedIn: "5.7.8",
        cite: "MySQL 5.7 manual super_read_only (https://dev.mysql.com/doc/refman/5.7/en/server-system-variables.html#sysvar_super_read_only)",
    },
    { names: ["tx_isolation"], family: "mysql", removedIn: "8.0.3", replacement: "transaction_isolation", cite: A_DIRECT },
    { names: ["tx_read_only"], family: "mysql", removedIn: "8.0.3", replacement: "transaction_read_only", cite: A_DIRECT },
    { names: ["log_warnings"], family: "mysql", removedIn: "8.0.3", replacement: "log_error_verbosity", cite: A_DIRECT },
    {
        names: ["innodb_file_format", "innodb_file_format_check", "innodb_file_format_max", "innodb_large_prefix"],
        family: "mysql",
        removedIn: "8.0.0",
        replacement: "nothing: Barracuda and large prefixes are always on",
        cite: A_DIRECT,
    },
    // MariaDB (docs/compatibility.md#mariadb): no super_read_only, no MySQL GTID variables, no Group Replication.
    {
        names: ["super_read_only"],
        family: "mariadb",
        absent: true,
        replacement: "read_only (MariaDB has no super_read_only)",
        cite: "MariaDB KB read_only (https://mariadb.com/kb/en/server-system-variables/#read_only)",
    },
    {
        names: ["gtid_mode", "enforce_gtid_consistency"],
        family: "mariadb",
        absent: true,
        replacement: "gtid_strict_mode and gtid_domain_id (MariaDB GTIDs)",
        cite: "MariaDB KB Global Transaction ID (https://mariadb.com/docs/server/ha-and-performance/standard-replication/gtid)",
    },
    {
        names: ["group_replication_*"],
        family: "mariadb",
        absent: true,
        replacement: "Galera (MariaDB has no Group Replication)",
        cite: "MySQL 5.7 manual 'Group Replication Requirements' (Group Replication needs MySQL/Percona 5.7.17+, https://dev.mysql.com/doc/refman/5.7/en/group-replication-requirements.html)",
    },
];

/**
 * Common server options that exist (in at least the versions where the table above does not say otherwise)
 * in MySQL 5.7/8.x and MariaDB. Not exhaustive: an unknown name is only a warning. Names that differ by family
 * are listed in the family sets below.
 */
export const KNOWN_SETTINGS: ReadonlySet<string> = new Set([
    // InnoDB
    "innodb_buffer_pool_size",
    "innodb_buffer_pool_instances",
    "innodb_buffer_pool_chunk_size",
    "innodb_log_file_size",
    "innodb_log_files_in_group",
    "innodb_log_buffer_size",
    "innodb_flush_log_at_trx_commit",
    "innodb_flush_log_at_timeout",
    "innodb_flush_method",
    "innodb_io_capacity",
    "innodb_io_capacity_max",
    "innodb_file_per_table",
    "innodb_read_io_threads",
    "innodb_write_io_threads",
    "innodb_thread_concurrency",
    "innodb_lock_wait_timeout",
    "innodb_print_all_deadlocks",
    "innodb_autoinc_lock_mode",
    "innodb_doublewrite",
    "innodb_adaptive_hash_index",
    "innodb_buffer_pool_dump_at_shutdown",
    "innodb_buffer_pool_load_at_startup",
    "innodb_buffer_pool_dump_pct",
    "innodb_flush_neighbors",
    "innodb_purge_threads",
    "innodb_page_cleaners",
    "innodb_open_files",
    "innodb_stats_persistent",
    "innodb_stats_on_metadata",
    "innodb_strict_mode",
    "innodb_temp_data_file_path",
    "innodb_data_file_path",
    "innodb_data_home_dir",
    "innodb_undo_tablespaces",
    "innodb_undo_directory",
    "innodb_rollback_on_timeout",
    "innodb_sort_buffer_size",
    "innodb_online_alter_log_max_size",
    "innodb_change_buffering",
    "innodb_change_buffer_max_size",
    "innodb_numa_interleave",
    "innodb_use_native_aio",
    "innodb_deadlock_detect",
    "innodb_default_row_format",
    "innodb_max_dirty_pages_pct",
    "innodb_max_dirty_pages_pct_lwm",
    "innodb_lru_scan_depth",
    "innodb_monitor_enable",
    "innodb_status_output",
    "innodb_status_output_locks",
    "innodb_max_undo_log_size",
    "innodb_undo_log_truncate",
    "innodb_fast_shutdown",
    "innodb_force_recovery",
    "innodb_checksum_algorithm",
    "innodb_compression_level",
    "innodb_log_group_home_dir",
    "innodb_old_blocks_time",
    "innodb_old_blocks_pct",
    "innodb_read_ahead_threshold",
    "innodb_random_read_ahead",
    "innodb_spin_wait_delay",
    "innodb_sync_spin_loops",
    "innodb_table_locks",
    "innodb_ft_min_token_size",
    "innodb_ft_max_token_size",
    "innodb_ft_enable_stopword",
    "innodb_print_ddl_logs",
    "innodb_adaptive_flushing",
    "innodb_adaptive_flushing_lwm",
    "innodb_flushing_avg_loops",
    // connections, buffers, timeouts
    "max_connections",
    "max_connect_errors",
    "max_user_connections",
    "max_allowed_packet",
    "max_heap_table_size",
    "tmp_table_size",
    "table_open_cache",
    "table_open_cache_instances",
    "table_definition_cache",
    "thread_cache_size",
    "thread_stack",
    "open_files_limit",
    "sort_buffer_size",
    "join_buffer_size",
    "read_buffer_size",
    "read_rnd_buffer_size",
    "key_buffer_size",
    "bulk_insert_buffer_size",
    "back_log",
    "wait_timeout",
    "interactive_timeout",
    "net_read_timeout",
    "net_write_timeout",
    "net_retry_count",
    "net_buffer_length",
    "connect_timeout",
    "lock_wait_timeout",
    "max_prepared_stmt_count",
    "max_sp_recursion_depth",
    "max_execution_time",
    "max_join_size",
    "max_seeks_for_key",
    "max_write_lock_count",
    "host_cache_size",
    "group_concat_max_len",
    "ft_min_word_len",
    "ft_max_word_len",
    "myisam_sort_buffer_size",
    "myisam_recover_options",
    "concurrent_insert",
    "delay_key_write",
    "preload_buffer_size",
    "range_alloc_block_size",
    "query_alloc_block_size",
    "query_prealloc_size",
    "transaction_alloc_block_size",
    "transaction_prealloc_size",
    "stored_program_cache",
    "table_open_cache_triggers",
    "metadata_locks_cache_size",
    "eq_range_index_dive_limit",
    // logging
    "long_query_time",
    "slow_query_log",
    "slow_query_log_file",
    "log_queries_not_using_indexes",
    "log_slow_admin_statements",
    "log_throttle_queries_not_using_indexes",
    "min_examined_row_limit",
    "general_log",
    "general_log_file",
    "log_error",
    "log_error_verbosity",
    "log_timestamps",
    "log_output",
    "log_bin_trust_function_creators",
    "log_error_services",
    // character sets, SQL behaviour
    "character_set_server",
    "collation_server",
    "character_set_client_handshake",
    "init_connect",
    "init_file",
    "skip_name_resolve",
    "sql_mode",
    "default_time_zone",
    "lower_case_table_names",
    "explicit_defaults_for_timestamp",
    "transaction_isolation",
    "transaction_read_only",
    "event_scheduler",
    "local_infile",
    "secure_file_priv",
    "autocommit",
    "big_tables",
    "default_storage_engine",
    "default_tmp_storage_engine",
    "disabled_storage_engines",
    "optimizer_switch",
    "optimizer_search_depth",
    "optimizer_prune_level",
    "cte_max_recursion_depth",
    "information_schema_stats_expiry",
    "div_precision_increment",
    "default_week_format",
    "old_alter_table",
    "skip_external_locking",
    "skip_symbolic_links",
    "symbolic_links",
    "temptable_max_ram",
    "internal_tmp_mem_storage_engine",
    "character_sets_dir",
    "language",
    "lc_messages",
    "lc_messages_dir",
    "lc_time_names",
    "sql_require_primary_key",
    "sql_generate_invisible_primary_key",
    // binary log and replication (user-tunable ones; identity settings are managed)
    "max_binlog_size",
    "max_binlog_cache_size",
    "binlog_cache_size",
    "binlog_stmt_cache_size",
    "binlog_row_image",
    "binlog_rows_query_log_events",
    "binlog_checksum",
    "binlog_order_commits",
    "binlog_group_commit_sync_delay",
    "binlog_group_commit_sync_no_delay_count",
    "binlog_row_value_options",
    "binlog_transaction_compression",
    "binlog_transaction_compression_level_zstd",
    "binlog_encryption",
    "binlog_row_metadata",
    "binlog_error_action",
    "sync_binlog",
    "sync_relay_log",
    "sync_relay_log_info",
    "relay_log",
    "relay_log_index",
    "relay_log_purge",
    "relay_log_space_limit",
    "max_relay_log_size",
    "log_bin_basename",
    "log_bin_index",
    "binlog_gtid_simple_recovery",
    "gtid_executed_compression_period",
    "replicate_do_db",
    "replicate_ignore_db",
    "replicate_do_table",
    "replicate_ignore_table",
    "replicate_wild_do_table",
    "replicate_wild_ignore_table",
    "replicate_rewrite_db",
    "replicate_same_server_id",
    "binlog_do_db",
    "binlog_ignore_db",
    "auto_increment_increment",
    "auto_increment_offset",
    "server_id_bits",
    "skip_log_bin",
    "disable_log_bin",
    "log_statements_unsafe_for_binlog",
    "binlog_direct_non_transactional_updates",
    "slave_compressed_protocol",
    "replica_compressed_protocol",
    // security, TLS, accounts
    "require_secure_transport",
    "ssl_ca",
    "ssl_capath",
    "ssl_cert",
    "ssl_key",
    "ssl_cipher",
    "ssl_crl",
    "tls_version",
    "tls_ciphersuites",
    "default_password_lifetime",
    "password_history",
    "password_reuse_interval",
    "password_require_current",
    "activate_all_roles_on_login",
    "mandatory_roles",
    "partial_revokes",
    "auto_generate_certs",
    "skip_grant_tables",
    "caching_sha2_password_auto_generate_rsa_keys",
    "caching_sha2_password_private_key_path",
    "caching_sha2_password_public_key_path",
    "sha256_password_auto_generate_rsa_keys",
    "generated_random_password_length",
    "admin_address",
    "admin_port",
    "create_admin_listener_thread",
    "plugin_dir",
    "early_plugin_load",
    "keyring_file_data",
    "automatic_sp_privileges",
    "block_encryption_mode",
    "local_infile",
    "secure_log_path",
    // X plugin, performance schema, misc
    "mysqlx",
    "mysqlx_port",
    "mysqlx_bind_address",
    "mysqlx_socket",
    "skip_mysqlx",
    "performance_schema",
    "pid_file",
    "tmpdir",
    "user",
    "core_file",
    "thread_handling",
    "thread_pool_size",
    "flush_time",
    "innodb_dedicated_server",
    "innodb_redo_log_capacity",
    "innodb_log_writer_threads",
    "innodb_parallel_read_threads",
    "innodb_ddl_threads",
    "innodb_ddl_buffer_size",
    "clone_autotune_concurrency",
    "clone_buffer_size",
    "clone_ddl_timeout",
    "clone_max_concurrency",
    "clone_valid_donor_list",
    "clone_enable_compression",
    "replication_optimize_for_static_plugin_config",
    "replication_sender_observe_commit_only",
    "log_replica_updates",
    "log_slave_updates",
    "expire_logs_days",
    "binlog_expire_logs_seconds",
    "binlog_expire_logs_auto_purge",
    // MariaDB
    "aria_pagecache_buffer_size",
    "aria_log_file_size",
    "aria_sort_buffer_size",
    "thread_pool_max_threads",
    "thread_pool_idle_timeout",
    "thread_pool_oversubscribe",
    "binlog_annotate_row_events",
    "slave_parallel_threads",
    "slave_parallel_mode",
    "slave_parallel_max_queued",
    "slave_domain_parallel_threads",
    "log_basename",
    "innodb_buffer_pool_load_now",
    "innodb_snapshot_isolation",
    "query_cache_type",
    "query_cache_size",
    "query_cache_limit",
    "query_cache_min_res_unit",
    "query_cache_wlock_invalidate",
    "rpl_semi_sync_master_enabled",
    "rpl_semi_sync_slave_enabled",
    "rpl_semi_sync_master_timeout",
    "rpl_semi_sync_master_wait_point",
    "rpl_semi_sync_master_wait_no_slave",
    "log_slave_updates",
    "read_only",
    "gtid_strict_mode",
    "gtid_domain_id",
    "gtid_ignore_duplicates",
    "gtid_pos_auto_engines",
    "log_slow_verbosity",
    "log_slow_rate_limit",
    "max_statement_time",
    "userstat",
    "use_stat_tables",
    "histogram_size",
    "optimizer_use_condition_selectivity",
    "innodb_defragment",
    "feedback",
]);

/** Name prefixes of option families with many members (sizing of performance_schema, plugins). */
export const KNOWN_PREFIXES: readonly string[] = [
    "performance_schema_",
    "validate_password",
    "audit_log",
    "keyring_",
    "thread_pool_",
    "mysqlx_",
    "group_replication_",
    "rpl_semi_sync_",
    "wsrep_",
    "aria_",
    "myisam_",
    "connection_control",
    "component_",
    "ndb",
    "tokudb_",
    "rocksdb_",
    "log_slow_",
    "innodb_ft_",
    "innodb_monitor_",
    "innodb_stats_",
    "innodb_buffer_pool_",
];

/** The verdict on one setting. */
export type SettingStatus = "ok" | "removed" | "not-yet-added" | "absent-in-flavor" | "deprecated" | "unknown";

/** What `judgeSetting` found, with the row that says so. */
export interface SettingVerdict {
    /** Canonical name. */
    name: string;
    status: SettingStatus;
    /** The row that decided, absent for `ok` (known) and `unknown`. */
    row?: SettingRow;
    /** The setting was written with the `loose-` prefix, so mysqld ignores it (with a warning) where it does not exist. */
    loose: boolean;
    /** For `unknown`: the closest known name, when one is near. */
    suggestion?: string;
}

function family(flavor: Flavor): FlavorFamily {
    return flavor === "mariadb" ? "mariadb" : "mysql";
}

function matches(pattern: string, name: string): boolean {
    return pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

function before(v: ServerVersion, text: string): boolean {
    return compareVersions(v, mustParseVersion(text)) < 0;
}

/** Levenshtein distance, bounded: returns max+1 as soon as it exceeds max. */
function distance(a: string, b: string, max: number): number {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        let best = i;
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            best = Math.min(best, cur[j]);
        }
        if (best > max) return max + 1;
        prev = cur;
    }
    return prev[b.length];
}

/** The known name closest to `name` (distance at most 2), if any. */
export function closestKnownSetting(name: string, extra: Iterable<string> = []): string | undefined {
    let best: string | undefined;
    let bestD = 3;
    for (const k of [...KNOWN_SETTINGS, ...extra]) {
        const d = distance(name, k, 2);
        if (d < bestD) {
            bestD = d;
            best = k;
        }
    }
    return best;
}

/** True when the name is in the catalogue, managed by Myriad, a known family prefix, a table row, or in `extra`. */
export function isKnownSetting(name: string, extraKnown: ReadonlySet<string> = new Set()): boolean {
    return (
        KNOWN_SETTINGS.has(name) ||
        extraKnown.has(name) ||
        managedReason(name) !== undefined ||
        KNOWN_PREFIXES.some((p) => name.startsWith(p)) ||
        SETTING_ROWS.some((r) => r.names.some((n) => matches(n, name)))
    );
}

/**
 * Judges one setting for one server. `rawName` may use `-` and the `loose-` prefix. Order: a row that removes
 * the setting, says it is not yet added, or absent in the flavour decides first (an error for the policy);
 * then deprecation (a warning); then the catalogue (unknown is a warning).
 */
export function judgeSetting(
    rawName: string,
    flavor: Flavor,
    version: ServerVersion,
    extraKnown: ReadonlySet<string> = new Set(),
): SettingVerdict {
    const raw = rawName.trim().toLowerCase().replace(/-/g, "_");
    const loose = raw.startsWith("loose_");
    const name = canonicalOption(rawName);
    const rows = SETTING_ROWS.filter((r) => r.family === family(flavor) && r.names.some((n) => matches(n, name)));
    for (const row of rows) {
        if (row.absent) return { name, status: "absent-in-flavor", row, loose };
        if (row.removedIn && !before(version, row.removedIn)) return { name, status: "removed", row, loose };
        if (row.addedIn && before(version, row.addedIn)) return { name, status: "not-yet-added", row, loose };
    }
    for (const row of rows) {
        if (row.deprecatedIn && !before(version, row.deprecatedIn)) return { name, status: "deprecated", row, loose };
    }
    if (rows.length || isKnownSetting(name, extraKnown)) return { name, status: "ok", loose };
    return { name, status: "unknown", loose, suggestion: closestKnownSetting(name, extraKnown) };
}

/** One sentence describing a verdict, for messages (`expire_logs_days was removed in 8.2.0; use ...`). */
export function describeSettingVerdict(v: SettingVerdict, flavor: Flavor, version: ServerVersion): string {
    const at = `${flavor} ${formatVersion(version)}`;
    const instead = v.row?.replacement ? `; use ${v.row.replacement} instead` : "";
    switch (v.status) {
        case "removed":
            return `'${v.name}' was removed in ${v.row!.removedIn}${v.row!.deprecatedIn ? ` (deprecated since ${v.row!.deprecatedIn})` : ""}, so ${at} ${v.loose ? "ignores it (loose- prefix)" : "refuses to start with it"}${instead}`;
        case "not-yet-added":
            return `'${v.name}' exists only from ${v.row!.addedIn}, so ${at} ${v.loose ? "ignores it (loose- prefix)" : "refuses to start with it"}${v.row?.replacement ? `; use ${v.row.replacement} on this version` : ""}`;
        case "absent-in-flavor":
            return `'${v.name}' does not exist in ${flavor} (${at} ${v.loose ? "ignores it" : "refuses to start with it"})${instead}`;
        case "deprecated":
            return `'${v.name}' is deprecated since ${v.row!.deprecatedIn}${v.row!.removedIn ? ` and removed in ${v.row!.removedIn}` : ""}${instead}`;
        case "unknown":
            return `'${v.name}' is not a setting Myriad knows for ${at}${v.suggestion ? ` (did you mean '${v.suggestion}'?)` : ""}`;
        default:
            return `'${v.name}' is valid for ${at}`;
    }
}
