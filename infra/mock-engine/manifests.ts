/**
 * Kubernetes manifests from resources recorded under mocks (`runUnderMocks`): what `myriad render` writes and
 * what the offline policy check inspects. Secret values are never rendered: every value Pulumi marks secret is
 * replaced by `REDACTED` (keys of a Secret's `data`/`stringData` are kept, their values are not).
 */
import { isSecretEnvelope, type RecordedResource } from "./runtime";

/** The text that replaces every secret value. */
export const REDACTED = "<redacted>";

/** A Kubernetes object as plain data. */
export interface Manifest {
    apiVersion: string;
    kind: string;
    metadata: {
        name?: string;
        namespace?: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
        [k: string]: unknown;
    };
    [field: string]: unknown;
}

/** A manifest together with the resource it came from. */
export interface RecordedManifest {
    manifest: Manifest;
    /** The Pulumi resource the manifest came from. */
    resource: RecordedResource;
}

/** Modules of the `kubernetes` package that are not API objects (helm releases, YAML/kustomize wrappers). */
const NOT_OBJECTS = /^(helm\.sh|yaml|kustomize)\//;

/**
 * apiVersion and kind of a Kubernetes resource type token, or undefined for tokens that are not API objects.
 * `kubernetes:apps/v1:StatefulSet` -> `apps/v1`, `StatefulSet`; `kubernetes:core/v1:Service` -> `v1`, `Service`.
 */
export function kindOfType(type: string): { apiVersion: string; kind: string } | undefined {
    const m = /^kubernetes:([^:]+)\/([^/:]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m) return undefined;
    const [, group, version, kind] = m;
    if (NOT_OBJECTS.test(`${group}/`)) return undefined;
    return { apiVersion: group === "core" ? version : `${group}/${version}`, kind };
}

/** Copies `value`, replacing every secret with `REDACTED` (object shapes inside a secret are kept, leaves are not). */
export function redactSecrets(value: unknown): unknown {
    if (isSecretEnvelope(value)) return redactAll(value.value);
    if (Array.isArray(value)) return value.map(redactSecrets);
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = redactSecrets(v);
        return out;
    }
    return value;
}

function redactAll(value: unknown): unknown {
    if (isSecretEnvelope(value)) return redactAll(value.value);
    if (Array.isArray(value)) return value.map(redactAll);
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = redactAll(v);
        return out;
    }
    return value === undefined || value === null ? value : REDACTED;
}

/** Removes secret envelopes, keeping the plain values. For tests and in-process checks only: never print it. */
export function revealSecrets(value: unknown): unknown {
    if (isSecretEnvelope(value)) return revealSecrets(value.value);
    if (Array.isArray(value)) return value.map(revealSecrets);
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) out[k] = revealSecrets(v);
        return out;
    }
    return value;
}

/** Drops `undefined` members so manifests serialise cleanly (YAML/JSON) and compare structurally. */
function prune(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(prune);
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = prune(v);
        return out;
    }
    return value;
}

/**
 * The manifest of one recorded resource, or undefined when it is not a Kubernetes API object (components, random
 * resources, providers). With `redact` (the default) every secret value is replaced by `REDACTED`.
 */
export function manifestOf(resource: RecordedResource, opts: { redact?: boolean } = {}): Manifest | undefined {
    if (!resource.custom) return undefined;
    const k = kindOfType(resource.type);
    if (!k) return undefined;
    const body = ((opts.redact ?? true) ? redactSecrets(resource.inputs) : revealSecrets(resource.inputs)) as Record<string, unknown>;
    const { apiVersion: _a, kind: _k, metadata, ...rest } = body;
    return prune({ apiVersion: k.apiVersion, kind: k.kind, metadata: (metadata ?? {}) as Manifest["metadata"], ...rest }) as Manifest;
}

/** Every Kubernetes manifest among the recorded resources, in registration order, secrets redacted by default. */
export function toManifests(resources: readonly RecordedResource[], opts: { redact?: boolean } = {}): RecordedManifest[] {
    const out: RecordedManifest[] = [];
    for (const resource of resources) {
        const manifest = manifestOf(resource, opts);
        if (manifest) out.push({ manifest, resource });
    }
    return out;
}

/**
 * A stable, unique file name for a manifest: `<namespace>/<kind>-<name>.yaml` in lower case (the namespace
 * directory is `_cluster` for cluster-scoped objects).
 */
export function manifestFileName(m: Manifest): string {
    const ns = m.metadata.namespace ?? "_cluster";
    return `${ns}/${m.kind.toLowerCase()}-${m.metadata.name ?? "unnamed"}.yaml`;
}
