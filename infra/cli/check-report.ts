/**
 * What `myriad check` prints: the outcome of the offline policy check (infra/policy-check/) as plain text, as
 * Markdown for a pull-request comment or a CI job summary, or as the JSON document
 * `{"ok":bool,"violations":[{"policy","level","message","resource"}],"errors":[...]}` (`resource` is the
 * resource's URN, null for a stack-wide violation; `errors` are structural errors `{path,value,message,fix}`),
 * and the exit code: 0 no mandatory violation (advisories are printed), 1 at least one mandatory violation,
 * 2 the configuration (or the policy configuration) is invalid. Pure functions of the outcome.
 */
import { outputWidth, wrapText } from "./table";
import type { StructuralError } from "../../components/spec/errors";
import type { Violation } from "../../policies/harness/run";
import { PACK_NAME } from "../../policies/pack-identity";
import type { CheckOutcome } from "../policy-check/check";
import { EXIT } from "../base/exit";

/** The JSON document `--format json` prints. */
export interface CheckReport {
    ok: boolean;
    violations: { policy: string; level: "mandatory" | "advisory"; message: string; resource: string | null }[];
    errors: StructuralError[];
    /** `--manifests`: objects read but not judged, counted by kind (absent for other sources). */
    ignored?: Record<string, number>;
}

/** The JSON report of an outcome. */
export function reportJson(o: CheckOutcome): CheckReport {
    return {
        ok: o.errors.length === 0 && !o.violations.some((v) => v.level === "mandatory"),
        violations: o.violations.map((v) => ({ policy: v.policy, level: v.level, message: v.message, resource: v.resource ?? null })),
        errors: o.errors.map((e) => ({ path: e.path, value: e.value, message: e.message, fix: e.fix })),
        ...(o.ignored ? { ignored: o.ignored } : {}),
    };
}

/** The exit code of an outcome: 2 invalid configuration, 1 a mandatory violation, else 0. */
export function exitCodeOf(o: CheckOutcome): number {
    if (o.errors.length) return EXIT.invalid;
    return o.violations.some((v) => v.level === "mandatory") ? EXIT.findings : EXIT.ok;
}

function plural(n: number, word: string): string {
    if (n === 1) return `${n} ${word}`;
    return `${n} ${word.endsWith("y") ? `${word.slice(0, -1)}ies` : `${word}s`}`;
}

function where(o: CheckOutcome): string {
    return o.subject ?? o.source?.description ?? "the configuration";
}

/** `; ignored: 3 objects of kinds no policy reads (Namespace 1, ServiceAccount 2)`, or nothing. */
function ignoredNote(o: CheckOutcome): string {
    const kinds = Object.entries(o.ignored ?? {}).sort(([a], [b]) => a.localeCompare(b));
    if (!kinds.length) return "";
    const n = kinds.reduce((sum, [, c]) => sum + c, 0);
    return `; ignored ${plural(n, "object")} of kinds no policy reads (${kinds.map(([k, c]) => `${k} ${c}`).join(", ")})`;
}

function errorLine(e: StructuralError): string {
    const got = e.value === undefined ? "missing" : `got ${JSON.stringify(e.value)}`;
    return `${e.path}: ${e.message} (${got}). Fix: ${e.fix}`;
}

/** Plain-text report. */
export function reportText(o: CheckOutcome): string {
    const lines: string[] = [];
    if (o.errors.length) {
        lines.push(`myriad check: ${where(o)} is invalid (${plural(o.errors.length, "error")}); no policy was run:`);
        for (const e of o.errors) lines.push(`  ${errorLine(e)}`);
        return `${lines.join("\n")}\n`;
    }
    const mandatory = o.violations.filter((v) => v.level === "mandatory");
    const advisory = o.violations.filter((v) => v.level === "advisory");
    lines.push(
        `myriad check: ${where(o)}: ${plural(o.policies, "policy")} of pack ${PACK_NAME} over ${plural(o.resources, "resource")}${ignoredNote(o)}`,
    );
    for (const [title, list] of [
        ["MANDATORY", mandatory],
        ["advisory", advisory],
    ] as const) {
        for (const v of list) {
            lines.push("");
            lines.push(`[${title}] ${v.policy}${v.resource ? ` - ${o.names.get(v.resource) ?? v.resource}` : ""}`);
            lines.push(wrapText(v.message, outputWidth(), "  "));
        }
    }
    lines.push("");
    lines.push(
        mandatory.length
            ? `FAILED: ${plural(mandatory.length, "mandatory violation")}, ${plural(advisory.length, "advisory")}.`
            : `PASSED: no mandatory violation${advisory.length ? `, ${plural(advisory.length, "advisory")}` : ""}.`,
    );
    return `${lines.join("\n")}\n`;
}

function md(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Markdown report for a pull-request comment or `$GITHUB_STEP_SUMMARY`. */
export function reportMarkdown(o: CheckOutcome): string {
    const title = o.source?.stack ? `stack \`${o.source.stack}\`` : `\`${md(o.subject ?? o.source?.description ?? "configuration")}\``;
    const lines = [`### Myriad policy check: ${title}`, ""];
    if (o.errors.length) {
        lines.push(`**Invalid configuration** (${plural(o.errors.length, "error")}); no policy was run.`, "");
        for (const e of o.errors)
            lines.push(
                `- \`${md(e.path)}\`: ${md(e.message)} (${e.value === undefined ? "missing" : `got \`${md(JSON.stringify(e.value))}\``}). Fix: ${md(e.fix)}`,
            );
        return `${lines.join("\n")}\n`;
    }
    const mandatory = o.violations.filter((v) => v.level === "mandatory");
    const advisory = o.violations.filter((v) => v.level === "advisory");
    lines.push(
        mandatory.length
            ? `**Failed**: ${plural(mandatory.length, "mandatory violation")}, ${plural(advisory.length, "advisory")} (${o.policies} policies, ${plural(o.resources, "resource")}${md(ignoredNote(o))}).`
            : `**Passed**: no mandatory violation, ${plural(advisory.length, "advisory")} (${o.policies} policies, ${plural(o.resources, "resource")}${md(ignoredNote(o))}).`,
    );
    const item = (g: FindingGroup) => {
        const v = g.first;
        if (g.instances.length < 2)
            return `- **${v.policy}**${v.resource ? ` on \`${md(o.names.get(v.resource) ?? v.resource)}\`` : ""}: ${md(v.message)}`;
        const shownNames = g.instances.slice(0, GROUP_NAMES_SHOWN).map((n) => `\`${md(n)}\``);
        const more = g.instances.length > GROUP_NAMES_SHOWN ? ` and ${g.instances.length - GROUP_NAMES_SHOWN} more` : "";
        return (
            `- **${v.policy}** on ${g.instances.length} instances of ${md(g.template)} (${shownNames.join(", ")}${more}): ${md(v.message)} ` +
            `_(the message of \`${md(g.instances[0])}\`; the others differ only in their names)_`
        );
    };
    if (mandatory.length) {
        lines.push("", "#### Mandatory violations", "");
        for (const g of groupPerTemplate(o, mandatory)) lines.push(item(g));
    }
    if (advisory.length) {
        lines.push("", `<details><summary>${plural(advisory.length, "advisory")}</summary>`, "");
        for (const g of groupPerTemplate(o, advisory)) lines.push(item(g));
        lines.push("", "</details>");
    }
    return `${lines.join("\n")}\n`;
}

/** How many instance names a grouped finding lists. */
export const GROUP_NAMES_SHOWN = 10;

/** Findings of one policy on instances of one template whose messages differ only in the instance's name. */
export interface FindingGroup {
    first: Violation;
    /** `shop/orders template stable-80`, when grouped. */
    template: string;
    /** Instance names, in order; empty or one for a finding of its own. */
    instances: string[];
}

function escapeRegExp(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Groups findings repeated per instance: same policy and level, same template (`outcome.templates`), same message
 * once the instance's own name is taken out. A cluster of 300 instances failing one rule is one item naming the
 * instances, so a pull-request comment or job summary stays small. Order: first occurrence.
 */
export function groupPerTemplate(o: CheckOutcome, list: readonly Violation[]): FindingGroup[] {
    const groups = new Map<string, FindingGroup>();
    list.forEach((v, i) => {
        const t = v.resource ? o.templates?.get(v.resource) : undefined;
        if (!t) {
            groups.set(`#${i}`, { first: v, template: "", instances: [] });
            return;
        }
        const own = new RegExp(`(?<![\\w.-])${escapeRegExp(t.instance)}(?![\\w.])`, "g");
        const key = [v.policy, v.level, t.template, v.message.replace(own, "\u0000")].join("\u0001");
        const g = groups.get(key);
        if (g) g.instances.push(t.instance);
        else groups.set(key, { first: v, template: `template \`${t.template}\``, instances: [t.instance] });
    });
    return [...groups.values()];
}

/** A Markdown document for a check that could not run (unknown stack, unreadable file, a program's error). */
export function reportMarkdownFailure(subject: string, errors: readonly StructuralError[]): string {
    const lines = [
        `### Myriad policy check: \`${md(subject)}\``,
        "",
        `**Not checked** (${plural(errors.length, "error")}); no policy was run.`,
        "",
    ];
    for (const e of errors) {
        const [first, ...rest] = e.message.split("\n");
        lines.push(`- \`${md(e.path)}\`: ${md(first)}. Fix: ${md(e.fix)}`);
        if (rest.length) lines.push("", "  ```", ...rest.map((l) => `  ${l.replace(/```/g, "'''")}`), "  ```");
    }
    return `${lines.join("\n")}\n`;
}
