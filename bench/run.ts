/**
 * `npm run bench`: plan + render cost of Myriad against a minimal raw `@pulumi/kubernetes` program creating the
 * same number of StatefulSets, under the same Pulumi mocks, in the same run.
 *
 * Sizes: 250, 500 and 1,000 instances (25, 50 and 100 templates). Every trial runs in a fresh Node process
 * (./trial.ts), so the Pulumi runtime's global state and the heap of one trial never affect another; the
 * workloads are interleaved, whole rounds (every size, both workloads) are repeated while the time budget
 * allows, up to BENCH_REPS rounds, and the median is reported. Prints a table and writes bench/results.json.
 * Results are recorded in docs/performance.md.
 *
 * Environment: BENCH_REPS (most rounds, default 3), BENCH_BUDGET_SECONDS (no new round starts when it would
 * likely end after this, default 120; the first round always runs), BENCH_SIZES (comma-separated instance
 * counts, multiples of 10, default 250,500,1000).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Table from "cli-table3";
import type { TrialResult } from "./trial";
import { runCheckBench } from "./check";
import { writeResults } from "./save";

const ROOT = path.resolve(__dirname, "..", "..");
const TRIAL = path.join(__dirname, "trial.js");
const RESULTS = path.join(ROOT, "bench", "results.json");

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function trial(workload: "myriad" | "raw", instances: number): TrialResult {
    const r = spawnSync(process.execPath, ["--max-old-space-size=2048", TRIAL, workload, String(instances)], {
        encoding: "utf8",
        timeout: 300_000,
    });
    if (r.status !== 0) throw new Error(`trial ${workload} ${instances} failed (exit ${r.status}):\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as TrialResult;
}

/** Median timings of one workload at one size. */
interface Summary {
    workload: "myriad" | "raw";
    instances: number;
    reps: number;
    medianMs: { plan: number; program: number; manifests: number; write: number; total: number };
    totalsMs: number[];
    msPerInstance: number;
    msPerObject: number;
    resources: number;
    objects: number;
    statefulSets: number;
    bytes: number;
}

function summarise(trials: TrialResult[]): Summary {
    const t = trials[0];
    const med = (k: keyof TrialResult["ms"]) => median(trials.map((x) => x.ms[k]));
    const total = med("total");
    return {
        workload: t.workload,
        instances: t.instances,
        reps: trials.length,
        medianMs: { plan: med("plan"), program: med("program"), manifests: med("manifests"), write: med("write"), total },
        totalsMs: trials.map((x) => Math.round(x.ms.total)),
        msPerInstance: total / t.instances,
        msPerObject: total / t.objects,
        resources: t.resources,
        objects: t.objects,
        statefulSets: t.statefulSets,
        bytes: t.bytes,
    };
}

function main(): void {
    if (!fs.existsSync(TRIAL)) throw new Error(`${TRIAL} is missing: run \`npm run build\` first (npm run bench does)`);
    const reps = Number(process.env.BENCH_REPS ?? 3);
    const budgetMs = Number(process.env.BENCH_BUDGET_SECONDS ?? 120) * 1000;
    const sizes = (process.env.BENCH_SIZES ?? "250,500,1000").split(",").map(Number);
    if (!Number.isInteger(reps) || reps < 1 || sizes.some((s) => !Number.isInteger(s) || s <= 0 || s % 10 !== 0)) {
        throw new Error("BENCH_REPS must be a positive integer and BENCH_SIZES positive multiples of 10");
    }
    const started = Date.now();
    const trials = new Map<string, TrialResult[]>();
    let rounds = 0;
    for (let rep = 0; rep < reps; rep++) {
        const elapsed = Date.now() - started;
        if (rep > 0 && elapsed + elapsed / rep > budgetMs) break;
        rounds++;
        for (const n of sizes) {
            for (const w of ["myriad", "raw"] as const) {
                const r = trial(w, n);
                const key = `${w}:${n}`;
                trials.set(key, [...(trials.get(key) ?? []), r]);
                process.stderr.write(
                    `  round ${rep + 1} ${w.padEnd(6)} ${String(n).padStart(5)} instances: ${Math.round(r.ms.total)} ms\n`,
                );
            }
        }
    }
    const summaries = [...trials.values()].map(summarise);
    const get = (w: "myriad" | "raw", n: number) => summaries.find((s) => s.workload === w && s.instances === n)!;

    const table = new Table({
        head: [
            "instances",
            "workload",
            "objects",
            "YAML MB",
            "plan ms",
            "program ms",
            "manifests ms",
            "write ms",
            "total ms (median)",
            "ms/instance",
            "ms/object",
            "myriad/raw",
        ],
        style: { head: [], border: [], compact: true },
    });
    const ratios: Record<string, number> = {};
    const perObjectRatios: Record<string, number> = {};
    for (const n of sizes) {
        const m = get("myriad", n),
            r = get("raw", n);
        ratios[String(n)] = m.medianMs.total / r.medianMs.total;
        perObjectRatios[String(n)] = m.msPerObject / r.msPerObject;
        for (const s of [m, r]) {
            table.push([
                n,
                s.workload,
                s.objects,
                (s.bytes / 1e6).toFixed(1),
                s.medianMs.plan.toFixed(0),
                s.medianMs.program.toFixed(0),
                s.medianMs.manifests.toFixed(0),
                s.medianMs.write.toFixed(0),
                s.medianMs.total.toFixed(0),
                s.msPerInstance.toFixed(2),
                s.msPerObject.toFixed(2),
                s === m ? ratios[String(n)].toFixed(2) : "",
            ]);
        }
    }
    const smallest = Math.min(...sizes),
        largest = Math.max(...sizes);
    // Linearity: cost per instance at the largest size relative to the smallest (1.0 = perfectly linear).
    const linearity = {
        myriad: get("myriad", largest).msPerInstance / get("myriad", smallest).msPerInstance,
        raw: get("raw", largest).msPerInstance / get("raw", smallest).msPerInstance,
    };
    const result = {
        date: new Date().toISOString(),
        node: process.version,
        platform: `${os.platform()} ${os.arch()}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "unknown",
        rounds,
        sizes,
        ratioMyriadOverRaw: ratios,
        ratioPerObject: perObjectRatios,
        perInstanceCostGrowth: { from: smallest, to: largest, ...linearity },
        summaries,
        wallSeconds: Math.round((Date.now() - started) / 1000),
    };
    writeResults(RESULTS, result);

    process.stdout.write(
        `\nplan + render under Pulumi mocks: Myriad (1 cluster, 10 instances per template) vs raw @pulumi/kubernetes StatefulSets\n`,
    );
    process.stdout.write(`${table.toString()}\n`);
    process.stdout.write(
        `myriad/raw total time at ${largest} instances: ${ratios[String(largest)].toFixed(2)}x (target < 1.5x); ` +
            `per Kubernetes object: ${perObjectRatios[String(largest)].toFixed(2)}x\n`,
    );
    process.stdout.write(
        `cost per instance at ${largest} vs ${smallest} instances: myriad ${linearity.myriad.toFixed(2)}x, raw ${linearity.raw.toFixed(2)}x (1.00 = linear)\n`,
    );
    process.stdout.write(`results: ${path.relative(process.cwd(), RESULTS) || RESULTS} (${result.wallSeconds} s)\n`);
}

main();
runCheckBench(); // the offline policy check over the same workload (bench/check.ts, docs/performance.md "Policy check")
