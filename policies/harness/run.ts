/**
 * Runs the pack's policies without the Pulumi engine, mirroring what `@pulumi/policy`'s analyzer server
 * (server.js of @pulumi/policy 1.21.0, https://github.com/pulumi/pulumi-policy/blob/master/sdk/nodejs/policy/server.ts) does for each resource and for the stack:
 *
 * - resource policies run once per resource and validation function, with `props` wrapped in the package's own
 *   `unknownCheckingProxy`, `isType`/`asType` comparing the class's `__pulumiType`, `getConfig()` returning the
 *   policy's configuration without `enforcementLevel`, `stackTags`, and `notApplicable()` throwing an error
 *   that is caught per validation function;
 * - an `UnknownValueError` (a value unknown during preview) becomes an advisory "can't run policy during
 *   preview" diagnostic, as the server reports it; any other error fails the run;
 * - stack policies get every resource as a `PolicyResource` (props proxied, `parent` and `dependencies`
 *   linked to the resource objects). Unlike the server, which builds these objects per policy, one array is
 *   shared by every stack policy of a run, so the policies' stack model is computed once;
 * - the enforcement level comes from the configuration (`<policy>`, then `all`), else the policy's default,
 *   else the pack's; `disabled` skips the policy, `remediate` reports as mandatory.
 */
import type {
    EnforcementLevel,
    Policy,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { effectiveLevel, policyProperties, type PackConfig } from "./config";

// `unknownCheckingProxy` and `UnknownValueError` are exported by @pulumi/policy at runtime but stripped from its
// typings (marked @internal), so they are required here with a local type.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxyModule = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T extends object>(o: T): T;
    UnknownValueError: new (...args: never[]) => Error;
};

/** A resource as the engine would hand it to the pack: type, URN, name and plain props (secrets unwrapped). */
export interface HarnessResource {
    type: string;
    urn: string;
    name: string;
    /** Checked inputs for resource policies (the engine's Analyze call). */
    props: Record<string, unknown>;
    /** Outputs for stack policies (the engine's AnalyzeStack call). Default: `props`. */
    outputs?: Record<string, unknown>;
    parent?: string;
    dependencies?: string[];
    opts?: Partial<PolicyResourceOptions>;
}

/** One reported violation. */
export interface Violation {
    policy: string;
    level: "mandatory" | "advisory";
    message: string;
    /** URN of the resource concerned; undefined for a stack-wide violation. */
    resource?: string;
}

/** A policy that did not apply (to one resource, or to the stack). */
export interface NotApplicable {
    policy: string;
    resource?: string;
    reason: string;
}

/** The outcome of a run. */
export interface HarnessResult {
    violations: Violation[];
    notApplicable: NotApplicable[];
}

/** Options of {@link runPolicies}. */
export interface HarnessOptions {
    /** Pack configuration (same format as `--policy-pack-config`). Default: none. */
    config?: PackConfig;
    /** Fill schema defaults into `getConfig()`, as the Pulumi CLI does. Default: false (tests see only what they pass). */
    fillDefaults?: boolean;
    /** Stack tags. Default: none. */
    stackTags?: ReadonlyMap<string, string>;
    /** The pack's default enforcement level. Default: advisory (as @pulumi/policy). */
    packEnforcementLevel?: EnforcementLevel;
}

class NotApplicableSignal extends Error {
    readonly reason?: string;
    constructor(reason?: string) {
        super(reason ?? "Policy does not apply");
        this.name = "NotApplicableError";
        this.reason = reason;
    }
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicableSignal(reason);
}

function isResourcePolicy(p: Policy): p is ResourceValidationPolicy {
    return (
        typeof (p as ResourceValidationPolicy).validateResource === "function" ||
        Array.isArray((p as ResourceValidationPolicy).validateResource)
    );
}

function isStackPolicy(p: Policy): p is StackValidationPolicy {
    return typeof (p as StackValidationPolicy).validateStack === "function";
}

function isTypeOf(type: string, cls: unknown): boolean {
    return (cls as { __pulumiType?: string } | undefined)?.__pulumiType === type;
}

function optionsOf(r: HarnessResource): PolicyResourceOptions {
    return {
        protect: r.opts?.protect ?? false,
        ignoreChanges: r.opts?.ignoreChanges ?? [],
        aliases: r.opts?.aliases ?? [],
        customTimeouts: r.opts?.customTimeouts ?? { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: r.opts?.additionalSecretOutputs ?? [],
        ...(r.opts?.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: r.opts.deleteBeforeReplace } : {}),
        ...(r.parent ? { parent: r.parent } : {}),
    };
}

function levelOf(l: EnforcementLevel): "mandatory" | "advisory" {
    return l === "advisory" ? "advisory" : "mandatory";
}

/** Builds the stack policies' resource objects (props proxied, parents and dependencies linked). */
export function stackResources(resources: readonly HarnessResource[]): PolicyResource[] {
    const out = resources.map((r): PolicyResource => {
        const props = proxyModule.unknownCheckingProxy({ ...(r.outputs ?? r.props) });
        return {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: optionsOf(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(r.type, cls),
            asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
        };
    });
    const byUrn = new Map(out.map((r) => [r.urn, r]));
    resources.forEach((r, i) => {
        if (r.parent && byUrn.has(r.parent)) out[i].parent = byUrn.get(r.parent);
        out[i].dependencies = (r.dependencies ?? []).map((d) => byUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
    });
    return out;
}

/** Runs every policy over the resources; see the module comment for the semantics. */
export async function runPolicies(
    policies: readonly Policy[],
    resources: readonly HarnessResource[],
    opts: HarnessOptions = {},
): Promise<HarnessResult> {
    const config = opts.config ?? {};
    const stackTags = opts.stackTags ?? new Map<string, string>();
    const packLevel = opts.packEnforcementLevel ?? "advisory";
    const violations: Violation[] = [];
    const notApplicable: NotApplicable[] = [];

    const handle = (p: Policy, e: unknown, resource: string | undefined, level: EnforcementLevel) => {
        if (e instanceof NotApplicableSignal) {
            notApplicable.push({ policy: p.name, resource, reason: e.reason ?? "Policy does not apply" });
            return;
        }
        if (e instanceof proxyModule.UnknownValueError) {
            violations.push({
                policy: p.name,
                level: "advisory",
                message: `can't run policy '${p.name}' during preview: ${e.message}`,
                resource,
            });
            return;
        }
        const err = new Error(
            `policy '${p.name}' failed on ${resource ?? "the stack"} (enforcement ${level}): ${e instanceof Error ? e.message : String(e)}`,
        );
        if (e instanceof Error && e.stack) err.stack = `${err.message}\n${e.stack}`;
        throw err;
    };

    for (const p of policies) {
        const level = effectiveLevel(p, config, packLevel);
        if (level === "disabled" || !isResourcePolicy(p)) continue;
        const props = policyProperties(p, config, opts.fillDefaults ?? false);
        const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource!];
        for (const r of resources) {
            for (const validate of validations) {
                const report: ReportViolation = (message) =>
                    violations.push({ policy: p.name, level: levelOf(level), message, resource: r.urn });
                try {
                    const proxied = proxyModule.unknownCheckingProxy({ ...r.props });
                    const args: ResourceValidationArgs = {
                        type: r.type,
                        props: proxied,
                        urn: r.urn,
                        name: r.name,
                        opts: optionsOf(r),
                        stackTags,
                        isType: (cls) => isTypeOf(r.type, cls),
                        asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? proxied : undefined)) as ResourceValidationArgs["asType"],
                        getConfig: <T extends object>() => ({ ...props }) as T,
                        notApplicable: throwNotApplicable,
                    };
                    await Promise.resolve(validate(args, report));
                } catch (e) {
                    handle(p, e, r.urn, level);
                }
            }
        }
    }

    let shared: PolicyResource[] | undefined;
    for (const p of policies) {
        const level = effectiveLevel(p, config, packLevel);
        if (level === "disabled" || !isStackPolicy(p)) continue;
        shared = shared ?? stackResources(resources);
        const props = policyProperties(p, config, opts.fillDefaults ?? false);
        const report: ReportViolation = (message, urn) =>
            violations.push({ policy: p.name, level: levelOf(level), message, resource: urn });
        const args: StackValidationArgs = {
            resources: shared,
            stackTags,
            getConfig: <T extends object>() => ({ ...props }) as T,
            notApplicable: throwNotApplicable,
        };
        try {
            await Promise.resolve(p.validateStack(args, report));
        } catch (e) {
            handle(p, e, undefined, level);
        }
    }
    return { violations, notApplicable };
}
