/**
 * Physical seeding on real MariaDB servers, through `myriad local up` (the pods' init.sh and the seeding
 * endpoint seed-donor.sh, the `seed` sidecar): a replica added to a cluster that holds several hundred MB is
 * seeded by a mariadb-backup stream from a ready replica (not the primary), prepared, started from the GTID
 * position the backup recorded, and catches up; every write acknowledged during the seeding is on it and the
 * checksums match. When the donor restarts in the middle of the copy, the new instance discards the partial
 * copy, streams again from another ready donor and is seeded completely. Size: MYRIAD_SEED_TEST_MB (default 300).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describeReal, eventually, removeDir, scratchDir } from "./harness";
import { TestCluster, writeConfig } from "./cluster";
import { WriteLoad, waitForAcks, type LoadResult } from "./load";
import { apply } from "./day2";
import * as net from "node:net";
import { ownsProcess } from "../../infra/local/process";
import { seedScript } from "../../infra/local/seed-endpoint";
import { readState } from "../../infra/local/state";

jest.setTimeout(900000);

const MB = Number(process.env.MYRIAD_SEED_TEST_MB ?? "300");

function clusterConfig(replicas: number): unknown[] {
    return [
        {
            name: "grow",
            flavor: "mariadb",
            maxReplicaLagSeconds: 30,
            templates: [{ name: "main", image: "mariadb:10.11.6", replicas, ordinals: { start: 0, end: 9 } }],
        },
    ];
}

describeReal("physical seeding by mariadb-backup (myriad local)", ["mariadb", "client", "mariadb-backup"], () => {
    let c: TestCluster;
    let cfgDir: string;
    const initLog = (name: string) => {
        try {
            return fs.readFileSync(path.join(c.dir, "grow", name, "init.log"), "utf8");
        } catch {
            return "";
        }
    };
    const caughtUp = async (name: string) => {
        const [p] = await c.query<{ p: string }>("grow-0", "SELECT @@GLOBAL.gtid_binlog_pos AS p");
        const [r] = await c.query<{ r: string }>(name, "SELECT MASTER_GTID_WAIT(?, 0.5) AS r", [p.p]);
        return Number(r.r) === 0;
    };
    const rowsOf = async (name: string, table: string) =>
        new Set((await c.query<{ k: string }>(name, `SELECT CONCAT(writer, ':', seq) AS k FROM ${table}`)).map((r) => r.k));
    const grow = (replicas: number) => c.upAgain(writeConfig(cfgDir, `grown-${replicas}.yaml`, clusterConfig(replicas)), 600);
    const newLoad = (table: string) =>
        new WriteLoad({ host: () => c.host("grow-0"), port: () => c.port("grow-0"), user: "root", password: c.rootPassword, table }, 4);
    const checkAcked = async (result: LoadResult, table: string, replicas: string[]) => {
        for (const r of replicas) await eventually(`${r} caught up`, () => caughtUp(r), 120000, 500);
        const primary = await rowsOf("grow-0", table);
        for (const k of result.acked) expect(primary.has(k)).toBe(true);
        for (const r of replicas) {
            const rows = await rowsOf(r, table);
            for (const k of result.acked) expect(rows.has(k)).toBe(true);
            expect(rows.size).toBe(primary.size);
        }
    };

    beforeAll(async () => {
        cfgDir = scratchDir("seed-config");
        c = await TestCluster.up(writeConfig(cfgDir, "two.yaml", clusterConfig(2)), { timeoutSeconds: 300 });
        // ~1 KiB rows that do not compress: MB * 1024 of them.
        await c.query(
            "grow-0",
            "CREATE DATABASE bulk; CREATE TABLE bulk.blob_rows (id INT PRIMARY KEY, body VARCHAR(1100) NOT NULL) ENGINE=InnoDB; " +
                "CREATE TABLE bulk.load (writer INT NOT NULL, seq INT NOT NULL, payload VARCHAR(255) NOT NULL, PRIMARY KEY (writer, seq))",
        );
        const rows = MB * 1024;
        for (let start = 1; start <= rows; start += 50000) {
            const end = Math.min(rows, start + 49999);
            await c.query(
                "grow-0",
                `INSERT INTO bulk.blob_rows SELECT seq, CONCAT(${Array.from({ length: 32 }, (_, i) => `MD5(seq * ${i + 7})`).join(", ")}) FROM bulk.seq_${start}_to_${end}`,
            );
        }
        await eventually("grow-1 caught up with the bulk data", () => caughtUp("grow-1"), 300000, 1000);
    });
    afterAll(async () => {
        if (c) await c.down();
        if (cfgDir) removeDir(cfgDir);
    });

    it("a replica added to a cluster holding data is seeded by a mariadb-backup stream from a ready replica, under a write load", async () => {
        const ibd = fs.statSync(path.join(c.dir, "grow", "grow-0", "data", "bulk", "blob_rows.ibd")).size;
        expect(ibd).toBeGreaterThanOrEqual(MB * 1048576);
        const load = newLoad("bulk.load");
        let result: LoadResult;
        try {
            await waitForAcks(load, 200);
            const r = await grow(3);
            expect(r.output).toMatch(/grow-2: ready/);
            if (r.code !== 0) throw new Error(`local up exited ${r.code}:\n${r.output}`);
            await waitForAcks(load, 200);
        } finally {
            result = await load.stop();
        }
        const init = initLog("grow-2");
        expect(init).toMatch(
            new RegExp(`attempt 1/\\d+: donor ${c.host("grow-1").replace(/\./g, "\\.")}:${c.port("grow-1")}, a ready replica`),
        );
        expect(init).toMatch(/the stream from .* is complete \(\d+ KiB\)/);
        expect(init).toMatch(/preparing the copy \(mariadb-backup --prepare\)/);
        expect(init).toMatch(/the copy's consistent point: binlog\.\d+ \d+, GTID position '0-\d+-\d+'/);
        expect(init).toMatch(/bootstrap complete \(mariadb-backup\)/);
        expect(init).not.toMatch(/copying \d+ schema/);
        const kib = Number(/is complete \((\d+) KiB\)/.exec(init)![1]);
        expect(kib).toBeGreaterThan(MB * 1024 * 0.9);
        expect(fs.readFileSync(path.join(c.dir, "grow", "grow-1", "seed.log"), "utf8")).toMatch(/backup streamed completely/);
        expect(fs.readFileSync(path.join(c.dir, "grow", "grow-2", "data", "myriad-bootstrap.done"), "utf8")).toMatch(
            /method=mariadb-backup/,
        );

        await checkAcked(result, "bulk.load", ["grow-1", "grow-2"]);
        await c.waitReady("grow-2", 60000, 500);
        const v = await c.verify({ checksum: true, chunkSize: "20000" });
        expect(v.json.findings).toEqual([]);
        expect(v.code).toBe(0);
        expect(v.json.checksum[0].tables.find((t: any) => t.table === "blob_rows").rows).toBe(MB * 1024);
    });

    it("the donor restarts in the middle of the copy: the partial copy is discarded and the replica is seeded again from a ready donor", async () => {
        const load = newLoad("bulk.load");
        let result: LoadResult;
        let restarted = "";
        try {
            await waitForAcks(load, 100);
            const growing = grow(4);
            // Wait until grow-3 receives a stream from grow-1 and holds part of it, then restart grow-1 (clean stop, start).
            const staging = path.join(c.dir, "grow", "grow-3", "data", ".myriad-staging");
            const sizeOf = (dir: string): number => {
                let n = 0;
                for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
                    const p = path.join(dir, e.name);
                    n += e.isDirectory() ? sizeOf(p) : fs.statSync(p).size;
                }
                return n;
            };
            await eventually(
                "grow-3 streams from grow-1",
                // eslint-disable-next-line @typescript-eslint/require-await
                async () => {
                    if (!/receiving the physical backup of 127\.0\.0\.\d+/.test(initLog("grow-3"))) return false;
                    try {
                        return sizeOf(staging) > 20 * 1048576;
                    } catch {
                        return false;
                    }
                },
                300000,
                20,
            );
            const donorLine = /attempt 1\/\d+: donor (\S+),/.exec(initLog("grow-3"))![1];
            restarted = c.run.state.instances.find((i) => `${i.host}:${i.port}` === donorLine)!.name;
            expect(restarted).toBe("grow-1");
            // `local restart` waits for `local up` to finish: restart the donor's mysqld the way a container restarts.
            expect(["stopped", "killed"]).toContain(await c.stop(restarted));
            await c.start(restarted);
            const r = await growing;
            expect(r.output).toMatch(/grow-3: ready/);
            // `local up` knew the donor by its old pid: it may report that one as not running (restarted behind its back).
            const failures = r.output.split("\n").filter((l) => /^ {2}- /.test(l));
            const onlyTheRestart = failures.length === 1 && failures[0].includes(`${restarted}: mysqld is not running`);
            if (r.code !== 0 && !onlyTheRestart) throw new Error(`local up exited ${r.code}:\n${r.output}`);
        } finally {
            result = await load.stop();
        }
        const init = initLog("grow-3");
        const failed = /attempt 1\/\d+: the copy from (\S+) failed after (\d+) KiB: (.*); discarding the partial copy/.exec(init);
        expect(failed).not.toBeNull();
        expect(Number(failed![2])).toBeGreaterThan(20 * 1024);
        // The next attempt starts from an empty staging directory and the prepared copy is a complete one.
        const after = init.slice(init.indexOf(failed![0]));
        expect(after).toMatch(/attempt 2\/\d+: donor \S+, /);
        expect(after).toMatch(/the stream from \S+ is complete \((\d+) KiB\)/);
        expect(after).toMatch(/bootstrap complete \(mariadb-backup\)/);
        expect(init.indexOf("preparing the copy")).toBeGreaterThan(init.indexOf(failed![0]));
        expect(init.match(/preparing the copy/g)).toHaveLength(1);
        expect(fs.existsSync(path.join(c.dir, "grow", "grow-3", "data", ".myriad-staging"))).toBe(false);
        expect(fs.readFileSync(path.join(c.dir, "grow", restarted, "seed.log"), "utf8")).toMatch(/the backup failed/);

        await checkAcked(result, "bulk.load", ["grow-1", "grow-2", "grow-3"]);
        for (const r of ["grow-0", "grow-1", "grow-2", "grow-3"]) await c.waitReady(r, 120000, 500);
        const v = await c.verify({ checksum: true, chunkSize: "20000" });
        expect(v.json.findings).toEqual([]);
        expect(v.code).toBe(0);
    });

    it("a replica added by `local apply` is seeded physically and runs a seeding endpoint of its own, like one added by `local up`", async () => {
        const r = await apply(c, clusterConfig(5), 600);
        if (r.code !== 0) throw new Error(`local apply exited ${r.code}:\n${r.output}`);
        expect(r.steps.find((s: any) => s.instance === "grow-4")).toMatchObject({ action: "start", outcome: "ready" });
        expect(initLog("grow-4")).toMatch(/bootstrap complete \(mariadb-backup\)/);
        const recorded = readState(c.dir)!.instances;
        const li = recorded.find((i) => i.name === "grow-4")!;
        expect(li.seedPort).toEqual(expect.any(Number));
        expect(ownsProcess(li.seedPid!, seedScript(path.join(c.dir, "grow", "scripts")))).toBe(true);
        const ports = recorded.map((i) => i.seedPort);
        expect(ports.every((p) => typeof p === "number")).toBe(true);
        expect(new Set(ports).size).toBe(ports.length);
        await eventually(
            "grow-4's seeding endpoint accepts connections",
            () =>
                new Promise<boolean>((resolve) => {
                    const sock = net.connect(li.seedPort!, li.host, () => {
                        sock.destroy();
                        resolve(true);
                    });
                    sock.on("error", () => resolve(false));
                }),
            30000,
            500,
        );
        expect(fs.readFileSync(path.join(c.dir, "grow", "grow-4", "seed.log"), "utf8")).toMatch(/seeding endpoint listening on/);
    });
});
