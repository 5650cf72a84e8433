/**
 * Opt-in phase timers for the benchmark (bench/trial.ts, docs/performance.md "Where the time goes"). With
 * `MYRIAD_PHASE_TIMERS=1` in the environment, the program adds the time it spends planning and `MySqlCluster` the
 * time it spends rendering (the renderers and the pure builders of ../resources) to per-process totals, which the
 * benchmark reads after a run. Without it (the default), `timed` only calls its function.
 */
import { performance } from "node:perf_hooks";

/** The phases timed in-process. Registration is what remains of a run (the SDK's work), measured by the benchmark. */
export type Phase = "planning" | "rendering";

const enabled = process.env.MYRIAD_PHASE_TIMERS === "1";
const totals: Record<Phase, number> = { planning: 0, rendering: 0 };

/** Runs `fn`, adding its duration to `phase` when the timers are on. */
export function timed<T>(phase: Phase, fn: () => T): T {
    if (!enabled) return fn();
    const start = performance.now();
    try {
        return fn();
    } finally {
        totals[phase] += performance.now() - start;
    }
}

/** Milliseconds spent in each phase since the last reset (zero when the timers are off). */
export function phaseTotals(): Record<Phase, number> {
    return { ...totals };
}

/** Sets every total back to zero. */
export function resetPhaseTotals(): void {
    totals.planning = 0;
    totals.rendering = 0;
}
