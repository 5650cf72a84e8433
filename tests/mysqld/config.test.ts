/**
 * renderMyCnf per version, flavour, role and mode. Version names follow docs/compatibility.md
 * (docs/compatibility.md#authentication authentication, docs/compatibility.md#renamed-and-removed-settings variables and plugins, docs/compatibility.md#mariadb MariaDB); each case names the row it checks.
 */
import { instanceServerArgs, instanceServerOptions, renderMyCnf } from "../../components/runtime/my-cnf";
import { readOptionFile } from "../../components/mysqld/option-file";
import { planOrThrow } from "../../components/planner/plan";
import type { ClusterPlan, InstancePlan } from "../../components/planner/types";
import type { ClusterSpec, InstanceTemplateSpec } from "../../components/spec/types";

/** The [mysqld] options of a rendered file, read by the one option-file reader; fails on a duplicate key. */
function parse(cnf: string): Map<string, string> {
    const out = new Map<string, string>();
    const file = readOptionFile(cnf);
    expect(file.problems).toEqual([]);
    for (const e of file.entries.filter((x) => x.group === "mysqld")) {
        if (out.has(e.name)) throw new Error(`duplicate key ${e.name}`);
        out.set(e.name, e.value ?? "");
    }
    return out;
}

function plan(image: string, extra: Partial<ClusterSpec> = {}, tpl: Partial<InstanceTemplateSpec> = {}): ClusterPlan {
    // serverIdBase explicit: the expectations state ids as 100 + ordinal (the default is derived from namespace and name).
    return planOrThrow({ name: "orders", serverIdBase: 100, templates: [{ name: "main", image, replicas: 3, ...tpl }], ...extra });
}

function inst(p: ClusterPlan, ordinal: number): InstancePlan {
    return p.instances.find((i) => i.ordinal === ordinal)!;
}

function cnf(
    image: string,
    ordinal: number,
    extra: Partial<ClusterSpec> = {},
    tpl: Partial<InstanceTemplateSpec> = {},
    groupName?: string,
) {
    const p = plan(image, extra, tpl);
    const text = renderMyCnf(p, inst(p, ordinal), { groupName });
    return { text, kv: parse(text), plan: p };
}

const GROUP = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

describe("identity, GTIDs, durability: every version", () => {
    const versions = [
        "mysql:5.7.29",
        "mysql:8.0.21",
        "mysql:8.0.22",
        "mysql:8.0.26",
        "mysql:8.0.36",
        "mysql:8.4.3",
        "mysql:9.1.0",
        "percona/percona-server:8.0.36-28",
        "mariadb:10.11.6",
        "mariadb:11.4.2",
    ];
    test.each(versions)("%s replica", (image) => {
        const { kv, plan: p } = cnf(image, 1);
        const i = inst(p, 1);
        // Per instance: on the command line, never in the file the template's instances share.
        expect(kv.has("server_id")).toBe(false);
        expect(kv.has("report_host")).toBe(false);
        expect(instanceServerArgs(p, i)).toEqual(["--server-id=101", "--report-host=orders-1-0.orders.default.svc.cluster.local"]);
        expect(i.host).toBe("orders-1-0.orders.default.svc.cluster.local");
        expect(kv.get("report_port")).toBe("3306");
        expect(kv.get("port")).toBe("3306");
        expect(kv.get("datadir")).toBe("/var/lib/mysql");
        expect(kv.get("socket")).toBe("/var/run/mysqld/mysqld.sock");
        expect(kv.get("log_bin")).toBe("binlog");
        expect(kv.get("binlog_format")).toBe("ROW");
        expect(kv.get("sync_binlog")).toBe("1");
        expect(kv.get("innodb_flush_log_at_trx_commit")).toBe("1");
        expect(kv.get("relay_log_recovery")).toBe("ON");
        expect(kv.get("read_only")).toBe("ON");
    });

    test("MySQL family: gtid_mode + enforce_gtid_consistency, super_read_only on every instance (the primary's post-start opens writes)", () => {
        for (const image of ["mysql:5.7.29", "mysql:8.0.36", "mysql:9.1.0", "percona/percona-server:8.0.36-28"]) {
            const r = cnf(image, 1).kv;
            expect(r.get("gtid_mode")).toBe("ON");
            expect(r.get("enforce_gtid_consistency")).toBe("ON");
            expect(r.get("super_read_only")).toBe("ON");
            expect(r.has("gtid_strict_mode")).toBe(false);
            const p = cnf(image, 0).kv;
            expect(p.get("super_read_only")).toBe("ON");
            expect(p.get("read_only")).toBe("ON");
            expect(p.get("bind_address")).toBe("*");
        }
    });

    test("MariaDB (docs/compatibility.md#mariadb): gtid_strict_mode + gtid_domain_id, read_only only, no gtid_mode", () => {
        for (const image of ["mariadb:10.11.6", "mariadb:11.4.2"]) {
            const r = cnf(image, 1).kv;
            expect(r.get("gtid_strict_mode")).toBe("ON");
            expect(r.get("gtid_domain_id")).toBe("0");
            expect(r.has("gtid_mode")).toBe(false);
            expect(r.has("enforce_gtid_consistency")).toBe(false);
            expect(r.has("super_read_only")).toBe(false);
            expect(r.get("read_only")).toBe("ON");
            expect(r.get("log_slave_updates")).toBe("ON");
            expect(r.get("skip_slave_start")).toBe("ON");
            expect(r.get("binlog_expire_logs_seconds")).toBe("2592000");
            expect(r.has("master_info_repository")).toBe(false);
            expect(r.has("plugin_load_add")).toBe(false);
            expect(r.get("bind_address")).toBe("0.0.0.0");
            expect(cnf(image, 0).kv.get("read_only")).toBe("ON");
        }
    });
});

describe("renamed and removed settings by version (docs/compatibility.md#renamed-and-removed-settings)", () => {
    type Row = [image: string, present: Record<string, string>, absent: string[], cite: string];
    const rows: Row[] = [
        [
            "mysql:5.7.29",
            {
                log_slave_updates: "ON",
                skip_slave_start: "ON",
                expire_logs_days: "30",
                master_info_repository: "TABLE",
                relay_log_info_repository: "TABLE",
            },
            ["log_replica_updates", "binlog_expire_logs_seconds", "plugin_load_add"],
            "5.7: legacy names, expire_logs_days, no CLONE",
        ],
        [
            "mysql:8.0.21",
            {
                log_slave_updates: "ON",
                skip_slave_start: "ON",
                binlog_expire_logs_seconds: "2592000",
                master_info_repository: "TABLE",
                plugin_load_add: "mysql_clone.so",
            },
            ["log_replica_updates", "expire_logs_days"],
            "8.0.1 binlog_expire_logs_seconds; CLONE 8.0.17",
        ],
        [
            "mysql:8.0.22",
            { log_slave_updates: "ON", skip_slave_start: "ON" },
            ["log_replica_updates", "skip_replica_start"],
            "option renames happen at 8.0.26, not 8.0.22",
        ],
        [
            "mysql:8.0.26",
            { log_replica_updates: "ON", skip_replica_start: "ON", master_info_repository: "TABLE", relay_log_info_repository: "TABLE" },
            ["log_slave_updates", "skip_slave_start"],
            "8.0.26 renames",
        ],
        [
            "mysql:8.0.36",
            { log_replica_updates: "ON", skip_replica_start: "ON", relay_log_info_repository: "TABLE" },
            ["expire_logs_days", "mysql_native_password"],
            "8.0.36",
        ],
        [
            "mysql:8.4.3",
            { log_replica_updates: "ON", skip_replica_start: "ON", binlog_expire_logs_seconds: "2592000" },
            ["master_info_repository", "relay_log_info_repository", "expire_logs_days", "mysql_native_password"],
            "repositories removed 8.3.0",
        ],
        [
            "mysql:9.1.0",
            { log_replica_updates: "ON", skip_replica_start: "ON" },
            ["master_info_repository", "relay_log_info_repository", "log_slave_updates"],
            "9.x",
        ],
        [
            "percona/percona-server:8.0.36-28",
            { log_replica_updates: "ON", master_info_repository: "TABLE", plugin_load_add: "mysql_clone.so" },
            ["log_slave_updates"],
            "docs/compatibility.md#percona-server Percona follows MySQL",
        ],
    ];
    test.each(rows)("%s (%s)", (image, present, absent, cite) => {
        expect(cite.length).toBeGreaterThan(0);
        const { kv } = cnf(image, 1);
        for (const [k, v] of Object.entries(present)) expect({ k, v: kv.get(k) }).toEqual({ k, v });
        for (const k of absent) expect({ k, present: kv.has(k) }).toEqual({ k, present: false });
    });
});

describe("semisync (docs/compatibility.md#renamed-and-removed-settings; MariaDB built in)", () => {
    const semi = { mode: "semisync" as const, semisync: { waitForReplicaCount: 2, timeoutMs: 10000 } };

    test("5.7: master/slave plugins, loose_ variables, lossless AFTER_SYNC, count and timeout from the plan", () => {
        const p = cnf("mysql:5.7.29", 0, semi).kv;
        expect(p.get("plugin_load_add")).toBe("semisync_master.so;semisync_slave.so");
        expect(p.get("loose_rpl_semi_sync_master_enabled")).toBe("ON");
        expect(p.get("loose_rpl_semi_sync_slave_enabled")).toBe("OFF");
        expect(p.get("loose_rpl_semi_sync_master_wait_point")).toBe("AFTER_SYNC");
        expect(p.get("loose_rpl_semi_sync_master_wait_for_slave_count")).toBe("2");
        expect(p.get("loose_rpl_semi_sync_master_timeout")).toBe("10000");
        expect(p.get("loose_rpl_semi_sync_master_wait_no_slave")).toBe("ON");
        const r = cnf("mysql:5.7.29", 1, semi).kv;
        expect(r.get("loose_rpl_semi_sync_master_enabled")).toBe("OFF");
        expect(r.get("loose_rpl_semi_sync_slave_enabled")).toBe("ON");
    });

    test("8.0.26+: source/replica plugins and names; CLONE plugin loaded too", () => {
        for (const image of ["mysql:8.0.26", "mysql:8.4.3", "mysql:9.1.0"]) {
            const p = cnf(image, 0, semi).kv;
            expect(p.get("plugin_load_add")).toBe("mysql_clone.so;semisync_source.so;semisync_replica.so");
            expect(p.get("loose_rpl_semi_sync_source_enabled")).toBe("ON");
            expect(p.get("loose_rpl_semi_sync_source_wait_point")).toBe("AFTER_SYNC");
            expect(p.get("loose_rpl_semi_sync_source_wait_for_replica_count")).toBe("2");
            expect(p.get("loose_rpl_semi_sync_source_timeout")).toBe("10000");
            expect(p.get("loose_rpl_semi_sync_source_wait_no_replica")).toBe("ON");
            expect([...p.keys()].some((k) => k.includes("semi_sync_master") || k.includes("semi_sync_slave"))).toBe(false);
            expect(cnf(image, 1, semi).kv.get("loose_rpl_semi_sync_replica_enabled")).toBe("ON");
        }
    });

    test("8.0.25: still master/slave", () => {
        expect(cnf("mysql:8.0.25", 0, semi).kv.get("plugin_load_add")).toBe("mysql_clone.so;semisync_master.so;semisync_slave.so");
    });

    test("default timeout is the maximum: never degrade silently", () => {
        expect(cnf("mysql:8.0.36", 0, { mode: "semisync" }).kv.get("loose_rpl_semi_sync_source_timeout")).toBe("4294967295");
    });

    test("MariaDB: built-in variables without plugin or loose_; a count it cannot honour is rejected before rendering", () => {
        expect(() => cnf("mariadb:10.11.6", 0, semi)).toThrow(
            /always waits for exactly one replica acknowledgement, so waitForReplicaCount 2 cannot be honoured/,
        );
        const { kv, text } = cnf("mariadb:10.11.6", 0, { ...semi, semisync: { waitForReplicaCount: 1, timeoutMs: 10000 } });
        expect(kv.has("plugin_load_add")).toBe(false);
        expect(kv.get("rpl_semi_sync_master_enabled")).toBe("ON");
        expect(kv.get("rpl_semi_sync_slave_enabled")).toBe("OFF");
        expect(kv.get("rpl_semi_sync_master_wait_point")).toBe("AFTER_SYNC");
        expect(kv.get("rpl_semi_sync_master_timeout")).toBe("10000");
        expect([...kv.keys()].some((k) => k.includes("wait_for"))).toBe(false);
        expect(text).not.toMatch(/WARNING/);
        expect(text).toMatch(
            /waits for exactly one acknowledgement \(no wait-count variable\), which matches semisync.waitForReplicaCount=1/,
        );
    });
});

describe("group (single-primary Group Replication)", () => {
    test("8.0.36: plugin, group name, seeds of online instances, weight, consistency, everyone starts read-only", () => {
        const p = plan(
            "mysql:8.0.36",
            { mode: "group", group: { consistency: "BEFORE" }, offlineInstances: [1] },
            { replicas: 3, weight: 70 },
        );
        const i = inst(p, 2);
        const kv = parse(renderMyCnf(p, i, { groupName: GROUP }));
        expect(kv.get("plugin_load_add")).toBe("mysql_clone.so;group_replication.so");
        expect(kv.get("loose_group_replication_group_name")).toBe(GROUP);
        expect(kv.get("loose_group_replication_start_on_boot")).toBe("OFF");
        expect(kv.get("loose_group_replication_bootstrap_group")).toBe("OFF");
        expect(kv.get("loose_group_replication_single_primary_mode")).toBe("ON");
        expect(kv.has("loose_group_replication_local_address")).toBe(false);
        expect(instanceServerOptions(p, i).find((o) => o.key === "loose_group_replication_local_address")?.value).toBe(`${i.host}:33061`);
        expect(instanceServerArgs(p, i)).toContain(`--loose-group-replication-local-address=${i.host}:33061`);
        const online = p.instances.filter((x) => x.state === "online");
        expect(online.map((x) => x.ordinal)).toEqual([0, 2, 3]);
        expect(kv.get("loose_group_replication_group_seeds")).toBe(online.map((x) => `${x.host}:33061`).join(","));
        expect(kv.get("loose_group_replication_member_weight")).toBe("70");
        expect(kv.get("loose_group_replication_consistency")).toBe("BEFORE");
        expect(kv.get("loose_group_replication_recovery_get_public_key")).toBe("ON");
        expect(kv.get("super_read_only")).toBe("ON");
        expect(parse(renderMyCnf(p, inst(p, 0), { groupName: GROUP })).get("super_read_only")).toBe("ON");
        expect(kv.has("transaction_write_set_extraction")).toBe(false);
        expect(kv.has("binlog_checksum")).toBe(false);
        // https://dev.mysql.com/doc/refman/8.0/en/group-replication-ip-address-permissions.html: members on other nodes must be admitted explicitly, by DNS name (8.0.4+).
        expect(kv.get("loose_group_replication_ip_allowlist")).toBe([...online.map((x) => x.host), "127.0.0.1"].join(","));
        expect(kv.has("loose_group_replication_ip_whitelist")).toBe(false);
    });

    test("the allowlist variable is group_replication_ip_whitelist before 8.0.22, absent on 5.7 (addresses only)", () => {
        expect(cnf("mysql:8.0.21", 0, { mode: "group" }, {}, GROUP).kv.has("loose_group_replication_ip_whitelist")).toBe(true);
        expect(cnf("mysql:8.0.21", 0, { mode: "group" }, {}, GROUP).kv.has("loose_group_replication_ip_allowlist")).toBe(false);
        const old = cnf("mysql:5.7.29", 0, { mode: "group" }, {}, GROUP);
        expect(old.kv.has("loose_group_replication_ip_whitelist")).toBe(false);
        expect(old.text).toContain("no IP allowlist is rendered");
    });

    test("5.7.29: write-set extraction and binlog_checksum=NONE, weight, no consistency (8.0.14+)", () => {
        const { kv, text } = cnf("mysql:5.7.29", 0, { mode: "group" }, {}, GROUP);
        expect(kv.get("plugin_load_add")).toBe("group_replication.so");
        expect(kv.get("transaction_write_set_extraction")).toBe("XXHASH64");
        expect(kv.get("binlog_checksum")).toBe("NONE");
        expect(kv.get("loose_group_replication_member_weight")).toBe("50");
        expect(kv.has("loose_group_replication_consistency")).toBe(false);
        expect(kv.has("loose_group_replication_recovery_get_public_key")).toBe(false);
        expect(text).toMatch(/group_replication_consistency is not rendered: it needs 8\.0\.14\+/);
    });

    test("8.0.13: weight but no consistency; 8.0.20 still needs checksum NONE, 8.0.21 does not", () => {
        expect(cnf("mysql:8.0.13", 0, { mode: "group" }, {}, GROUP).kv.has("loose_group_replication_consistency")).toBe(false);
        expect(cnf("mysql:8.0.14", 0, { mode: "group" }, {}, GROUP).kv.get("loose_group_replication_consistency")).toBe(
            "BEFORE_ON_PRIMARY_FAILOVER",
        );
        expect(cnf("mysql:8.0.20", 0, { mode: "group" }, {}, GROUP).kv.get("binlog_checksum")).toBe("NONE");
        expect(cnf("mysql:8.0.21", 0, { mode: "group" }, {}, GROUP).kv.has("binlog_checksum")).toBe(false);
    });

    test("MariaDB: nothing rendered for Group Replication, with a warning", () => {
        const { kv, text } = cnf("mariadb:10.11.6", 0, { mode: "group" }, {}, GROUP);
        expect([...kv.keys()].some((k) => k.includes("group_replication"))).toBe(false);
        expect(text).toMatch(/WARNING: mariadb 10\.11\.6 has no Group Replication/);
    });

    test("the group name is required", () => {
        const p = plan("mysql:8.0.36", { mode: "group" });
        expect(() => renderMyCnf(p, inst(p, 0))).toThrow(/extras.groupName/);
    });
});

describe("authentication across versions (docs/compatibility.md#authentication)", () => {
    const mixed = (primaryImage: string, replicaImage: string) =>
        planOrThrow({
            name: "mix",
            templates: [
                { name: "new", image: primaryImage, replicas: 1, ordinals: { start: 0, end: 4 } },
                { name: "old", image: replicaImage, replicas: 1, ordinals: { start: 5, end: 9 } },
            ],
        });

    test("an 8.4 source with a 5.7 replica: the native account needs mysql_native_password=ON on 8.4", () => {
        const p = mixed("mysql:8.4.3", "mysql:5.7.44");
        const text = renderMyCnf(p, inst(p, 0));
        expect(parse(text).get("mysql_native_password")).toBe("ON");
        expect(text).toMatch(/mix-5 \(mysql 5\.7\.44\) cannot use caching_sha2_password/);
        expect(parse(renderMyCnf(p, inst(p, 5))).has("mysql_native_password")).toBe(false);
    });

    test("an 8.0 source with a 5.7 replica: native account, no option needed before 8.4", () => {
        const p = mixed("mysql:8.0.36", "mysql:5.7.44");
        const text = renderMyCnf(p, inst(p, 0));
        expect(parse(text).has("mysql_native_password")).toBe(false);
        expect(text).toMatch(/uses mysql_native_password/);
    });

    test("a 9.x source with a 5.7 replica: flagged as impossible", () => {
        const p = mixed("mysql:9.1.0", "mysql:5.7.44");
        expect(renderMyCnf(p, inst(p, 0))).toMatch(/WARNING: .*removed in 9\.0\.0/);
    });

    test("homogeneous 8.4: nothing about native passwords", () => {
        const text = renderMyCnf(plan("mysql:8.4.3"), inst(plan("mysql:8.4.3"), 0));
        expect(text).not.toMatch(/native/);
    });
});

describe("overrides, placement and determinism", () => {
    test("user overrides come last, sorted, and replace a default with the same key", () => {
        const { text, kv } = cnf(
            "mysql:8.0.36",
            1,
            {},
            { config: { sync_binlog: 0, innodb_buffer_pool_size: "1G", skip_name_resolve: false } },
        );
        expect(kv.get("sync_binlog")).toBe("0");
        expect(kv.get("skip_name_resolve")).toBe("OFF");
        const tail = text.slice(text.indexOf("# --- overrides"));
        expect(tail.split("\n").filter((l) => /^[a-z]/.test(l))).toEqual([
            "innodb_buffer_pool_size = 1G",
            "skip_name_resolve = OFF",
            "sync_binlog = 0",
        ]);
        expect(tail).toMatch(/replacing: skip_name_resolve \(Myriad default ON\), sync_binlog \(Myriad default 1\)/);
    });

    test("every managed setting is explained by a comment on the line above", () => {
        const lines = cnf("mysql:8.0.36", 1, { mode: "semisync" }).text.split("\n");
        lines.forEach((l, n) => {
            if (/^[a-z]/.test(l)) expect({ l, above: lines[n - 1].startsWith("# ") }).toEqual({ l, above: true });
        });
    });

    test("rendering is deterministic", () => {
        const p = plan("mysql:8.0.36", { mode: "group" });
        expect(renderMyCnf(p, inst(p, 1), { groupName: GROUP })).toBe(renderMyCnf(p, inst(p, 1), { groupName: GROUP }));
    });

    test("placement moves the instance for local runs", () => {
        const p = plan("mariadb:10.11.6");
        const kv = parse(
            renderMyCnf(p, inst(p, 1), {
                placement: { host: "127.0.0.1", port: 23306, datadir: "/tmp/x/data", socket: "/tmp/x/s.sock", bindAddress: "127.0.0.1" },
            }),
        );
        expect(instanceServerArgs(p, inst(p, 1), { host: "127.0.0.1" })).toEqual(["--server-id=101", "--report-host=127.0.0.1"]);
        expect(kv.get("port")).toBe("23306");
        expect(kv.get("report_port")).toBe("23306");
        expect(kv.get("datadir")).toBe("/tmp/x/data");
        expect(kv.get("socket")).toBe("/tmp/x/s.sock");
        expect(kv.get("bind_address")).toBe("127.0.0.1");
    });

    test("the header names the template and role, version, mode and source; per-instance settings are pointed to", () => {
        const { text } = cnf("mysql:8.0.36", 2);
        expect(text.split("\n")[0]).toMatch(/my.cnf of template main, role replica \(cluster orders\)/);
        expect(text).toContain("server_id, report_host: per instance, given on each instance's mysqld command line");
        expect(text).toMatch(/mysql 8\.0\.36, image mysql:8\.0\.36; mode async; role replica, replicating from orders-0/);
    });

    test("an unsupported old version is rejected before anything is rendered", () => {
        expect(() => cnf("mysql:5.6.51", 0)).toThrow(/mysql 5\.6\.51 is older than 5\.7\.8, the oldest MySQL or Percona Server version/);
    });
});
