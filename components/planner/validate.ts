/**
 * Structural validation of cluster specifications: shape (zod) and cross-field rules. Pure; collects every
 * error at once, each with the field path, the bad value and the fix. Version compatibility is NOT judged
 * here: that is the policy pack's job (one implementation of each rule, tunable enforcement).
 */
import type { z } from "zod";
import { clusterSchema } from "../spec/schema";
import type { ClusterSpec } from "../spec/types";
import type { StructuralError } from "../spec/errors";
import { managedReason } from "../mysqld/managed-options";
import { flavorFromImage, versionFromImage } from "../versions/image";
import { formatVersion, parseVersion } from "../versions/version";
import { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN, MAX_CLUSTER_NAME } from "./naming";

/** Largest valid server_id (mysql-compat.md; MySQL manual: server_id is 1..2^32-1, 0 disables replication). */
export const MAX_SERVER_ID = 4294967295;

/** Default values of optional cluster fields. */
export const DEFAULTS = {
    namespace: "default",
    mode: "async" as const,
    serverIdBase: 100,
    maxReplicaLagSeconds: 30,
    clusterDomain: "cluster.local",
    weight: 50,
    storageSize: "10Gi",
    semisyncWaitForReplicaCount: 1,
    semisyncTimeoutMs: 4294967295,
    groupConsistency: "BEFORE_ON_PRIMARY_FAILOVER" as const,
};

function pathOf(root: string, segments: readonly PropertyKey[]): string {
    let p = root;
    for (const s of segments) p += typeof s === "number" ? `[${s}]` : `.${String(s)}`;
    return p;
}

function valueAt(raw: unknown, segments: readonly PropertyKey[]): unknown {
    let v: unknown = raw;
    for (const s of segments) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<PropertyKey, unknown>)[s as never];
    }
    return v;
}

function shapeFix(issue: z.core.$ZodIssue): string {
    switch (issue.code) {
        case "unrecognized_keys":
            return "remove the key or check its spelling against docs/configuration.md";
        case "invalid_type":
            return `give a value of type ${(issue as { expected?: string }).expected ?? "as documented"}`;
        case "invalid_value":
            return `use one of: ${((issue as { values?: unknown[] }).values ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
        case "too_small":
        case "too_big":
            return "use a value within the documented bounds";
        default:
            return "correct the value as documented in docs/configuration.md";
    }
}

/**
 * Validates the shape of one cluster (`raw`, found at `path`). Returns the shape errors and, when the shape is
 * sound apart from unknown keys, the typed spec (without those keys) so that the cross-field rules still run.
 * Each cluster is checked on its own so that the cross-field rules still run for the others.
 */
export function checkShape(raw: unknown, path: string): { spec?: ClusterSpec; errors: StructuralError[] } {
    const parsed = clusterSchema.safeParse(raw);
    if (parsed.success) return { spec: parsed.data as ClusterSpec, errors: [] };
    const errors: StructuralError[] = [];
    for (const issue of parsed.error.issues) {
        if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys) {
                const segs = [...issue.path, key];
                errors.push({ path: pathOf(path, segs), value: valueAt(raw, segs), message: `unknown key '${key}'`, fix: shapeFix(issue) });
            }
            continue;
        }
        errors.push({ path: pathOf(path, issue.path), value: valueAt(raw, issue.path), message: issue.message, fix: shapeFix(issue) });
    }
    // Unknown keys alone do not hide the other rules: drop them and check the rest, so that every error of the
    // cluster is reported at once. The spec is returned with the errors; callers never plan from it.
    if (parsed.error.issues.every((i) => i.code === "unrecognized_keys")) {
        const stripped = JSON.parse(JSON.stringify(raw)) as unknown;
        for (const issue of parsed.error.issues) {
            const owner = valueAt(stripped, issue.path) as Record<string, unknown>;
            for (const key of (issue as { keys: string[] }).keys) delete owner[key];
        }
        const again = clusterSchema.safeParse(stripped);
        if (again.success) return { spec: again.data as ClusterSpec, errors };
    }
    return { errors };
}

/** Resolved version and flavour of one template, or the errors that prevent resolving them. */
export interface ResolvedTemplate {
    version?: string;
    flavor: ClusterSpec["flavor"] & string;
}

/** Resolves a template's version (tag or `version`) and flavour, reporting contradictions. */
export function resolveTemplate(spec: ClusterSpec, t: number, path: string, errors: StructuralError[]): ResolvedTemplate {
    const tpl = spec.templates[t];
    const fromTag = versionFromImage(tpl.image);
    let version: string | undefined;
    if (tpl.version !== undefined) {
        const declared = parseVersion(tpl.version);
        if (!declared) {
            errors.push({ path: `${path}.version`, value: tpl.version, message: "not an exact server version", fix: "give the version as X.Y.Z, for example 8.0.36" });
        } else if (fromTag && formatVersion(fromTag) !== formatVersion(declared)) {
            errors.push({
                path: `${path}.version`, value: tpl.version,
                message: `disagrees with the image tag of '${tpl.image}', which pins ${formatVersion(fromTag)}`,
                fix: `remove 'version' or make it ${formatVersion(fromTag)}`,
            });
        } else {
            version = formatVersion(declared);
        }
    } else if (fromTag) {
        version = formatVersion(fromTag);
    } else {
        errors.push({
            path: `${path}.version`, value: undefined,
            message: `the image '${tpl.image}' carries no X.Y.Z tag, so the server version is unknown`,
            fix: "pin the image to an exact tag (for example mysql:8.0.36) or declare 'version: X.Y.Z' beside the digest",
        });
    }
    const inferred = flavorFromImage(tpl.image);
    if (spec.flavor && inferred && inferred !== spec.flavor) {
        errors.push({
            path: `${path}.image`, value: tpl.image,
            message: `the repository name says ${inferred} but the cluster's flavor is ${spec.flavor}`,
            fix: `use a ${spec.flavor} image or set the cluster's flavor to match`,
        });
    }
    return { version, flavor: spec.flavor ?? inferred ?? "mysql" };
}

/** Checks the per-cluster rules that do not need ordinal allocation. */
export function checkNames(spec: ClusterSpec, path: string, errors: StructuralError[]): void {
    if (!DNS1035_LABEL.test(spec.name) || spec.name.length > MAX_CLUSTER_NAME) {
        errors.push({
            path: `${path}.name`, value: spec.name,
            message: `a cluster name must be a DNS-1035 label of at most ${MAX_CLUSTER_NAME} characters`,
            fix: "use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit",
        });
    }
    if (spec.namespace !== undefined && (!DNS1123_LABEL.test(spec.namespace) || spec.namespace.length > 63)) {
        errors.push({ path: `${path}.namespace`, value: spec.namespace, message: "a namespace must be a DNS-1123 label", fix: "use lower-case letters, digits and '-', at most 63 characters" });
    }
    if (spec.clusterDomain !== undefined && !DNS1123_SUBDOMAIN.test(spec.clusterDomain)) {
        errors.push({ path: `${path}.clusterDomain`, value: spec.clusterDomain, message: "not a DNS domain", fix: "use the cluster's DNS domain, usually cluster.local" });
    }
    const seen = new Map<string, number>();
    spec.templates.forEach((tpl, t) => {
        const tp = `${path}.templates[${t}]`;
        if (!DNS1123_LABEL.test(tpl.name) || tpl.name.length > 63) {
            errors.push({ path: `${tp}.name`, value: tpl.name, message: "a template name must be a DNS-1123 label", fix: "use lower-case letters, digits and '-', at most 63 characters" });
        }
        const prev = seen.get(tpl.name);
        if (prev !== undefined) {
            errors.push({ path: `${tp}.name`, value: tpl.name, message: `duplicates the name of templates[${prev}]`, fix: "give every template of a cluster its own name" });
        } else seen.set(tpl.name, t);
        for (const key of Object.keys(tpl.config ?? {})) {
            const reason = managedReason(key);
            if (reason) {
                errors.push({ path: `${tp}.config.${key}`, value: tpl.config![key], message: `'${key}' is managed by the component: ${reason}`, fix: `remove '${key}' from the template's config` });
            }
        }
    });
    const mode = spec.mode ?? DEFAULTS.mode;
    if (spec.semisync && mode !== "semisync") {
        errors.push({ path: `${path}.semisync`, value: spec.semisync, message: `semisync settings apply only to mode semisync, but mode is ${mode}`, fix: "remove 'semisync' or set 'mode: semisync'" });
    }
    if (spec.group && mode !== "group") {
        errors.push({ path: `${path}.group`, value: spec.group, message: `group settings apply only to mode group, but mode is ${mode}`, fix: "remove 'group' or set 'mode: group'" });
    }
    if (spec.serverIdBase !== undefined && spec.serverIdBase < 1) {
        errors.push({ path: `${path}.serverIdBase`, value: spec.serverIdBase, message: "serverIdBase must be at least 1 (server_id 0 disables replication)", fix: "use a base of 1 or more, for example 100" });
    }
}
