/**
 * What differs per server version and flavour in the pods: what the probes check (probe.sh reads the
 * version's statements and column names from the container environment), the server binary, the user mysqld
 * runs as, and the rendered configuration. Expected values come from the vendor manuals (docs/compatibility.md
 * #statements-variables-and-status-columns and #renamed-and-removed-settings) and from the images' Dockerfiles
 * (see components/resources/security.ts), not from the code under test.
 */
import { runClusters, single, type ClusterRun } from "../helpers/clusters";
import { KEYS } from "../../components/resources/labels";
import { runAsFor } from "../../components/resources/security";

type Obj = Record<string, any>;

let run: ClusterRun;
beforeAll(async () => {
    run = await runClusters([
        single("legacy", "mysql:5.7.44", 2),
        single("bugfix", "mysql:8.0.36", 2),
        single("lts", "mysql:8.4.3", 2),
        single("maria", "mariadb:10.11.6", 2),
        // Before 10.11.0 a MariaDB replica would take root's writes, so the planner allows such a template the primary only.
        single("oldmaria", "mariadb:10.4.32", 1),
        single("perc", "percona/percona-server:8.0.36-28", 2),
        single("oracle", "mysql/mysql-server:8.0.32", 1),
    ]);
});

const pod = (cluster: string, ordinal = 1): Obj => (run.manifest("StatefulSet", `${cluster}-${ordinal}`) as Obj).spec.template;
const main = (cluster: string, ordinal = 1): Obj => pod(cluster, ordinal).spec.containers[0];
const env = (cluster: string, ordinal = 1): Record<string, string> => run.scriptEnv(`${cluster}-${ordinal}`);

test("every mysqld container has startup, liveness and readiness probes running probe.sh, credentials from files", () => {
    for (const c of ["legacy", "bugfix", "lts", "maria", "perc"]) {
        for (const ordinal of [0, 1]) {
            const m = main(c, ordinal);
            expect(m.startupProbe.exec.command).toEqual(["bash", "/opt/myriad/bin/probe.sh", "startup"]);
            expect(m.livenessProbe.exec.command).toEqual(["bash", "/opt/myriad/bin/probe.sh", "liveness"]);
            expect(m.readinessProbe.exec.command).toEqual(["bash", "/opt/myriad/bin/probe.sh", "readiness"]);
            // The startup budget covers crash recovery or seeding (at least 30 minutes).
            expect(m.startupProbe.periodSeconds * m.startupProbe.failureThreshold).toBeGreaterThanOrEqual(1800);
            expect(env(c, ordinal).MYRIAD_SECRETS_DIR).toBe("/etc/myriad/secrets");
        }
    }
});

test("a replica's readiness checks the replication status with the statement and columns of its version", () => {
    // SHOW REPLICA STATUS and Replica_* columns from 8.0.22 (SHOW SLAVE STATUS removed in 8.4); 5.7 only has
    // SHOW SLAVE STATUS / Slave_*; MariaDB accepts SHOW REPLICA STATUS from 10.5.1 and keeps the Slave_* column
    // names (https://dev.mysql.com/doc/refman/8.0/en/show-replica-status.html,
    // https://mariadb.com/kb/en/show-replica-status/; docs/compatibility.md#statements-variables-and-status-columns).
    const rows = ["legacy", "bugfix", "lts", "maria"].map((c) => {
        const e = env(c);
        return [
            c,
            e.MYRIAD_ROLE,
            e.MYRIAD_SQL_SHOW_REPLICA_STATUS,
            e.MYRIAD_COL_IO_RUNNING,
            e.MYRIAD_COL_SQL_RUNNING,
            e.MYRIAD_COL_LAG,
            e.MYRIAD_READ_ONLY_VAR,
        ];
    });
    expect(rows).toEqual([
        ["legacy", "replica", "SHOW SLAVE STATUS", "Slave_IO_Running", "Slave_SQL_Running", "Seconds_Behind_Master", "super_read_only"],
        [
            "bugfix",
            "replica",
            "SHOW REPLICA STATUS",
            "Replica_IO_Running",
            "Replica_SQL_Running",
            "Seconds_Behind_Source",
            "super_read_only",
        ],
        ["lts", "replica", "SHOW REPLICA STATUS", "Replica_IO_Running", "Replica_SQL_Running", "Seconds_Behind_Source", "super_read_only"],
        ["maria", "replica", "SHOW REPLICA STATUS", "Slave_IO_Running", "Slave_SQL_Running", "Seconds_Behind_Master", "read_only"],
    ]);
    // How the administrator is kept from writing to a replica (docs/runtime.md#writing-to-a-replica): super_read_only
    // on MySQL; on MariaDB 10.11+ root gives up READ_ONLY ADMIN, which only the role myriad_replica_writer holds.
    expect(["legacy", "lts", "perc", "maria"].map((c) => [c, env(c).MYRIAD_ADMIN_REVOKE, env(c).MYRIAD_REPLICA_WRITER_ROLE])).toEqual([
        ["legacy", "", ""],
        ["lts", "", ""],
        ["perc", "", ""],
        ["maria", "READ_ONLY ADMIN", "myriad_replica_writer"],
    ]);
    // Lag threshold and planned source reach the probe.
    for (const c of ["legacy", "bugfix", "lts", "maria"]) {
        expect(env(c).MYRIAD_MAX_LAG_SECONDS).toBe("30");
        expect(env(c).MYRIAD_SOURCE_HOST).toBe(`${c}-0-0.${c}.default.svc.cluster.local`);
        expect(env(c, 0).MYRIAD_ROLE).toBe("primary");
        expect(env(c, 0).MYRIAD_SOURCE_HOST).toBeUndefined();
    }
});

test("the rendered configuration differs per version: 8.4 drops names that 8.0 still uses", () => {
    const cnf = (c: string) => (run.configOf(`${c}-1`) as Obj).data["my.cnf"] as string;
    // master_info_repository/relay_log_info_repository removed in 8.4, still valid in 8.0
    // (https://dev.mysql.com/doc/refman/8.4/en/mysql-nutshell.html; docs/compatibility.md#renamed-and-removed-settings);
    // log_replica_updates and binlog_expire_logs_seconds do not exist in 5.7 (log_slave_updates, expire_logs_days).
    expect(cnf("bugfix")).toMatch(/^master_info_repository = TABLE$/m);
    expect(cnf("lts")).not.toMatch(/master_info_repository/);
    expect(cnf("legacy")).toMatch(/^log_slave_updates = ON$/m);
    expect(cnf("legacy")).not.toMatch(/log_replica_updates/);
    expect(cnf("legacy")).toMatch(/^expire_logs_days = /m);
    expect(cnf("bugfix")).toMatch(/^binlog_expire_logs_seconds = /m);
    expect(cnf("legacy")).toMatch(/^super_read_only = ON$/m);
    expect(cnf("maria")).not.toMatch(/^super_read_only/m);
    expect(cnf("maria")).toMatch(/^read_only = ON$/m);
    expect(new Set(["legacy", "bugfix", "lts", "maria"].map(cnf)).size).toBe(4);
});

test("the server binary: mariadbd from MariaDB 10.5.2, mysqld otherwise", () => {
    expect(main("maria").command.slice(0, 2)).toEqual(["mariadbd", "--defaults-file=/etc/myriad/my.cnf"]);
    expect(main("oldmaria", 0).command.slice(0, 2)).toEqual(["mysqld", "--defaults-file=/etc/myriad/my.cnf"]);
    for (const c of ["legacy", "bugfix", "lts", "perc"]) expect(main(c).command[0]).toBe("mysqld");
});

test("mysqld runs as the image's mysql user: 999 (mysql, mariadb), 1001 (percona-server), 27 (Oracle mysql-server)", () => {
    const runAs = (c: string, ordinal = 1) => {
        const sc = pod(c, ordinal).spec.securityContext;
        return [sc.runAsUser, sc.runAsGroup, sc.fsGroup, sc.runAsNonRoot];
    };
    expect(runAs("bugfix")).toEqual([999, 999, 999, true]);
    expect(runAs("maria")).toEqual([999, 999, 999, true]);
    expect(runAs("perc")).toEqual([1001, 1001, 1001, true]);
    expect(runAs("oracle", 0)).toEqual([27, 27, 27, true]);
    expect((run.manifest("StatefulSet", "perc-1") as Obj).metadata.labels[KEYS.flavor]).toBe("percona");
    // Registry hosts do not change the answer.
    expect(runAsFor("registry.example.com:5000/percona/percona-server:8.0.36-28", "percona")).toEqual({ uid: 1001, gid: 1001 });
    expect(runAsFor("container-registry.oracle.com/mysql/community-server:8.4", "mysql")).toEqual({ uid: 27, gid: 27 });
    expect(runAsFor("docker.io/library/mysql:8.4.3", "mysql")).toEqual({ uid: 999, gid: 999 });
});
