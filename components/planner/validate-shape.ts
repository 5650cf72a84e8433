/**
 * The shape of one cluster specification (zod, ../spec/schema.ts) turned into structural errors, each with the
 * field path, the bad value and the fix. Runs before the cross-field checks (./checks/).
 */
import type { z } from "zod";
import { clusterSchema } from "../spec/schema";
import type { ClusterSpec } from "../spec/types";
import type { StructuralError } from "../spec/errors";

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
 * sound apart from unknown keys, the typed spec (without those keys) so that the cross-field checks still run
 * and every error of the cluster is reported at once. Callers never plan from a spec returned with errors.
 */
export function checkShape(raw: unknown, path: string): { spec?: ClusterSpec; errors: StructuralError[] } {
    const parsed = clusterSchema.safeParse(raw);
    if (parsed.success) return { spec: parsed.data, errors: [] };
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
    if (parsed.error.issues.every((i) => i.code === "unrecognized_keys")) {
        const stripped = JSON.parse(JSON.stringify(raw)) as unknown;
        for (const issue of parsed.error.issues) {
            const owner = valueAt(stripped, issue.path) as Record<string, unknown>;
            for (const key of (issue as { keys: string[] }).keys) delete owner[key];
        }
        const again = clusterSchema.safeParse(stripped);
        if (again.success) return { spec: again.data, errors };
    }
    return { errors };
}

/** A stack configuration (`myriad:clusters`, found at `root`) must be a non-empty list of clusters. */
export function checkClusterList(raw: unknown, root: string): StructuralError[] {
    if (Array.isArray(raw) && raw.length > 0) return [];
    return [
        {
            path: root,
            value: raw,
            message: "expected a non-empty list of clusters",
            fix: "give 'myriad:clusters' a YAML list with at least one cluster (see docs/configuration.md)",
        },
    ];
}
