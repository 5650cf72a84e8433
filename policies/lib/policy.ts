/**
 * Helpers shared by the rules: the stack model (built once per stack validation and cached by the resources
 * array), member conversion for the compatibility rules, and reporting findings.
 *
 * Only types come from `@pulumi/policy`: the rules run in the policy pack (where the engine provides the
 * arguments) and in `myriad check` (where policies/harness provides them), and never construct a PolicyPack.
 */
import type {
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { Finding, Member } from "../../components/compat/finding";
import type { BackupToolName as BackupTool } from "../../components/spec/types";
import { clustersOf, indexStack, mysqlWorkloads, type MysqlWorkload, type StackIndex } from "./workloads";
import type { ResourceLike } from "./resources";

/** A policy of this pack: always carries a default enforcement level and a full-sentence description. */
export type MyriadPolicy = (ResourceValidationPolicy | StackValidationPolicy) & {
    enforcementLevel: "mandatory" | "advisory";
};

/** Everything a stack policy needs, computed once per resources array. */
export interface StackModel {
    resources: readonly ResourceLike[];
    index: StackIndex;
    workloads: MysqlWorkload[];
    /** Workloads by `namespace/cluster`. */
    clusters: Map<string, MysqlWorkload[]>;
}

const cache = new WeakMap<object, StackModel>();

/** The stack model of a stack validation (cached: every stack policy of one run shares it in `myriad check`). */
export function stackModel(args: Pick<StackValidationArgs, "resources">): StackModel {
    const key = args.resources as unknown as object;
    const hit = cache.get(key);
    if (hit) return hit;
    const resources = args.resources as unknown as ResourceLike[];
    const index = indexStack(resources);
    const workloads = mysqlWorkloads(resources, index);
    const model = { resources, index, workloads, clusters: clustersOf(workloads) };
    cache.set(key, model);
    return model;
}

/** The stack's MySQL workloads, or `notApplicable` when there are none. */
export function requireWorkloads(args: StackValidationArgs): StackModel {
    const model = stackModel(args);
    if (model.workloads.length === 0) args.notApplicable("the stack has no MySQL workloads");
    return model;
}

/** A workload as a member of the compatibility rules, when its version is known. */
export function memberOf(w: MysqlWorkload): (Member & { weight?: number; backupTool?: BackupTool }) | undefined {
    if (!w.version) return undefined;
    return { name: w.name, template: w.template, flavor: w.flavor, version: w.version, weight: w.weight, backupTool: w.backupTool };
}

/** Reports a finding against a workload (the message already names every member, version, rule and fix). */
export function reportFinding(report: ReportViolation, f: Finding, w: MysqlWorkload): void {
    report(f.message, w.resource.urn);
}

/** Reads policy configuration with in-code defaults (the Pulumi CLI fills schema defaults; tests do not). */
export function configOf<T extends object>(
    args: Pick<ResourceValidationArgs, "getConfig"> | Pick<StackValidationArgs, "getConfig">,
    defaults: T,
): T {
    const given = args.getConfig<Partial<T>>() ?? {};
    const out = { ...defaults };
    for (const k of Object.keys(given) as (keyof T)[]) if (given[k] !== undefined) out[k] = given[k];
    return out;
}

/** `workload-a, workload-b` (names only). */
export function names(ws: readonly MysqlWorkload[]): string {
    return ws.map((w) => w.name).join(", ");
}
