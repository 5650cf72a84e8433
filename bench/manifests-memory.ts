/**
 * Benchmark of `myriad check --manifests` on a large input, as a user runs it: the whole command in its own
 * process on one multi-document file of about BENCH_MANIFEST_MB megabytes (default 50) of the workload of
 * bench/manifests.ts, and the same command on 10 StatefulSets (the floor: start-up and module loading) in the same
 * run, one after the other. Each process reports its peak resident memory (`process.resourceUsage().maxRSS`) and
 * CPU time as it exits, through a `--require` hook. The CPU per StatefulSet is (large - floor) / StatefulSets.
 * Results: the temporary directory, or bench/manifests-memory-results.json with --save.
 *
 *   node dist/bench/manifests-memory.js [--save]      (npm run bench:manifests-memory)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { manifestWorkload } from "./manifests";
import { machineFacts, writeResults } from "./save";

const ROOT = path.resolve(__dirname, "..", "..");

interface Run {
    statefulSets: number;
    bytes: number;
    exitCode: number | null;
    cpuMs: number;
    maxRssMB: number;
}

function writeWorkload(file: string, statefulSets: number): number {
    const fd = fs.openSync(file, "w");
    let bytes = 0;
    try {
        for (const o of manifestWorkload(statefulSets)) {
            const text = `${YAML.stringify(o)}---\n`;
            bytes += Buffer.byteLength(text);
            fs.writeSync(fd, text);
        }
    } finally {
        fs.closeSync(fd);
    }
    return bytes;
}

function run(file: string, statefulSets: number, bytes: number, hook: string, out: string): Run {
    const r = spawnSync(
        process.execPath,
        ["--require", hook, path.join(ROOT, "bin", "myriad"), "check", "--manifests", file, "--format", "json"],
        {
            cwd: ROOT,
            encoding: "utf8",
            maxBuffer: 1 << 30,
            env: { ...process.env, MYRIAD_BENCH_OUT: out },
        },
    );
    if (r.status !== 0 && r.status !== 1) throw new Error(`check --manifests exited ${r.status}: ${r.stderr}`);
    const m = JSON.parse(fs.readFileSync(out, "utf8")) as { cpuMs: number; maxRssKB: number };
    return { statefulSets, bytes, exitCode: r.status, cpuMs: Math.round(m.cpuMs), maxRssMB: Math.round(m.maxRssKB / 1024) };
}

function main(): void {
    const mb = Number(process.env.BENCH_MANIFEST_MB ?? 50);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-bench-manifests-memory-"));
    const hook = path.join(dir, "hook.js");
    fs.writeFileSync(
        hook,
        'process.on("exit", () => { const u = process.cpuUsage(); require("node:fs").writeFileSync(process.env.MYRIAD_BENCH_OUT, ' +
            "JSON.stringify({ cpuMs: (u.user + u.system) / 1000, maxRssKB: process.resourceUsage().maxRSS })); });\n",
    );
    try {
        // About 1.8 kB of YAML per StatefulSet with its share of the cluster's objects.
        const statefulSets = Math.max(10, Math.round((mb * 1e6) / 1800 / 10) * 10);
        const small = path.join(dir, "small.yaml");
        const large = path.join(dir, "large.yaml");
        const smallBytes = writeWorkload(small, 10);
        const largeBytes = writeWorkload(large, statefulSets);
        const facts = machineFacts();
        const floor = run(small, 10, smallBytes, hook, path.join(dir, "out.json"));
        const big = run(large, statefulSets, largeBytes, hook, path.join(dir, "out.json"));
        const cpuMsPerStatefulSet = (big.cpuMs - floor.cpuMs) / statefulSets;
        process.stdout.write(
            `floor: 10 StatefulSets, ${floor.cpuMs} ms CPU, ${floor.maxRssMB} MB peak\n` +
                `${statefulSets} StatefulSets, ${(largeBytes / 1e6).toFixed(1)} MB: ${big.cpuMs} ms CPU, ${big.maxRssMB} MB peak, ` +
                `${cpuMsPerStatefulSet.toFixed(2)} ms CPU per StatefulSet above the floor\n`,
        );
        writeResults(path.join(ROOT, "bench", "manifests-memory-results.json"), {
            machine: { ...facts, loadAverageAfter: os.loadavg() },
            floor,
            large: big,
            cpuMsPerStatefulSet,
        });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) main();
