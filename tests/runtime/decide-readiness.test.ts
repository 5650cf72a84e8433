/**
 * probe.sh's and post-start.sh's decisions, table-driven: each script is sourced and its pure decisions
 * called with gathered facts. What gathers them (the ping, the replication status query, the member state)
 * is exercised by probe-logic.test.ts (stub client) and on real servers (real-smoke.test.ts, tests/real).
 */
import { dialectFor } from "../../components/mysqld/dialect";
import type { Flavor } from "../../components/spec/types";
import { decide, decideFields } from "./decide";

const SOURCE = "orders-0-0.orders.db.svc.cluster.local";

/** The configuration probe.sh reads for a replica of `flavor` `version`: planned source, lag bound, column names. */
function replicaConfig(flavor: Flavor, version: string): Record<string, string> {
    const d = dialectFor(flavor, version);
    return {
        MYRIAD_SOURCE_HOST: SOURCE,
        MYRIAD_SOURCE_PORT: "3306",
        MYRIAD_MAX_LAG_SECONDS: "30",
        MYRIAD_GTID: d.gtid,
        MYRIAD_SQL_SHOW_REPLICA_STATUS: d.showReplicaStatus,
        MYRIAD_COL_IO_RUNNING: d.colIoRunning,
        MYRIAD_COL_SQL_RUNNING: d.colSqlRunning,
        MYRIAD_COL_LAG: d.colLag,
        MYRIAD_COL_AUTO_POSITION: d.colAutoPosition,
    };
}

describe.each([
    ["mysql", "8.0.36", "Replica_IO_Running", "Replica_SQL_Running", "Seconds_Behind_Source", "Auto_Position", "1", "0"],
    ["mysql", "5.7.29", "Slave_IO_Running", "Slave_SQL_Running", "Seconds_Behind_Master", "Auto_Position", "1", "0"],
    ["mariadb", "10.11.6", "Slave_IO_Running", "Slave_SQL_Running", "Seconds_Behind_Master", "Using_Gtid", "Slave_Pos", "No"],
] as [Flavor, string, string, string, string, string, string, string][])(
    "decide_replica_readiness on %s %s",
    (flavor, version, IO, SQL, LAG, AUTO, gtid, filePos) => {
        const healthy: Record<string, string> = {
            host: SOURCE,
            port: "3306",
            io: "Yes",
            sql: "Yes",
            io_errno: "0",
            sql_errno: "0",
            lag: "0",
            auto: gtid,
        };
        type Row = [name: string, facts: Record<string, string>, reason: string];
        const rows: Row[] = [
            ["healthy", {}, ""],
            ["lag at the threshold", { lag: "30" }, ""],
            ["errors absent count as none", { io_errno: "", sql_errno: "" }, ""],
            [
                "not configured (empty status)",
                { configured: "0" },
                `replication is not configured (${dialectFor(flavor, version).showReplicaStatus} is empty)`,
            ],
            [
                "wrong source host",
                { host: "orders-2-0.orders.db.svc.cluster.local" },
                `replicating from orders-2-0.orders.db.svc.cluster.local:3306, but the planned source is ${SOURCE}:3306`,
            ],
            ["wrong source port", { port: "3307" }, `replicating from ${SOURCE}:3307, but the planned source is ${SOURCE}:3306`],
            [
                "wrong source and file/position: the source is named first",
                { port: "3307", auto: filePos },
                `replicating from ${SOURCE}:3307, but the planned source is ${SOURCE}:3306`,
            ],
            [
                "binary log file/position",
                { auto: filePos },
                `replication uses binary log file/position (${AUTO}=${filePos}); Myriad requires GTID auto-positioning; init.sh re-asserts it when the pod restarts`,
            ],
            [
                "positioning column absent",
                { auto: "" },
                `replication uses binary log file/position (${AUTO}=absent); Myriad requires GTID auto-positioning; init.sh re-asserts it when the pod restarts`,
            ],
            [
                "IO thread Connecting is not running",
                { io: "Connecting", lag: "NULL", io_errno: "2003", io_error: "error connecting to source" },
                `${IO}=Connecting (Last_IO_Errno=2003: error connecting to source)`,
            ],
            ["IO thread stopped, errno absent", { io: "No", io_errno: "" }, `${IO}=No (Last_IO_Errno=?: )`],
            [
                "SQL thread stopped with an error",
                { sql: "No", sql_errno: "1062", sql_error: "Duplicate entry" },
                `${SQL}=No (Last_SQL_Errno=1062: Duplicate entry)`,
            ],
            ["IO error while running", { io_errno: "13114", io_error: "equal server ids" }, "Last_IO_Errno=13114: equal server ids"],
            ["SQL error while running", { sql_errno: "1032", sql_error: "Can't find record" }, "Last_SQL_Errno=1032: Can't find record"],
            [
                "an error text is cut at 200 characters",
                { io_errno: "1236", io_error: "x".repeat(250) },
                `Last_IO_Errno=1236: ${"x".repeat(200)}`,
            ],
            ["lag NULL", { lag: "NULL" }, `${LAG} is NULL (lag unknown)`],
            ["lag absent", { lag: "" }, `${LAG} is NULL (lag unknown)`],
            ["lag not a number", { lag: "-1" }, `${LAG} is '-1' (not a number)`],
            ["lag above the maximum", { lag: "31" }, `${LAG}=31 exceeds the maximum of 30 s`],
            ["an unknown fact", { colour: "blue" }, "internal error: unknown fact colour=blue"],
        ];
        if (flavor === "mariadb") rows.push(["GTID positioning from gtid_current_pos", { auto: "Current_Pos" }, ""]);
        const errantFix = `executed here but not on the source ${SOURCE}:3306; fix: re-seed this replica (empty its data directory, restart the pod), or apply the transactions on the source if they are wanted (docs/probes.md)`;
        if (flavor === "mariadb") {
            // This replica is server 101; the source (100) has logged up to 0-100-9.
            const src = { source_binlog_state: "0-100-9", source_current_pos: "0-100-9" };
            rows.push(
                [
                    "no GTIDs anywhere (a new cluster)",
                    { binlog_state: "", current_pos: "", source_binlog_state: "", source_current_pos: "" },
                    "",
                ],
                ["replicated GTIDs only, behind the source", { binlog_state: "0-100-7", current_pos: "0-100-7", ...src }, ""],
                ["seeded: no binary log yet, position reached", { binlog_state: "", current_pos: "0-100-9", ...src }, ""],
                [
                    "an old primary against a physically seeded source: the server ids its copy did not log are covered by its gtid_slave_pos",
                    {
                        binlog_state: "0-99-4,0-100-9",
                        current_pos: "0-100-9",
                        source_binlog_state: "0-102-15",
                        source_current_pos: "0-102-15",
                        source_slave_pos: "0-100-9",
                    },
                    "",
                ],
                [
                    "a write beyond a seeded source's position is still errant",
                    {
                        binlog_state: "0-99-4,0-100-10",
                        current_pos: "0-100-10",
                        source_binlog_state: "0-102-15",
                        source_current_pos: "0-102-15",
                        source_slave_pos: "0-100-9",
                    },
                    `errant transactions: 0-100-10 ${errantFix}`,
                ],
                [
                    "a write of its own (server 101) is errant",
                    { binlog_state: "0-100-9,0-101-10", current_pos: "0-101-10", ...src },
                    `errant transactions: 0-101-10 ${errantFix}`,
                ],
                [
                    "errant in another domain",
                    { binlog_state: "0-100-9,1-101-1", current_pos: "0-100-9,1-101-1", ...src },
                    `errant transactions: 1-101-1 ${errantFix}`,
                ],
                [
                    "the source's own GTID beyond what the source logged",
                    { binlog_state: "0-100-12", current_pos: "0-100-12", ...src },
                    `errant transactions: 0-100-12 ${errantFix}`,
                ],
                [
                    "errant seen only by position (binary log reset)",
                    { binlog_state: "", current_pos: "0-101-12", ...src },
                    `errant transactions: 0-101-12 ${errantFix}`,
                ],
                [
                    "source not asked: the comparison is unknown, not a reason",
                    { binlog_state: "0-101-10", current_pos: "0-101-10", source_error: "Access denied" },
                    "",
                ],
                [
                    "errant is checked before the threads",
                    { binlog_state: "0-101-10", current_pos: "0-101-10", ...src, sql: "No", sql_errno: "1062" },
                    `errant transactions: 0-101-10 ${errantFix}`,
                ],
                [
                    "malformed GTID text",
                    { binlog_state: "0-101", current_pos: "", ...src },
                    "cannot compare GTIDs with the source: '0-101' is not a MariaDB GTID",
                ],
            );
        } else {
            const uuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
            rows.push(
                ["no errant GTIDs", { errant: "" }, ""],
                ["errant GTIDs named", { errant: `${uuid}:1-2` }, `errant transactions: ${uuid}:1-2 ${errantFix}`],
                [
                    "a long errant set is cut at 200 characters",
                    { errant: `${uuid}:1,`.repeat(10) },
                    `errant transactions: ${`${uuid}:1,`.repeat(10).slice(0, 200)}... ${errantFix}`,
                ],
                ["source not asked: not a reason", { errant: "", source_error: "Access denied" }, ""],
                ["errant before the lag", { errant: `${uuid}:7`, lag: "31" }, `errant transactions: ${uuid}:7 ${errantFix}`],
            );
        }
        test.each(rows)("%s", (_name, facts, reason) => {
            const args = Object.entries({ ...healthy, ...facts }).map(([k, v]) => `${k}=${v}`);
            expect(decide("probe.sh", "decide_replica_readiness", args, replicaConfig(flavor, version))).toEqual({
                status: reason ? 1 : 0,
                out: reason,
                err: "",
            });
        });
    },
);

describe("decide_primary_readiness: a primary accepts writes", () => {
    test.each([
        ["0", "0", ""],
        ["OFF", "0", ""],
        ["off", "OFF", ""],
        ["1", "1", "primary does not accept writes: read_only=1"],
        ["ON", "0", "primary does not accept writes: read_only=ON"],
        ["0", "1", "primary does not accept writes: super_read_only=1"],
        ["", "0", "primary does not accept writes: read_only="],
    ])("read_only %j, super_read_only %j -> %j", (ro, sro, reason) => {
        expect(decide("probe.sh", "decide_primary_readiness", [ro, sro])).toEqual({ status: reason ? 1 : 0, out: reason, err: "" });
    });
    test("a primary post-start.sh held read-only names why, whole", () => {
        const why = `another instance accepts writes: 10.0.0.7:3306 (server_id 4097); ${"x".repeat(400)}`;
        expect(decide("probe.sh", "decide_primary_readiness", ["1", "1", `${why}\n`])).toEqual({
            status: 1,
            out: `primary held read-only by post-start.sh: ${why} `,
            err: "",
        });
        // A stale marker does not fail a primary that accepts writes.
        expect(decide("probe.sh", "decide_primary_readiness", ["0", "0", why]).status).toBe(0);
    });
});

describe("decide_group_readiness: a member is ONLINE", () => {
    test.each([
        ["ONLINE", ""],
        ["RECOVERING", "group member state is RECOVERING, expected ONLINE"],
        ["ERROR", "group member state is ERROR, expected ONLINE"],
        ["UNREACHABLE", "group member state is UNREACHABLE, expected ONLINE"],
        ["", "group member state is absent (Group Replication not started), expected ONLINE"],
    ])("%j -> %j", (state, reason) => {
        expect(decide("probe.sh", "decide_group_readiness", [state])).toEqual({ status: reason ? 1 : 0, out: reason, err: "" });
    });
});

describe("decide_liveness: does mysqld answer?", () => {
    test.each([
        ["0", "mysqld is alive", ""],
        [
            "1",
            "error: 'Can't connect to server on '127.0.0.1' (111)'\nCheck that mysqld is running",
            "mysqld does not answer on 127.0.0.1:3306: error: 'Can't connect to server on '127.0.0.1' (111)' Check that mysqld is running",
        ],
        ["1", "", "mysqld does not answer on 127.0.0.1:3306: "],
    ])("ping status %s -> %j", (status, output, reason) => {
        expect(decide("probe.sh", "decide_liveness", [status, output], { MYRIAD_PORT: "3306", MYRIAD_LOCAL_ADDRESS: "127.0.0.1" })).toEqual(
            {
                status: reason ? 1 : 0,
                out: reason,
                err: "",
            },
        );
    });
});

describe("post-start.sh decide_group_start", () => {
    test.each([
        ["ONLINE", "1", "", "running", "Group Replication already running (member state ONLINE)"],
        ["RECOVERING", "0", "", "running", "Group Replication already running (member state RECOVERING)"],
        ["OFFLINE", "0", "", "join", "joining the group"],
        ["", "0", "10.0.0.6:3306", "join", "joining the group"],
        ["ERROR", "0", "", "join", "joining the group"],
        [
            "OFFLINE",
            "1",
            "10.0.0.6:3306",
            "join-instead",
            "a group is already ONLINE (reported by 10.0.0.6:3306): joining it instead of bootstrapping",
        ],
        ["", "1", "", "bootstrap", "bootstrapping the group (planned primary, fresh data directory, no ONLINE peer among: a:3306 b:3306)"],
    ])("state %j, bootstrap marker %s, ONLINE peer %j -> %s", (state, marker, peer, action, reason) => {
        expect(decideFields("post-start.sh", "decide_group_start", [state, marker, peer], { MYRIAD_PEERS: "a:3306 b:3306" })).toEqual([
            action,
            reason,
        ]);
    });

    test("bootstrap with no peer listed says none", () => {
        expect(decideFields("post-start.sh", "decide_group_start", ["", "1", ""])[1]).toMatch(/no ONLINE peer among: none\)$/);
    });
});

test.each(["probe.sh", "post-start.sh"] as const)("sourcing %s runs nothing", (script) => {
    expect(decide(script, "true", [])).toEqual({ status: 0, out: "", err: "" });
});
