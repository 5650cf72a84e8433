/**
 * Backups and point-in-time restore on real MariaDB 10.11 servers (docs/backup.md), with the pods' own scripts on a
 * `myriad local` run: under a write load whose client logs every acknowledged row with its send and acknowledgement
 * times, a full backup is taken (backup.sh: a mariadb-backup stream from a ready replica through its seeding
 * endpoint, uploaded by rclone to a local directory) while binlog-ship.sh ships the primary's binary logs; then every
 * instance and its data is destroyed. A restore (restore.sh) to `latest` holds every acknowledged row up to the last
 * shipped binary log (the recovery point is measured: rows acknowledged but lost, in seconds of load), and a restore to
 * a time T holds exactly the rows committed before T: every row acknowledged before T, none sent at or after T.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as mysql from "mysql2/promise";
import { describeReal, eventually, removeDir, scratchDir, trackProcess } from "./harness";
import { TestCluster, writeConfig } from "./cluster";
import { WriteLoad } from "./load";
import { localRclone, localRestoreEnv, runLocalBackup, startLocalShipper } from "../../infra/local/backup";
import { openRun } from "../../infra/local/runtime";
import { scriptsDir } from "../../infra/local/instance";

jest.setTimeout(600000);

const rclone = localRclone();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeReal("backups and point-in-time restore (MariaDB 10.11, myriad local)", ["mariadb", "client", "mariadb-backup", "rclone"], () => {
    let work: string;
    let storage: string;
    let c: TestCluster;
    const shippers: ChildProcess[] = [];
    let load: WriteLoad;
    let acked: Set<string>;
    let inDoubt: Set<string>;
    let ackLog: { key: string; sentAt: number; ackedAt: number }[];
    let pointT: string;
    let tMs: number;
    let runDir: string;
    let lastShipMs: number;
    let lossMs: number;

    /** Starts mariadbd on a restored data directory (socket only) and returns a root connection and a stop function. */
    async function openRestored(datadir: string): Promise<{ conn: mysql.Connection; stop: () => Promise<void> }> {
        const run = openRun(runDir)!;
        const li = run.state.instances.find((i) => i.name === "shop-0")!;
        const env = localRestoreEnv(run, "shop-0", rclone!);
        const sock = path.join(work, `s-${path.basename(path.dirname(datadir))}.sock`);
        const args = [
            `--defaults-file=${li.config}`,
            `--datadir=${datadir}`,
            `--socket=${sock}`,
            `--pid-file=${datadir}.pid`,
            "--skip-networking",
            "--skip-slave-start",
            ...env.MYRIAD_MYSQLD_ARGS.split(" ").filter(Boolean),
            ...(process.getuid?.() === 0 ? ["--user=root"] : []),
        ];
        const proc = spawn(li.binary, args, { stdio: "ignore" });
        trackProcess(proc.pid!, datadir);
        const conn = await eventually(
            "the restored server answers",
            () =>
                mysql.createConnection({
                    socketPath: sock,
                    user: "root",
                    password: fs.readFileSync(path.join(runDir, "secrets", "root-password"), "utf8"),
                }),
            60000,
            250,
        );
        return {
            conn,
            stop: async () => {
                await conn.end();
                proc.kill("SIGTERM");
                await new Promise((r) => proc.on("exit", r));
            },
        };
    }

    function restore(point: string, into: string): { code: number | null; output: string } {
        const run = openRun(runDir)!;
        // The backups of this very cluster (a cluster never restores from its own folder: the restore: field names
        // another one, so the test points the script at the folder it wrote).
        const env = {
            ...localRestoreEnv(run, "shop-0", rclone!),
            MYRIAD_RESTORE_POINT: point,
            MYRIAD_RESTORE_TARGET: `myriad:${storage}/default/shop`,
        };
        const r = spawnSync("bash", [path.join(scriptsDir(runDir, "shop"), "restore.sh"), into], {
            env,
            encoding: "utf8",
            timeout: 300000,
        });
        return { code: r.status, output: `${r.stdout}${r.stderr}` };
    }

    beforeAll(async () => {
        work = scratchDir("backup");
        storage = path.join(work, "storage");
        fs.mkdirSync(storage);
        const storageCfg = { local: { path: storage } };
        const cfg = writeConfig(work, "shop.yaml", [
            {
                name: "shop",
                flavor: "mariadb",
                backup: { storage: storageCfg },
                // The restore half of the contract: the same source, read back by restore.sh.
                restore: { from: { storage: storageCfg, cluster: "shop-src", version: "10.11.6" } },
                templates: [{ name: "main", image: "mariadb:10.11.6", replicas: 2 }],
            },
        ]);
        c = await TestCluster.up(cfg, { timeoutSeconds: 300 });
        runDir = c.dir;
    });

    afterAll(async () => {
        for (const s of shippers) if (s.exitCode === null && s.signalCode === null) process.kill(-s.pid!, "SIGTERM");
        await load?.stop().catch(() => undefined);
        await c?.down().catch(() => undefined);
        if (work) removeDir(work);
    });

    it("takes a full backup from a ready replica under load while the primary's binary logs are shipped", async () => {
        await c.query(
            "shop-0",
            "CREATE DATABASE IF NOT EXISTS test; CREATE TABLE test.acks (writer INT, seq INT, payload TEXT, PRIMARY KEY (writer, seq))",
        );
        const run = openRun(runDir)!;
        shippers.push(startLocalShipper(run, "shop-0", rclone!), startLocalShipper(run, "shop-1", rclone!));
        for (const s of shippers) trackProcess(s.pid!, "binlog-ship.sh");
        load = new WriteLoad(
            { host: () => c.host("shop-0"), port: () => c.port("shop-0"), user: "root", password: c.rootPassword, table: "test.acks" },
            2,
            {
                pauseMs: 5,
            },
        );
        await sleep(2000);
        const b = await runLocalBackup(run, "shop", rclone!);
        expect(b.output).toMatch(/donor 127\.0\.0\.\d+:\d+: a ready replica/);
        expect(b.output).toMatch(/full backup \d{8}T\d{6}Z complete/);
        expect(b.code).toBe(0);
        const stamps = fs.readdirSync(path.join(storage, "default", "shop", "full"));
        expect(stamps).toHaveLength(1);
        const manifest = fs.readFileSync(path.join(storage, "default", "shop", "full", stamps[0], "manifest"), "utf8");
        expect(manifest).toMatch(/^method=mariadb-backup$/m);
        // The local run's binary of the series serves the planned 10.11.6: the backup records the binary's version.
        expect(manifest).toMatch(/^version=10\.11\.\d+$/m);
        // Only the writable primary ships: one server's folder.
        await eventually(
            "binary logs shipped",
            () => {
                if (fs.readdirSync(path.join(storage, "default", "shop", "binlog")).length !== 1)
                    return Promise.reject(new Error("no server folder yet"));
                return Promise.resolve(true);
            },
            20000,
            250,
        );
    });

    it("a point in time T, then the loss of every instance and its data", async () => {
        await sleep(1500);
        // T: a whole second (binary-log events carry whole seconds).
        tMs = Math.ceil(Date.now() / 1000) * 1000;
        pointT = new Date(tMs).toISOString().replace(/\.\d+Z$/, "Z");
        // Long enough after T for the shipper (one poll, a rotation, an upload; a few seconds on a busy machine) to upload T.
        await sleep(tMs - Date.now() + 8000);
        // The primary is lost while the load runs: what the shipper had uploaded is what a restore can recover.
        const binlogDir = path.join(storage, "default", "shop", "binlog");
        const server = fs.readdirSync(binlogDir)[0];
        lastShipMs = Math.max(
            ...fs.readdirSync(path.join(binlogDir, server)).map((f) => fs.statSync(path.join(binlogDir, server, f)).mtimeMs),
        );
        lossMs = Date.now();
        for (const s of shippers) process.kill(-s.pid!, "SIGKILL");
        await c.kill9("shop-0");
        await c.kill9("shop-1");
        const result = await load.stop();
        acked = result.acked;
        inDoubt = result.inDoubt;
        ackLog = load.ackLog;
        expect(acked.size).toBeGreaterThan(200);
        // Every instance's data is destroyed; the run's configuration and secrets stay for the restore's environment.
        for (const name of ["shop-0", "shop-1"]) removeDir(path.join(runDir, "shop", name, "data"));
    });

    it("restores to latest every acknowledged row up to the last shipped binary log (the recovery point, measured)", async () => {
        const into = path.join(work, "latest", "data");
        const r = restore("latest", into);
        expect(r.output).toMatch(/restored \d{8}T\d{6}Z up to latest/);
        expect(r.code).toBe(0);
        const { conn, stop } = await openRestored(into);
        try {
            const [rows] = await conn.query("SELECT CONCAT(writer, ':', seq) AS k FROM test.acks");
            const restored = new Set((rows as { k: string }[]).map((x) => x.k));
            for (const k of restored) expect(acked.has(k) || inDoubt.has(k)).toBe(true);
            const lost = ackLog.filter((a) => !restored.has(a.key));
            // Every row acknowledged before the last upload minus one poll interval is there: losses are a suffix.
            const firstLost = Math.min(...lost.map((a) => a.ackedAt), Infinity);
            for (const a of ackLog) if (a.ackedAt < firstLost) expect(restored.has(a.key)).toBe(true);
            const lastAck = Math.max(...ackLog.map((a) => a.ackedAt));
            const recoveryPointMs = lost.length ? lastAck - firstLost : 0;
            process.stderr.write(
                `recovery point: ${lost.length} of ${ackLog.length} acknowledged rows lost, the last ${recoveryPointMs} ms of the load; last acknowledgement ${lastAck - lossMs} ms after the loss began, last binary log written ${lossMs - lastShipMs} ms before it\n`,
            );
            // A timing is measured, never asserted (docs/performance.md records it); what is asserted is above: nothing
            // acknowledged is lost before the last shipped binary log.
            expect(lost.length).toBeLessThan(ackLog.length);
        } finally {
            await stop();
        }
    });

    it("restores to T exactly the rows committed before T", async () => {
        const into = path.join(work, "at-t", "data");
        const r = restore(pointT, into);
        expect(r.code).toBe(0);
        const { conn, stop } = await openRestored(into);
        try {
            const [rows] = await conn.query("SELECT CONCAT(writer, ':', seq) AS k FROM test.acks");
            const restored = new Set((rows as { k: string }[]).map((x) => x.k));
            // T was shipped before the loss (else the restore could not reach it).
            expect(lastShipMs).toBeGreaterThan(tMs);
            const before = ackLog.filter((a) => a.ackedAt < tMs);
            const after = ackLog.filter((a) => a.sentAt >= tMs);
            expect(before.length).toBeGreaterThan(50);
            expect(after.length).toBeGreaterThan(50);
            expect(before.filter((a) => !restored.has(a.key))).toEqual([]);
            expect(after.filter((a) => restored.has(a.key))).toEqual([]);
        } finally {
            await stop();
        }
    });

    it("refuses to restore into a data directory that holds data", () => {
        const into = path.join(work, "latest", "data");
        const r = restore("latest", into);
        expect(r.code).not.toBe(0);
        expect(r.output).toMatch(/a restore never runs against a cluster that holds data/);
    });
});
