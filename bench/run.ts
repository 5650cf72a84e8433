/**
 * `npm run bench`: what Myriad costs over the floor, and how it scales (docs/performance.md).
 *
 * 1. **Myriad vs the same objects.** The Myriad program on the fleet workload (./workload.ts: clusters of 10
 *    instances, two templates and an offline instance each; 1,000 instances = 100 clusters in one stack) against
 *    the floor: a raw `@pulumi/kubernetes` program registering exactly the Kubernetes objects the Myriad program
 *    registers (recorded from a Myriad run under the same mocks: same inputs, same options), through the same
 *    pipeline (`myriad render`'s: program under mocks, manifests, one YAML file per object). Also measured:
 *    `floor-all` (the recording with the component and random resources too: what those cost the SDK) and
 *    `minimal` (as many minimal StatefulSets, the secondary baseline: what the pod features cost). Phases of the
 *    Myriad run: planning and rendering (timers in the program, MYRIAD_PHASE_TIMERS=1), registration (the rest
 *    of the program's run: the SDK's work), manifests and YAML writing.
 * 2. **Scale.** `myriad plan`, `myriad render` and `myriad check` on the fleet workload at 100, 1,000 and 5,000
 *    instances: cost per instance and peak resident memory of each trial's process.
 *
 * Every trial runs in a fresh Node process (./trial.ts, ./check.ts), after a 20-instance warm-up in that process;
 * times are elapsed and CPU (user + system of the trial's process). The comparison runs in rounds, one trial at a
 * time (BENCH_PAIRING=parallel: Myriad and the floor side by side, for a shared machine); the ratio is the median
 * of the rounds' ratios. Prints tables and writes bench/results.json (with --save, else a file under the temporary
 * directory) and bench/check-results.json (./check.ts).
 *
 * Environment: BENCH_REPS (rounds of the comparison, default 5), BENCH_BUDGET_SECONDS (no new round starts when
 * it would likely end after this, default 900; the first round always runs), BENCH_FLOOR_INSTANCES (size of the
 * comparison, default 1000), BENCH_SIZES (scale sizes, default 100,1000,5000), BENCH_SCALE_REPS (trials per
 * scale size, default 3), BENCH_PARTS (`comparison`, `scale` or both, the default; a single part keeps the other's
 * results in the file, so the two can run at the same time), BENCH_LARGEST_REPS (trials at the largest scale size, default BENCH_SCALE_REPS: one
 * 5,000-instance trial takes minutes), BENCH_CHECK_SIZES (default BENCH_SIZES), BENCH_PAIRING (`sequential`, the
 * default, or `parallel`; see `Pairing`).
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Phases, TrialResult, Workload } from "./trial";
import { runCheckBench, type CheckSummary } from "./check";
import { saveRequested, writeResults, machineFacts } from "./save";
import { displayWidth, padDisplay } from "../infra/cli/table";

const ROOT = path.resolve(__dirname, "..", "..");
const TRIAL = path.join(__dirname, "trial.js");
const RESULTS = path.join(ROOT, "bench", "results.json");
/** Heap limit of a trial's process: 5,000 instances under mocks need several GB (docs/performance.md). */
export const TRIAL_HEAP_MB = 8192;

export function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function envInt(name: string, fallback: number): number {
    const v = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer`);
    return v;
}

export function envSizes(name: string, fallback: string): number[] {
    const sizes = (process.env[name] ?? fallback).split(",").map(Number);
    if (sizes.some((s) => !Number.isInteger(s) || s <= 0 || s % 10 !== 0)) throw new Error(`${name}: positive multiples of 10`);
    return sizes;
}

function trial(workload: Workload, instances: number, recording?: string): TrialResult {
    const args = [`--max-old-space-size=${TRIAL_HEAP_MB}`, TRIAL, workload, String(instances), ...(recording ? [recording] : [])];
    const r = spawnSync(process.execPath, args, {
        encoding: "utf8",
        timeout: 1_800_000,
        env: { ...process.env, MYRIAD_PHASE_TIMERS: "1" },
    });
    if (r.status !== 0) throw new Error(`trial ${workload} ${instances} failed (exit ${r.status}):\n${r.stderr}`);
    const result = JSON.parse(r.stdout.trim().split("\n").pop()!) as TrialResult;
    process.stderr.write(
        `  ${workload.padEnd(9)} ${String(instances).padStart(5)} instances: ${Math.round(result.ms.total)} ms, ` +
            `CPU ${Math.round(result.cpuMs.total)} ms, peak RSS ${Math.round(result.peakRssMb)} MB\n`,
    );
    return result;
}

/** A trial in its own process (the comparison's groups run their trials at the same time). */
function trialAsync(workload: Workload, instances: number, recording?: string): Promise<TrialResult> {
    const args = [`--max-old-space-size=${TRIAL_HEAP_MB}`, TRIAL, workload, String(instances), ...(recording ? [recording] : [])];
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { env: { ...process.env, MYRIAD_PHASE_TIMERS: "1" } });
        let out = "";
        let err = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
            if (code !== 0) return reject(new Error(`trial ${workload} ${instances} failed (exit ${code}):\n${err}`));
            const result = JSON.parse(out.trim().split("\n").pop()!) as TrialResult;
            process.stderr.write(
                `  ${workload.padEnd(9)} ${String(instances).padStart(5)} instances: ${Math.round(result.ms.total)} ms, ` +
                    `CPU ${Math.round(result.cpuMs.total)} ms, peak RSS ${Math.round(result.peakRssMb)} MB\n`,
            );
            resolve(result);
        });
    });
}

/** Median of every phase over trials of one workload and size. */
interface Summary {
    workload: Workload;
    instances: number;
    reps: number;
    medianMs: Phases;
    medianCpuMs: Phases;
    totalsMs: number[];
    msPerInstance: number;
    cpuMsPerInstance: number;
    resources: number;
    objects: number;
    statefulSets: number;
    bytes: number;
    peakRssMb: number;
}

function summarise(trials: TrialResult[]): Summary {
    const t = trials[0];
    const phases = (pick: (x: TrialResult) => Phases): Phases => {
        const out = {} as Phases;
        for (const k of Object.keys(t.ms) as (keyof Phases)[]) out[k] = median(trials.map((x) => pick(x)[k]));
        return out;
    };
    const medianMs = phases((x) => x.ms);
    const medianCpuMs = phases((x) => x.cpuMs);
    return {
        workload: t.workload,
        instances: t.instances,
        reps: trials.length,
        medianMs,
        medianCpuMs,
        totalsMs: trials.map((x) => Math.round(x.ms.total)),
        msPerInstance: medianMs.total / t.instances,
        cpuMsPerInstance: medianCpuMs.total / t.instances,
        resources: t.resources,
        objects: t.objects,
        statefulSets: t.statefulSets,
        bytes: t.bytes,
        peakRssMb: Math.max(...trials.map((x) => x.peakRssMb)),
    };
}

function printTable(title: string, rows: (string | number)[][]): void {
    const cells = rows.map((r) => r.map(String));
    const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i]))));
    process.stdout.write(`\n${title}\n`);
    for (const r of cells) process.stdout.write(`${r.map((c, i) => padDisplay(c, widths[i], i === 0 ? "left" : "right")).join("  ")}\n`);
}

const s = (ms: number) => (ms / 1000).toFixed(2);

/**
 * How the comparison's trials share the machine. `sequential`: one trial at a time, the order reversed every
 * other round (drift weighs on both sides alike); the measurement for a quiet machine. `parallel`: Myriad and the
 * floor side by side (two processes at once), then `floor-all` and `minimal`: on a machine shared with other work
 * both sides of the ratio see the same load, but the two processes compete for the cores and their garbage
 * collectors' threads, which costs the larger heap more.
 */
export type Pairing = "sequential" | "parallel";

/** The groups of one round, in order; the trials of a group run at the same time. */
export function roundGroups(pairing: Pairing, rep: number): Workload[][] {
    const groups: Workload[][] =
        pairing === "parallel"
            ? [
                  ["myriad", "floor"],
                  ["floor-all", "minimal"],
              ]
            : [["myriad"], ["floor"], ["floor-all"], ["minimal"]];
    return rep % 2 ? [...groups].reverse() : groups;
}

function envPairing(): Pairing {
    const v = process.env.BENCH_PAIRING ?? "sequential";
    if (v !== "sequential" && v !== "parallel") throw new Error(`BENCH_PAIRING must be sequential or parallel, not '${v}'`);
    return v;
}

/** Part 1: Myriad against the floor at one size, in rounds. */
async function comparison(instances: number, reps: number, budgetMs: number, pairing: Pairing) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-bench-rec-"));
    const recording = path.join(dir, "recording.json");
    try {
        const rec = spawnSync(process.execPath, [`--max-old-space-size=${TRIAL_HEAP_MB}`, TRIAL, "record", String(instances), recording], {
            encoding: "utf8",
            timeout: 1_800_000,
        });
        if (rec.status !== 0) throw new Error(`recording the Myriad run failed (exit ${rec.status}):\n${rec.stderr}`);
        const order: Workload[] = ["myriad", "floor", "floor-all", "minimal"];
        const trials = new Map<Workload, TrialResult[]>(order.map((w) => [w, []]));
        const started = Date.now();
        let rounds = 0;
        for (let rep = 0; rep < reps; rep++) {
            const elapsed = Date.now() - started;
            if (rep > 0 && elapsed + elapsed / rep > budgetMs) break;
            rounds++;
            process.stderr.write(`round ${rep + 1} (${pairing}):\n`);
            for (const group of roundGroups(pairing, rep)) {
                const results = await Promise.all(
                    group.map((w) => trialAsync(w, instances, w.startsWith("floor") ? recording : undefined)),
                );
                group.forEach((w, i) => trials.get(w)!.push(results[i]));
            }
        }
        const get = (w: Workload) => trials.get(w)!;
        const perRound = (f: (i: number) => number) => median(get("myriad").map((_, i) => f(i)));
        const ratio = {
            wall: perRound((i) => get("myriad")[i].ms.total / get("floor")[i].ms.total),
            cpu: perRound((i) => get("myriad")[i].cpuMs.total / get("floor")[i].cpuMs.total),
        };
        // What the component and random resources cost the SDK: floor-all minus floor, per round.
        const extra = {
            wall: perRound((i) => get("floor-all")[i].ms.program - get("floor")[i].ms.program),
            cpu: perRound((i) => get("floor-all")[i].cpuMs.program - get("floor")[i].cpuMs.program),
        };
        const minimalRatio = {
            wall: perRound((i) => get("myriad")[i].ms.total / get("minimal")[i].ms.total),
            cpu: perRound((i) => get("myriad")[i].cpuMs.total / get("minimal")[i].cpuMs.total),
        };
        return {
            instances,
            rounds,
            pairing,
            summaries: order.map((w) => summarise(get(w))),
            ratio,
            componentAndRandom: extra,
            minimalRatio,
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

type Comparison = Awaited<ReturnType<typeof comparison>>;

/** Prints the comparison's table (part 1). */
function printComparison(cmp: Comparison, floorInstances: number): void {
    const [m, f, fa, min] = cmp.summaries;
    const row = (label: string, k: keyof Phases) => [label, s(m.medianMs[k]), s(f.medianMs[k]), s(m.medianCpuMs[k]), s(f.medianCpuMs[k])];
    const registration = (x: Summary, cpu: boolean) => (cpu ? x.medianCpuMs : x.medianMs).registration;
    printTable(
        `Myriad vs the same objects (fleet, ${floorInstances} instances in ${floorInstances / 10} clusters, ${m.objects} Kubernetes objects, ` +
            `${(m.bytes / 1e6).toFixed(1)} MB of YAML; median of ${cmp.rounds} ${cmp.pairing} rounds; seconds)`,
        [
            ["phase", "Myriad", "floor", "Myriad CPU", "floor CPU"],
            row("planning", "planning"),
            row("rendering", "rendering"),
            [
                "registration (SDK)",
                s(registration(m, false)),
                s(registration(f, false)),
                s(registration(m, true)),
                s(registration(f, true)),
            ],
            ["  of which component and random resources", s(cmp.componentAndRandom.wall), "", s(cmp.componentAndRandom.cpu), ""],
            row("manifests", "manifests"),
            row("YAML writing", "write"),
            row("total", "total"),
        ],
    );
    process.stdout.write(
        `Myriad / floor: ${cmp.ratio.wall.toFixed(2)}x elapsed, ${cmp.ratio.cpu.toFixed(2)}x CPU (target at most 1.10x; median of per-round ratios)\n` +
            `floor with the component and random resources: ${s(fa.medianMs.total)} s (${s(fa.medianCpuMs.total)} s CPU); ` +
            `${min.statefulSets} minimal StatefulSets (pod features, secondary): ${s(min.medianMs.total)} s (${s(min.medianCpuMs.total)} s CPU), ` +
            `Myriad / minimal ${cmp.minimalRatio.wall.toFixed(2)}x\n` +
            `peak RSS: Myriad ${Math.round(m.peakRssMb)} MB, floor ${Math.round(f.peakRssMb)} MB\n`,
    );
}

/**
 * Writes the results of the parts that ran. A run of one part (BENCH_PARTS) keeps the other part's results
 * already in the file, so the parts can run at the same time, in two commands.
 */
function saveParts(parts: string[], result: Record<string, unknown>): void {
    const file = saveRequested() ? RESULTS : path.join(os.tmpdir(), "myriad-bench", path.basename(RESULTS));
    let merged: Record<string, unknown> = result;
    if (!(parts.includes("comparison") && parts.includes("scale")) && fs.existsSync(file)) {
        const previous = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
        const keep = parts.includes("comparison") ? ["scale", "perInstanceGrowth", "scaleRun"] : ["comparison", "comparisonRun"];
        merged = { ...result };
        for (const k of keep) if (k in previous) merged[k] = previous[k];
    }
    writeResults(RESULTS, merged);
}

async function main(): Promise<void> {
    if (!fs.existsSync(TRIAL)) throw new Error(`${TRIAL} is missing: run \`npm run build\` first (npm run bench does)`);
    const reps = envInt("BENCH_REPS", 5);
    const scaleReps = envInt("BENCH_SCALE_REPS", 3);
    const budgetMs = envInt("BENCH_BUDGET_SECONDS", 900) * 1000;
    const floorInstances = envSizes("BENCH_FLOOR_INSTANCES", "1000")[0];
    const sizes = envSizes("BENCH_SIZES", "100,1000,5000");
    const largestReps = envInt("BENCH_LARGEST_REPS", scaleReps);
    const repsAt = (n: number) => (n === Math.max(...sizes) ? largestReps : scaleReps);
    const started = Date.now();

    process.stderr.write(`Myriad vs the same objects, fleet workload, ${floorInstances} instances:\n`);
    const parts = (process.env.BENCH_PARTS ?? "comparison,scale").split(",");
    const cmp = parts.includes("comparison") ? await comparison(floorInstances, reps, budgetMs, envPairing()) : undefined;
    const m = cmp?.summaries[0];
    if (cmp) printComparison(cmp, floorInstances);
    const machine = () => ({
        ...machineFacts(),
        wallSeconds: Math.round((Date.now() - started) / 1000),
    });
    if (!parts.includes("scale")) {
        saveParts(parts, { comparison: cmp, comparisonRun: machine() });
        return;
    }

    process.stderr.write(`scale (plan, render):\n`);
    const scale: Summary[] = [];
    for (const w of ["plan", "myriad"] as const) {
        for (const n of sizes) {
            if (w === "myriad" && n === floorInstances && m) {
                scale.push(m);
                continue;
            }
            const ts: TrialResult[] = [];
            for (let r = 0; r < repsAt(n); r++) ts.push(trial(w, n));
            scale.push(summarise(ts));
        }
    }
    const check = runCheckBench(sizes, scaleReps, largestReps);

    const growth = (per: (n: number) => number) => {
        const base = per(sizes[0]);
        return Object.fromEntries(sizes.map((n) => [String(n), per(n) / base]));
    };
    const scaleOf = (w: Workload, n: number) => scale.find((x) => x.workload === w && x.instances === n)!;
    const checkOf = (n: number) => check.summaries.find((x: CheckSummary) => x.instances === n)!;
    const perInstanceGrowth = {
        plan: growth((n) => scaleOf("plan", n).msPerInstance),
        render: growth((n) => scaleOf("myriad", n).msPerInstance),
        check: growth((n) => checkOf(n).msPerInstance.total),
        planCpu: growth((n) => scaleOf("plan", n).cpuMsPerInstance),
        renderCpu: growth((n) => scaleOf("myriad", n).cpuMsPerInstance),
        checkCpu: growth((n) => checkOf(n).cpuMsPerInstance),
    };

    const result = {
        ...(cmp ? { comparison: cmp, comparisonRun: machine() } : {}),
        scale: {
            sizes,
            reps: scaleReps,
            largestReps,
            render: scale.filter((x) => x.workload === "myriad"),
            plan: scale.filter((x) => x.workload === "plan"),
        },
        perInstanceGrowth,
        scaleRun: machine(),
    };
    saveParts(parts, result);

    const scaleRows: (string | number)[][] = [
        ["command", "instances", "total s", "ms/instance", "CPU ms/instance", "vs smallest", "peak RSS MB"],
    ];
    for (const [label, get] of [
        ["plan", (n: number) => scaleOf("plan", n)],
        ["render", (n: number) => scaleOf("myriad", n)],
    ] as const) {
        for (const n of sizes) {
            const x = get(n);
            scaleRows.push([
                label,
                n,
                s(x.medianMs.total),
                x.msPerInstance.toFixed(3),
                x.cpuMsPerInstance.toFixed(3),
                (x.msPerInstance / get(sizes[0]).msPerInstance).toFixed(2),
                Math.round(x.peakRssMb),
            ]);
        }
    }
    for (const n of sizes) {
        const x = checkOf(n);
        scaleRows.push([
            "check",
            n,
            s(x.medianMs.total),
            x.msPerInstance.total.toFixed(3),
            x.cpuMsPerInstance.toFixed(3),
            (x.msPerInstance.total / checkOf(sizes[0]).msPerInstance.total).toFixed(2),
            Math.round(x.peakRssMb),
        ]);
    }
    printTable(
        `Scale (fleet workload, median of ${scaleReps} trials, ${largestReps} at ${Math.max(...sizes)}; "vs smallest": cost per instance relative to ${sizes[0]} instances)`,
        scaleRows,
    );
    process.stdout.write(`(${result.scaleRun.wallSeconds} s)\n`);
}

if (require.main === module) {
    main().catch((e) => {
        process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
        process.exitCode = 1;
    });
}
