/**
 * The dialect table: every version/flavour difference, table-driven, each expectation citing its source
 * (docs/compatibility.md section or the vendor manual).
 */
import { unsupportedReason } from "../../components/compat/support";
import { DIALECT_TABLE, dialectFor, resolveRow, type Dialect } from "../../components/mysqld/dialect";
import type { Flavor } from "../../components/spec/types";
import { mustParseVersion } from "../../components/versions/version";

type Case = [flavor: Flavor, version: string, expected: Partial<Dialect>, cite: string];

const statements: Case[] = [
    [
        "mysql",
        "5.7.29",
        {
            showReplicaStatus: "SHOW SLAVE STATUS",
            startReplica: "START SLAVE",
            stopReplica: "STOP SLAVE",
            resetReplicaAll: "RESET SLAVE ALL",
            changeSource: "CHANGE MASTER TO",
            sourceOptionPrefix: "MASTER",
            gtidPositioning: "MASTER_AUTO_POSITION=1",
            getSourcePublicKey: null,
            showBinaryLogStatus: "SHOW MASTER STATUS",
            resetBinaryLogs: "RESET MASTER",
        },
        "docs/compatibility.md#statements-variables-and-status-columns: legacy statements before 8.0.22; docs/compatibility.md#authentication GET_MASTER_PUBLIC_KEY from 8.0.4",
    ],
    [
        "mysql",
        "8.0.21",
        {
            showReplicaStatus: "SHOW SLAVE STATUS",
            startReplica: "START SLAVE",
            changeSource: "CHANGE MASTER TO",
            getSourcePublicKey: "GET_MASTER_PUBLIC_KEY=1",
        },
        "docs/compatibility.md#statements-variables-and-status-columns: REPLICA statements arrive in 8.0.22; docs/compatibility.md#authentication",
    ],
    [
        "mysql",
        "8.0.22",
        {
            showReplicaStatus: "SHOW REPLICA STATUS",
            startReplica: "START REPLICA",
            stopReplica: "STOP REPLICA",
            resetReplicaAll: "RESET REPLICA ALL",
            changeSource: "CHANGE MASTER TO",
            sourceOptionPrefix: "MASTER",
            gtidPositioning: "MASTER_AUTO_POSITION=1",
        },
        "docs/compatibility.md#statements-variables-and-status-columns: SHOW/START/STOP/RESET REPLICA 8.0.22, CHANGE REPLICATION SOURCE only 8.0.23",
    ],
    [
        "mysql",
        "8.0.23",
        {
            changeSource: "CHANGE REPLICATION SOURCE TO",
            sourceOptionPrefix: "SOURCE",
            gtidPositioning: "SOURCE_AUTO_POSITION=1",
            getSourcePublicKey: "GET_SOURCE_PUBLIC_KEY=1",
        },
        "docs/compatibility.md#statements-variables-and-status-columns: CHANGE REPLICATION SOURCE TO 8.0.23; docs/compatibility.md#authentication GET_SOURCE_PUBLIC_KEY",
    ],
    [
        "mysql",
        "8.1.0",
        { showBinaryLogStatus: "SHOW MASTER STATUS" },
        "docs/compatibility.md#statements-variables-and-status-columns: SHOW BINARY LOG STATUS only from 8.2.0",
    ],
    [
        "mysql",
        "8.2.0",
        { showBinaryLogStatus: "SHOW BINARY LOG STATUS", resetBinaryLogs: "RESET MASTER" },
        "docs/compatibility.md#statements-variables-and-status-columns: SHOW BINARY LOG STATUS 8.2.0; RESET MASTER kept until its removal in 8.4.0",
    ],
    [
        "mysql",
        "8.4.3",
        {
            showBinaryLogStatus: "SHOW BINARY LOG STATUS",
            resetBinaryLogs: "RESET BINARY LOGS AND GTIDS",
            showReplicaStatus: "SHOW REPLICA STATUS",
            changeSource: "CHANGE REPLICATION SOURCE TO",
        },
        "docs/compatibility.md#statements-variables-and-status-columns: legacy statements removed in 8.4.0",
    ],
    [
        "mysql",
        "9.1.0",
        { showReplicaStatus: "SHOW REPLICA STATUS", resetBinaryLogs: "RESET BINARY LOGS AND GTIDS" },
        "docs/compatibility.md#statements-variables-and-status-columns",
    ],
    [
        "percona",
        "8.0.36-28",
        {
            showReplicaStatus: "SHOW REPLICA STATUS",
            changeSource: "CHANGE REPLICATION SOURCE TO",
            showBinaryLogStatus: "SHOW MASTER STATUS",
        },
        "docs/compatibility.md#percona-server: Percona = MySQL base version + build suffix",
    ],
    [
        "mariadb",
        "10.4.30",
        { showReplicaStatus: "SHOW SLAVE STATUS", startReplica: "START SLAVE" },
        "docs/compatibility.md#mariadb: REPLICA synonyms from 10.5.1",
    ],
    [
        "mariadb",
        "10.11.6",
        {
            showReplicaStatus: "SHOW REPLICA STATUS",
            startReplica: "START REPLICA",
            stopReplica: "STOP REPLICA",
            resetReplicaAll: "RESET SLAVE ALL",
            changeSource: "CHANGE MASTER TO",
            sourceOptionPrefix: "MASTER",
            gtidPositioning: "MASTER_USE_GTID=slave_pos",
            getSourcePublicKey: null,
            showBinaryLogStatus: "SHOW MASTER STATUS",
            resetBinaryLogs: "RESET MASTER",
        },
        "docs/compatibility.md#mariadb: MariaDB CHANGE MASTER only, MASTER_USE_GTID=slave_pos",
    ],
    [
        "mariadb",
        "11.4.2",
        { changeSource: "CHANGE MASTER TO", gtidPositioning: "MASTER_USE_GTID=slave_pos" },
        "docs/compatibility.md#mariadb",
    ],
];

const columns: Case[] = [
    [
        "mysql",
        "5.7.29",
        {
            colIoRunning: "Slave_IO_Running",
            colSqlRunning: "Slave_SQL_Running",
            colLag: "Seconds_Behind_Master",
            colSourceHost: "Master_Host",
            colSourcePort: "Master_Port",
            colLastIoErrno: "Last_IO_Errno",
            colLastSqlErrno: "Last_SQL_Errno",
        },
        "docs/compatibility.md#statements-variables-and-status-columns: 5.7 returns the legacy names",
    ],
    [
        "mysql",
        "8.0.21",
        { colIoRunning: "Slave_IO_Running", colLag: "Seconds_Behind_Master" },
        "docs/compatibility.md#statements-variables-and-status-columns: SHOW SLAVE STATUS before 8.0.22",
    ],
    [
        "mysql",
        "8.0.22",
        {
            colIoRunning: "Replica_IO_Running",
            colSqlRunning: "Replica_SQL_Running",
            colLag: "Seconds_Behind_Source",
            colSourceHost: "Source_Host",
            colSourcePort: "Source_Port",
            colLastIoErrno: "Last_IO_Errno",
            colLastSqlErrno: "Last_SQL_Errno",
        },
        "docs/compatibility.md#statements-variables-and-status-columns: SHOW REPLICA STATUS (8.0.22+) uses the new names; errno columns unchanged",
    ],
    [
        "mysql",
        "9.1.0",
        { colIoRunning: "Replica_IO_Running", colSourceHost: "Source_Host" },
        "docs/compatibility.md#statements-variables-and-status-columns",
    ],
    [
        "mariadb",
        "11.4.2",
        {
            colIoRunning: "Slave_IO_Running",
            colSqlRunning: "Slave_SQL_Running",
            colLag: "Seconds_Behind_Master",
            colSourceHost: "Master_Host",
            colSourcePort: "Master_Port",
        },
        "docs/compatibility.md#mariadb: SHOW REPLICA STATUS keeps the legacy column names",
    ],
    [
        "mysql",
        "5.7.29",
        { colAutoPosition: "Auto_Position" },
        "docs/compatibility.md#statements-variables-and-status-columns: Auto_Position (1 = GTID auto-positioning) in SHOW SLAVE STATUS",
    ],
    [
        "mysql",
        "8.4.3",
        { colAutoPosition: "Auto_Position" },
        "docs/compatibility.md#statements-variables-and-status-columns: Auto_Position is among the unchanged columns of SHOW REPLICA STATUS",
    ],
    ["percona", "8.0.36-28", { colAutoPosition: "Auto_Position" }, "docs/compatibility.md#percona-server: Percona follows MySQL"],
    [
        "mariadb",
        "10.4.30",
        { colAutoPosition: "Using_Gtid" },
        "docs/compatibility.md#mariadb: MariaDB-only Using_Gtid (No | Slave_Pos | Current_Pos)",
    ],
    ["mariadb", "11.4.2", { colAutoPosition: "Using_Gtid" }, "docs/compatibility.md#mariadb"],
];

const options: Case[] = [
    [
        "mysql",
        "5.7.29",
        {
            logReplicaUpdates: "log_slave_updates",
            skipReplicaStart: "skip_slave_start",
            readOnly: "super_read_only",
            binlogExpiry: { name: "expire_logs_days", unit: "days" },
            replicationRepositories: true,
            gtid: "mysql",
            persistedVariables: false,
        },
        "docs/compatibility.md#renamed-and-removed-settings",
    ],
    [
        "mysql",
        "8.0.21",
        {
            binlogExpiry: { name: "binlog_expire_logs_seconds", unit: "seconds" },
            logReplicaUpdates: "log_slave_updates",
            persistedVariables: true,
        },
        "docs/compatibility.md#renamed-and-removed-settings: binlog_expire_logs_seconds 8.0.1",
    ],
    [
        "mysql",
        "8.0.25",
        { logReplicaUpdates: "log_slave_updates", skipReplicaStart: "skip_slave_start" },
        "docs/compatibility.md#renamed-and-removed-settings: renames at 8.0.26",
    ],
    [
        "mysql",
        "8.0.26",
        { logReplicaUpdates: "log_replica_updates", skipReplicaStart: "skip_replica_start", replicationRepositories: true },
        "docs/compatibility.md#renamed-and-removed-settings: log_replica_updates/skip_replica_start 8.0.26",
    ],
    [
        "mysql",
        "8.2.0",
        { replicationRepositories: true },
        "docs/compatibility.md#renamed-and-removed-settings: repositories removed only in 8.3.0",
    ],
    [
        "mysql",
        "8.3.0",
        { replicationRepositories: false },
        "docs/compatibility.md#renamed-and-removed-settings: master_info_repository/relay_log_info_repository removed 8.3.0",
    ],
    [
        "mysql",
        "8.4.3",
        { replicationRepositories: false, readOnly: "super_read_only" },
        "docs/compatibility.md#renamed-and-removed-settings",
    ],
    ["mariadb", "10.5.9", { binlogExpiry: { name: "expire_logs_days", unit: "days" } }, "MariaDB 10.6.1: binlog_expire_logs_seconds"],
    [
        "mariadb",
        "10.11.6",
        {
            logReplicaUpdates: "log_slave_updates",
            skipReplicaStart: "skip_slave_start",
            readOnly: "read_only",
            binlogExpiry: { name: "binlog_expire_logs_seconds", unit: "seconds" },
            replicationRepositories: false,
            gtid: "mariadb",
            persistedVariables: false,
        },
        "docs/compatibility.md#mariadb: read_only only, MariaDB GTIDs",
    ],
];

const semisync: Case[] = [
    [
        "mysql",
        "5.7.29",
        {
            semisyncPlugins: ["semisync_master.so", "semisync_slave.so"],
            semisyncSourceEnabled: "rpl_semi_sync_master_enabled",
            semisyncReplicaEnabled: "rpl_semi_sync_slave_enabled",
            semisyncWaitPoint: "rpl_semi_sync_master_wait_point",
            semisyncWaitForReplicaCount: "rpl_semi_sync_master_wait_for_slave_count",
            semisyncTimeout: "rpl_semi_sync_master_timeout",
            semisyncWaitNoReplica: "rpl_semi_sync_master_wait_no_slave",
            semisyncSourceStatus: "Rpl_semi_sync_master_status",
        },
        "docs/compatibility.md#renamed-and-removed-settings: master/slave plugins before 8.0.26",
    ],
    [
        "mysql",
        "8.0.25",
        { semisyncPlugins: ["semisync_master.so", "semisync_slave.so"], semisyncSourceEnabled: "rpl_semi_sync_master_enabled" },
        "docs/compatibility.md#renamed-and-removed-settings",
    ],
    [
        "mysql",
        "8.0.26",
        {
            semisyncPlugins: ["semisync_source.so", "semisync_replica.so"],
            semisyncSourceEnabled: "rpl_semi_sync_source_enabled",
            semisyncReplicaEnabled: "rpl_semi_sync_replica_enabled",
            semisyncWaitPoint: "rpl_semi_sync_source_wait_point",
            semisyncWaitForReplicaCount: "rpl_semi_sync_source_wait_for_replica_count",
            semisyncTimeout: "rpl_semi_sync_source_timeout",
            semisyncWaitNoReplica: "rpl_semi_sync_source_wait_no_replica",
            semisyncSourceStatus: "Rpl_semi_sync_source_status",
        },
        "docs/compatibility.md#renamed-and-removed-settings: source/replica plugins 8.0.26",
    ],
    [
        "mysql",
        "9.5.0",
        { semisyncPlugins: ["semisync_source.so", "semisync_replica.so"] },
        "docs/compatibility.md#renamed-and-removed-settings: old names removed 9.5.0",
    ],
    [
        "mariadb",
        "10.11.6",
        {
            semisyncPlugins: [],
            semisyncSourceEnabled: "rpl_semi_sync_master_enabled",
            semisyncReplicaEnabled: "rpl_semi_sync_slave_enabled",
            semisyncWaitPoint: "rpl_semi_sync_master_wait_point",
            semisyncWaitForReplicaCount: null,
            semisyncWaitNoReplica: "rpl_semi_sync_master_wait_no_slave",
        },
        "MariaDB KB: built in from 10.3.3, waits for one replica",
    ],
];

const programs: Case[] = [
    [
        "mysql",
        "8.0.36",
        {
            client: "mysql",
            admin: "mysqladmin",
            dump: "mysqldump",
            server: "mysqld",
            initialize: "mysqld --initialize-insecure",
            initializeOptions: "",
        },
        "MySQL manual",
    ],
    ["percona", "8.0.36-28", { client: "mysql", dump: "mysqldump", server: "mysqld" }, "docs/compatibility.md#percona-server"],
    [
        "mariadb",
        "10.3.39",
        { initialize: "mysql_install_db", initializeOptions: "" },
        "MariaDB KB: 10.3 installer has no --auth-root-authentication-method",
    ],
    [
        "mariadb",
        "10.4.30",
        {
            client: "mysql",
            admin: "mysqladmin",
            dump: "mysqldump",
            server: "mysqld",
            initialize: "mysql_install_db",
            initializeOptions: "--auth-root-authentication-method=normal",
        },
        "MariaDB KB: mariadb-* names are programs from 10.5.2; unix_socket root from 10.4",
    ],
    [
        "mariadb",
        "10.11.6",
        {
            client: "mariadb",
            admin: "mariadb-admin",
            dump: "mariadb-dump",
            server: "mariadbd",
            initialize: "mariadb-install-db",
            initializeOptions: "--auth-root-authentication-method=normal --skip-test-db",
        },
        "MariaDB KB",
    ],
    [
        "mariadb",
        "11.4.2",
        { client: "mariadb", admin: "mariadb-admin", dump: "mariadb-dump", server: "mariadbd" },
        "MariaDB KB: 11.0.1 images have no mysql* symlinks",
    ],
];

const features: Case[] = [
    [
        "mysql",
        "5.7.29",
        {
            clonePlugin: null,
            groupReplication: true,
            groupMemberWeight: true,
            groupConsistency: false,
            groupNeedsWriteSetExtraction: true,
            groupNeedsChecksumNone: true,
            groupRecoveryGetPublicKey: false,
        },
        "docs/compatibility.md#seeding-new-replicas CLONE 8.0.17; docs/compatibility.md#group-replication weight backported 5.7.20; docs/compatibility.md#group-replication consistency 8.0.14; WL#9038",
    ],
    ["mysql", "5.7.19", { groupMemberWeight: false }, "docs/compatibility.md#group-replication: weight from 5.7.20"],
    ["mysql", "5.7.16", { groupReplication: false }, "docs/compatibility.md#group-replication: Group Replication 5.7.17+"],
    [
        "mysql",
        "8.0.13",
        { groupConsistency: false, groupMemberWeight: true, groupNeedsWriteSetExtraction: false },
        "docs/compatibility.md#group-replication",
    ],
    ["mysql", "8.0.14", { groupConsistency: true }, "docs/compatibility.md#group-replication: consistency added 8.0.14"],
    ["mysql", "8.0.16", { clonePlugin: null }, "docs/compatibility.md#seeding-new-replicas"],
    [
        "mysql",
        "8.0.17",
        { clonePlugin: "mysql_clone.so", printIdentifiedAsHex: true },
        "docs/compatibility.md#seeding-new-replicas: CLONE 8.0.17",
    ],
    ["mysql", "8.0.20", { groupNeedsChecksumNone: true }, "WL#9038"],
    ["mysql", "8.0.21", { groupNeedsChecksumNone: false }, "WL#9038: checksums supported from 8.0.21"],
    [
        "mariadb",
        "10.11.6",
        { clonePlugin: null, groupReplication: false, groupConsistency: false },
        "docs/compatibility.md#seeding-new-replicas, docs/compatibility.md#mariadb",
    ],
];

const auth: Case[] = [
    [
        "mysql",
        "5.7.29",
        { cachingSha2Default: false, nativePasswordAvailable: true, nativePasswordNeedsOption: false, cachingSha2Client: false },
        "docs/compatibility.md#authentication: 5.7 replicas treated as native-only",
    ],
    ["mysql", "8.0.3", { cachingSha2Default: false }, "docs/compatibility.md#authentication: caching_sha2 default from 8.0.4"],
    [
        "mysql",
        "8.0.36",
        { cachingSha2Default: true, nativePasswordAvailable: true, nativePasswordNeedsOption: false, cachingSha2Client: true },
        "docs/compatibility.md#authentication",
    ],
    [
        "mysql",
        "8.4.0",
        { nativePasswordAvailable: true, nativePasswordNeedsOption: true },
        "docs/compatibility.md#authentication: disabled by default in 8.4",
    ],
    [
        "mysql",
        "9.0.0",
        { nativePasswordAvailable: false, nativePasswordNeedsOption: false },
        "docs/compatibility.md#authentication: removed in 9.0.0",
    ],
    [
        "mariadb",
        "10.11.6",
        { cachingSha2Client: false, monitorPrivileges: "PROCESS, BINLOG MONITOR, SLAVE MONITOR" },
        "docs/compatibility.md#authentication: MariaDB replica caching_sha2 from 11.4.9; SLAVE MONITOR 10.5.9",
    ],
    ["mariadb", "11.4.8", { cachingSha2Client: false }, "docs/compatibility.md#authentication"],
    ["mariadb", "11.4.9", { cachingSha2Client: true }, "docs/compatibility.md#authentication"],
    ["mariadb", "11.6.2", { cachingSha2Client: false }, "docs/compatibility.md#authentication: only 11.4.9 / 11.8.4 / 12.1.1 listed"],
    ["mariadb", "11.8.4", { cachingSha2Client: true }, "docs/compatibility.md#authentication"],
    ["mariadb", "12.1.1", { cachingSha2Client: true }, "docs/compatibility.md#authentication"],
    ["mariadb", "10.5.4", { monitorPrivileges: "PROCESS, BINLOG MONITOR, REPLICATION SLAVE ADMIN" }, "MariaDB privileges 10.5.2–10.5.8"],
    ["mysql", "8.0.36", { monitorPrivileges: "PROCESS, REPLICATION CLIENT" }, "Myriad's design"],
];

const dump: Case[] = [
    ["mysql", "5.7.29", { dumpConsistentPositionOption: "--master-data=2", dumpHasColumnStatistics: false }, "mysqldump 5.7"],
    [
        "mysql",
        "8.0.25",
        { dumpConsistentPositionOption: "--master-data=2", dumpHasColumnStatistics: true },
        "mysqldump 8.0.2 column statistics",
    ],
    ["mysql", "8.0.26", { dumpConsistentPositionOption: "--source-data=2" }, "mysqldump --source-data 8.0.26"],
    [
        "mariadb",
        "10.11.6",
        { dumpConsistentPositionOption: "--master-data=1", dumpHasColumnStatistics: false },
        "mariadb-dump --master-data=1 --gtid",
    ],
];

describe.each([
    ["statements (docs/compatibility.md#statements-variables-and-status-columns)", statements],
    ["status columns (docs/compatibility.md#statements-variables-and-status-columns, docs/compatibility.md#mariadb)", columns],
    ["options (docs/compatibility.md#renamed-and-removed-settings, docs/compatibility.md#mariadb)", options],
    ["semi-sync (docs/compatibility.md#renamed-and-removed-settings, MariaDB built in)", semisync],
    ["programs", programs],
    ["features (docs/compatibility.md#group-replication, docs/compatibility.md#seeding-new-replicas)", features],
    ["authentication (docs/compatibility.md#authentication)", auth],
    ["dump tool", dump],
])("dialect %s", (_name, cases) => {
    test.each(cases)("%s %s (%#)", (flavor, version, expected, cite) => {
        expect(cite.length).toBeGreaterThan(0);
        const d = dialectFor(flavor, version);
        for (const [key, value] of Object.entries(expected)) {
            expect({ key, value: d[key as keyof Dialect] }).toEqual({ key, value });
        }
    });
});

describe("the dialect table itself", () => {
    test("every row cites a source", () => {
        for (const [key, row] of Object.entries(DIALECT_TABLE)) {
            expect({ key, cite: row.cite.length > 10 }).toEqual({ key, cite: true });
            expect(/https:\/\/(dev\.mysql\.com|mariadb\.com|docs\.percona\.com)\//.test(row.cite)).toBe(true);
        }
    });

    test("steps are ordered by version and start at 0.0.0", () => {
        const key = (v: string) =>
            v
                .split(".")
                .map((n) => n.padStart(5, "0"))
                .join(".");
        for (const row of Object.values(DIALECT_TABLE)) {
            for (const steps of [row.mysql, row.mariadb]) {
                expect(steps[0][0]).toBe("0.0.0");
                const versions = steps.map((s) => key(s[0]));
                expect([...versions].sort()).toEqual(versions);
            }
        }
    });

    test("dialectFor resolves every key of the table", () => {
        const d = dialectFor("mysql", "8.0.36");
        expect(Object.keys(d).sort()).toEqual(Object.keys(DIALECT_TABLE).sort());
    });

    test("Percona resolves exactly like MySQL of the same base version (docs/compatibility.md#percona-server)", () => {
        for (const v of ["5.7.44", "8.0.36", "8.4.3"]) {
            expect(dialectFor("percona", `${v}-28`)).toEqual(dialectFor("mysql", v));
        }
    });

    test("resolveRow picks the last step at or below the version", () => {
        const row = {
            mysql: [
                ["0.0.0", "a"],
                ["8.0.22", "b"],
                ["8.4.0", "c"],
            ] as const,
            mariadb: [["0.0.0", "m"]] as const,
            cite: "test",
        };
        expect(resolveRow(row, "mysql", "8.0.21")).toBe("a");
        expect(resolveRow(row, "mysql", "8.0.22")).toBe("b");
        expect(resolveRow(row, "mysql", "8.3.99")).toBe("b");
        expect(resolveRow(row, "mysql", "8.4.0")).toBe("c");
        expect(resolveRow(row, "mariadb", "11.4.2")).toBe("m");
    });

    test("returned dialects are shared and frozen: no caller can change what another one reads", () => {
        const a = dialectFor("mysql", "8.0.36");
        expect(() => a.semisyncPlugins.push("x.so")).toThrow(TypeError);
        expect(() => Object.assign(a, { client: "x" })).toThrow(TypeError);
        expect(dialectFor("mysql", "8.0.36").semisyncPlugins).toEqual(["semisync_source.so", "semisync_replica.so"]);
        expect(dialectFor("mysql", "8.0.36")).toBe(a);
        expect(dialectFor("mysql", mustParseVersion("8.0.36"))).toBe(a);
    });

    test("malformed versions throw", () => {
        expect(() => dialectFor("mysql", "8.0")).toThrow(/not a server version/);
    });

    test("versions below the supported floor are reported", () => {
        expect(unsupportedReason("mysql", "5.6.51")).toMatch(/older than 5\.7\.8/);
        expect(unsupportedReason("mysql", "5.7.8")).toBeUndefined();
        expect(unsupportedReason("mariadb", "10.2.44")).toMatch(/older than 10\.3\.3/);
        expect(unsupportedReason("mariadb", "10.11.6")).toBeUndefined();
    });
});
