/**
 * Settings by version and flavour (docs/compatibility.md#settings-catalog): the catalog's edges, added-in and
 * removed-in boundaries per flavour, as judged by the one rule (components/compat/settings.ts).
 */
import fc from "fast-check";
import { CATALOG_NAMES } from "../../components/mysqld/catalog";
import { describeSettingVerdict, judgeSetting, refusesToStart } from "../../components/compat/settings";
import type { Flavor } from "../../components/spec/types";
import { mustParseVersion } from "../../components/versions/version";

const judge = (name: string, flavor: Flavor, version: string) => judgeSetting(name, flavor, mustParseVersion(version));

test.each<[string, Flavor, string, string]>([
    // added in 8.0.26 (the replica_ renames): the boundary on both sides
    ["replica_parallel_workers", "mysql", "8.0.25", "not-yet-added"],
    ["replica_parallel_workers", "mysql", "8.0.26", "ok"],
    ["log_replica_updates", "percona", "8.0.25", "not-yet-added"],
    ["log_replica_updates", "percona", "8.0.26", "ok"],
    ["slave_parallel_workers", "mysql", "8.0.25", "ok"],
    ["slave_parallel_workers", "mysql", "8.0.26", "deprecated"],
    // added in 8.0.30 (manual list), 8.0.14 (curated), 8.0.1
    ["innodb_redo_log_capacity", "mysql", "8.0.29", "not-yet-added"],
    ["innodb_redo_log_capacity", "mysql", "8.0.30", "ok"],
    ["group_replication_consistency", "mysql", "8.0.13", "not-yet-added"],
    ["group_replication_consistency", "mysql", "8.0.14", "ok"],
    ["binlog_expire_logs_seconds", "mysql", "5.7.44", "not-yet-added"],
    ["binlog_expire_logs_seconds", "mysql", "8.0.1", "ok"],
    // added in 8.1.0, 8.2.0 and 8.4.0 (the 8.4 manual's list since 8.0): rejected before, accepted from then on
    ["tls_certificates_enforced_validation", "mysql", "8.0.40", "not-yet-added"],
    ["tls_certificates_enforced_validation", "mysql", "8.1.0", "ok"],
    ["telemetry.trace_enabled", "mysql", "8.0.40", "not-yet-added"],
    ["telemetry.trace_enabled", "mysql", "8.1.0", "ok"],
    ["set_operations_buffer_size", "mysql", "8.0.40", "not-yet-added"],
    ["set_operations_buffer_size", "mysql", "8.1.0", "not-yet-added"],
    ["set_operations_buffer_size", "mysql", "8.2.0", "ok"],
    ["set_operations_buffer_size", "mysql", "8.4.3", "ok"],
    ["set_operations_buffer_size", "percona", "8.4.3", "ok"],
    ["group_replication_preemptive_garbage_collection", "mysql", "8.3.0", "not-yet-added"],
    ["group_replication_preemptive_garbage_collection", "mysql", "8.4.0", "ok"],
    ["restrict_fk_on_non_standard_key", "mysql", "8.3.0", "not-yet-added"],
    ["restrict_fk_on_non_standard_key", "mysql", "8.4.3", "ok"],
    // added in 8.3.0, 9.0.0, 9.3.0 and 9.4.0 (the Server Version Reference); removed in 9.0.0
    ["explain_json_format_version", "mysql", "8.2.0", "not-yet-added"],
    ["explain_json_format_version", "mysql", "8.3.0", "ok"],
    ["explain_json_format_version", "mysql", "8.4.3", "ok"],
    ["mle.memory_max", "mysql", "8.4.3", "not-yet-added"],
    ["mle.memory_max", "mysql", "9.0.0", "ok"],
    ["enable_secondary_engine_statistics", "mysql", "9.2.0", "not-yet-added"],
    ["enable_secondary_engine_statistics", "mysql", "9.3.0", "ok"],
    ["server_memory", "mysql", "9.3.0", "not-yet-added"],
    ["server_memory", "mysql", "9.4.0", "ok"],
    ["mysql_native_password_proxy_users", "mysql", "8.4.3", "deprecated"],
    ["mysql_native_password_proxy_users", "mysql", "9.0.0", "removed"],
    // removed in 8.3.0 and 8.4.0 by the same list
    ["innodb_api_enable_binlog", "mysql", "8.2.0", "deprecated"],
    ["innodb_api_enable_binlog", "mysql", "8.3.0", "removed"],
    ["admin_ssl", "mysql", "8.3.0", "deprecated"],
    ["admin_ssl", "mysql", "8.4.0", "removed"],
    // removed in 8.0.3, 8.2.0, 8.3.0, 8.4.0, 9.0.0, 9.5.0: the boundary on both sides
    ["query_cache_size", "mysql", "5.7.29", "deprecated"],
    ["query_cache_size", "mysql", "8.0.2", "deprecated"],
    ["query_cache_size", "mysql", "8.0.3", "removed"],
    ["expire_logs_days", "mysql", "8.1.0", "deprecated"],
    ["expire_logs_days", "mysql", "8.2.0", "removed"],
    ["master_info_repository", "mysql", "8.2.0", "deprecated"],
    ["master_info_repository", "mysql", "8.3.0", "removed"],
    ["default_authentication_plugin", "mysql", "8.3.0", "deprecated"],
    ["default_authentication_plugin", "mysql", "8.4.0", "removed"],
    ["default_authentication_plugin", "percona", "8.4.3", "removed"],
    ["binlog_transaction_dependency_tracking", "mysql", "8.4.0", "removed"],
    ["mysql_native_password", "mysql", "8.0.40", "not-yet-added"],
    ["mysql_native_password", "mysql", "8.4.3", "ok"],
    ["mysql_native_password", "mysql", "9.0.0", "removed"],
    ["replica_parallel_type", "mysql", "9.4.0", "deprecated"],
    ["replica_parallel_type", "mysql", "9.5.0", "removed"],
    ["rpl_semi_sync_master_timeout", "mysql", "9.4.0", "deprecated"],
    ["rpl_semi_sync_master_timeout", "mysql", "9.5.0", "removed"],
    ["rpl_semi_sync_source_timeout", "mysql", "8.0.25", "not-yet-added"],
    ["super_read_only", "mysql", "5.7.7", "not-yet-added"],
    ["super_read_only", "mysql", "5.7.8", "ok"],
    // MariaDB: added in 10.6.1, 11.4.0; MariaDB-only names on MySQL and MySQL-only names on MariaDB
    ["binlog_expire_logs_seconds", "mariadb", "10.6.0", "not-yet-added"],
    ["binlog_expire_logs_seconds", "mariadb", "10.6.1", "ok"],
    ["max_binlog_total_size", "mariadb", "10.11.6", "not-yet-added"],
    ["max_binlog_total_size", "mariadb", "11.4.2", "ok"],
    ["query_cache_size", "mariadb", "11.4.2", "ok"],
    ["gtid_strict_mode", "mariadb", "10.11.6", "ok"],
    ["gtid_strict_mode", "mysql", "8.0.40", "absent-in-flavor"],
    ["gtid_strict_mode", "percona", "8.0.40", "absent-in-flavor"],
    ["aria_pagecache_buffer_size", "mysql", "8.4.3", "absent-in-flavor"],
    ["super_read_only", "mariadb", "10.11.6", "absent-in-flavor"],
    ["gtid_mode", "mariadb", "10.11.6", "absent-in-flavor"],
    ["group_replication_group_name", "mariadb", "11.4.2", "absent-in-flavor"],
    // Percona Server: its own additions, absent from MySQL
    ["innodb_show_locks_held", "percona", "8.0.40", "ok"],
    ["innodb_show_locks_held", "mysql", "8.0.40", "absent-in-flavor"],
    // names are compared as the server compares them; skip- modifiers of a boolean option
    ["Query-Cache-Type", "mysql", "8.0.3", "removed"],
    ["skip-log-bin", "mysql", "8.0.40", "ok"],
    ["skip_name_resolve", "mariadb", "10.11.6", "ok"],
    // nothing matches
    ["innodb_bufer_pool_size", "mysql", "8.4.3", "unknown"],
    ["innodb_bufer_pool_size", "mariadb", "10.11.6", "unknown"],
])("%s on %s %s -> %s", (name, flavor, version, status) => {
    expect(judge(name, flavor, version).status).toBe(status);
});

test("a loose- setting is judged as the server judges it: skipped with a warning where it does not exist", () => {
    const v = judge("loose-query_cache_size", "mysql", "8.0.40");
    expect(v).toMatchObject({ written: "loose-query_cache_size", name: "query_cache_size", status: "removed", loose: true });
    expect(refusesToStart(v)).toBe(false);
    expect(refusesToStart(judge("query_cache_size", "mysql", "8.0.40"))).toBe(true);
    expect(describeSettingVerdict(v, "mysql", mustParseVersion("8.0.40"))).toContain("skips it with a warning (loose- prefix)");
    const unknown = judge("loose-no-such-option", "mariadb", "10.11.6");
    expect(unknown).toMatchObject({ status: "unknown", loose: true });
    expect(refusesToStart(unknown)).toBe(false);
});

test("unknown names suggest the closest name that exists on that server; extra names count as known", () => {
    expect(judge("innodb_bufer_pool_size", "mysql", "8.0.40").suggestion).toBe("innodb_buffer_pool_size");
    expect(judge("max_conections", "mariadb", "10.11.6").suggestion).toBe("max_connections");
    expect(judge("zzzz_not_close_to_anything_at_all", "mysql", "8.0.40").suggestion).toBeUndefined();
    expect(judgeSetting("my_plugin_var", "mysql", mustParseVersion("8.0.40"), new Set(["my_plugin_var"])).status).toBe("ok");
});

test("messages quote the key as written and name the version, the change and the replacement", () => {
    const v = judge("Expire-Logs-Days", "mysql", "8.4.3");
    expect(describeSettingVerdict(v, "mysql", mustParseVersion("8.4.3"))).toBe(
        "'Expire-Logs-Days' was removed in 8.2.0 (deprecated since 8.0.3), so mysql 8.4.3 refuses to start with it; use binlog_expire_logs_seconds instead",
    );
    const early = judge("replica_parallel_workers", "mysql", "8.0.25");
    expect(describeSettingVerdict(early, "mysql", mustParseVersion("8.0.25"))).toBe(
        "'replica_parallel_workers' exists only from 8.0.26, so mysql 8.0.25 refuses to start with it; use slave_parallel_workers on this version",
    );
    const other = judge("super_read_only", "mariadb", "10.11.6");
    expect(describeSettingVerdict(other, "mariadb", mustParseVersion("10.11.6"))).toContain(
        "does not exist in mariadb (it is a setting of MySQL), so mariadb 10.11.6 refuses to start with it; use read_only (MariaDB has no super_read_only) instead",
    );
    const gone = judge("query_cache_type", "mysql", "8.0.40");
    expect(describeSettingVerdict(gone, "mysql", mustParseVersion("8.0.40"))).toContain("there is no replacement (the query cache is gone");
});

test("every verdict cites a vendor page or the catalog's documentation", () => {
    for (const [n, f, ver] of [
        ["query_cache_size", "mysql", "8.0.40"],
        ["binlog_expire_logs_seconds", "mariadb", "10.6.0"],
        ["innodb_show_locks_held", "mysql", "8.0.40"],
        ["nope_nope", "mysql", "8.0.40"],
    ] as const)
        expect(judge(n, f, ver).cite).toMatch(
            /https:\/\/(dev\.mysql\.com|mariadb\.com|docs\.percona\.com)\/|docs\/compatibility\.md#settings-catalog/,
        );
});

test("property: dashes, underscores and letter case never change a verdict; a loose- form never refuses to start", () => {
    const names = CATALOG_NAMES.filter((n) => n.includes("_"));
    const servers: [Flavor, string][] = [
        ["mysql", "5.7.29"],
        ["mysql", "8.0.40"],
        ["mysql", "9.5.0"],
        ["percona", "8.4.3"],
        ["mariadb", "10.11.6"],
        ["mariadb", "11.4.2"],
    ];
    fc.assert(
        fc.property(
            fc.constantFrom(...names),
            fc.constantFrom(...servers),
            fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
            (name, [flavor, version], flips) => {
                const spelled = [...name]
                    .map((c, i) => (c === "_" && flips[i % 64] ? "-" : flips[(i + 7) % 64] ? c.toUpperCase() : c))
                    .join("");
                const a = judge(name, flavor, version);
                const b = judge(spelled, flavor, version);
                expect([b.status, b.name]).toEqual([a.status, a.name]);
                expect(b.written).toBe(spelled);
                expect(refusesToStart(judge(`loose-${spelled}`, flavor, version))).toBe(false);
            },
        ),
        { numRuns: 300 },
    );
});
