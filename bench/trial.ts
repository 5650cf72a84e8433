/**
 * One benchmark trial, run in a fresh Node process by ./run.ts:
 *   node dist/bench/trial.js <myriad|raw> <instances>
 * prints one JSON line with the phase timings.
 *
 * Both workloads go through the same pipeline, the one `myriad render` uses: run the program under
 * `runUnderMocks`, turn the recorded resources into manifests (`toManifests`, secrets redacted) and write one
 * YAML file per object (`writeManifests`). The Myriad workload also plans first (`planStack`), as the CLI and
 * the program do. Module loading and a small warm-up run are excluded from the timings.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { writeManifests } from "../infra/render/manifest-files";
import { toManifests } from "../infra/mock-engine/manifests";
import { runUnderMocks } from "../infra/mock-engine/runtime";
import { planStack } from "../components/planner/plan";
import { program } from "../infra/program/program";
import { myriadClusters, rawStatefulSets } from "./workload";

/** What one trial measured. */
export interface TrialResult {
    workload: "myriad" | "raw";
    instances: number;
    /** Milliseconds per phase; `total` is their sum. */
    ms: { plan: number; program: number; manifests: number; write: number; total: number };
    /** Resources registered (stack, components, random, Kubernetes objects). */
    resources: number;
    /** Kubernetes objects rendered. */
    objects: number;
    statefulSets: number;
    /** Bytes of YAML written. */
    bytes: number;
}

async function once(workload: "myriad" | "raw", instances: number, out: string): Promise<TrialResult> {
    const t0 = performance.now();
    let t1 = t0;
    let run;
    if (workload === "myriad") {
        const clusters = myriadClusters(instances);
        const { errors } = planStack(clusters);
        if (errors.length) throw new Error(`bench workload does not plan: ${errors[0].message}`);
        t1 = performance.now();
        run = await runUnderMocks({ "myriad:clusters": clusters }, () => program(), { stack: "bench" });
    } else {
        run = await runUnderMocks(
            {},
            () => {
                rawStatefulSets(instances);
            },
            { stack: "bench" },
        );
    }
    const t2 = performance.now();
    const manifests = toManifests(run.resources).map((m) => m.manifest);
    const t3 = performance.now();
    const files = writeManifests(out, manifests, `bench ${workload} ${instances}`);
    const t4 = performance.now();
    let bytes = 0;
    for (const f of files) bytes += fs.statSync(path.join(out, f)).size;
    return {
        workload,
        instances,
        ms: { plan: t1 - t0, program: t2 - t1, manifests: t3 - t2, write: t4 - t3, total: t4 - t0 },
        resources: run.resources.length,
        objects: manifests.length,
        statefulSets: manifests.filter((m) => m.kind === "StatefulSet").length,
        bytes,
    };
}

async function main(): Promise<void> {
    const [workload, n] = process.argv.slice(2);
    const instances = Number(n);
    if ((workload !== "myriad" && workload !== "raw") || !Number.isInteger(instances) || instances <= 0) {
        throw new Error("usage: node dist/bench/trial.js <myriad|raw> <instances>");
    }
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-bench-"));
    try {
        // Warm-up: load lazily required modules and JIT the hot paths on a small run, then measure.
        await once(workload, 20, path.join(tmp, "warmup"));
        const result = await once(workload, instances, path.join(tmp, "out"));
        process.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

if (require.main === module) {
    main().catch((e) => {
        process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
        process.exitCode = 1;
    });
}
