/** mysql-durability-settings and mysql-semisync-lossless (a crash or a timeout must not lose acknowledged transactions). */
import { componentResources, mixedCluster } from "./fixtures/component";
import { rawConfigMap, rawStatefulSet } from "./fixtures/raw";
import { violationsOf } from "./fixtures/run";

const DUR = "mysql-durability-settings";
const SEMI = "mysql-semisync-lossless";

test("the component renders durable settings; a template override relaxing them is reported", async () => {
    expect(await violationsOf(DUR, await componentResources(mixedCluster("80")))).toEqual([]);
    const spec = mixedCluster("80");
    spec.templates[1] = { ...spec.templates[1], config: { sync_binlog: 0, innodb_flush_log_at_trx_commit: 2 } };
    const v = await violationsOf(DUR, await componentResources(spec));
    expect(v.map((x) => x.resource?.split("::").pop())).toEqual(["orders-10"]);
    expect(v[0].message).toContain("sync_binlog=0");
    expect(v[0].message).toContain("innodb_flush_log_at_trx_commit=2");
    expect(v[0].level).toBe("advisory");
    // Relaxed replicas may be accepted by configuration.
    expect(await violationsOf(DUR, await componentResources(spec), { [DUR]: { allowRelaxedReplicas: true } })).toEqual([]);
});

test("defaults: MySQL 8.0 without settings is durable, MariaDB (sync_binlog defaults to 0) is not", async () => {
    expect(await violationsOf(DUR, [rawStatefulSet({ name: "m", image: "mysql:8.0.40" })])).toEqual([]);
    const v = await violationsOf(DUR, [rawStatefulSet({ name: "m", image: "mariadb:10.11.6" })]);
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("sync_binlog is not set and mariadb 10.11.6 defaults to 0")]);
});

test("doublewrite off is reported", async () => {
    const v = await violationsOf(DUR, [
        rawConfigMap("c", { "my.cnf": "[mysqld]\ninnodb_doublewrite=OFF\n" }),
        rawStatefulSet({ name: "m", image: "mysql:8.0.40", configMap: "c" }),
    ]);
    expect(v).toHaveLength(1);
});

test("semisync: the component's default (AFTER_SYNC, maximum timeout, wait with no replica) is lossless", async () => {
    expect(await violationsOf(SEMI, await componentResources(mixedCluster("80", { mode: "semisync" })))).toEqual([]);
});

test("semisync: a finite timeout (10000 ms) silently degrades to asynchronous replication", async () => {
    const res = await componentResources(mixedCluster("80", { mode: "semisync", semisync: { timeoutMs: 10000 } }));
    const v = await violationsOf(SEMI, res);
    expect(v).toHaveLength(3);
    expect(v[0].message).toContain("timeout 10000 ms");
    expect(v[0].message).toContain("https://dev.mysql.com/doc/refman/8.0/en/replication-semisync.html");
    expect(await violationsOf(SEMI, res, { [SEMI]: { minimumTimeoutMs: 10000 } })).toEqual([]);
});

test("semisync raw: MariaDB defaults to AFTER_COMMIT and 10000 ms; wait_no_slave=OFF is reported", async () => {
    const cnf = "[mysqld]\nrpl_semi_sync_master_enabled=ON\nrpl_semi_sync_master_wait_no_slave=OFF\n";
    const v = await violationsOf(SEMI, [
        rawConfigMap("c", { "my.cnf": cnf }),
        rawStatefulSet({ name: "m", image: "mariadb:10.11.6", configMap: "c" }),
    ]);
    expect(v).toHaveLength(1);
    expect(v[0].message).toContain("no wait point is set and mariadb 10.11.6 defaults to AFTER_COMMIT");
    expect(v[0].message).toContain("no timeout is set and mariadb 10.11.6 defaults to 10000 ms");
    expect(v[0].message).toContain("rpl_semi_sync_master_wait_no_slave=OFF");
});

test("semisync: not applicable to asynchronous clusters", async () => {
    expect(await violationsOf(SEMI, await componentResources(mixedCluster("80")))).toEqual([]);
});
