/**
 * `myriad check --stack NAME | --config FILE [--format text|json|markdown] [--policy-config FILE]`: the policy
 * pack's policies, run offline against the resources the program creates under Pulumi's mocks. For pull
 * requests that have no cluster, no cloud account and no Pulumi CLI. This module decides; the command
 * (infra/cli/check.ts) prints the outcome (infra/cli/check-report.ts) and sets the exit code.
 *
 * 1. The configuration is planned (`planStack`); structural errors end the check with exit 2.
 * 2. The program (`infra/program/program.ts`, the same one `pulumi up` runs) runs under mocks (`runUnderMocks`).
 * 3. Every recorded resource is handed to the policies the way the engine would (policies/harness): resource
 *    policies get the checked inputs (the Kubernetes provider's auto-naming emulated: a missing name becomes a
 *    generated one with the `pulumi.com/autonamed` annotation), stack policies get every resource.
 * 4. Exit 0: no mandatory violation (advisories are printed); 1: at least one mandatory violation; 2: the
 *    configuration (or the policy configuration) is invalid.
 *
 * JSON: `{"ok":bool,"violations":[{"policy","level","message","resource"}],"errors":[...]}`; `resource` is the
 * resource's URN (null for a stack-wide violation); `errors` are structural errors `{path,value,message,fix}`.
 * Markdown is written for a pull-request comment or a CI job summary.
 */
import * as crypto from "node:crypto";
import * as path from "node:path";
import * as YAML from "yaml";
import type { StructuralError } from "../../components/spec/errors";
import { InvalidSpecError } from "../../components/spec/errors";
import { MYRIAD_POLICIES, PACK_ENFORCEMENT_LEVEL } from "../../policies/rules";
import { validatePackConfig, type PackConfig } from "../../policies/harness/config";
import { runPolicies, type HarnessResource, type Violation } from "../../policies/harness/run";
import { CLUSTERS_CONFIG_KEY } from "../program/config-key";
import { KEYS } from "../../components/resources/labels";
import { kindOfType } from "../mock-engine/manifests";
import { isSecretEnvelope, runUnderMocks, type RecordedResource } from "../mock-engine/runtime";
import { planStack } from "../../components/planner/plan";
import { program } from "../program/program";
import { CliError } from "../base/exit";
import { readTextFile } from "../base/file-errors";
import { loadSource, type ConfigSource, type SourceOptions } from "../stack-config/load";

/** What to check: the configuration (`--stack` / `--config`) and an optional policy pack configuration file. */
export interface PolicyCheckOptions extends SourceOptions {
    /** A policy pack configuration file (JSON or YAML), the format of `pulumi preview --policy-pack-config`. */
    policyConfig?: string;
}

function unwrapSecrets(v: unknown): unknown {
    if (isSecretEnvelope(v)) return unwrapSecrets(v.value);
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (v !== null && typeof v === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = unwrapSecrets(x);
        return out;
    }
    return v;
}

/**
 * What the Kubernetes provider's Check does to inputs before the engine hands them to policies: `apiVersion`
 * and `kind` are set, and an object without a name gets a generated one plus `pulumi.com/autonamed: "true"`
 * (https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming).
 */
function checkedInputs(r: RecordedResource, props: Record<string, unknown>): Record<string, unknown> {
    const kind = kindOfType(r.type);
    if (!kind) return props;
    const meta = (props.metadata && typeof props.metadata === "object" ? props.metadata : {}) as Record<string, unknown>;
    const out: Record<string, unknown> = { apiVersion: kind.apiVersion, kind: kind.kind, ...props };
    if (typeof meta.name !== "string") {
        const suffix = crypto.createHash("sha256").update(r.urn).digest("hex").slice(0, 8);
        const annotations = { ...((meta.annotations ?? {}) as Record<string, string>), "pulumi.com/autonamed": "true" };
        out.metadata = { ...meta, name: `${r.name}-${suffix}`, annotations };
    }
    return out;
}

/** Resources recorded under mocks, as the policy harness takes them (secrets unwrapped, as policies see them). */
export function harnessResources(recorded: readonly RecordedResource[]): HarnessResource[] {
    return recorded.map((r) => {
        const props = checkedInputs(r, unwrapSecrets(r.inputs) as Record<string, unknown>);
        const outputs = r.custom ? props : (unwrapSecrets(r.outputs ?? {}) as Record<string, unknown>);
        return {
            type: r.type,
            urn: r.urn,
            name: r.name,
            props,
            outputs,
            parent: r.parent,
            dependencies: r.dependencies,
            opts: {
                protect: r.options.protect ?? false,
                ignoreChanges: r.options.ignoreChanges,
                additionalSecretOutputs: r.options.additionalSecretOutputs,
                ...(r.options.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: r.options.deleteBeforeReplace } : {}),
            },
        };
    });
}

/** Reads a policy pack configuration file (JSON or YAML). */
export function loadPolicyConfig(file: string, cwd = process.cwd()): unknown {
    const abs = path.resolve(cwd, file);
    const text = readTextFile(abs, file, "the policy configuration");
    try {
        return YAML.parse(text, { uniqueKeys: true, prettyErrors: true, logLevel: "error" });
    } catch (e) {
        throw new CliError(`cannot parse the policy configuration ${file} as JSON or YAML:\n${(e as Error).message.trim()}`);
    }
}

/** Everything a check produced. */
export interface CheckOutcome {
    source?: ConfigSource;
    errors: StructuralError[];
    violations: Violation[];
    /** Display names of resources by URN. */
    names: Map<string, string>;
    resources: number;
    policies: number;
    /**
     * What was checked when it is not a stack configuration (`--manifests`, `--program`): a description for the
     * reports, e.g. `3 files` or `program ../orders (stack dev)`.
     */
    subject?: string;
    /** Objects read but not judged (`--manifests`: kinds no policy reads), counted by kind. */
    ignored?: Record<string, number>;
    /** The template and instance of resources by URN, so that reports can group findings repeated per instance. */
    templates?: Map<string, InstanceOf>;
}

/** Which template of which cluster a resource belongs to (`shop/orders template stable`), and its own name. */
export interface InstanceOf {
    template: string;
    instance: string;
}

/**
 * The template of each resource: the component's labels `myriad.dev/cluster` and `myriad.dev/template` (one
 * StatefulSet per instance), else the resource alone (a hand-written StatefulSet is its own template).
 */
export function templatesOf(resources: readonly HarnessResource[]): Map<string, InstanceOf> {
    const out = new Map<string, InstanceOf>();
    for (const r of resources) {
        const md = (r.props.metadata ?? {}) as { name?: unknown; namespace?: unknown; labels?: Record<string, unknown> };
        if (typeof md.name !== "string") continue;
        const cluster = md.labels?.[KEYS.cluster];
        const template = md.labels?.[KEYS.template];
        const ns = typeof md.namespace === "string" ? md.namespace : "default";
        out.set(r.urn, {
            template:
                typeof cluster === "string" && typeof template === "string" ? `${ns}/${cluster} template ${template}` : `${ns}/${md.name}`,
            instance: md.name,
        });
    }
    return out;
}

/** `StatefulSet ns/name` (or the kind and the Pulumi name) of a resource, for reports. */
export function displayOf(r: HarnessResource): string {
    const kind = kindOfType(r.type)?.kind ?? r.type.split(":").pop() ?? r.type;
    const md = r.props.metadata as { name?: string; namespace?: string } | undefined;
    return md?.name ? `${kind} ${md.namespace ?? "default"}/${md.name}` : `${kind} ${r.name}`;
}

/**
 * Runs the check and returns what it found (no printing). Structural and policy-configuration errors come back
 * in `errors`; usage errors (unknown stack, unreadable files) throw `CliError`.
 */
export async function check(opts: PolicyCheckOptions, cwd = process.cwd()): Promise<CheckOutcome> {
    const source = loadSource(opts, cwd);
    const outcome: CheckOutcome = { source, errors: [], violations: [], names: new Map(), resources: 0, policies: MYRIAD_POLICIES.length };
    const pack = packConfigOf(opts.policyConfig, cwd);
    if (pack.errors.length) {
        outcome.errors.push(...pack.errors);
        return outcome;
    }
    const config = pack.config;
    const { errors } = planStack(source.clusters);
    if (errors.length) {
        outcome.errors.push(...errors);
        return outcome;
    }
    let recorded: RecordedResource[];
    try {
        recorded = (
            await runUnderMocks({ [CLUSTERS_CONFIG_KEY]: source.clusters }, () => program(source.clusters), {
                stack: source.stack ?? "check",
            })
        ).resources;
    } catch (e) {
        if (e instanceof InvalidSpecError) {
            outcome.errors.push(...e.errors);
            return outcome;
        }
        throw e;
    }
    return judgeRecorded(outcome, recorded, config);
}

/** Fills `outcome` with the verdict of every policy on the resources a program registered (`--stack`, `--program`). */
export async function judgeRecorded(
    outcome: CheckOutcome,
    recorded: readonly RecordedResource[],
    config: PackConfig,
    project?: string,
): Promise<CheckOutcome> {
    const resources = harnessResources(recorded);
    outcome.resources = resources.length;
    for (const r of resources) outcome.names.set(r.urn, displayOf(r));
    outcome.templates = templatesOf(resources);
    outcome.violations = await judge(resources, config, project);
    return outcome;
}

/**
 * The policy pack configuration of `--policy-config FILE` (none: `{}`), validated against each policy's schema;
 * invalid entries come back as structural errors. Shared by every source of `myriad check`.
 */
export function packConfigOf(file: string | undefined, cwd = process.cwd()): { config: PackConfig; errors: StructuralError[] } {
    if (file === undefined) return { config: {}, errors: [] };
    const raw = loadPolicyConfig(file, cwd);
    const errors = validatePackConfig(raw ?? {}, MYRIAD_POLICIES, `policy config ${file}`);
    return { config: errors.length ? {} : ((raw ?? {}) as PackConfig), errors };
}

/**
 * Runs every policy of the pack on `resources` the way the engine hands them to it (schema defaults filled,
 * the pack's enforcement level): the one policy run behind every source of `myriad check`.
 */
export async function judge(resources: HarnessResource[], config: PackConfig, project = "myriad"): Promise<Violation[]> {
    const stackTags = new Map([
        ["pulumi:project", project],
        ["pulumi:runtime", "nodejs"],
    ]);
    const result = await runPolicies(MYRIAD_POLICIES, resources, {
        config,
        fillDefaults: true,
        stackTags,
        packEnforcementLevel: PACK_ENFORCEMENT_LEVEL,
    });
    return result.violations;
}
