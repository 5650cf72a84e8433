/**
 * MySQL 5.7 on real servers, through `myriad local up` (the pods' my.cnf and scripts): GTID
 * auto-positioned replication converges and super_read_only refuses even root on replicas; verify finds
 * errant transactions and ordinal-derived server_ids that repeat across templates; faults lose nothing and apply
 * nothing twice: kill -9 of a replica and of the primary under a sustained write load, and a replica killed
 * while its SQL thread is in the middle of a large transaction; `verify --checksum` agrees with
 * pt-table-checksum on a deliberately diverged cluster.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describeReal, eventually, ptTableChecksum, run } from "./harness";
import { FIXTURES, TestCluster } from "./cluster";
import { WriteLoad, waitForAcks, type LoadResult } from "./load";
import { emptyPrimaryRefused, filePositionReasserted, restartedPrimaryHeld, type SafetyTarget } from "./safety";

jest.setTimeout(240000);

const FIXTURE = path.join(FIXTURES, "mysql57.yaml");
const REPLICAS = ["legacy-1", "legacy-2"];

describeReal("MySQL 5.7 cluster from the pods' scripts (myriad local)", ["mysql57", "client"], () => {
    let c: TestCluster;
    beforeAll(async () => {
        c = await TestCluster.up(FIXTURE);
    });
    afterAll(async () => {
        if (c) await c.down();
    });

    async function gtidExecuted(name: string): Promise<string> {
        const [r] = await c.query<{ g: string }>(name, "SELECT @@GLOBAL.gtid_executed AS g");
        return r.g.replace(/\s+/g, "");
    }

    async function caughtUp(name: string): Promise<boolean> {
        const g = await gtidExecuted("legacy-0");
        const [r] = await c.query<{ ok: string }>(name, "SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed) AS ok", [g]);
        return Number(r.ok) === 1;
    }

    it("warns when only MariaDB's mysqldump is available to seed MySQL replicas from data", () => {
        const dump = run("mysqldump", ["--version"]);
        if (/MariaDB/.test(dump.stdout)) expect(c.log).toMatch(/note: legacy-1, legacy-2: the 'mysqldump' on PATH is MariaDB's/);
        else expect(c.log).not.toMatch(/mysqldump' on PATH is MariaDB's/);
    });

    it("replicates with GTID auto-positioning; super_read_only refuses even root on replicas", async () => {
        await c.query(
            "legacy-0",
            "CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO app.t VALUES (1,'a'),(2,'b')",
        );
        for (const r of REPLICAS) {
            await eventually(
                `rows on ${r}`,
                async () =>
                    Number((await c.query<{ n: string }>(r, "SELECT COUNT(*) AS n FROM app.t").catch(() => [{ n: "0" }]))[0].n) === 2,
            );
            const [st] = await c.query<Record<string, string>>(r, "SHOW SLAVE STATUS");
            expect(Number(st.Auto_Position)).toBe(1);
            expect(Number(st.Master_Port)).toBe(c.port("legacy-0"));
            const [ro] = await c.query<Record<string, string>>(
                r,
                "SELECT @@GLOBAL.read_only AS ro, @@GLOBAL.super_read_only AS sro, @@GLOBAL.server_id AS id",
            );
            expect([Number(ro.ro), Number(ro.sro)]).toEqual([1, 1]);
            await expect(c.query(r, "INSERT INTO app.t VALUES (3, 'c')")).rejects.toThrow(/super-read-only/);
        }
        const v = await c.verify();
        expect(v.json.findings).toEqual([]);
        expect(v.code).toBe(0);
    });

    it("verify names an errant transaction on a replica, and is healthy again once the primary has it", async () => {
        await c.query("legacy-2", "SET GLOBAL super_read_only = OFF; CREATE DATABASE errant_probe; SET GLOBAL super_read_only = ON");
        const [u] = await c.query<{ u: string }>("legacy-2", "SELECT @@GLOBAL.server_uuid AS u");
        const v = await c.verify({ wait: "0" });
        expect(v.code).toBe(1);
        expect(v.json.findings).toEqual([
            expect.objectContaining({ instance: "legacy-2", check: "errant_transactions", seen: `not on legacy-0: ${u.u}:1` }),
        ]);
        // The errant replica is not ready (it leaves the read Service), and the probe names the GTIDs.
        const bad = await c.readiness("legacy-2");
        expect(bad.ok).toBe(false);
        expect(bad.reason).toBe(
            `errant transactions: ${u.u}:1 executed here but not on the source ${c.host("legacy-0")}:${c.port("legacy-0")}; fix: re-seed this replica (empty its data directory, restart the pod), or apply the transactions on the source if they are wanted (docs/probes.md)`,
        );
        expect((await c.readiness("legacy-1")).ok).toBe(true);
        // Repair the standard way: an empty transaction with that GTID on the primary, and the stray schema removed.
        await c.query("legacy-0", `SET GTID_NEXT = '${u.u}:1'; BEGIN; COMMIT; SET GTID_NEXT = 'AUTOMATIC'`);
        await c.query(
            "legacy-2",
            "SET GLOBAL super_read_only = OFF; SET SESSION sql_log_bin = 0; DROP DATABASE errant_probe; SET GLOBAL super_read_only = ON",
        );
        for (const r of REPLICAS) await eventually(`${r} has the primary's set`, () => caughtUp(r));
        const ok = await c.verify();
        expect(ok.json.findings).toEqual([]);
        for (const r of REPLICAS) await c.waitReady(r, 30000, 200, `${r} ready again`);
    });

    it("verify --checksum: a stopped SQL thread is reported at once with its cause, never as identical", async () => {
        await c.query(
            "legacy-2",
            "SET GLOBAL super_read_only = OFF; SET SESSION sql_log_bin = 0; INSERT INTO app.t VALUES (77, 'local'); SET GLOBAL super_read_only = ON",
        );
        await c.query("legacy-0", "INSERT INTO app.t VALUES (77, 'primary')");
        await eventually("legacy-2's SQL thread stopped", async () => {
            const [st] = await c.query<Record<string, string>>("legacy-2", "SHOW SLAVE STATUS");
            return st.Slave_SQL_Running === "No";
        });
        const t0 = Date.now();
        const v = await c.verify({ checksum: true, wait: "0" });
        expect(Date.now() - t0).toBeLessThan(10000);
        expect(v.code).toBe(1);
        const f = v.json.findings.filter((x: any) => x.instance === "legacy-2");
        expect(f.map((x: any) => x.check)).toEqual(expect.arrayContaining(["sql_thread", "checksum"]));
        const sum = f.find((x: any) => x.check === "checksum");
        expect(sum.seen).toMatch(/^not compared: its SQL thread is not running \(No, Last_SQL_Errno=1062: .*Duplicate entry/);
        expect(JSON.stringify(v.json)).not.toMatch(/kept changing/);
        expect(v.json.checksum[0].notCompared).toEqual([expect.objectContaining({ instance: "legacy-2" })]);
        expect(v.json.checksum[0].compared).toEqual(["legacy-1"]);
        const table = await c.verify({ checksum: true, wait: "0", format: "text" });
        expect(table.stdout).toMatch(/app\.t .*identical on legacy-1; NOT COMPARED on legacy-2/);
        expect(table.stdout).not.toMatch(/app\.t[^\n]*\| identical +\|/);
        // Repair: the local row removed without logging, the applier restarted.
        await c.query(
            "legacy-2",
            "SET GLOBAL super_read_only = OFF; SET SESSION sql_log_bin = 0; DELETE FROM app.t WHERE id = 77; SET GLOBAL super_read_only = ON; START SLAVE",
        );
        for (const r of REPLICAS) await eventually(`${r} caught up`, () => caughtUp(r));
        expect((await c.verify({ checksum: true })).json.findings).toEqual([]);
    });

    it("verify --checksum names a diverged replica by the table that differs and by its errant GTIDs", async () => {
        await c.query(
            "legacy-1",
            "SET GLOBAL super_read_only = OFF; UPDATE app.t SET v = 'stray' WHERE id = 1; SET GLOBAL super_read_only = ON",
        );
        const [u] = await c.query<{ u: string }>("legacy-1", "SELECT @@GLOBAL.server_uuid AS u");
        const v = await c.verify({ checksum: true, wait: "0" });
        expect(v.code).toBe(1);
        const f = v.json.findings.filter((x: any) => x.instance === "legacy-1");
        expect(f).toEqual(
            expect.arrayContaining([
                expect.objectContaining({ check: "errant_transactions", seen: expect.stringContaining(`${u.u}:`) }),
                expect.objectContaining({ check: "checksum", expected: "rows of app.t identical to legacy-0" }),
            ]),
        );
        expect((await c.readiness("legacy-1")).reason).toMatch(new RegExp(`^errant transactions: ${u.u}:\\d+`));
        // Repair: the primary gets the GTID as an empty transaction, the replica its row back without logging.
        const [g] = await c.query<{ g: string }>("legacy-1", "SELECT GTID_SUBTRACT(@@GLOBAL.gtid_executed, ?) AS g", [
            await gtidExecuted("legacy-0"),
        ]);
        for (const gtid of g.g.replace(/\s+/g, "").split(",")) {
            const [uuid, range] = gtid.split(":");
            const [lo, hi] = range.split("-").map(Number);
            for (let n = lo; n <= (hi ?? lo); n++)
                await c.query("legacy-0", `SET GTID_NEXT = '${uuid}:${n}'; BEGIN; COMMIT; SET GTID_NEXT = 'AUTOMATIC'`);
        }
        const [orig] = await c.query<{ v: string }>("legacy-0", "SELECT v FROM app.t WHERE id = 1");
        await c.query(
            "legacy-1",
            "SET GLOBAL super_read_only = OFF; SET SESSION sql_log_bin = 0; UPDATE app.t SET v = ? WHERE id = 1; SET GLOBAL super_read_only = ON",
            [orig.v],
        );
        for (const r of REPLICAS) await eventually(`${r} caught up`, () => caughtUp(r));
        expect((await c.verify({ checksum: true })).json.findings).toEqual([]);
        await c.waitReady("legacy-1");
    });

    it("reproduces ordinal-derived server_ids that collide across templates on MySQL: 'equal server ids', probe not ready, verify names it", async () => {
        // Ordinal-per-template allocation (100 + ordinal within the template), as a later --server-id on the command line.
        await c.stop("legacy-1");
        await c.start("legacy-1", false, ["--server-id=100"]);
        try {
            const bad = await eventually("legacy-1 not ready", async () => {
                const p = await c.readiness("legacy-1");
                return p.ok ? undefined : p;
            });
            expect(bad.reason).toMatch(/Slave_IO_Running=No \(Last_IO_Errno=1593: .*equal MySQL server ids/);
            const v = await c.verify({ wait: "0" });
            expect(v.json.findings).toEqual(
                expect.arrayContaining([
                    expect.objectContaining({ instance: "legacy-1", check: "server_id", expected: "101", seen: "100" }),
                    expect.objectContaining({
                        instance: "legacy-1",
                        check: "server_id_unique",
                        seen: "server_id 100 is also used by legacy-0",
                    }),
                ]),
            );
        } finally {
            await c.stop("legacy-1");
            await c.start("legacy-1");
        }
        await c.waitReady("legacy-1");
    });

    const SAFETY: SafetyTarget = {
        primary: "legacy-0",
        replicas: REPLICAS,
        countSql: "SELECT COUNT(*) AS n FROM app.t",
        insertSql: (id) => `INSERT INTO app.t VALUES (${id}, 'while-file-pos')`,
        toFilePosition: "STOP SLAVE; CHANGE MASTER TO MASTER_AUTO_POSITION=0; START SLAVE",
        showStatus: "SHOW SLAVE STATUS",
        positionColumn: "Auto_Position",
        gtidValue: "1",
        filePositionReason: /^replication uses binary log file\/position \(Auto_Position=0\)/,
        makeWritable: "SET GLOBAL super_read_only = OFF; SET GLOBAL read_only = OFF",
        makeReadOnly: "SET GLOBAL read_only = ON; SET GLOBAL super_read_only = ON",
    };

    it("a primary restarted like a crashed container while a replica accepts writes stays read-only and not ready; alone again, it accepts writes", async () => {
        await restartedPrimaryHeld(c, SAFETY, "legacy-1", 51);
    });

    it("readiness: false when a replica replicates by binary log file/position; the pod restart restores GTID auto-positioning", async () => {
        await filePositionReasserted(c, SAFETY, "legacy-1", 50);
    });

    it("an empty planned primary refuses to initialise while the replicas hold the data; its restored volume is adopted", async () => {
        await emptyPrimaryRefused(c, SAFETY);
    });

    describe("faults under a sustained write load: nothing lost, nothing applied twice", () => {
        let load: WriteLoad;
        let result: LoadResult;

        beforeAll(async () => {
            await c.query(
                "legacy-0",
                "CREATE TABLE app.load (writer INT NOT NULL, seq INT NOT NULL, payload VARCHAR(255) NOT NULL, PRIMARY KEY (writer, seq))",
            );
            load = new WriteLoad(
                {
                    host: () => c.host("legacy-0"),
                    port: () => c.port("legacy-0"),
                    user: "root",
                    password: c.rootPassword,
                    table: "app.load",
                },
                4,
            );
            await waitForAcks(load, 200);
        });

        it("restart --crash (kill -9, no init.sh) of a replica during the load; it restarts and catches up", async () => {
            const r = await c.local("restart", "legacy-1", { crash: true });
            expect(r.output).toMatch(/legacy-1: killed with SIGKILL \(pid \d+\)/);
            expect(r.output).not.toMatch(/init\.sh/);
            await waitForAcks(load, 200);
            await c.waitReady("legacy-1", 60000, 500);
        });

        it("restart --crash of the primary during the load; it restarts and the replicas resume", async () => {
            const r = await c.local("restart", "legacy-0", { crash: true });
            expect(r.output).toMatch(/legacy-0: killed with SIGKILL \(pid \d+\)/);
            expect(r.code).toBe(0);
            await waitForAcks(load, 300);
            result = await load.stop();
            expect(result.acked.size).toBeGreaterThan(1000);
            for (const r of REPLICAS) await eventually(`${r} caught up`, () => caughtUp(r), 60000, 500);
            for (const r of ["legacy-0", ...REPLICAS]) await c.waitReady(r, 60000, 500);
        });

        it("every acknowledged row is on every instance, nothing else but in-doubt rows, and checksums match", async () => {
            const rowsOf = async (name: string) =>
                new Set((await c.query<{ k: string }>(name, "SELECT CONCAT(writer, ':', seq) AS k FROM app.load")).map((r) => r.k));
            const primary = await rowsOf("legacy-0");
            for (const k of result.acked) expect(primary.has(k)).toBe(true);
            for (const k of primary) expect(result.acked.has(k) || result.inDoubt.has(k)).toBe(true);
            for (const r of REPLICAS) {
                const rows = await rowsOf(r);
                expect(rows.size).toBe(primary.size);
                for (const k of primary) expect(rows.has(k)).toBe(true);
            }
            const v = await c.verify({ checksum: true, chunkSize: "1000" });
            expect(v.json.findings).toEqual([]);
            expect(v.code).toBe(0);
            const t = v.json.checksum[0].tables.find((x: any) => x.table === "load");
            expect(t.rows).toBe(primary.size);
            expect(t.chunks).toBeGreaterThan(1);
        });
    });

    it("a replica killed while its SQL thread is in the middle of a large transaction restarts without applying it twice", async () => {
        await c.query(
            "legacy-0",
            [
                "CREATE TABLE app.digits (d INT PRIMARY KEY)",
                "INSERT INTO app.digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
                "CREATE TABLE app.bulk (id INT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(120) NOT NULL)",
            ].join("; "),
        );
        await eventually("legacy-2 caught up", () => caughtUp("legacy-2"));
        await c.query("legacy-2", "STOP SLAVE SQL_THREAD");
        await c.query(
            "legacy-0",
            "BEGIN; " +
                "INSERT INTO app.bulk (payload) SELECT REPEAT('y', 100) FROM app.digits a, app.digits b, app.digits c, app.digits d, app.digits e; " +
                "INSERT INTO app.bulk (payload) SELECT REPEAT('z', 100) FROM app.digits a, app.digits b, app.digits c, app.digits d, app.digits e; " +
                "COMMIT",
        );
        const big = await gtidExecuted("legacy-0");
        await eventually("the transaction is in legacy-2's relay log", async () => {
            const [st] = await c.query<Record<string, string>>("legacy-2", "SHOW SLAVE STATUS");
            const [r] = await c.query<{ ok: string }>("legacy-2", "SELECT GTID_SUBSET(?, ?) AS ok", [
                big,
                st.Retrieved_Gtid_Set.replace(/\s+/g, "") + "," + (await gtidExecuted("legacy-2")),
            ]);
            return Number(r.ok) === 1;
        });
        await c.query("legacy-2", "START SLAVE SQL_THREAD");
        // Mid-transaction: the applier's InnoDB transaction has modified rows but has not committed.
        const modified = await eventually(
            "the SQL thread is inside the transaction",
            async () => {
                const [t] = await c.query<{ n: string }>(
                    "legacy-2",
                    "SELECT MAX(trx_rows_modified) AS n FROM information_schema.innodb_trx",
                );
                return Number(t?.n ?? 0) > 0 ? Number(t.n) : 0;
            },
            10000,
            20,
        );
        const [applied] = await c.query<{ ok: string }>("legacy-2", "SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed) AS ok", [big]);
        expect(await c.kill9("legacy-2")).toBe(true);
        // Had it committed already, this test would prove nothing: say so rather than pass.
        expect(Number(applied.ok)).toBe(0);
        expect(modified).toBeGreaterThan(0);
        expect(modified).toBeLessThan(200000);
        await c.start("legacy-2");
        await eventually("legacy-2 caught up after the crash", () => caughtUp("legacy-2"), 120000, 500);
        await c.waitReady("legacy-2", 60000, 500);
        const [n] = await c.query<{ n: string }>("legacy-2", "SELECT COUNT(*) AS n FROM app.bulk");
        expect(Number(n.n)).toBe(200000);
        const log = fs.readFileSync(c.run.state.instances.find((i) => i.name === "legacy-2")!.log, "utf8");
        expect(log).toMatch(/relay.log.recovery|Relay log recovery/i);
    });

    it("verify --checksum agrees with pt-table-checksum on a deliberately diverged cluster", async () => {
        await c.query(
            "legacy-0",
            [
                "CREATE TABLE app.small (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO app.small VALUES (1,'one'),(2,'two'),(3,'three')",
                "CREATE TABLE app.nopk (a INT, b VARCHAR(10))",
                "INSERT INTO app.nopk VALUES (1,'x'),(1,'x'),(NULL,'y')",
                "CREATE TABLE app.wide (id INT PRIMARY KEY, v VARCHAR(40), n DECIMAL(10,2) NULL)",
                "INSERT INTO app.wide SELECT a.d*10000 + b.d*1000 + c.d*100 + d.d*10 + e.d + 1, CONCAT('row-', a.d, b.d, c.d, d.d, e.d), NULL FROM app.digits a, app.digits b, app.digits c, app.digits d, app.digits e",
            ].join("; "),
        );
        for (const r of REPLICAS) await eventually(`${r} caught up`, () => caughtUp(r));
        const diverge = "SET GLOBAL super_read_only = OFF; SET SESSION sql_log_bin = 0; %s; SET GLOBAL super_read_only = ON";
        await c.query("legacy-2", diverge.replace("%s", "UPDATE app.small SET v = 'diverged' WHERE id = 2"));
        await c.query("legacy-1", diverge.replace("%s", "UPDATE app.wide SET n = 1.5 WHERE id = 54321"));

        const ours = await c.verify({ checksum: true, chunkSize: "10000" });
        expect(ours.code).toBe(1);
        const oursDiff = new Set<string>();
        for (const t of ours.json.checksum[0].tables) for (const d of t.diffs) oursDiff.add(`${d.instance} ${t.schema}.${t.table}`);
        expect([...oursDiff].sort()).toEqual(["legacy-1 app.wide", "legacy-2 app.small"]);
        expect(ours.json.findings.map((f: any) => f.check)).toEqual(["checksum", "checksum"]);

        if (!ptTableChecksum) throw new Error("pt-table-checksum is not installed (run .ci/install-servers.sh)");
        // Replicas found by their report_host (SHOW SLAVE HOSTS): each local instance has its own address.
        const pt = run(
            ptTableChecksum,
            [
                `h=${c.host("legacy-0")},P=${c.port("legacy-0")},F=${path.join(c.dir, "client.cnf")}`,
                "--recursion-method=hosts",
                "--no-check-binlog-format",
                "--replicate=percona.checksums",
                "--ignore-databases=mysql,sys,percona",
                "--no-version-check",
                "--chunk-size=10000",
            ],
            process.env,
            120000,
        );
        // Found through SHOW SLAVE HOSTS: one distinct report_host per replica, both replicas checked.
        const hosts = await c.query<{ Host: string }>("legacy-0", "SHOW SLAVE HOSTS");
        expect(hosts.map((h) => h.Host).sort()).toEqual(REPLICAS.map((r) => c.host(r)).sort());
        expect(new Set(hosts.map((h) => h.Host)).size).toBe(2);
        expect(pt.stdout).toMatch(/app\.small/);
        const ptDiff = new Set<string>();
        for (const r of REPLICAS) {
            await eventually(`${r} has pt's checksums`, () => caughtUp(r));
            const rows = await c.query<{ db: string; tbl: string; bad: string }>(
                r,
                "SELECT db, tbl, SUM(this_crc <> master_crc OR this_cnt <> master_cnt) AS bad FROM percona.checksums GROUP BY db, tbl",
            );
            expect(rows.length).toBe(ours.json.checksum[0].tables.length);
            for (const x of rows) if (Number(x.bad) > 0) ptDiff.add(`${r} ${x.db}.${x.tbl}`);
        }
        expect([...ptDiff].sort()).toEqual([...oursDiff].sort());
    });

    it("a new pod after a crash: the crash recovery that init.sh's temporary server performs is kept in init.log", async () => {
        expect(await c.kill9("legacy-2")).toBe(true);
        const initLog = path.join(c.dir, "legacy", "legacy-2", "init.log");
        const before = fs.readFileSync(initLog, "utf8").length;
        const r = await c.local("start", "legacy-2");
        expect(r.code).toBe(0);
        const added = fs.readFileSync(initLog, "utf8").slice(before);
        expect(added).toMatch(/temporary server log \(lines 1-\d+\):/);
        expect(added).toMatch(/Database was not shutdown normally|Starting crash recovery/);
        expect(added.split("\n").filter((l) => l.startsWith("    | ")).length).toBeGreaterThan(3);
    });

    it("local down stops the servers", async () => {
        const out = await c.down();
        expect(out).toMatch(/stopped 3 server\(s\); removed/);
        c = undefined as unknown as TestCluster;
    });
});
