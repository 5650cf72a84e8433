/**
 * Opt-in phase timers for the benchmark (bench/trial.ts, docs/performance.md "Where the time goes"). With
 * `MYRIAD_PHASE_TIMERS=1` in the environment, the program adds the time it spends planning and `MySqlCluster` the
 * time it spends rendering (the renderers and the pure builders of ../resources) to per-process totals, which the
 * benchmark reads after a run, as elapsed time and as the process's CPU time (which other work on a shared machine
 * inflates less). Without it (the default), `timed` only calls its function.
 */
import { performance } from "node:perf_hooks";

/** The phases timed in-process. Registration is what remains of a run (the SDK's work), measured by the benchmark. */
export type Phase = "planning" | "rendering";

const enabled = process.env.MYRIAD_PHASE_TIMERS === "1";
const wall: Record<Phase, number> = { planning: 0, rendering: 0 };
const cpu: Record<Phase, number> = { planning: 0, rendering: 0 };
let depth = 0;

/** Runs `fn`, adding its duration to `phase` when the timers are on (a nested call counts once, in the outer phase). */
export function timed<T>(phase: Phase, fn: () => T): T {
    if (!enabled || depth > 0) return fn();
    const start = performance.now();
    const startCpu = process.cpuUsage();
    depth++;
    try {
        return fn();
    } finally {
        depth--;
        wall[phase] += performance.now() - start;
        const used = process.cpuUsage(startCpu);
        cpu[phase] += (used.user + used.system) / 1000;
    }
}

/** Milliseconds spent in each phase since the last reset, elapsed and CPU (zero when the timers are off). */
export function phaseTotals(): { wall: Record<Phase, number>; cpu: Record<Phase, number> } {
    return { wall: { ...wall }, cpu: { ...cpu } };
}

/** Sets every total back to zero. */
export function resetPhaseTotals(): void {
    for (const p of ["planning", "rendering"] as const) {
        wall[p] = 0;
        cpu[p] = 0;
    }
}
