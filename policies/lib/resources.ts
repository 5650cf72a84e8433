/**
 * Reading Kubernetes resources as policies see them: plain JSON (`props`), possibly wrapped in
 * `@pulumi/policy`'s unknown-checking proxy, which throws `UnknownValueError` when a value is not known yet
 * (during `pulumi preview`). Helpers here never let one unknown field abort a whole policy: `known()` turns an
 * unknown into "not known" for the field that needed it, so the rest of the stack is still judged.
 */

/** Type tokens of the Kubernetes resources the policies read. */
export const TYPES = {
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    deployment: "kubernetes:apps/v1:Deployment",
    replicaSet: "kubernetes:apps/v1:ReplicaSet",
    daemonSet: "kubernetes:apps/v1:DaemonSet",
    job: "kubernetes:batch/v1:Job",
    cronJob: "kubernetes:batch/v1:CronJob",
    pod: "kubernetes:core/v1:Pod",
    configMap: "kubernetes:core/v1:ConfigMap",
    secret: "kubernetes:core/v1:Secret",
    service: "kubernetes:core/v1:Service",
    podDisruptionBudget: "kubernetes:policy/v1:PodDisruptionBudget",
    podDisruptionBudgetV1beta1: "kubernetes:policy/v1beta1:PodDisruptionBudget",
} as const;

/** The minimum a policy needs of a resource (both `ResourceValidationArgs` and `PolicyResource` have it). */
export interface ResourceLike {
    type: string;
    urn: string;
    name: string;
    props: Record<string, unknown>;
}

/** A JSON object. */
export type Obj = Record<string, unknown>;

/** True for the error `@pulumi/policy` throws when a property is unknown during preview (any copy of the package). */
export function isUnknownValueError(e: unknown): boolean {
    if (!(e instanceof Error)) return false;
    return e.constructor?.name === "UnknownValueError" || "unknownTypeSentinel" in e;
}

/** Runs `read`; returns `fallback` when it touches a value that is unknown during preview. Other errors propagate. */
export function known<T>(read: () => T, fallback: T): T {
    try {
        return read();
    } catch (e) {
        if (isUnknownValueError(e)) return fallback;
        throw e;
    }
}

/** `v` as an object, or undefined. */
export function obj(v: unknown): Obj | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;
}

const SKIP = Symbol("unknown");

/**
 * `v` as a plain array, or an empty array. Elements that are unknown during preview are dropped (reading one
 * through the unknown-checking proxy throws, so `Array.prototype.map` on the proxy itself would abort).
 */
export function arr(v: unknown): unknown[] {
    const a = known(() => (Array.isArray(v) ? (v as unknown[]) : undefined), undefined);
    if (!a) return [];
    const n = known(() => a.length, 0);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
        const x = known<unknown>(() => a[i], SKIP);
        if (x !== SKIP) out.push(x);
    }
    return out;
}

/** True when `v` is an array some of whose elements are unknown during preview. */
export function hasUnknownItems(v: unknown): boolean {
    const a = known(() => (Array.isArray(v) ? (v as unknown[]) : undefined), undefined);
    return a !== undefined && arr(a).length !== known(() => a.length, 0);
}

/** `v` as a string, or undefined. */
export function str(v: unknown): string | undefined {
    return typeof v === "string" ? v : undefined;
}

/** Reads a path of keys, tolerating missing levels and unknown values (undefined). */
export function at(root: unknown, ...path: (string | number)[]): unknown {
    return known(() => {
        let v: unknown = root;
        for (const k of path) {
            if (v === null || v === undefined || typeof v !== "object") return undefined;
            v = (v as Record<string | number, unknown>)[k];
        }
        return v;
    }, undefined);
}

/** A string-to-string map at a path (labels, annotations, ConfigMap data); unknown or non-string values dropped. */
export function stringMap(root: unknown, ...path: (string | number)[]): Record<string, string> {
    const m = obj(at(root, ...path));
    const out: Record<string, string> = {};
    if (!m) return out;
    for (const k of known(() => Object.keys(m), [] as string[])) {
        const v = known(() => m[k], undefined);
        if (typeof v === "string") out[k] = v;
    }
    return out;
}

/** `metadata.name`, `metadata.namespace` (default `default`), labels and annotations of an object. */
export function metadataOf(props: unknown): {
    name?: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
} {
    return {
        name: str(at(props, "metadata", "name")),
        namespace: str(at(props, "metadata", "namespace")) ?? "default",
        labels: stringMap(props, "metadata", "labels"),
        annotations: stringMap(props, "metadata", "annotations"),
    };
}

/** Short human name of a resource: `StatefulSet staging/orders-10` (or the Pulumi name). */
export function displayName(r: ResourceLike): string {
    const kind = /:([A-Za-z0-9]+)$/.exec(r.type)?.[1] ?? r.type;
    const md = metadataOf(r.props);
    return md.name ? `${kind} ${md.namespace}/${md.name}` : `${kind} ${r.name}`;
}

/** Where the pod template of a workload kind lives. */
export function podTemplateOf(r: ResourceLike): Obj | undefined {
    switch (r.type) {
        case TYPES.pod:
            return { metadata: at(r.props, "metadata"), spec: at(r.props, "spec") };
        case TYPES.cronJob:
            return obj(at(r.props, "spec", "jobTemplate", "spec", "template"));
        case TYPES.statefulSet:
        case TYPES.deployment:
        case TYPES.replicaSet:
        case TYPES.daemonSet:
        case TYPES.job:
            return obj(at(r.props, "spec", "template"));
        default:
            return undefined;
    }
}
