/**
 * One benchmark trial, run in a fresh Node process by ./run.ts:
 *
 *   node dist/bench/trial.js <workload> <instances> [recording.json]
 *
 * prints one JSON line with the phase timings and the process's peak resident memory. Workloads:
 *
 *   plan       `myriad plan` on the fleet workload (./workload.ts): planStack, then the JSON and text views
 *   myriad     `myriad render` on the fleet workload: the program under `runUnderMocks` (planning and rendering
 *              timed inside it, MYRIAD_PHASE_TIMERS=1), `toManifests` (secrets redacted), `writeManifests`
 *   floor      the recorded Kubernetes objects of the same workload (recording.json) registered by a raw
 *              `@pulumi/kubernetes` program under the same mocks, through the same manifest and YAML steps
 *   floor-all  the same with the component and random resources too (every resource the program registers)
 *   minimal    as many minimal StatefulSets as instances (the secondary baseline), same pipeline
 *   record     runs the Myriad program under mocks and writes what it registered to recording.json (the input
 *              of `floor` and `floor-all`, at the warm-up size and at <instances>); not a measurement
 *
 * Module loading, reading the recording and a 20-instance warm-up are excluded from the timings.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { writeManifests } from "../infra/render/manifest-files";
import { toManifests } from "../infra/mock-engine/manifests";
import { runUnderMocks } from "../infra/mock-engine/runtime";
import { planStack } from "../components/planner/plan";
import { phaseTotals, resetPhaseTotals } from "../components/cluster/phase-timers";
import { planJson, planText } from "../infra/cli/plan-view";
import { program } from "../infra/program/program";
import { fleetClusters, minimalStatefulSets, recordObjects, registerAll, registerObjects, type RecordedObject } from "./workload";

export const WORKLOADS = ["plan", "myriad", "floor", "floor-all", "minimal"] as const;
export type Workload = (typeof WORKLOADS)[number];

/** Instances of the warm-up run. */
export const WARMUP_INSTANCES = 20;

/** Milliseconds per phase (see `TrialResult.ms`). */
export interface Phases {
    planning: number;
    rendering: number;
    registration: number;
    program: number;
    manifests: number;
    write: number;
    views: number;
    total: number;
}

/** CPU milliseconds (user + system) since `since`. */
function cpuSince(since: NodeJS.CpuUsage): number {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
}

/** What one trial measured. */
export interface TrialResult {
    workload: Workload;
    instances: number;
    /**
     * Milliseconds. `program`: the program under mocks, from its start to the last registration; for `myriad` it
     * includes `planning` and `rendering` (timed inside the program); `registration` is `program` minus both.
     * `manifests`: recorded resources to manifests; `write`: YAML files; `total`: program + manifests + write
     * (for `plan`: planning + views).
     */
    ms: Phases;
    /** The same phases in CPU time of the trial's process (user + system, all threads). */
    cpuMs: Phases;
    /** Resources registered (stack, components, random, Kubernetes objects). */
    resources: number;
    /** Kubernetes objects rendered. */
    objects: number;
    statefulSets: number;
    /** Bytes of YAML written. */
    bytes: number;
    /** Peak resident set size of the trial's process, in MB (process.resourceUsage().maxRSS). */
    peakRssMb: number;
}

/** What `record` writes: the recorded resources of the warm-up run and of the measured size. */
interface Recording {
    warmup: RecordedObject[];
    objects: RecordedObject[];
}

const NO_MS = { planning: 0, rendering: 0, registration: 0, program: 0, manifests: 0, write: 0, views: 0 };

function planOnce(instances: number): Omit<TrialResult, "peakRssMb"> {
    const clusters = fleetClusters(instances);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const { plans, errors } = planStack(clusters);
    if (errors.length) throw new Error(`bench workload does not plan: ${errors[0].message}`);
    const t1 = performance.now();
    const c1 = cpuSince(c0);
    const bytes = JSON.stringify(planJson(plans), null, 2).length + planText(plans).length;
    const t2 = performance.now();
    const c2 = cpuSince(c0);
    return {
        workload: "plan",
        instances,
        ms: { ...NO_MS, planning: t1 - t0, views: t2 - t1, total: t2 - t0 },
        cpuMs: { ...NO_MS, planning: c1, views: c2 - c1, total: c2 },
        resources: 0,
        objects: 0,
        statefulSets: plans.reduce((n, p) => n + p.instances.length, 0),
        bytes,
    };
}

/** Hands a recording over once and forgets it, so that no caller keeps it alive during the measured run. */
function handOver(objects: RecordedObject[] | undefined): () => RecordedObject[] | undefined {
    let held = objects;
    return () => {
        const out = held;
        held = undefined;
        return out;
    };
}

async function renderOnce(workload: Workload, instances: number, take: () => RecordedObject[] | undefined, out: string) {
    resetPhaseTotals();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let run;
    if (workload === "myriad") {
        const clusters = fleetClusters(instances);
        run = await runUnderMocks({ "myriad:clusters": clusters }, () => program(), { stack: "bench" });
    } else {
        // The recording is released once registered: the floor holds no more data than the Myriad run does.
        let recorded = take();
        const body = () => {
            if (workload === "floor") registerObjects(recorded!);
            else if (workload === "floor-all") registerAll(recorded!);
            else minimalStatefulSets(instances);
            recorded = undefined;
        };
        run = await runUnderMocks({}, body, { stack: "bench" });
    }
    const t1 = performance.now();
    const c1 = cpuSince(c0);
    const manifests = toManifests(run.resources).map((m) => m.manifest);
    const t2 = performance.now();
    const c2 = cpuSince(c0);
    const files = writeManifests(out, manifests, `bench ${workload} ${instances}`);
    const t3 = performance.now();
    const c3 = cpuSince(c0);
    let bytes = 0;
    for (const f of files) bytes += fs.statSync(path.join(out, f)).size;
    const { wall, cpu } = phaseTotals();
    const { planning, rendering } = wall;
    const programMs = t1 - t0;
    return {
        result: {
            workload,
            instances,
            ms: {
                ...NO_MS,
                planning,
                rendering,
                registration: programMs - planning - rendering,
                program: programMs,
                manifests: t2 - t1,
                write: t3 - t2,
                total: t3 - t0,
            },
            cpuMs: {
                ...NO_MS,
                planning: cpu.planning,
                rendering: cpu.rendering,
                registration: c1 - cpu.planning - cpu.rendering,
                program: c1,
                manifests: c2 - c1,
                write: c3 - c2,
                total: c3,
            },
            resources: run.resources.length,
            objects: manifests.length,
            statefulSets: manifests.filter((m) => m.kind === "StatefulSet").length,
            bytes,
        },
        run,
    };
}

async function record(instances: number, file: string): Promise<void> {
    const at = async (n: number) => {
        const run = await runUnderMocks({ "myriad:clusters": fleetClusters(n) }, () => program(), { stack: "bench" });
        return recordObjects(run.resources);
    };
    const recording: Recording = { warmup: await at(WARMUP_INSTANCES), objects: await at(instances) };
    fs.writeFileSync(file, JSON.stringify(recording));
}

async function main(): Promise<void> {
    const [workload, n, file] = process.argv.slice(2);
    const instances = Number(n);
    const usage = `usage: node dist/bench/trial.js <${[...WORKLOADS, "record"].join("|")}> <instances> [recording.json]`;
    if (!Number.isInteger(instances) || instances <= 0) throw new Error(usage);
    if (workload === "record") {
        if (!file) throw new Error(usage);
        return record(instances, file);
    }
    if (!(WORKLOADS as readonly string[]).includes(workload)) throw new Error(usage);
    const w = workload as Workload;
    let result: Omit<TrialResult, "peakRssMb">;
    if (w === "plan") {
        planOnce(WARMUP_INSTANCES);
        result = planOnce(instances);
    } else {
        const needsRecording = w === "floor" || w === "floor-all";
        if (needsRecording && !file) throw new Error(`${w} needs the recording: ${usage}`);
        const recording = needsRecording ? (JSON.parse(fs.readFileSync(file, "utf8")) as Recording) : undefined;
        const warmup = handOver(recording?.warmup);
        const measured = handOver(recording?.objects);
        if (recording) recording.objects = recording.warmup = [];
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-bench-"));
        try {
            // Warm-up: load lazily required modules and JIT the hot paths on a small run, then measure.
            await renderOnce(w, WARMUP_INSTANCES, warmup, path.join(tmp, "warmup"));
            result = (await renderOnce(w, instances, measured, path.join(tmp, "out"))).result;
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    }
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify({ ...result, peakRssMb })}\n`);
}

if (require.main === module) {
    main().catch((e) => {
        process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
        process.exitCode = 1;
    });
}
