/**
 * Benchmark of the CLI's start-up: the CPU time (user + system) and the modules loaded by `myriad --help`,
 * `myriad --version` and `myriad plan --stack staging`, each a fresh `node bin/myriad` process, against the floor
 * of an empty Node process (`node -e 0`) measured in the same run.
 *
 * Trials run one at a time (never side by side), the commands and the floor interleaved in each round
 * (BENCH_REPS rounds, default 7); the median of each is reported, with its ratio to the floor's median. Each
 * process reports its own CPU time and module count as it exits, through a `--require` hook, so the figures are
 * the process's and not the benchmark's. Results: the temporary directory, or bench/startup-results.json with
 * --save; recorded in docs/performance.md.
 *
 *   node dist/bench/startup.js [--save]      (npm run bench:startup)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { machineFacts, writeResults } from "./save";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "myriad");

/** What is measured: a label and the arguments after `node`. The floor first. */
export const STARTUP_COMMANDS: ReadonlyArray<{ label: string; args: string[] }> = [
    { label: "floor: node -e 0", args: ["-e", "0"] },
    { label: "myriad --help", args: [BIN, "--help"] },
    { label: "myriad --version", args: [BIN, "--version"] },
    { label: "myriad plan --stack staging", args: [BIN, "plan", "--stack", "staging"] },
];

interface Sample {
    cpuMs: number;
    modules: number;
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function trial(args: string[], hook: string, out: string): Sample {
    const r = spawnSync(process.execPath, ["--require", hook, ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", MYRIAD_BENCH_OUT: out },
    });
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return JSON.parse(fs.readFileSync(out, "utf8")) as Sample;
}

function main(): void {
    const reps = Number(process.env.BENCH_REPS ?? 7);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-startup-"));
    const hook = path.join(dir, "hook.js");
    // process.cpuUsage() covers the whole process from its start, Node's own bootstrap included.
    fs.writeFileSync(
        hook,
        'process.on("exit", () => { const u = process.cpuUsage(); require("node:fs").writeFileSync(process.env.MYRIAD_BENCH_OUT, ' +
            "JSON.stringify({ cpuMs: (u.user + u.system) / 1000, modules: Object.keys(require.cache).length })); });\n",
    );
    const facts = machineFacts();
    const samples = new Map<string, Sample[]>(STARTUP_COMMANDS.map((c) => [c.label, []]));
    try {
        for (const c of STARTUP_COMMANDS) trial(c.args, hook, path.join(dir, "warm.json")); // warm the file cache
        for (let i = 0; i < reps; i++) {
            for (const c of STARTUP_COMMANDS) samples.get(c.label)!.push(trial(c.args, hook, path.join(dir, "out.json")));
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    const floor = median(samples.get(STARTUP_COMMANDS[0].label)!.map((s) => s.cpuMs));
    const rows = STARTUP_COMMANDS.map((c) => {
        const s = samples.get(c.label)!;
        const cpuMs = median(s.map((x) => x.cpuMs));
        return {
            command: c.label,
            cpuMsMedian: Math.round(cpuMs),
            cpuMsMin: Math.round(Math.min(...s.map((x) => x.cpuMs))),
            cpuMsMax: Math.round(Math.max(...s.map((x) => x.cpuMs))),
            ratioToFloor: Math.round((cpuMs / floor) * 100) / 100,
            modules: s[0].modules,
        };
    });
    for (const r of rows) {
        process.stdout.write(
            `${r.command.padEnd(30)} ${String(r.cpuMsMedian).padStart(5)} ms CPU (${r.cpuMsMin}-${r.cpuMsMax})  ${r.ratioToFloor.toFixed(2)}x floor  ${r.modules} modules\n`,
        );
    }
    writeResults(path.join(ROOT, "bench", "startup-results.json"), { machine: { ...facts, loadAverageAfter: os.loadavg() }, reps, rows });
}

if (require.main === module) main();
