/**
 * probe.sh decisions, table-driven, for each column dialect (MySQL 8.0.22+ names, legacy 5.7/8.0.21 names,
 * MariaDB legacy names). The server is replaced by a stub client that returns canned batch output; the real
 * servers are exercised in real-smoke.test.ts.
 */
import { spawnSync } from "child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { instanceEnv } from "../../components/runtime/env";
import { dialectFor } from "../../components/mysqld/dialect";
import { planOrThrow } from "../../components/planner/plan";
import { scriptsSourceDir } from "../../components/runtime/scripts";
import type { Flavor } from "../../components/spec/types";

// Created at collection time: the describe blocks below render environments pointing into it.
const dir = mkdtempSync(path.join(tmpdir(), "myriad-probe-"));
beforeAll(() => {
    // Stub client: answers from canned files by the statement it receives on stdin; records its arguments.
    writeFileSync(
        path.join(dir, "client"),
        `#!/usr/bin/env bash
sql=$(cat)
# The arguments of the call that asked for the replication status (the probe also asks for GTID sets).
case "$sql" in *STATUS*) printf '%s\\n' "$@" > "$STUB_DIR/client.args" ;; esac
[ "\${STUB_CLIENT_RC:-0}" = 0 ] || { echo "ERROR 1045 (28000): Access denied for user 'myriad_monitor'" >&2; exit 1; }
case "$sql" in
  *STATUS*) cat "$STUB_DIR/status.tsv" 2>/dev/null ;;
  *read_only*) cat "$STUB_DIR/readonly.tsv" ;;
  *MEMBER_STATE*) cat "$STUB_DIR/member.tsv" 2>/dev/null ;;
esac
`,
    );
    writeFileSync(
        path.join(dir, "admin"),
        `#!/usr/bin/env bash
printf '%s\\n' "$@" > "$STUB_DIR/admin.args"
if [ "\${STUB_PING_RC:-0}" = 0 ]; then echo "mysqld is alive"; else echo "error: 'Can't connect to server on '127.0.0.1' (111)'" >&2; exit 1; fi
`,
    );
    chmodSync(path.join(dir, "client"), 0o755);
    chmodSync(path.join(dir, "admin"), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IMAGES: Record<string, string> = {
    mysql8022: "mysql:8.0.36",
    mysql57: "mysql:5.7.29",
    mysql8021: "mysql:8.0.21",
    mariadb: "mariadb:11.4.2",
};

function env(image: string, ordinal: number, mode: "async" | "group" = "async"): Record<string, string> {
    const plan = planOrThrow({ name: "orders", mode, templates: [{ name: "main", image, replicas: 2 }] });
    const inst = plan.instances.find((i) => i.ordinal === ordinal)!;
    return instanceEnv(plan, inst, {
        MYRIAD_CLIENT: path.join(dir, "client"),
        MYRIAD_ADMIN: path.join(dir, "admin"),
        MYRIAD_SECRETS_DIR: dir,
        MYRIAD_PORT: "23306",
        MYRIAD_MAX_LAG_SECONDS: "30",
    });
}

function probe(kind: string, e: Record<string, string>, stub: Record<string, string> = {}) {
    const r = spawnSync("bash", [path.join(scriptsSourceDir(), "probe.sh"), kind], {
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", STUB_DIR: dir, ...e, ...stub },
        encoding: "utf8",
    });
    return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

/** Batch output of SHOW REPLICA STATUS for `flavor`/`version` with the given logical values. */
function status(
    flavor: Flavor,
    version: string,
    v: {
        io: string;
        sql: string;
        lag: string;
        host: string;
        port: string;
        ioErrno?: string;
        sqlErrno?: string;
        ioError?: string;
        sqlError?: string;
        auto?: string;
    },
): string {
    const d = dialectFor(flavor, version);
    // GTID auto-positioning unless the row says otherwise: MySQL Auto_Position=1, MariaDB Using_Gtid=Slave_Pos.
    const auto = v.auto ?? (flavor === "mariadb" ? "Slave_Pos" : "1");
    const cols: [string, string][] = [
        [d.colIoRunning.replace("IO_Running", "IO_State"), "Waiting for source to send event"],
        [d.colSourceHost, v.host],
        [d.colSourcePort, v.port],
        [d.colIoRunning, v.io],
        [d.colSqlRunning, v.sql],
        ["Last_Errno", "0"],
        [d.colLastIoErrno, v.ioErrno ?? "0"],
        [d.colLastIoError, v.ioError ?? ""],
        [d.colLastSqlErrno, v.sqlErrno ?? "0"],
        [d.colLastSqlError, v.sqlError ?? ""],
        [d.colLag, v.lag],
        ["Executed_Gtid_Set", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"],
        [d.colAutoPosition, auto],
    ];
    return `${cols.map((c) => c[0]).join("\t")}\n${cols.map((c) => c[1]).join("\t")}\n`;
}

const SOURCE = "orders-0-0.orders.default.svc.cluster.local";

describe.each([
    ["mysql", "8.0.36", IMAGES.mysql8022],
    ["mysql", "8.0.21", IMAGES.mysql8021],
    ["mysql", "5.7.29", IMAGES.mysql57],
    ["mariadb", "11.4.2", IMAGES.mariadb],
] as [Flavor, string, string][])("replica readiness on %s %s", (flavor, version, image) => {
    const e = env(image, 1);
    // The replica refuses writes (read_only, and super_read_only where it exists) unless a test says otherwise.
    beforeEach(() => writeFileSync(path.join(dir, "readonly.tsv"), "1\t1\n"));
    type Row = [name: string, values: Parameters<typeof status>[2], ready: boolean, reason: RegExp];
    const ok = { io: "Yes", sql: "Yes", lag: "0", host: SOURCE, port: "3306" };
    const rows: Row[] = [
        ["healthy", ok, true, /^$/],
        ["lag at the threshold", { ...ok, lag: "30" }, true, /^$/],
        [
            "IO thread Connecting is not running",
            { ...ok, io: "Connecting", lag: "NULL", ioErrno: "2003", ioError: "error connecting to source" },
            false,
            /IO_Running=Connecting \(Last_IO_Errno=2003: error connecting to source\)/,
        ],
        ["IO thread stopped", { ...ok, io: "No" }, false, /IO_Running=No/],
        ["SQL thread stopped", { ...ok, sql: "No", lag: "NULL" }, false, /SQL_Running=No/],
        ["SQL error", { ...ok, sql: "No", sqlErrno: "1062", sqlError: "Duplicate entry" }, false, /Last_SQL_Errno=1062: Duplicate entry/],
        [
            "IO error while running",
            { ...ok, ioErrno: "13114", ioError: "equal server ids" },
            false,
            /Last_IO_Errno=13114: equal server ids/,
        ],
        ["lag unknown", { ...ok, lag: "NULL" }, false, /is NULL \(lag unknown\)/],
        ["lag too high", { ...ok, lag: "31" }, false, /=31 exceeds the maximum of 30 s/],
        [
            "wrong source host",
            { ...ok, host: "orders-2-0.orders.default.svc.cluster.local" },
            false,
            /replicating from orders-2-0.*:3306, but the planned source is orders-0-0/,
        ],
        ["wrong source port", { ...ok, port: "3307" }, false, /:3307, but the planned source/],
        ...(flavor === "mariadb"
            ? ([
                  ["GTID positioning from gtid_current_pos", { ...ok, auto: "Current_Pos" }, true, /^$/],
                  [
                      "binary log file/position (MASTER_USE_GTID=no)",
                      { ...ok, auto: "No" },
                      false,
                      /^not ready: replication uses binary log file\/position \(Using_Gtid=No\); Myriad requires GTID auto-positioning; init\.sh re-asserts it when the pod restarts$/,
                  ],
              ] as Row[])
            : ([
                  [
                      "binary log file/position (MASTER_AUTO_POSITION=0)",
                      { ...ok, auto: "0" },
                      false,
                      /^not ready: replication uses binary log file\/position \(Auto_Position=0\); Myriad requires GTID auto-positioning; init\.sh re-asserts it when the pod restarts$/,
                  ],
              ] as Row[])),
        ["positioning column absent", { ...ok, auto: "" }, false, /binary log file\/position \((Auto_Position|Using_Gtid)=absent\)/],
        // The planned source is checked first: a wrong source is the more fundamental problem.
        [
            "wrong source and file/position",
            { ...ok, port: "3307", auto: flavor === "mariadb" ? "No" : "0" },
            false,
            /:3307, but the planned source/,
        ],
    ];
    test.each(rows)("%s", (_n, values, ready, reason) => {
        writeFileSync(path.join(dir, "status.tsv"), status(flavor, version, values));
        const r = probe("readiness", e);
        expect({ code: r.code, out: r.out }).toEqual({ code: ready ? 0 : 1, out: expect.stringMatching(reason) });
        if (!ready) expect(r.out.split("\n")).toHaveLength(1);
    });

    test("a replica that accepts writes is not ready, whatever its replication says", () => {
        writeFileSync(path.join(dir, "status.tsv"), status(flavor, version, ok));
        writeFileSync(path.join(dir, "readonly.tsv"), "0\t0\n");
        const r = probe("readiness", e);
        expect(r.code).toBe(1);
        expect(r.out).toMatch(/^not ready: accepts writes \(read_only=0\) but the plan says replica: not ready while writable/);
    });

    test("not configured", () => {
        writeFileSync(path.join(dir, "status.tsv"), "");
        const r = probe("readiness", e);
        expect(r.code).toBe(1);
        expect(r.out).toMatch(/replication is not configured/);
    });

    test("the statement of this version is sent with column names, credentials from monitor.cnf", () => {
        writeFileSync(path.join(dir, "status.tsv"), status(flavor, version, ok));
        probe("readiness", e);
        const args = readFileSync(path.join(dir, "client.args"), "utf8").split("\n");
        expect(args[0]).toBe(`--defaults-extra-file=${path.join(dir, "monitor.cnf")}`);
        expect(args).toEqual(expect.arrayContaining(["--protocol=TCP", "--host=127.0.0.1", "--port=23306", "--column-names"]));
        expect(args.some((a) => a.startsWith("--password") || a === "-p")).toBe(false);
    });
});

describe("primary readiness", () => {
    test.each([
        [IMAGES.mysql8022, "0\t0", true, /^$/],
        [IMAGES.mysql8022, "1\t1", false, /read_only=1/],
        [IMAGES.mysql8022, "0\t1", false, /super_read_only=1/],
        [IMAGES.mariadb, "0\t0", true, /^$/],
        [IMAGES.mariadb, "1\t0", false, /read_only=1/],
        [IMAGES.mariadb, "OFF\t0", true, /^$/],
    ])("%s with read_only/super_read_only %j", (image, row, ready, reason) => {
        writeFileSync(path.join(dir, "readonly.tsv"), `${row}\n`);
        const r = probe("readiness", env(image, 0));
        expect({ code: r.code, out: r.out }).toEqual({ code: ready ? 0 : 1, out: expect.stringMatching(reason) });
    });

    test("a failing query names the cause", () => {
        const r = probe("readiness", env(IMAGES.mysql8022, 0), { STUB_CLIENT_RC: "1" });
        expect(r.code).toBe(1);
        expect(r.out).toMatch(/cannot query mysqld on 127.0.0.1:23306 as myriad_monitor: ERROR 1045/);
    });
});

describe("group readiness", () => {
    test.each([
        ["ONLINE", true],
        ["RECOVERING", false],
        ["ERROR", false],
        ["", false],
    ])("member state %j", (state, ready) => {
        writeFileSync(path.join(dir, "member.tsv"), state ? `${state}\n` : "");
        const r = probe("readiness", env(IMAGES.mysql8022, 1, "group"));
        expect(r.code).toBe(ready ? 0 : 1);
        if (!ready) expect(r.out).toMatch(/group member state is .*expected ONLINE/);
    });
});

describe("startup and liveness ask only whether mysqld answers", () => {
    test.each(["startup", "liveness"])("%s", (kind) => {
        const e = env(IMAGES.mysql8022, 1);
        expect(probe(kind, e).code).toBe(0);
        const args = readFileSync(path.join(dir, "admin.args"), "utf8").split("\n");
        expect(args).toEqual(expect.arrayContaining([`--defaults-extra-file=${path.join(dir, "monitor.cnf")}`, "ping", "--port=23306"]));
        const down = probe(kind, e, { STUB_PING_RC: "1" });
        expect(down.code).toBe(1);
        expect(down.out).toMatch(/mysqld does not answer on 127.0.0.1:23306/);
    });

    test("unknown probe kind", () => {
        expect(probe("bogus", env(IMAGES.mysql8022, 1)).code).toBe(2);
    });
});
