/**
 * Findings: the structured result of every compatibility rule. A finding names the instances (or templates)
 * concerned, their versions, the rule it applies (quoted from the manual, with its reference) and what to do
 * instead. The policy pack, `myriad check` and the docs all print `message`, built here in one place.
 */
import type { Flavor } from "../spec/types";
import { formatVersion, type ServerVersion } from "../versions/version";

/**
 * How a finding weighs.
 * - `error`: the manuals say the combination is not supported (or is undocumented, which a pre-deploy check
 *   cannot accept); the mandatory policies report these.
 * - `warning`: the combination works but has a consequence the operator must act on; the advisory policies
 *   report these.
 */
export type Severity = "error" | "warning";

/** One server taking part in a rule: an instance of a cluster, or a hand-written workload. */
export interface Member {
    /** Instance name (`orders-10`) or, for a hand-written workload, its StatefulSet or pod name. */
    name: string;
    /** The instance template, when known (component-created instances always have one). */
    template?: string;
    flavor: Flavor;
    version: ServerVersion;
}

/** A quoted rule and where it comes from. */
export interface RuleRef {
    /** The rule as the vendor manual states it, quoted verbatim or closely paraphrased. */
    quote: string;
    /** Section of docs/compatibility.md (or seed) followed by the official URL. */
    source: string;
}

/** The result of one rule applied to some members. */
export interface Finding {
    /** Stable identifier of the check, e.g. `replication/newer-source`. */
    code: string;
    severity: Severity;
    /** Instances (or templates) concerned, first the one the finding is about. */
    subjects: string[];
    /** Versions concerned, as `flavor X.Y.Z`. */
    versions: string[];
    /** What is wrong, naming the members and versions. */
    problem: string;
    rule: RuleRef;
    /** What to do instead. */
    fix: string;
    /** The full sentence printed to users: problem, quoted rule with source, fix. */
    message: string;
}

/** `mysql 8.0.40`, `percona 8.0.36`, `mariadb 10.11.6`. */
export function describeVersion(flavor: Flavor, v: ServerVersion): string {
    return `${flavor} ${formatVersion(v)}`;
}

/** `orders-10 (template canary-84, mysql 8.4.3)` or `mysql-0 (mysql 5.7.44)`. */
export function describeMember(m: Member): string {
    const tpl = m.template ? `template ${m.template}, ` : "";
    return `${m.name} (${tpl}${describeVersion(m.flavor, m.version)})`;
}

/** Builds the printed message from its parts. */
export function formatFinding(problem: string, rule: RuleRef, fix: string): string {
    const p = problem.trim().replace(/[.]$/, "");
    const f = fix.trim().replace(/[.]$/, "");
    return `${p}. Rule: "${rule.quote}" (${rule.source}). Instead: ${f}.`;
}

/** Creates a finding; `message` is derived from the other parts. */
export function finding(args: {
    code: string;
    severity: Severity;
    members: readonly Member[];
    problem: string;
    rule: RuleRef;
    fix: string;
}): Finding {
    return {
        code: args.code,
        severity: args.severity,
        subjects: args.members.map((m) => m.name),
        versions: args.members.map((m) => describeVersion(m.flavor, m.version)),
        problem: args.problem,
        rule: args.rule,
        fix: args.fix,
        message: formatFinding(args.problem, args.rule, args.fix),
    };
}
