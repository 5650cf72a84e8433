/**
 * MariaDB on real servers, through `myriad local up` (the pods' my.cnf, init.sh, post-start.sh, probe.sh):
 * a heterogeneous cluster (two templates, an offline instance in the middle of a range) converges and
 * its replicas refuse writes from every account, the administrator's included (written only through the
 * deliberate SET ROLE myriad_replica_writer); the readiness probe goes false for a wrong replication password, a stopped
 * source, an SQL thread error and lag over the threshold, and true again after repair; kill -9 of a replica
 * and of the primary under a write load loses nothing and applies nothing twice; ordinal-derived
 * server_ids that repeat across templates break replication for real and are caught by the probe and by verify; a replica
 * added once the binary logs no longer hold the data is seeded from a peer (a mariadb-backup stream) and catches up.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { planClusters } from "../../components/planner/plan";
import { commandLine, isAlive, startDetached } from "../../infra/local/process";
import { runLocalStatus } from "../../infra/cli/local";
import { describeReal, eventually, scratchDir, removeDir, trackProcess } from "./harness";
import { captureIo, FIXTURES, readFixture, TestCluster, wideTables, writeConfig } from "./cluster";
import { WriteLoad, waitForAcks, type LoadResult } from "./load";
import { emptyPrimaryRefused, filePositionReasserted, restartedPrimaryHeld, type SafetyTarget } from "./safety";

jest.setTimeout(240000);

const FIXTURE = path.join(FIXTURES, "mariadb-two-templates.yaml");

describeReal("MariaDB cluster from the pods' scripts (myriad local)", ["mariadb", "client", "mariadb-backup"], () => {
    let c: TestCluster;
    beforeAll(async () => {
        c = await TestCluster.up(FIXTURE);
    });
    afterAll(async () => {
        if (c) await c.down();
    });

    it("starts exactly the online instances with their planned identities, and reports the patch difference", async () => {
        const s = await c.status();
        expect(s.instances.map((i) => i.name)).toEqual(["shop-0", "shop-2", "shop-5"]);
        expect(s.instances.map((i) => i.serverId)).toEqual([100, 102, 105]);
        expect(s.instances.map((i) => i.role)).toEqual(["primary", "replica", "replica"]);
        for (const i of s.instances) {
            expect(i).toEqual(expect.objectContaining({ running: true, ready: true, plannedVersion: "10.11.6" }));
            expect(i.host).toMatch(/^127\.0\.0\.\d+$/);
            expect(typeof i.pid).toBe("number");
            expect(i.version).toMatch(/^10\.11\.\d+$/);
        }
        expect(new Set(s.instances.map((i) => i.port)).size).toBe(3);
        // Each instance on its own loopback address: its report_host names it distinctly.
        expect(new Set(s.instances.map((i) => i.host)).size).toBe(3);
        expect(c.log).toMatch(/note: shop-0 \(template 'main'\) runs 10\.11\.\d+ in place of the planned 10\.11\.6 \(patch difference\)/);
        expect(fs.statSync(path.join(c.dir, "client.cnf")).mode & 0o777).toBe(0o600);
        for (const f of fs.readdirSync(path.join(c.dir, "secrets")))
            expect(fs.statSync(path.join(c.dir, "secrets", f)).mode & 0o777).toBe(0o600);
        // Passwords only in the secrets directory and client.cnf: not in state.json, my.cnf, scripts or logs.
        const secrets = ["root-password", "replication-password", "monitor-password"].map((f) =>
            fs.readFileSync(path.join(c.dir, "secrets", f), "utf8"),
        );
        const walk = (d: string): string[] =>
            fs
                .readdirSync(d, { withFileTypes: true })
                .flatMap((e) =>
                    e.isDirectory()
                        ? e.name === "data" || e.name === "secrets"
                            ? []
                            : walk(path.join(d, e.name))
                        : e.isFile()
                          ? [path.join(d, e.name)]
                          : [],
                );
        const files = walk(c.dir).filter((f) => f !== path.join(c.dir, "client.cnf"));
        expect(files.some((f) => f.endsWith("state.json"))).toBe(true);
        expect(files.some((f) => f.endsWith("init.log"))).toBe(true);
        for (const f of files) {
            const text = fs.readFileSync(f, "utf8");
            for (const s of secrets) expect(text.includes(s) ? f : "").toBe("");
        }
        const [row] = await c.query<{ id: string; rh: string }>("shop-5", "SELECT @@server_id AS id, @@report_host AS rh");
        expect(Number(row.id)).toBe(105);
        expect(row.rh).toBe(c.host("shop-5"));
        const hosts = await c.query<{ Host: string; Port: string; Server_id: string }>("shop-0", "SHOW SLAVE HOSTS");
        expect(hosts.map((h) => `${h.Server_id} ${h.Host}`).sort()).toEqual([`102 ${c.host("shop-2")}`, `105 ${c.host("shop-5")}`]);
    });

    it("replicates rows written to the primary to every replica; replicas refuse writes", async () => {
        await c.query(
            "shop-0",
            [
                "CREATE DATABASE app",
                "CREATE TABLE app.orders (id INT PRIMARY KEY, item VARCHAR(40) NOT NULL)",
                "INSERT INTO app.orders VALUES (1, 'tea'), (2, 'coffee'), (3, 'cake')",
                "CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON app.* TO 'app'@'%'",
            ].join("; "),
        );
        for (const r of ["shop-2", "shop-5"]) {
            await eventually(
                `rows on ${r}`,
                async () =>
                    Number((await c.query<{ n: string }>(r, "SELECT COUNT(*) AS n FROM app.orders").catch(() => [{ n: "0" }]))[0].n) === 3,
            );
            const [st] = await c.query<Record<string, string>>(r, "SHOW SLAVE STATUS");
            expect(st.Using_Gtid).toBe("Slave_Pos");
            expect(Number(st.Master_Port)).toBe(c.port("shop-0"));
            const app = await c.connect(r, "app", "app-pw");
            await expect(app.query("INSERT INTO app.orders VALUES (9, 'nope')")).rejects.toThrow(/read-only/);
            await app.end();
            // The administrator of client.cnf too: root holds SUPER but not READ_ONLY ADMIN (MariaDB 10.11+),
            // so read_only binds it, and it cannot switch read_only off either.
            await expect(c.query(r, "INSERT INTO app.orders VALUES (9, 'nope')")).rejects.toThrow(/read-only/);
            await expect(c.query(r, "CREATE DATABASE nope")).rejects.toThrow(/read-only/);
            await expect(c.query(r, "SET GLOBAL read_only = OFF")).rejects.toThrow(/READ_ONLY ADMIN/);
            const grants = (await c.query<Record<string, string>>(r, "SHOW GRANTS FOR 'root'@'%'")).map((g) => Object.values(g)[0]);
            expect(grants.join("\n")).not.toMatch(/READ_ONLY ADMIN|ALL PRIVILEGES/);
            expect(grants.join("\n")).toMatch(/SUPER/);
        }
        // The primary takes root's writes (read_only is off there).
        await c.query("shop-0", "CREATE DATABASE admin_ok; DROP DATABASE admin_ok");
        const app = await c.connect("shop-0", "app", "app-pw");
        await app.query("INSERT INTO app.orders VALUES (4, 'scone')");
        await app.end();
    });

    it("verify --local finds the cluster healthy", async () => {
        const v = await c.verify({ checksum: true });
        expect(v.json).toBeDefined();
        expect(v.json.findings).toEqual([]);
        expect(v.code).toBe(0);
        expect(v.json.notes.join("\n")).toMatch(/patch difference/);
        expect(v.json.checksum[0].tables.map((t: any) => `${t.schema}.${t.table}`)).toEqual(["app.orders"]);
    });

    it("readiness: false with a wrong replication password, true after the pod restarts (init.sh re-asserts it)", async () => {
        await c.query("shop-2", "STOP SLAVE; CHANGE MASTER TO MASTER_PASSWORD = 'wrong-password'; START SLAVE");
        const bad = await eventually("shop-2 not ready", async () => {
            const r = await c.readiness("shop-2");
            return r.ok ? undefined : r;
        });
        expect(bad.reason).toMatch(/Slave_IO_Running=(Connecting|No).*(1045|Access denied)/);
        const v = await c.verify({ wait: "0" });
        expect(v.code).toBe(1);
        expect(v.json.findings).toEqual(expect.arrayContaining([expect.objectContaining({ instance: "shop-2", check: "io_thread" })]));
        await c.stop("shop-2");
        await c.start("shop-2", true);
        await c.waitReady("shop-2", 30000, 200, "shop-2 ready again");
    });

    it("readiness: false while the source is stopped, true after it restarts", async () => {
        await c.stop("shop-0");
        for (const r of ["shop-2", "shop-5"]) {
            const bad = await eventually(`${r} not ready`, async () => {
                const p = await c.readiness(r);
                return p.ok ? undefined : p;
            });
            expect(bad.reason).toMatch(/Slave_IO_Running=(Connecting|No)/);
        }
        const v = await c.verify({ wait: "0" });
        expect(v.code).toBe(2);
        expect(v.json.findings).toEqual(expect.arrayContaining([expect.objectContaining({ instance: "shop-0", check: "reachable" })]));
        await c.start("shop-0");
        for (const r of ["shop-2", "shop-5"]) await c.waitReady(r, 60000, 500, `${r} ready again`);
    });

    it("readiness: false when the SQL thread stops on an error, true after repair", async () => {
        // Root writes to a replica only through the deliberate role (docs/runtime.md#writing-to-a-replica).
        await c.query(
            "shop-5",
            "SET ROLE myriad_replica_writer; SET SESSION sql_log_bin = 0; INSERT INTO app.orders VALUES (100, 'local only')",
        );
        await c.query("shop-0", "INSERT INTO app.orders VALUES (100, 'from the primary')");
        const bad = await eventually("shop-5 not ready", async () => {
            const p = await c.readiness("shop-5");
            return p.ok ? undefined : p;
        });
        expect(bad.reason).toMatch(/Slave_SQL_Running=No \(Last_SQL_Errno=1062/);
        const v = await c.verify({ wait: "0" });
        expect(v.json.findings).toEqual(
            expect.arrayContaining([
                expect.objectContaining({ instance: "shop-5", check: "sql_thread", seen: expect.stringMatching(/1062/) }),
            ]),
        );
        await c.query(
            "shop-5",
            "SET ROLE myriad_replica_writer; SET SESSION sql_log_bin = 0; DELETE FROM app.orders WHERE id = 100; START SLAVE",
        );
        await c.waitReady("shop-5", 30000, 200, "shop-5 ready again");
        const [row] = await c.query<{ item: string }>("shop-5", "SELECT item FROM app.orders WHERE id = 100");
        expect(row.item).toBe("from the primary");
    });

    it("readiness: false while lag exceeds maxReplicaLagSeconds (5 s), true once caught up", async () => {
        const blocker = await c.connect("shop-2");
        await blocker.query("LOCK TABLES app.orders READ");
        try {
            await c.query("shop-0", "INSERT INTO app.orders VALUES (200, 'delayed')");
            const bad = await eventually(
                "shop-2 lagging",
                async () => {
                    const p = await c.readiness("shop-2");
                    return p.ok ? undefined : p;
                },
                30000,
                500,
            );
            expect(bad.reason).toMatch(/Seconds_Behind_Master=\d+ exceeds the maximum of 5 s/);
            const v = await c.verify({ wait: "0" });
            expect(v.json.findings).toEqual(expect.arrayContaining([expect.objectContaining({ instance: "shop-2", check: "lag" })]));
        } finally {
            await blocker.query("UNLOCK TABLES");
            await blocker.end();
        }
        await c.waitReady("shop-2", 30000, 200, "shop-2 caught up");
    });

    const SAFETY: SafetyTarget = {
        primary: "shop-0",
        replicas: ["shop-2", "shop-5"],
        countSql: "SELECT COUNT(*) AS n FROM app.orders",
        insertSql: (id) => `INSERT INTO app.orders VALUES (${id}, 'while file/position')`,
        toFilePosition: "STOP SLAVE; CHANGE MASTER TO MASTER_USE_GTID=no; START SLAVE",
        showStatus: "SHOW SLAVE STATUS",
        positionColumn: "Using_Gtid",
        gtidValue: "Slave_Pos",
        filePositionReason: /^replication uses binary log file\/position \(Using_Gtid=No\)/,
        makeWritable: "SET ROLE myriad_replica_writer; SET GLOBAL read_only = OFF; SET ROLE NONE",
        makeReadOnly: "SET ROLE myriad_replica_writer; SET GLOBAL read_only = ON; SET ROLE NONE",
    };

    it("a primary restarted like a crashed container while a replica accepts writes stays read-only and not ready; alone again, it accepts writes", async () => {
        await restartedPrimaryHeld(c, SAFETY, "shop-5", 301);
    });

    it("readiness: false when a replica replicates by binary log file/position; the pod restart restores GTID auto-positioning", async () => {
        await filePositionReasserted(c, SAFETY, "shop-5", 300);
    });

    it("readiness: a replica given an errant transaction is not ready naming its GTID, and ready again once re-seeded", async () => {
        // The deliberate way to write to a replica (docs/runtime.md#writing-to-a-replica): enable the role for one session.
        await c.query("shop-5", "SET ROLE myriad_replica_writer; CREATE DATABASE errant_probe; SET ROLE NONE");
        const [g] = await c.query<{ pos: string }>("shop-5", "SELECT @@GLOBAL.gtid_binlog_pos AS pos");
        const own = g.pos.split(",").find((x) => x.split("-")[1] === "105");
        expect(own).toMatch(/^0-105-\d+$/);
        const bad = await c.readiness("shop-5");
        expect(bad.ok).toBe(false);
        expect(bad.reason).toBe(
            `errant transactions: ${own} executed here but not on the source ${c.host("shop-0")}:${c.port("shop-0")}; fix: re-seed this replica (empty its data directory, restart the pod), or apply the transactions on the source if they are wanted (docs/probes.md)`,
        );
        expect((await c.readiness("shop-2")).ok).toBe(true);
        const v = await c.verify({ wait: "0" });
        expect(v.json.findings).toEqual(
            expect.arrayContaining([expect.objectContaining({ instance: "shop-5", check: "errant_transactions" })]),
        );
        // Re-seed: a new pod on an empty volume (init.sh copies the primary's data and GTID state).
        const li = c.run.state.instances.find((i) => i.name === "shop-5")!;
        await c.stop("shop-5");
        fs.rmSync(li.dataDir, { recursive: true, force: true });
        fs.mkdirSync(li.dataDir);
        await c.start("shop-5", true);
        await c.waitReady("shop-5", 60000, 500, "shop-5 ready after the re-seed");
        const schemas = await c.query<{ n: string }>(
            "shop-5",
            "SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'errant_probe'",
        );
        expect(Number(schemas[0].n)).toBe(0);
        expect((await c.verify()).json.findings).toEqual([]);
    });

    it("an empty planned primary refuses to initialise while the replicas hold the data; its restored volume is adopted", async () => {
        await emptyPrimaryRefused(c, SAFETY);
    });

    describe("faults under a sustained write load: nothing lost, nothing applied twice", () => {
        const caughtUp = async (name: string) => {
            const [p] = await c.query<{ p: string }>("shop-0", "SELECT @@GLOBAL.gtid_binlog_pos AS p");
            const [r] = await c.query<{ r: string }>(name, "SELECT MASTER_GTID_WAIT(?, 0.5) AS r", [p.p]);
            return Number(r.r) === 0;
        };

        it("restart --crash (kill -9) of a replica and then of the primary during the load; every acknowledged row everywhere, checksums equal", async () => {
            await c.query(
                "shop-0",
                "CREATE TABLE app.load (writer INT NOT NULL, seq INT NOT NULL, payload VARCHAR(255) NOT NULL, PRIMARY KEY (writer, seq))",
            );
            const load = new WriteLoad(
                { host: () => c.host("shop-0"), port: () => c.port("shop-0"), user: "root", password: c.rootPassword, table: "app.load" },
                4,
            );
            let result: LoadResult;
            try {
                await waitForAcks(load, 200);
                // `myriad local restart --crash`: SIGKILL, then mysqld and post-start.sh without init.sh.
                const initLines = () => fs.readFileSync(path.join(c.dir, "shop", "shop-5", "init.log"), "utf8").length;
                const before = initLines();
                const replica = await c.local("restart", "shop-5", { crash: true });
                expect(replica.output).toMatch(/shop-5: killed with SIGKILL \(pid \d+\)/);
                expect(replica.output).toMatch(/shop-5: ready/);
                expect(replica.code).toBe(0);
                expect(initLines()).toBe(before);
                await waitForAcks(load, 300);
                const primary = await c.local("restart", "shop-0", { crash: true });
                expect(primary.output).toMatch(/shop-0: killed with SIGKILL \(pid \d+\)/);
                expect(primary.code).toBe(0);
                await waitForAcks(load, 300);
            } finally {
                result = await load.stop();
            }
            for (const r of ["shop-2", "shop-5"]) await eventually(`${r} caught up`, () => caughtUp(r), 60000, 500);
            const rowsOf = async (name: string) =>
                new Set((await c.query<{ k: string }>(name, "SELECT CONCAT(writer, ':', seq) AS k FROM app.load")).map((r) => r.k));
            const primary = await rowsOf("shop-0");
            for (const k of result.acked) expect(primary.has(k)).toBe(true);
            for (const k of primary) expect(result.acked.has(k) || result.inDoubt.has(k)).toBe(true);
            for (const r of ["shop-2", "shop-5"]) expect((await rowsOf(r)).size).toBe(primary.size);
            for (const r of ["shop-0", "shop-2", "shop-5"]) await c.waitReady(r, 60000, 500);
            const v = await c.verify({ checksum: true, chunkSize: "1000" });
            expect(v.json.findings).toEqual([]);
            expect(v.json.checksum[0].tables.find((t: any) => t.table === "load").rows).toBe(primary.size);
        });
    });

    it("reproduces ordinal-derived server_ids that collide across templates: replication breaks, the probe and verify name it; the planner never collides", async () => {
        // Ordinal-per-template allocation would give canary's first instance 100 + 0 = 100.
        const { plans } = planClusters(readFixture("mariadb-two-templates.yaml"));
        const ids = plans[0].instances.map((i) => i.serverId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(plans[0].instances.find((i) => i.name === "shop-5")!.serverId).toBe(105);

        // Ordinal-per-template allocation (100 + ordinal within the template), as a later --server-id on the command line.
        await c.stop("shop-5");
        await c.start("shop-5", false, ["--server-id=100"]);
        try {
            const bad = await eventually("shop-5 not ready", async () => {
                const p = await c.readiness("shop-5");
                return p.ok ? undefined : p;
            });
            expect(bad.reason).toMatch(/1593.*equal .*server ids/i);
            const v = await c.verify({ wait: "0" });
            expect(v.code).toBe(1);
            const f = v.json.findings;
            expect(f).toEqual(
                expect.arrayContaining([
                    expect.objectContaining({ instance: "shop-5", check: "server_id", expected: "105", seen: "100" }),
                    expect.objectContaining({
                        instance: "shop-5",
                        check: "server_id_unique",
                        seen: "server_id 100 is also used by shop-0",
                    }),
                    expect.objectContaining({
                        instance: "shop-0",
                        check: "server_id_unique",
                        seen: "server_id 100 is also used by shop-5",
                    }),
                    expect.objectContaining({ instance: "shop-5", check: "io_thread", seen: expect.stringMatching(/1593/) }),
                ]),
            );
        } finally {
            await c.stop("shop-5");
            await c.start("shop-5");
        }
        await c.waitReady("shop-5", 60000, 500, "shop-5 ready with its planned id");
    });

    it("seeds a new replica from a peer when the binary logs no longer hold the data, without manual steps", async () => {
        await c.query(
            "shop-0",
            [
                "CREATE TABLE app.events (id INT AUTO_INCREMENT PRIMARY KEY, body VARCHAR(100) NOT NULL)",
                "INSERT INTO app.events (body) SELECT CONCAT('event-', seq) FROM app.seq_1_to_20000",
                "FLUSH BINARY LOGS",
                "PURGE BINARY LOGS BEFORE NOW() + INTERVAL 1 SECOND",
            ].join("; "),
        );
        const logs = await c.query<{ Log_name: string }>("shop-0", "SHOW BINARY LOGS");
        expect(logs.map((l) => l.Log_name)).not.toContain("binlog.000001");
        const grown = readFixture("mariadb-two-templates.yaml");
        grown[0].templates[1].replicas = 2;
        const dir = scratchDir("config");
        try {
            const file = writeConfig(dir, "grown.yaml", grown);
            const r = await c.upAgain(file);
            expect(r.code).toBe(0);
            expect(r.output).toMatch(/shop-0: already running/);
            expect(r.output).toMatch(/shop-6: ready/);
        } finally {
            removeDir(dir);
        }
        const init = fs.readFileSync(path.join(c.dir, "shop", "shop-6", "init.log"), "utf8");
        // Physical: a mariadb-backup stream from a ready replica (tests/real/seeding.test.ts covers it in depth).
        expect(init).toMatch(/attempt 1\/\d+: donor \S+, a ready replica/);
        expect(init).toMatch(/bootstrap complete \(mariadb-backup\)/);
        await c.query("shop-0", "INSERT INTO app.events (body) VALUES ('after the seed')");
        await eventually(
            "shop-6 caught up",
            async () => Number((await c.query<{ n: string }>("shop-6", "SELECT COUNT(*) AS n FROM app.events"))[0].n) === 20001,
        );
        const v = await c.verify({ checksum: true, chunkSize: "5000" });
        expect(v.json.findings).toEqual([]);
        expect(v.code).toBe(0);
        const events = v.json.checksum[0].tables.find((t: any) => t.table === "events");
        expect(events.chunks).toBeGreaterThan(1);
        expect(events.rows).toBe(20001);
    });

    it("a server that cannot start is reported with its log at once, not waited for", async () => {
        const cnf = c.run.state.instances.find((i) => i.name === "shop-2")!.config;
        const original = fs.readFileSync(cnf, "utf8");
        fs.writeFileSync(cnf, `${original}\n[mysqld]\nno_such_option = 1\n`);
        await c.stop("shop-2");
        const t0 = Date.now();
        try {
            await expect(c.start("shop-2")).rejects.toThrow(
                /mysqld \(pid \d+\) exited during start-up; last lines of .*\n[\s\S]*unknown variable 'no_such_option=1'/,
            );
            // Not waited for: well under the start wait of 60 s it would otherwise sit out (loose for a loaded machine).
            expect(Date.now() - t0).toBeLessThan(45000);
        } finally {
            fs.writeFileSync(cnf, original);
        }
        await c.start("shop-2");
        await c.waitReady("shop-2", 60000, 500);
    });

    it("local stop, start, restart: one instance at a time; start waits for no other instance", async () => {
        const stop = await c.local("stop", "shop-2");
        expect(stop.code).toBe(0);
        expect(stop.output).toMatch(/shop-2: stopped \(pid \d+\)/);
        let s = await c.status();
        expect(s.instances.find((i) => i.name === "shop-2")).toEqual(expect.objectContaining({ running: false, pid: null, ready: null }));
        expect(s.instances.filter((i) => i.name !== "shop-2").every((i) => i.ready)).toBe(true);
        // The primary down too: starting the replica does not wait for it.
        expect((await c.local("stop", "shop-0")).code).toBe(0);
        const t0 = Date.now();
        const start = await c.local("start", "shop-2", { wait: "0" });
        // Not waited for: far under the 300 s a local replica's init.sh waits for its source.
        expect(Date.now() - t0).toBeLessThan(120000);
        expect(start.code).toBe(1);
        expect(start.output).toMatch(/shop-2: init\.sh/);
        expect(start.output).toMatch(/shop-2: not ready yet: Slave_IO_Running=(Connecting|No)/);
        expect((await c.local("start", "shop-0")).code).toBe(0);
        await c.waitReady("shop-2", 60000, 500);
        expect((await c.local("start", "shop-0")).output).toMatch(/shop-0: already running \(pid \d+\)/);
        // restart: a new pod (init.sh runs again).
        const oldPid = c.run.state.instances.find((i) => i.name === "shop-5")!.pid;
        const initLog = path.join(c.dir, "shop", "shop-5", "init.log");
        const before = fs.readFileSync(initLog, "utf8").length;
        const restart = await c.local("restart", "shop-5");
        expect(restart.code).toBe(0);
        expect(restart.output).toMatch(/shop-5: stopped .*\n.*shop-5: init\.sh/s);
        expect(fs.readFileSync(initLog, "utf8").length).toBeGreaterThan(before);
        s = await c.status();
        expect(s.instances.find((i) => i.name === "shop-5")!.pid).not.toBe(oldPid);
        expect(s.instances.every((i) => i.ready)).toBe(true);
        // Bad input: an unknown instance, --crash on start.
        await expect(c.local("stop", "shop-9")).rejects.toThrow(/no instance 'shop-9' .*instances: shop-0, shop-2, shop-5/);
        await expect(c.local("start", "shop-2", { crash: true })).rejects.toThrow(/--crash applies to 'local restart' only/);
    });

    it("status tells the truth after a process died or was restarted outside the tool; down stops what runs", async () => {
        const li = c.run.state.instances.find((i) => i.name === "shop-5")!;
        const argv = commandLine(li.pid!)!;
        process.kill(li.pid!, "SIGKILL");
        await eventually("shop-5 gone", () => Promise.resolve(!isAlive(li.pid!)), 10000, 100);
        let s = await c.status();
        let i5 = s.instances.find((i) => i.name === "shop-5")!;
        expect(i5).toEqual(expect.objectContaining({ running: false, pid: null, ready: null }));
        expect(i5.outside).toMatch(new RegExp(`^mysqld \\(pid ${li.pid}\\) exited outside myriad local`));
        expect(c.run.state.instances.find((i) => i.name === "shop-5")!.pid).toBeNull();
        const table = captureIo();
        await wideTables(() => runLocalStatus({ dir: c.dir, format: "text" }, table));
        expect(table.stdout).toMatch(/stopped \(mysqld \(pid \d+\) exited outside myriad local/);
        // Started by hand, with the same command line: adopted (its pid recorded), and ready.
        const byHand = startDetached(argv[0], argv.slice(1), li.log, process.env, li.dir);
        trackProcess(byHand.pid, li.config);
        await eventually("shop-5 answers", async () => (await c.liveness("shop-5")).ok, 60000, 500);
        await c.query("shop-5", "START SLAVE");
        await c.waitReady("shop-5", 60000, 500);
        s = await c.status();
        i5 = s.instances.find((i) => i.name === "shop-5")!;
        expect(i5).toEqual(expect.objectContaining({ running: true, pid: byHand.pid, ready: true }));
        expect(i5.outside).toMatch(new RegExp(`^running as pid ${byHand.pid}, started outside myriad local`));
        // restart --crash kills the process that runs (the adopted one).
        const r = await c.local("restart", "shop-5", { crash: true });
        expect(r.output).toMatch(new RegExp(`shop-5: killed with SIGKILL \\(pid ${byHand.pid}\\)`));
        expect(isAlive(byHand.pid)).toBe(false);
        expect(r.code).toBe(0);
        expect((await c.status()).instances.find((i) => i.name === "shop-5")!.outside).toBeUndefined();
    });

    it("a new pod after a crash: the crash recovery that init.sh's temporary server performs is kept in init.log", async () => {
        expect(await c.kill9("shop-2")).toBe(true);
        const initLog = path.join(c.dir, "shop", "shop-2", "init.log");
        const before = fs.readFileSync(initLog, "utf8").length;
        const r = await c.local("start", "shop-2");
        expect(r.code).toBe(0);
        const added = fs.readFileSync(initLog, "utf8").slice(before);
        expect(added).toMatch(/temporary server log \(lines 1-\d+\):/);
        // InnoDB redo recovery when the log holds unapplied changes, and MariaDB's binlog-based crash recovery.
        expect(added).toMatch(/Starting crash recovery|Recovering after a crash using/);
        expect(added.split("\n").filter((l) => l.startsWith("    | ")).length).toBeGreaterThan(3);
    });

    it("local down stops exactly its processes and removes the data", async () => {
        const pids = (await c.status()).instances.map((i) => i.pid as number);
        expect(pids.every((p) => isAlive(p))).toBe(true);
        const dir = c.dir;
        await c.down();
        expect(pids.some((p) => isAlive(p))).toBe(false);
        expect(fs.existsSync(dir)).toBe(false);
        c = undefined as unknown as TestCluster;
    });
});
