/**
 * Benchmark of the offline policy check (`myriad check`) on the fleet workload of ./workload.ts (clusters of 10
 * instances, two templates and an offline instance each, every other cluster's second template on MySQL 8.4.3)
 * at 100, 1,000 and 5,000 instances, through the same phases the command runs:
 *
 *   plan      planStack
 *   program   the program under Pulumi's mocks (runUnderMocks)
 *   convert   the recorded resources converted to what the policies see (harnessResources)
 *   policies  every policy of policies/rules over every resource (resource policies per resource, stack
 *             policies once) with the offline harness
 *
 * Each trial runs in a fresh Node process (the Pulumi runtime keeps global state) and each size is repeated
 * (BENCH_SCALE_REPS, default 3); the median is reported, elapsed and CPU, with the cost per instance, its growth
 * from the smallest to the largest size (1.00 = linear) and the peak resident memory of the trial's process.
 * Results: bench/check-results.json; recorded in docs/performance.md ("Policy check").
 *
 *   node dist/bench/check.js                 all sizes (BENCH_CHECK_SIZES, default 100,1000,5000)
 *   node dist/bench/check.js trial <n>       one trial, one JSON line (used by the above)
 */
import { spawnSync } from "node:child_process";
import { writeResults, machineFacts } from "./save";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { harnessResources } from "../infra/policy-check/check";
import { runUnderMocks } from "../infra/mock-engine/runtime";
import { planStack } from "../components/planner/plan";
import { program } from "../infra/program/program";
import { runPolicies } from "../policies/harness/run";
import { MYRIAD_POLICIES } from "../policies/rules";
import { fleetClusters } from "./workload";
import { displayWidth, padDisplay } from "../infra/cli/table";

/** One trial's measurements. */
export interface CheckTrial {
    instances: number;
    resources: number;
    statefulSets: number;
    /** `program`: the program under mocks; `convert`: recorded resources to policy inputs (harnessResources). */
    ms: { plan: number; program: number; convert: number; policies: number; total: number };
    /** CPU milliseconds (user + system) of the whole check. */
    cpuMs: number;
    violations: { mandatory: number; advisory: number };
    /** Peak resident set size of the trial's process, in MB. */
    peakRssMb: number;
}

async function once(instances: number): Promise<Omit<CheckTrial, "peakRssMb">> {
    const clusters = fleetClusters(instances);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const { errors } = planStack(clusters);
    if (errors.length) throw new Error(`bench workload does not plan: ${errors[0].message}`);
    const t1 = performance.now();
    const run = await runUnderMocks({ "myriad:clusters": clusters }, () => program(clusters), { stack: "bench" });
    const tm = performance.now();
    const resources = harnessResources(run.resources);
    const t2 = performance.now();
    const result = await runPolicies(MYRIAD_POLICIES, resources, { fillDefaults: true });
    const t3 = performance.now();
    const cpu = process.cpuUsage(c0);
    return {
        instances,
        cpuMs: (cpu.user + cpu.system) / 1000,
        resources: resources.length,
        statefulSets: resources.filter((r) => r.type === "kubernetes:apps/v1:StatefulSet").length,
        ms: { plan: t1 - t0, program: tm - t1, convert: t2 - tm, policies: t3 - t2, total: t3 - t0 },
        violations: {
            mandatory: result.violations.filter((v) => v.level === "mandatory").length,
            advisory: result.violations.filter((v) => v.level === "advisory").length,
        },
    };
}

/** Runs one trial in this process after a small warm-up (module loading and JIT excluded). */
export async function trial(instances: number): Promise<CheckTrial> {
    await once(20);
    const result = await once(instances);
    return { ...result, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median results of one size. */
export interface CheckSummary {
    instances: number;
    reps: number;
    resources: number;
    medianMs: CheckTrial["ms"];
    medianCpuMs: number;
    msPerInstance: { total: number; policies: number };
    cpuMsPerInstance: number;
    violations: CheckTrial["violations"];
    /** The largest peak RSS of the size's trials, in MB. */
    peakRssMb: number;
}

/** Runs every size in fresh processes, prints a table, writes bench/check-results.json and returns the results. */
export function runCheckBench(
    sizes = (process.env.BENCH_CHECK_SIZES ?? process.env.BENCH_SIZES ?? "100,1000,5000").split(",").map(Number),
    reps = Number(process.env.BENCH_SCALE_REPS ?? 3),
    largestReps = Number(process.env.BENCH_LARGEST_REPS ?? reps),
) {
    const root = path.resolve(__dirname, "..", "..");
    const self = path.join(__dirname, "check.js");
    if (!Number.isInteger(reps) || reps < 1 || sizes.some((s) => !Number.isInteger(s) || s <= 0 || s % 10 !== 0)) {
        throw new Error("BENCH_SCALE_REPS must be a positive integer and BENCH_CHECK_SIZES positive multiples of 10");
    }
    const trials = new Map<number, CheckTrial[]>();
    const largest = Math.max(...sizes);
    for (let rep = 0; rep < Math.max(reps, largestReps); rep++) {
        for (const n of sizes) {
            if (rep >= (n === largest ? largestReps : reps)) continue;
            const r = spawnSync(process.execPath, ["--max-old-space-size=8192", self, "trial", String(n)], {
                encoding: "utf8",
                timeout: 1_800_000,
            });
            if (r.status !== 0) throw new Error(`check trial ${n} failed (exit ${r.status}):\n${r.stderr}`);
            const t = JSON.parse(r.stdout.trim().split("\n").pop()!) as CheckTrial;
            trials.set(n, [...(trials.get(n) ?? []), t]);
            process.stderr.write(
                `  rep ${rep + 1} check ${String(n).padStart(5)} instances: ${Math.round(t.ms.total)} ms (policies ${Math.round(t.ms.policies)} ms), CPU ${Math.round(t.cpuMs)} ms, peak RSS ${Math.round(t.peakRssMb)} MB\n`,
            );
        }
    }
    const summaries: CheckSummary[] = sizes.map((n) => {
        const ts = trials.get(n)!;
        const med = (k: keyof CheckTrial["ms"]) => median(ts.map((t) => t.ms[k]));
        const ms = { plan: med("plan"), program: med("program"), convert: med("convert"), policies: med("policies"), total: med("total") };
        const cpu = median(ts.map((t) => t.cpuMs));
        return {
            instances: n,
            reps: ts.length,
            resources: ts[0].resources,
            medianMs: ms,
            medianCpuMs: cpu,
            msPerInstance: { total: ms.total / n, policies: ms.policies / n },
            cpuMsPerInstance: cpu / n,
            violations: ts[0].violations,
            peakRssMb: Math.max(...ts.map((t) => t.peakRssMb)),
        };
    });
    const small = summaries[0],
        large = summaries[summaries.length - 1];
    const growth = {
        from: small.instances,
        to: large.instances,
        total: large.msPerInstance.total / small.msPerInstance.total,
        policies: large.msPerInstance.policies / small.msPerInstance.policies,
        cpu: large.cpuMsPerInstance / small.cpuMsPerInstance,
    };
    const result = {
        ...machineFacts(),
        reps,
        largestReps,
        sizes,
        policies: MYRIAD_POLICIES.length,
        summaries,
        perInstanceCostGrowth: growth,
    };
    writeResults(path.join(root, "bench", "check-results.json"), result);
    const rows = [
        [
            "instances",
            "resources",
            "plan ms",
            "program ms",
            "convert ms",
            "policies ms",
            "total ms",
            "ms/instance",
            "policies ms/instance",
            "CPU ms/instance",
            "peak RSS MB",
            "mandatory",
            "advisory",
        ],
    ];
    for (const s of summaries) {
        rows.push(
            [
                s.instances,
                s.resources,
                s.medianMs.plan.toFixed(0),
                s.medianMs.program.toFixed(0),
                s.medianMs.convert.toFixed(0),
                s.medianMs.policies.toFixed(0),
                s.medianMs.total.toFixed(0),
                s.msPerInstance.total.toFixed(2),
                s.msPerInstance.policies.toFixed(3),
                s.cpuMsPerInstance.toFixed(2),
                Math.round(s.peakRssMb),
                s.violations.mandatory,
                s.violations.advisory,
            ].map(String),
        );
    }
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i]))));
    process.stdout.write(
        `\nmyriad check (${MYRIAD_POLICIES.length} policies) under Pulumi mocks, median of ${reps} trials (${largestReps} at ${largest}):\n`,
    );
    for (const r of rows) process.stdout.write(`${r.map((c, i) => padDisplay(c, widths[i], "right")).join("  ")}\n`);
    process.stdout.write(
        `cost per instance at ${growth.to} vs ${growth.from} instances: total ${growth.total.toFixed(2)}x, policies ${growth.policies.toFixed(2)}x, CPU ${growth.cpu.toFixed(2)}x (1.00 = linear)\n`,
    );
    return result;
}

if (require.main === module) {
    if (process.argv[2] === "trial") {
        trial(Number(process.argv[3])).then(
            (t) => process.stdout.write(`${JSON.stringify(t)}\n`),
            (e) => {
                process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
                process.exitCode = 1;
            },
        );
    } else {
        runCheckBench();
    }
}
