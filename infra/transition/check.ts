/**
 * The transition check behind `myriad check --base FILE | --base-ref REV | --base-state FILE`: the change from
 * the base (what is deployed) to the head (the checked configuration), judged by the one implementation of the
 * rules (components/planner/transition.ts) on snapshots read by ./snapshots.ts. The command
 * (infra/cli/check-transition.ts) prints the change plan and turns rejections into mandatory violations.
 */
import type { StructuralError } from "../../components/spec/errors";
import { InvalidSpecError } from "../../components/spec/errors";
import { planStack } from "../../components/planner/plan";
import { planStackTransition, type ClusterSnapshot, type StackTransition } from "../../components/planner/transition";
import { runUnderMocks } from "../mock-engine/runtime";
import { program } from "../program/program";
import { loadSource, type ConfigSource, type SourceOptions } from "../stack-config/load";
import { loadBase, type BaseOptions, type LoadedBase } from "./base";
import { snapshotsOfExport, snapshotsOfRun } from "./snapshots";

/** What the transition check found. */
export interface TransitionOutcome {
    /** The base as read: its kind (`config`, `state`, `none`) and description. */
    base: { kind: LoadedBase["kind"]; description: string };
    /** Things to know that are not findings (no base: the end state only). */
    notes: string[];
    /** The change plan and its findings; undefined when the head or the base is invalid. */
    transition?: StackTransition;
    /** Structural errors of the base configuration (paths prefixed `base `). */
    errors: StructuralError[];
}

/** Plans a configuration and renders it under mocks; structural errors come back with `prefix` on their paths. */
async function snapshotsOfSource(
    source: ConfigSource,
    prefix: string,
): Promise<{ snapshots: ClusterSnapshot[]; errors: StructuralError[] }> {
    const { plans, errors } = planStack(source.clusters);
    const mark = (list: readonly StructuralError[]) => list.map((e) => ({ ...e, path: `${prefix}${e.path}` }));
    if (errors.length) return { snapshots: [], errors: mark(errors) };
    try {
        const run = await runUnderMocks(source.config, () => program(), { stack: source.stack ?? "check" });
        return { snapshots: snapshotsOfRun(plans, run.resources), errors: [] };
    } catch (e) {
        if (e instanceof InvalidSpecError) return { snapshots: [], errors: mark(e.errors) };
        throw e;
    }
}

/**
 * Runs the transition check. Usage errors (unreadable files, an unknown revision, a file that is not a stack
 * export) throw `CliError`; an invalid base configuration comes back in `errors`; an invalid head leaves
 * `transition` undefined (the policy check reports the head's errors).
 */
export async function transitionCheck(opts: SourceOptions & BaseOptions, cwd = process.cwd()): Promise<TransitionOutcome> {
    const head = loadSource(opts, cwd);
    const loaded = loadBase(opts, head, cwd);
    const outcome: TransitionOutcome = { base: { kind: loaded.kind, description: loaded.description }, notes: [], errors: [] };
    let base: ClusterSnapshot[] = [];
    if (loaded.kind === "config") {
        const b = await snapshotsOfSource(loaded.source, "base ");
        if (b.errors.length) {
            outcome.errors.push(...b.errors);
            return outcome;
        }
        base = b.snapshots;
    } else if (loaded.kind === "state") {
        base = snapshotsOfExport(loaded.document, loaded.description);
    } else {
        outcome.notes.push(loaded.note);
    }
    const h = await snapshotsOfSource(head, "");
    if (h.errors.length) return outcome;
    outcome.transition = planStackTransition(base, h.snapshots);
    for (const c of outcome.transition.clusters) {
        if (c.kind === "new" && loaded.kind !== "none")
            outcome.notes.push(`cluster ${c.namespace}/${c.cluster} is not in the base: it is new, so only its end state is judged`);
    }
    return outcome;
}
