/**
 * `myriad check … --base FILE | --base-ref REV | --base-state FILE`: the options, and the views of the change
 * plan (infra/transition/check.ts) in the check's three formats. Rejections become mandatory violations and
 * advisories advisory ones (policy name = the finding's code, `transition/…`), so the exit code and the verdict
 * line are the check's own. JSON adds `base`, `notes`, `changes` and `switchovers` to the check's document.
 */
import type { Command } from "commander";
import type { InstanceChange, InstanceSide, StackTransition } from "../../components/planner/transition";
import type { Violation } from "../../policies/harness/run";
import type { CheckOutcome } from "../policy-check/check";
import type { TransitionOutcome } from "../transition/check";
import { outputWidth, wrapText } from "./table";

/** Adds `--base`, `--base-ref` and `--base-state` to `myriad check`. */
export function addBaseOptions(cmd: Command): Command {
    return cmd
        .option("--base <file>", "judge the change from this deployed configuration (same layouts as --config) as well as the end state")
        .option("--base-ref <rev>", "the base is the same stack (or --config) file at git revision <rev>, e.g. origin/main")
        .option("--base-state <file>", "the base is a `pulumi stack export` of the deployed stack");
}

/** The transition's findings as the check's violations. */
export function transitionViolations(t: StackTransition): Violation[] {
    return t.clusters.flatMap((c) =>
        c.findings.map((f) => ({
            policy: f.code,
            level: f.severity === "error" ? ("mandatory" as const) : ("advisory" as const),
            message: f.message,
        })),
    );
}

/** Adds the transition's base errors and findings to the policy check's outcome (which decides the exit code). */
export function mergeTransition(outcome: CheckOutcome, t: TransitionOutcome): void {
    outcome.errors.push(...t.errors);
    if (t.transition) outcome.violations.push(...transitionViolations(t.transition));
}

/** One change in `--format json`. */
export interface ChangeJson {
    cluster: string;
    namespace: string;
    name: string;
    ordinal: number;
    before: InstanceSide | null;
    after: InstanceSide | null;
    action: InstanceChange["action"];
    restart: boolean;
    order: number | null;
    reason: string;
}

/** What `--base…` adds to the JSON document. */
export interface TransitionJson {
    base: { kind: string; description: string } | null;
    notes: string[];
    changes: ChangeJson[];
    switchovers: { cluster: string; namespace: string; from: string; to: string }[];
}

/** The JSON additions; empty lists when the check stopped before the transition was judged. */
export function transitionJson(t: TransitionOutcome | undefined): TransitionJson {
    const clusters = t?.transition?.clusters ?? [];
    return {
        base: t ? { kind: t.base.kind, description: t.base.description } : null,
        notes: t?.notes ?? [],
        changes: clusters.flatMap((c) =>
            c.changes.map((x) => ({
                cluster: x.cluster,
                namespace: x.namespace,
                name: x.name,
                ordinal: x.ordinal,
                before: x.before,
                after: x.after,
                action: x.action,
                restart: x.restart,
                order: x.order,
                reason: x.reason,
            })),
        ),
        switchovers: clusters.flatMap((c) =>
            c.switchovers.map((s) => ({ cluster: s.cluster, namespace: s.namespace, from: s.from, to: s.to })),
        ),
    };
}

function sideText(s: InstanceSide | null, names: Map<number, string>): string {
    if (!s) return "-";
    const role = s.role === "primary" ? "primary" : s.source === null ? "replica" : `replica of ${names.get(s.source) ?? s.source}`;
    return s.state === "offline" ? `${s.image} offline` : `${s.image} ${role}`;
}

function namesOf(changes: readonly InstanceChange[]): Map<number, string> {
    return new Map(changes.map((c) => [c.ordinal, c.name]));
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The steps of a cluster in rollout order: restarts (numbered), then stops and removals (`-`). */
function stepsOf(c: StackTransition["clusters"][number]): InstanceChange[] {
    return c.steps.map((s) => c.changes.find((x) => x.ordinal === s.ordinal)!);
}

function summary(c: StackTransition["clusters"][number]): string {
    const restarts = c.changes.filter((x) => x.restart).length;
    const parts = [plural(restarts, "restart")];
    const stops = c.changes.filter((x) => x.action === "stop").length;
    const removed = c.changes.filter((x) => x.action === "remove").length;
    const replaced = c.changes.filter((x) => x.action === "replace").length;
    if (stops) parts.push(`${stops} taken offline`);
    if (replaced) parts.push(`${plural(replaced, "StatefulSet")} replaced`);
    if (removed) parts.push(`${removed} removed`);
    parts.push(c.switchovers.length ? c.switchovers.map((s) => `switchover ${s.from} -> ${s.to}`).join(", ") : "no switchover");
    return parts.join(", ");
}

/** The change plan as text (printed before the policy report). */
export function transitionText(t: TransitionOutcome, head: string): string {
    const lines = [`Change plan: ${t.base.description} -> ${head}`];
    for (const n of t.notes) lines.push(wrapText(`Note: ${n}.`, outputWidth(), "  "));
    const width = outputWidth();
    for (const c of t.transition?.clusters ?? []) {
        lines.push(`cluster ${c.namespace}/${c.cluster}${c.kind === "change" ? "" : ` (${c.kind})`}: ${summary(c)}`);
        const names = namesOf(c.changes);
        for (const x of stepsOf(c)) {
            const head = `  ${x.order === null ? "-" : `${x.order}.`} ${x.name} ${x.action}: ${sideText(x.before, names)} -> ${sideText(x.after, names)}`;
            lines.push(head);
            lines.push(wrapText(x.reason, width, "       "));
        }
        const unchanged = c.changes.filter((x) => x.action === "none");
        if (unchanged.length) lines.push(wrapText(`unchanged: ${unchanged.map((x) => x.name).join(", ")}`, width, "  "));
    }
    return `${lines.join("\n")}\n\n`;
}

function md(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|");
}

/** The change plan as Markdown (appended to the policy report). */
export function transitionMarkdown(t: TransitionOutcome): string {
    const lines = ["", `#### Change plan against ${md(t.base.description)}`, ""];
    for (const n of t.notes) lines.push(`> ${md(n)}.`, "");
    for (const c of t.transition?.clusters ?? []) {
        lines.push(
            `**cluster \`${md(c.namespace)}/${md(c.cluster)}\`**${c.kind === "change" ? "" : ` (${c.kind})`}: ${md(summary(c))}`,
            "",
        );
        const steps = stepsOf(c);
        const names = namesOf(c.changes);
        if (steps.length) {
            lines.push("| Order | Instance | Action | Before | After | Reason |", "|---|---|---|---|---|---|");
            for (const x of steps)
                lines.push(
                    `| ${x.order ?? "-"} | \`${x.name}\` | ${x.action} | ${md(sideText(x.before, names))} | ${md(sideText(x.after, names))} | ${md(x.reason)} |`,
                );
            lines.push("");
        }
        const unchanged = c.changes.filter((x) => x.action === "none");
        if (unchanged.length) lines.push(`Unchanged: ${unchanged.map((x) => `\`${x.name}\``).join(", ")}`, "");
    }
    return `${lines.join("\n")}\n`;
}
