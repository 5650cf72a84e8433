/**
 * Settings by version (docs/compatibility.md#renamed-and-removed-settings): the examples and the table's edges.
 */
import { describeSettingVerdict, judgeSetting, SETTING_ROWS } from "../../components/compat/settings";
import type { Flavor } from "../../components/spec/types";
import { mustParseVersion } from "../../components/versions/version";

const judge = (name: string, version: string, flavor: Flavor = "mysql") => judgeSetting(name, flavor, mustParseVersion(version));

test.each([
    ["query_cache_size", "5.7.44", "ok", "docs/compatibility.md#renamed-and-removed-settings query cache exists in 5.7"],
    ["query_cache_size", "8.0.40", "removed", "docs/compatibility.md#renamed-and-removed-settings query cache removed 8.0.3"],
    ["query-cache-type", "8.0.3", "removed", "dashes are canonicalised"],
    ["expire_logs_days", "8.0.40", "deprecated", "docs/compatibility.md#renamed-and-removed-settings deprecated 8.0.3"],
    ["expire_logs_days", "8.2.0", "removed", "docs/compatibility.md#renamed-and-removed-settings removed 8.2.0"],
    ["binlog_expire_logs_seconds", "5.7.44", "not-yet-added", "docs/compatibility.md#renamed-and-removed-settings added 8.0.1"],
    ["default_authentication_plugin", "8.0.40", "deprecated", "docs/compatibility.md#authentication deprecated 8.0.27"],
    ["default_authentication_plugin", "8.4.0", "removed", "docs/compatibility.md#authentication removed 8.4.0"],
    ["authentication_policy", "8.0.26", "not-yet-added", "docs/compatibility.md#authentication added 8.0.27"],
    ["mysql_native_password", "8.0.40", "not-yet-added", "docs/compatibility.md#authentication option added 8.4.0"],
    ["mysql_native_password", "8.4.3", "ok", "docs/compatibility.md#authentication 8.4 re-enables it"],
    ["mysql_native_password", "9.0.0", "removed", "docs/compatibility.md#authentication removed 9.0.0"],
    [
        "replica_parallel_workers",
        "8.0.25",
        "not-yet-added",
        "docs/compatibility.md#renamed-and-removed-settings replica_ names from 8.0.26",
    ],
    ["replica_parallel_workers", "8.0.26", "ok", "docs/compatibility.md#renamed-and-removed-settings"],
    ["slave_parallel_workers", "8.0.40", "deprecated", "docs/compatibility.md#renamed-and-removed-settings deprecated 8.0.26"],
    ["replica_parallel_type", "8.0.30", "deprecated", "docs/compatibility.md#renamed-and-removed-settings deprecated 8.0.29"],
    ["replica_parallel_type", "9.5.0", "removed", "docs/compatibility.md#renamed-and-removed-settings removed 9.5.0"],
    [
        "rpl_semi_sync_master_timeout",
        "9.5.0",
        "removed",
        "docs/compatibility.md#renamed-and-removed-settings rpl_semi_sync_master_* removed 9.5.0",
    ],
    [
        "rpl_semi_sync_source_timeout",
        "8.0.25",
        "not-yet-added",
        "docs/compatibility.md#renamed-and-removed-settings source names from 8.0.26",
    ],
    ["master_info_repository", "8.3.0", "removed", "docs/compatibility.md#renamed-and-removed-settings removed 8.3.0"],
    ["binlog_transaction_dependency_tracking", "8.4.0", "removed", "docs/compatibility.md#renamed-and-removed-settings removed 8.4.0"],
    ["group_replication_consistency", "8.0.13", "not-yet-added", "docs/compatibility.md#group-replication added 8.0.14"],
    ["group_replication_ip_whitelist", "8.3.0", "removed", "docs/compatibility.md#renamed-and-removed-settings removed 8.3.0"],
    ["group_replication_allow_local_lower_version_join", "8.4.0", "deprecated", "docs/compatibility.md#group-replication deprecated 8.4.0"],
    ["super_read_only", "5.7.7", "not-yet-added", "docs/compatibility.md#renamed-and-removed-settings added 5.7.8"],
    ["super_read_only", "10.11.6", "absent-in-flavor", "docs/compatibility.md#mariadb MariaDB has no super_read_only"],
    ["gtid_mode", "10.11.6", "absent-in-flavor", "docs/compatibility.md#mariadb MariaDB has no gtid_mode"],
    [
        "group_replication_group_name",
        "10.11.6",
        "absent-in-flavor",
        "docs/compatibility.md#group-replication no Group Replication in MariaDB",
    ],
    ["query_cache_size", "10.11.6", "ok", "MariaDB still has the query cache"],
    ["innodb_buffer_pool_size", "8.4.3", "ok", "catalogue"],
    ["innodb_bufer_pool_size", "8.4.3", "unknown", "typo"],
])("%s on %s -> %s (%s)", (name, version, status) => {
    const flavor: Flavor = /^1\d\./.test(version) ? "mariadb" : "mysql";
    expect(judge(name, version, flavor).status).toBe(status);
});

test("the loose- prefix is recognised (the server ignores such a setting where it does not exist)", () => {
    const v = judge("loose-query_cache_size", "8.0.40");
    expect(v).toMatchObject({ name: "query_cache_size", status: "removed", loose: true });
    expect(describeSettingVerdict(v, "mysql", mustParseVersion("8.0.40"))).toContain("ignores it");
});

test("unknown names suggest the closest known one", () => {
    expect(judge("innodb_bufer_pool_size", "8.0.40").suggestion).toBe("innodb_buffer_pool_size");
    expect(judgeSetting("my_plugin_var", "mysql", mustParseVersion("8.0.40"), new Set(["my_plugin_var"])).status).toBe("ok");
});

test("messages name the version, the change and the replacement", () => {
    const v = judge("expire_logs_days", "8.4.3");
    expect(describeSettingVerdict(v, "mysql", mustParseVersion("8.4.3"))).toBe(
        "'expire_logs_days' was removed in 8.2.0 (deprecated since 8.0.3), so mysql 8.4.3 refuses to start with it; use binlog_expire_logs_seconds instead",
    );
});

test("every row cites docs/compatibility.md or the official manual", () => {
    for (const row of SETTING_ROWS) expect(row.cite).toMatch(/https:\/\/(dev\.mysql\.com|mariadb\.com|docs\.percona\.com)\//);
});
