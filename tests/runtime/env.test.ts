/**
 * instanceEnv: the runtime contract's MYRIAD_* variables plus the dialect decisions the scripts need.
 */
import { readFileSync } from "fs";
import { backupJobEnv, binlogShipperEnv, restoreEnv } from "../../components/runtime/backup-env";
import * as path from "path";
import {
    instanceEnv,
    peerServiceHost,
    PLACEMENT_VARIABLES,
    podEnv,
    podIpEnvVar,
    POD_IP_VARIABLE,
    temporaryServerArgs,
} from "../../components/runtime/env";
import { SCRIPT_TUNABLES } from "../../components/runtime/contract";
import { dialectFor } from "../../components/mysqld/dialect";
import { planOrThrow } from "../../components/planner/plan";
import type { ClusterPlan } from "../../components/planner/types";
import type { ClusterSpec } from "../../components/spec/types";
import { SCRIPT_FILES, scriptsSourceDir } from "../../components/runtime/scripts";

function plan(spec: Partial<ClusterSpec> & { templates: ClusterSpec["templates"] }): ClusterPlan {
    return planOrThrow({ name: "orders", namespace: "db", ...spec });
}
const single = (image: string, extra: Partial<ClusterSpec> = {}) => plan({ templates: [{ name: "main", image, replicas: 3 }], ...extra });
const envOf = (p: ClusterPlan, ordinal: number, o?: Record<string, string>) =>
    instanceEnv(
        p,
        p.instances.find((i) => i.ordinal === ordinal)!,
        o,
    );

const CONTRACT = [
    "MYRIAD_CLUSTER",
    "MYRIAD_ORDINAL",
    "MYRIAD_SERVER_ID",
    "MYRIAD_ROLE",
    "MYRIAD_MODE",
    "MYRIAD_FLAVOR",
    "MYRIAD_VERSION",
    "MYRIAD_HOST",
    "MYRIAD_PORT",
    "MYRIAD_MAX_LAG_SECONDS",
    "MYRIAD_DATADIR",
    "MYRIAD_CONFIG",
    "MYRIAD_SECRETS_DIR",
    "MYRIAD_SCRIPTS_DIR",
];

describe("runtime contract variables", () => {
    test("primary: contract values, no source", () => {
        const e = envOf(single("mysql:8.0.36", { serverIdBase: 1000, maxReplicaLagSeconds: 12 }), 0);
        for (const k of CONTRACT) expect({ k, set: (e[k] ?? "").length > 0 }).toEqual({ k, set: true });
        expect(e.MYRIAD_CLUSTER).toBe("orders");
        expect(e.MYRIAD_ROLE).toBe("primary");
        expect(e.MYRIAD_SERVER_ID).toBe("1000");
        expect(e.MYRIAD_HOST).toBe("orders-0-0.orders.db.svc.cluster.local");
        expect(e.MYRIAD_PORT).toBe("3306");
        expect(e.MYRIAD_MAX_LAG_SECONDS).toBe("12");
        expect(e.MYRIAD_DATADIR).toBe("/var/lib/mysql");
        expect(e.MYRIAD_CONFIG).toBe("/etc/myriad/my.cnf");
        expect(e.MYRIAD_SECRETS_DIR).toBe("/etc/myriad/secrets");
        expect(e.MYRIAD_SCRIPTS_DIR).toBe("/opt/myriad/bin");
        expect(e.MYRIAD_SOURCE_HOST).toBeUndefined();
        expect(e.MYRIAD_SEEDING).toBeUndefined();
    });

    test("replica: planned source and seeding decision", () => {
        const e = envOf(single("mysql:8.0.36"), 2);
        expect(e.MYRIAD_ROLE).toBe("replica");
        expect(e.MYRIAD_SOURCE_HOST).toBe("orders-0-0.orders.db.svc.cluster.local");
        expect(e.MYRIAD_SOURCE_PORT).toBe("3306");
        expect(e.MYRIAD_SEEDING).toBe("clone");
        expect(e.MYRIAD_CLONE_PLUGIN).toBe("mysql_clone.so");
        expect(e.MYRIAD_DUMP_OPTIONS).toBe("");
    });

    test("group peers are the online instances only", () => {
        const e = envOf(single("mysql:8.0.36", { mode: "group", offlineInstances: [1] }), 0);
        expect(e.MYRIAD_PEERS.split(" ")).toEqual([0, 2, 3].map((o) => `orders-${o}-0.orders.db.svc.cluster.local:3306`));
    });

    test("async replicas get no peer list (they need only their source)", () => {
        expect(envOf(single("mysql:8.0.36"), 1).MYRIAD_PEERS).toBe("");
    });

    test("peer Service: the headless Service's DNS name in every mode, constant per instance", () => {
        for (const mode of ["async", "semisync", "group"] as const) {
            const p = single(mode === "semisync" ? "mariadb:10.11.6" : "mysql:8.0.36", { mode, clusterDomain: "corp.example" });
            for (const i of p.instances) {
                const e = envOf(p, i.ordinal);
                expect(e.MYRIAD_PEER_SERVICE).toBe("orders.db.svc.corp.example");
                expect(e.MYRIAD_PEER_SERVICE).toBe(peerServiceHost(p));
                // Every instance's own DNS name is "<pod>." followed by the Service's name (planner/naming.ts).
                expect(i.host).toBe(`${i.name}-0.${e.MYRIAD_PEER_SERVICE}`);
            }
        }
        expect(PLACEMENT_VARIABLES).toContain("MYRIAD_PEER_SERVICE");
        expect(SCRIPT_TUNABLES.MYRIAD_PEER_WAIT_SECONDS.default).toBe("300");
    });

    test("the pod's own IP comes from the downward API, not from instanceEnv", () => {
        expect(podIpEnvVar()).toEqual({ name: "MYRIAD_POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } });
        expect(envOf(single("mysql:8.0.36"), 0)[POD_IP_VARIABLE]).toBeUndefined();
    });

    test("overrides replace placement variables (local runner)", () => {
        const e = envOf(single("mariadb:10.11.6"), 1, {
            MYRIAD_HOST: "127.0.0.1",
            MYRIAD_PORT: "23306",
            MYRIAD_SOURCE_HOST: "127.0.0.1",
            MYRIAD_SOURCE_PORT: "23305",
        });
        expect(e.MYRIAD_HOST).toBe("127.0.0.1");
        expect(e.MYRIAD_SOURCE_PORT).toBe("23305");
        expect(e.MYRIAD_SQL_CHANGE_SOURCE).toBe("CHANGE MASTER TO");
    });

    test("no credential ever reaches the environment", () => {
        for (const image of ["mysql:8.0.36", "mariadb:11.4.2"]) {
            const e = envOf(single(image), 1);
            expect(Object.keys(e).filter((k) => /PASSWORD|SECRET_VALUE|TOKEN/.test(k))).toEqual([]);
        }
    });
});

describe("dialect decisions reach the scripts", () => {
    type Row = [image: string, expected: Record<string, string>, cite: string];
    const rows: Row[] = [
        [
            "mysql:5.7.29",
            {
                MYRIAD_COL_AUTO_POSITION: "Auto_Position",
                MYRIAD_CLIENT: "mysql",
                MYRIAD_SQL_SHOW_REPLICA_STATUS: "SHOW SLAVE STATUS",
                MYRIAD_SQL_CHANGE_SOURCE: "CHANGE MASTER TO",
                MYRIAD_SQL_SOURCE_PREFIX: "MASTER",
                MYRIAD_SQL_SOURCE_OPTIONS: "MASTER_AUTO_POSITION=1",
                MYRIAD_COL_IO_RUNNING: "Slave_IO_Running",
                MYRIAD_COL_LAG: "Seconds_Behind_Master",
                MYRIAD_READ_ONLY_VAR: "super_read_only",
                MYRIAD_SEEDING: "logical",
                MYRIAD_INIT_METHOD: "mysqld --initialize-insecure",
                MYRIAD_PERSISTED_VARIABLES: "0",
            },
            "statements, status columns, seeding",
        ],
        [
            "mysql:8.0.22",
            {
                MYRIAD_SQL_SHOW_REPLICA_STATUS: "SHOW REPLICA STATUS",
                MYRIAD_SQL_CHANGE_SOURCE: "CHANGE MASTER TO",
                MYRIAD_SQL_SOURCE_OPTIONS: "MASTER_AUTO_POSITION=1, GET_MASTER_PUBLIC_KEY=1",
                MYRIAD_COL_IO_RUNNING: "Replica_IO_Running",
                MYRIAD_COL_SOURCE_HOST: "Source_Host",
            },
            "statements from 8.0.22, authentication",
        ],
        [
            "mysql:8.0.36",
            {
                MYRIAD_SQL_CHANGE_SOURCE: "CHANGE REPLICATION SOURCE TO",
                MYRIAD_SQL_SOURCE_PREFIX: "SOURCE",
                MYRIAD_SQL_SOURCE_OPTIONS: "SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1",
                MYRIAD_SQL_RESET_BINLOGS: "RESET MASTER",
                MYRIAD_PERSISTED_VARIABLES: "1",
                MYRIAD_SOURCE_PRINT_IDENTIFIED_AS_HEX: "1",
            },
            "statements from 8.0.23",
        ],
        [
            "mysql:8.4.3",
            {
                MYRIAD_SQL_RESET_BINLOGS: "RESET BINARY LOGS AND GTIDS",
                MYRIAD_SQL_STOP_REPLICA: "STOP REPLICA",
                MYRIAD_SQL_RESET_REPLICA_ALL: "RESET REPLICA ALL",
            },
            "statements from 8.4.0",
        ],
        [
            "mariadb:10.11.6",
            {
                MYRIAD_COL_AUTO_POSITION: "Using_Gtid",
                MYRIAD_CLIENT: "mariadb",
                MYRIAD_ADMIN: "mariadb-admin",
                MYRIAD_DUMP: "mariadb-dump",
                MYRIAD_SERVER_BIN: "mariadbd",
                MYRIAD_INIT_METHOD: "mariadb-install-db",
                MYRIAD_SQL_SOURCE_OPTIONS: "MASTER_USE_GTID=slave_pos",
                MYRIAD_COL_IO_RUNNING: "Slave_IO_Running",
                MYRIAD_READ_ONLY_VAR: "read_only",
                MYRIAD_GTID: "mariadb",
                MYRIAD_SEEDING: "mariadb-backup",
                MYRIAD_BACKUP_TOOL: "mariadb-backup",
                MYRIAD_BACKUP_STREAM: "mbstream",
                MYRIAD_BACKUP_BINLOG_INFO: "mariadb_backup_binlog_info xtrabackup_binlog_info",
                MYRIAD_SEED_PORT: "3307",
                MYRIAD_CLONE_PLUGIN: "",
                MYRIAD_MONITOR_PRIVILEGES: "PROCESS, BINLOG MONITOR, SLAVE MONITOR",
            },
            "MariaDB",
        ],
    ];
    test.each(rows)("%s replica (%s)", (image, expected) => {
        const e = envOf(single(image), 1);
        for (const [k, v] of Object.entries(expected)) expect({ k, v: e[k] }).toEqual({ k, v });
    });

    test("logical seeding carries the dump options of the pair", () => {
        const p = plan({
            templates: [
                { name: "old", image: "mysql:5.7.44", replicas: 1, ordinals: { start: 0, end: 4 } },
                { name: "new", image: "mysql:8.0.36", replicas: 1, ordinals: { start: 5, end: 9 } },
            ],
        });
        const e = envOf(p, 5);
        expect(e.MYRIAD_SEEDING).toBe("logical");
        expect(e.MYRIAD_SOURCE_VERSION).toBe("5.7.44");
        expect(e.MYRIAD_DUMP_OPTIONS.split(" ")).toEqual(
            expect.arrayContaining(["--single-transaction", "--source-data=2", "--set-gtid-purged=ON", "--column-statistics=0"]),
        );
        expect(e.MYRIAD_SOURCE_PRINT_IDENTIFIED_AS_HEX).toBe("0");
    });

    test("physical seeding: the image's tool and stream program by version; backupTool none renders no tool and a logical copy", () => {
        // Before 10.5.2 the tool is called mariabackup (a primary alone there: MariaDB before 10.11 runs no replica).
        const old = envOf(plan({ templates: [{ name: "main", image: "mariadb:10.4.30", replicas: 1 }] }), 0);
        expect([old.MYRIAD_BACKUP_TOOL, old.MYRIAD_BACKUP_STREAM]).toEqual(["mariabackup", "mbstream"]);
        const current = envOf(single("mariadb:10.11.6"), 1);
        expect([current.MYRIAD_SEEDING, current.MYRIAD_BACKUP_TOOL, current.MYRIAD_BACKUP_STREAM]).toEqual([
            "mariadb-backup",
            "mariadb-backup",
            "mbstream",
        ]);
        const none = envOf(plan({ templates: [{ name: "main", image: "mariadb:10.11.6", replicas: 2, backupTool: "none" }] }), 1);
        expect([none.MYRIAD_SEEDING, none.MYRIAD_BACKUP_TOOL, none.MYRIAD_BACKUP_STREAM]).toEqual(["logical", "", ""]);
        const pxb = envOf(
            plan({ templates: [{ name: "main", image: "percona/percona-server:5.7.44-48", replicas: 2, backupTool: "xtrabackup" }] }),
            1,
        );
        expect([pxb.MYRIAD_SEEDING, pxb.MYRIAD_BACKUP_TOOL, pxb.MYRIAD_BACKUP_STREAM, pxb.MYRIAD_BACKUP_BINLOG_INFO]).toEqual([
            "xtrabackup",
            "xtrabackup",
            "xbstream",
            "xtrabackup_binlog_info",
        ]);
        expect(envOf(single("mysql:5.7.44"), 1).MYRIAD_SEEDING).toBe("logical");
    });

    test("a pair no method can seed says why", () => {
        const p = plan({
            templates: [
                { name: "new", image: "mysql:8.4.3", replicas: 1, ordinals: { start: 0, end: 4 } },
                { name: "old", image: "mysql:8.0.36", replicas: 1, ordinals: { start: 5, end: 9 } },
            ],
        });
        const e = envOf(p, 5);
        expect(e.MYRIAD_SEEDING).toBe("none");
        expect(e.MYRIAD_SEEDING_REASON).toMatch(/newer than the recipient/);
    });

    test("a 5.7 replica makes the replication account native on an 8.0 primary (docs/compatibility.md#authentication)", () => {
        const p = plan({
            templates: [
                { name: "new", image: "mysql:8.0.36", replicas: 1, ordinals: { start: 0, end: 4 } },
                { name: "old", image: "mysql:5.7.44", replicas: 1, ordinals: { start: 5, end: 9 } },
            ],
        });
        expect(envOf(p, 0).MYRIAD_REPL_AUTH_PLUGIN).toBe("mysql_native_password");
        expect(envOf(single("mysql:8.0.36"), 0).MYRIAD_REPL_AUTH_PLUGIN).toBe("");
    });
});

describe("modes", () => {
    test("group: no source, bootstrap flag on the planned primary only, BACKUP_ADMIN for clone-based recovery", () => {
        const p = single("mysql:8.0.36", { mode: "group", primary: 1 });
        expect(envOf(p, 1).MYRIAD_GROUP_BOOTSTRAP).toBe("1");
        expect(envOf(p, 0).MYRIAD_GROUP_BOOTSTRAP).toBe("0");
        expect(envOf(p, 0).MYRIAD_SOURCE_HOST).toBeUndefined();
        expect(envOf(p, 0).MYRIAD_REPL_PRIVILEGES).toBe("REPLICATION SLAVE, REPLICATION CLIENT, BACKUP_ADMIN");
        expect(envOf(single("mysql:5.7.29", { mode: "group" }), 0).MYRIAD_REPL_PRIVILEGES).toBe("REPLICATION SLAVE, REPLICATION CLIENT");
        expect(envOf(single("mysql:8.0.36"), 0).MYRIAD_REPL_PRIVILEGES).toBe("REPLICATION SLAVE, REPLICATION CLIENT");
    });

    test("temporary servers are writable, never replicate, never join a group, never wait for semi-sync, keep relay logs", () => {
        // relay_log_recovery=OFF: a replica promoted while its old primary is unreachable applies what it received.
        expect(temporaryServerArgs(single("mysql:8.0.36"), dialectFor("mysql", "8.0.36"))).toEqual([
            "--read-only=OFF",
            "--relay-log-recovery=OFF",
            "--super-read-only=OFF",
            "--skip-replica-start",
            "--loose-mysqlx=OFF",
        ]);
        expect(temporaryServerArgs(single("mysql:5.7.29", { mode: "semisync" }), dialectFor("mysql", "5.7.29"))).toEqual([
            "--read-only=OFF",
            "--relay-log-recovery=OFF",
            "--super-read-only=OFF",
            "--skip-slave-start",
            "--loose-mysqlx=OFF",
            "--loose-rpl-semi-sync-master-enabled=OFF",
        ]);
        expect(temporaryServerArgs(single("mysql:8.0.36", { mode: "group" }), dialectFor("mysql", "8.0.36"))).toContain(
            "--loose-group-replication-start-on-boot=OFF",
        );
        expect(temporaryServerArgs(single("mariadb:10.11.6", { mode: "semisync" }), dialectFor("mariadb", "10.11.6"))).toEqual([
            "--read-only=OFF",
            "--relay-log-recovery=OFF",
            "--skip-slave-start",
            "--loose-rpl-semi-sync-master-enabled=OFF",
        ]);
    });
});

describe("scripts and environment agree", () => {
    test("every MYRIAD_* variable a script reads is rendered by instanceEnv (tunables included)", () => {
        const provided = new Set<string>();
        const plans = [single("mysql:8.0.36"), single("mariadb:10.11.6", { mode: "semisync" }), single("mysql:8.0.36", { mode: "group" })];
        for (const p of plans)
            for (const i of p.instances) for (const k of [...Object.keys(instanceEnv(p, i)), ...Object.keys(podEnv(p, i))]) provided.add(k);
        provided.add(POD_IP_VARIABLE); // downward API (statefulset.ts)
        // The backup scripts' own environment (components/runtime/backup-env.ts).
        const backed = single("mariadb:10.11.6", { backup: { storage: { s3: { bucket: "backups", credentialsSecret: "s" } } } });
        for (const k of [...Object.keys(backupJobEnv(backed)), ...Object.keys(binlogShipperEnv(backed, backed.instances[0]))])
            provided.add(k);
        const restored = single("mariadb:10.11.6", {
            restore: { from: { storage: { local: { path: "/b" } }, cluster: "orders", version: "10.11.6" } },
        });
        for (const k of Object.keys(restoreEnv(restored))) provided.add(k);
        const internal = new Set([
            "MYRIAD_SCRIPT",
            "MYRIAD_TEMP_PID",
            "MYRIAD_TEMP_SOCK",
            "MYRIAD_TEMP_DIR",
            "MYRIAD_TEMP_LOG",
            "MYRIAD_TEMP_LOG_KEPT",
            "MYRIAD_FATAL",
        ]);
        const used = new Set<string>();
        for (const f of SCRIPT_FILES) {
            const text = readFileSync(path.join(scriptsSourceDir(), f), "utf8");
            for (const m of text.matchAll(/\bMYRIAD_[A-Z0-9_]*[A-Z0-9]\b/g)) used.add(m[0]);
        }
        const unknown = [...used].filter((v) => !provided.has(v) && !internal.has(v));
        expect(unknown).toEqual([]);
    });
});
