/**
 * `myriad check --manifests PATH...`: the policy pack's policies on Kubernetes objects read from files
 * (infra/manifests/read.ts) instead of a program run under mocks: hand-written StatefulSets, `helm template`
 * output, `kubectl get -o yaml`, `myriad render`'s directory. The policies read raw objects already
 * (policies/lib/workloads.ts: versions from image tags or annotations, server_ids from arguments, option files
 * or ordinal-deriving scripts, membership from labels and the governing Service), so each object is handed to
 * them as the engine would hand a resource of that type: resource policies get the object, stack policies get
 * every judged object ({@link judge}, the same run as `myriad check --stack`).
 *
 * Judged: the kinds the policies read (workloads, ConfigMaps, Secrets, Services, PodDisruptionBudgets; `TYPES`
 * of policies/lib/resources.ts). Every other kind is ignored and counted by kind in the outcome. The same object
 * (kind, namespace, name) twice is an error (exit 2), since Kubernetes would keep only one of them.
 */
import { TYPES } from "../../policies/lib/resources";
import type { HarnessResource } from "../../policies/harness/run";
import { MYRIAD_POLICIES } from "../../policies/rules";
import { CliError } from "../base/exit";
import { originOf, readManifests, type ReadObject, type ReadStdin } from "../manifests/read";
import { judge, packConfigOf, templatesOf, type CheckOutcome } from "./check";

/** Options of {@link checkManifests}. */
export interface ManifestCheckOptions {
    /** Files, directories, or `-` for standard input. */
    manifests: readonly string[];
    /** A policy pack configuration file (JSON or YAML). */
    policyConfig?: string;
}

/** Project and stack named in the URNs of objects read from files. */
const PROJECT = "manifests";

/** The kinds the policies read, by type token. */
const JUDGED: ReadonlySet<string> = new Set(Object.values(TYPES));

/**
 * The Pulumi type token of a Kubernetes object: `apps/v1` + `StatefulSet` -> `kubernetes:apps/v1:StatefulSet`,
 * `v1` + `Service` -> `kubernetes:core/v1:Service` (the tokens of @pulumi/kubernetes).
 */
export function typeOfObject(apiVersion: string, kind: string): string {
    const slash = apiVersion.indexOf("/");
    const group = slash < 0 ? "core" : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    return `kubernetes:${group}/${version}:${kind}`;
}

/** The objects read, as the policy harness takes them, plus the count of ignored objects by kind. */
export function manifestResources(read: readonly ReadObject[]): {
    resources: HarnessResource[];
    names: Map<string, string>;
    ignored: Record<string, number>;
} {
    const resources: HarnessResource[] = [];
    const names = new Map<string, string>();
    const ignored: Record<string, number> = {};
    const seen = new Map<string, ReadObject>();
    for (const r of read) {
        const { apiVersion, kind, metadata } = r.object;
        const type = typeOfObject(apiVersion, kind);
        if (!JUDGED.has(type)) {
            ignored[kind] = (ignored[kind] ?? 0) + 1;
            continue;
        }
        // Every kind the policies read is namespaced; a manifest without a namespace lands in the default one
        // (kubectl apply's default context namespace is assumed to be `default`, as the policies assume).
        const namespace = metadata.namespace ?? "default";
        const id = `${kind} ${namespace}/${metadata.name}`;
        const before = seen.get(id);
        if (before) {
            throw new CliError(
                `${id} is defined twice: ${originOf(before)} and ${originOf(r)}. Fix: give each object once (a directory and a file inside it count twice)`,
                undefined,
                originOf(r),
            );
        }
        seen.set(id, r);
        const urn = `urn:pulumi:${PROJECT}::${PROJECT}::${type}::${namespace}/${metadata.name}`;
        resources.push({ type, urn, name: metadata.name, props: r.object, outputs: r.object });
        names.set(urn, `${id} (${originOf(r)})`);
    }
    return { resources, names, ignored };
}

function describe(paths: readonly string[]): string {
    const shown = paths.map((p) => (p === "-" ? "standard input" : p));
    return shown.length <= 3 ? shown.join(", ") : `${shown.slice(0, 3).join(", ")} and ${shown.length - 3} more`;
}

/**
 * Reads the manifests and runs every policy on them. Policy-configuration errors come back in `errors`; a path
 * that cannot be read or a document that is not a Kubernetes object throws `CliError` (exit 2).
 */
export async function checkManifests(opts: ManifestCheckOptions, cwd = process.cwd(), stdin?: ReadStdin): Promise<CheckOutcome> {
    const outcome: CheckOutcome = {
        subject: `manifests ${describe(opts.manifests)}`,
        errors: [],
        violations: [],
        names: new Map(),
        resources: 0,
        policies: MYRIAD_POLICIES.length,
    };
    const pack = packConfigOf(opts.policyConfig, cwd);
    const read = readManifests(opts.manifests, cwd, stdin);
    if (pack.errors.length) {
        outcome.errors.push(...pack.errors);
        return outcome;
    }
    const { resources, names, ignored } = manifestResources(read);
    outcome.resources = resources.length;
    outcome.names = names;
    outcome.ignored = ignored;
    outcome.templates = templatesOf(resources);
    outcome.violations = await judge(resources, pack.config, PROJECT);
    return outcome;
}
