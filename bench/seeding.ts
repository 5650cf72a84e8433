/**
 * Benchmark: seeding a new MariaDB replica from the same data set three ways, on real servers.
 *
 * Starts a MariaDB cluster with `myriad local up` (template `phys`: a primary and a replica; template `dump`,
 * `backupTool: none`, empty), loads BENCH_SEED_MB MiB (default 1024) of incompressible ~1 KiB rows into
 * one InnoDB table on the primary and waits for the replica. Then:
 *   physical  `local up` with one more `phys` replica: init.sh streams a mariadb-backup from the ready replica
 *             (seed-donor.sh), prepares it and starts replication (docs/runtime.md#physical-seeding)
 *   logical   `local up` with one `dump` replica: init.sh copies by mariadb-dump | mariadb from the source
 *   floor     the plain copy of the stopped donor's data directory (`cp -a`), what no seeding can beat
 * Each method's time is the new instance's init.sh, from its first log line to "bootstrap complete" (the
 * copy plus what makes it a replica: prepare, the temporary server, the GTID position), measured from
 * init.log's timestamps (whole seconds) and, as the wall time of the `local up` that adds the instance
 * (which also starts mysqld and waits for readiness). Target: physical within 1.5x of the floor.
 *
 * Needs the real-server binaries (.ci/install-servers.sh: mariadb-server, mariadb-backup, socat) and a build.
 * From the project root:  node dist/bench/seeding.js [--save]  -> table on stdout, bench/seeding-results.json
 * Environment: BENCH_SEED_MB (default 1024; e.g. 100 for a quick run).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as mysql from "mysql2/promise";
import { localUp } from "../infra/local/up";
import { localDown } from "../infra/local/down";
import { readState } from "../infra/local/state";
import { runOf, startInstance, stopInstance } from "../infra/local/runtime";
import { writeResults, machineFacts } from "./save";

interface MethodResult {
    method: "physical" | "logical" | "floor";
    what: string;
    /** init.sh from its first line to "bootstrap complete" (from init.log, whole seconds); the floor: the copy. */
    seconds: number;
    /** Wall time of the `local up` that added the instance (start and readiness wait included); null for the floor. */
    upSeconds: number | null;
    /** Size of the new data directory. */
    mib: number;
}

function clusters(phys: number, dump: number): unknown[] {
    return [
        {
            name: "bench",
            flavor: "mariadb",
            maxReplicaLagSeconds: 60,
            templates: [
                { name: "phys", image: "mariadb:10.11.6", replicas: phys, ordinals: { start: 0, end: 4 } },
                { name: "dump", image: "mariadb:10.11.6", replicas: dump, backupTool: "none", ordinals: { start: 5, end: 9 } },
            ],
        },
    ];
}

function duMiB(dir: string): number {
    const r = spawnSync("du", ["-sm", dir], { encoding: "utf8" });
    return Number(r.stdout.split("\t")[0]);
}

/** Seconds from the first line of init.log to its "bootstrap complete" line (ISO timestamps, whole seconds). */
function initSeconds(log: string): number {
    const lines = fs.readFileSync(log, "utf8").split("\n");
    const stamp = (l: string | undefined) => (l ? Date.parse(l.split(" ")[0]) : NaN);
    const first = stamp(lines.find((l) => / init: instance /.test(l)));
    const done = stamp(lines.find((l) => /bootstrap complete/.test(l)));
    if (Number.isNaN(first) || Number.isNaN(done)) throw new Error(`${log}: no start or completion line`);
    return (done - first) / 1000;
}

async function main(): Promise<void> {
    const mb = Number(process.env.BENCH_SEED_MB ?? 1024);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-bench-seeding-"));
    const log = (s: string) => process.stderr.write(`${s}\n`);
    const io = { out: (s: string) => process.stderr.write(s), err: (s: string) => process.stderr.write(s) };
    const up = async (phys: number, dump: number) => {
        const t = performance.now();
        const r = await localUp({ dir, clusters: clusters(phys, dump), sourceDescription: "bench/seeding.ts", timeoutSeconds: 3600 }, io);
        if (r.code !== 0) throw new Error(`local up failed: ${JSON.stringify(r.failures ?? r.refusals ?? r.errors)}`);
        return (performance.now() - t) / 1000;
    };
    log(`bench seeding: ${mb} MiB, state in ${dir}`);
    await up(2, 0);
    const state = () => readState(dir)!;
    const inst = (n: string) => state().instances.find((i) => i.name === n)!;
    const password = fs.readFileSync(path.join(dir, "secrets", "root-password"), "utf8");
    const connect = (n: string) =>
        mysql.createConnection({ host: inst(n).host, port: inst(n).port, user: "root", password, multipleStatements: true });
    const results: MethodResult[] = [];
    try {
        const p = await connect("bench-0");
        await p.query("CREATE DATABASE bulk; CREATE TABLE bulk.rows_1k (id INT PRIMARY KEY, body VARCHAR(1100) NOT NULL) ENGINE=InnoDB");
        const t0 = performance.now();
        const rows = mb * 1024;
        const body = `CONCAT(${Array.from({ length: 32 }, (_, i) => `MD5(seq * ${i + 7})`).join(", ")})`;
        for (let s = 1; s <= rows; s += 100000)
            await p.query(`INSERT INTO bulk.rows_1k SELECT seq, ${body} FROM bulk.seq_${s}_to_${Math.min(rows, s + 99999)}`);
        const [[g]] = (await p.query("SELECT @@GLOBAL.gtid_binlog_pos AS g")) as unknown as [[{ g: string }]];
        await p.end();
        const r1 = await connect("bench-1");
        await r1.query("SELECT MASTER_GTID_WAIT(?, 3600)", [g.g]);
        await r1.end();
        const dataMiB = duMiB(inst("bench-0").dataDir);
        log(
            `loaded ${rows} rows (${dataMiB} MiB data directory) in ${Math.round((performance.now() - t0) / 1000)} s; the replica caught up`,
        );

        const physUp = await up(3, 0);
        results.push({
            method: "physical",
            what: "mariadb-backup --backup --stream=xbstream from the ready replica, mbstream -x, --prepare, GTID position (init.sh)",
            seconds: initSeconds(path.join(inst("bench-2").dir, "init.log")),
            upSeconds: physUp,
            mib: duMiB(inst("bench-2").dataDir),
        });
        log(`physical: ${JSON.stringify(results[results.length - 1])}`);

        const logicalUp = await up(3, 1);
        results.push({
            method: "logical",
            what: "mariadb-dump --single-transaction --gtid from the source | mariadb (init.sh)",
            seconds: initSeconds(path.join(inst("bench-5").dir, "init.log")),
            upSeconds: logicalUp,
            mib: duMiB(inst("bench-5").dataDir),
        });
        log(`logical: ${JSON.stringify(results[results.length - 1])}`);

        const run = runOf(dir, state());
        await stopInstance(run, "bench-1");
        const dest = path.join(dir, "floor-copy");
        const t = performance.now();
        const cp = spawnSync("cp", ["-a", inst("bench-1").dataDir, dest], { encoding: "utf8" });
        if (cp.status !== 0) throw new Error(`cp failed: ${cp.stderr}`);
        spawnSync("sync");
        results.push({
            method: "floor",
            what: "cp -a of the stopped donor's data directory, then sync",
            seconds: (performance.now() - t) / 1000,
            upSeconds: null,
            mib: duMiB(dest),
        });
        log(`floor: ${JSON.stringify(results[results.length - 1])}`);
        await startInstance(runOf(dir, state()), "bench-1", { withInit: false, timeoutMs: 600000, log });

        const floor = results.find((r) => r.method === "floor")!.seconds;
        const physical = results.find((r) => r.method === "physical")!.seconds;
        const doc = {
            ...machineFacts(),
            server: spawnSync("mariadbd", ["--version"], { encoding: "utf8" }).stdout.trim(),
            backupTool: spawnSync("mariadb-backup", ["--version"], { encoding: "utf8" }).stderr.trim().split("\n")[0],
            dataMiB,
            rows,
            results,
            physicalOverFloor: Math.round((physical / Math.max(floor, 0.001)) * 100) / 100,
            target: "physical <= 1.5 x floor",
        };
        process.stdout.write(
            [
                `| method | seconds (init.sh) | local up (s) | MiB |`,
                `|---|---|---|---|`,
                ...results.map(
                    (r) => `| ${r.method} | ${r.seconds.toFixed(1)} | ${r.upSeconds === null ? "-" : r.upSeconds.toFixed(1)} | ${r.mib} |`,
                ),
                `physical / floor: ${doc.physicalOverFloor} (target <= 1.5)`,
                "",
            ].join("\n"),
        );
        writeResults(path.join(__dirname, "..", "..", "bench", "seeding-results.json"), doc);
    } finally {
        await localDown(dir, readState(dir)!, false, io);
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().catch((e: unknown) => {
    process.stderr.write(`bench seeding: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
});
