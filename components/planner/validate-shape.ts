/**
 * The shape of one cluster specification (zod, ../spec/schema.ts) turned into structural errors, each with the
 * field path, the bad value and the fix. Runs before the cross-field checks (./checks/).
 */
import { closest, distance } from "fastest-levenshtein";
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

/** The zod definition of a schema, as far as the key lookup needs it. */
interface SchemaDef {
    type?: string;
    shape?: Record<string, { _zod: { def: SchemaDef } }>;
    element?: { _zod: { def: SchemaDef } };
    innerType?: { _zod: { def: SchemaDef } };
    in?: { _zod: { def: SchemaDef } };
    options?: { _zod: { def: SchemaDef } }[];
}

/** The keys an object at `segments` may have (the union of the alternatives where the schema has several). */
export function knownKeysAt(segments: readonly PropertyKey[]): string[] {
    let defs: SchemaDef[] = [(clusterSchema as unknown as { _zod: { def: SchemaDef } })._zod.def];
    const unwrap = (d: SchemaDef): SchemaDef[] => {
        if (d.innerType) return unwrap(d.innerType._zod.def);
        if (d.in) return unwrap(d.in._zod.def);
        if (d.options) return d.options.flatMap((o) => unwrap(o._zod.def));
        return [d];
    };
    defs = defs.flatMap(unwrap);
    for (const seg of segments) {
        defs = defs.flatMap((d) => {
            if (typeof seg === "number" && d.element) return unwrap(d.element._zod.def);
            const child = typeof seg === "string" ? d.shape?.[seg] : undefined;
            return child ? unwrap(child._zod.def) : [];
        });
    }
    return [...new Set(defs.flatMap((d) => Object.keys(d.shape ?? {})))];
}

/** A known key close enough to `key` to be what was meant (`replcas` -> `replicas`), if any. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
    if (!known.length) return undefined;
    const best = closest(key, [...known]);
    const d = distance(key.toLowerCase(), best.toLowerCase());
    return d <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** `a number`, `a string`, `a list`, ... for zod's type names. */
function typeName(t: string | undefined): string {
    if (t === "array") return "a list";
    if (t === "object") return "a mapping";
    if (t === "integer" || t === "int") return "a whole number";
    return t ? `${/^[aeiou]/.test(t) ? "an" : "a"} ${t}` : "a value of the documented type";
}

/** What was given instead, in words: `a string`, `a list` (the value itself is printed beside the message). */
function givenName(v: unknown): string {
    if (Array.isArray(v)) return "a list";
    if (v === null) return "null";
    if (typeof v === "object") return "a mapping";
    return typeName(typeof v);
}

/** The message of a shape issue, without the schema library's wording. */
function shapeMessage(issue: z.core.$ZodIssue, value: unknown): string {
    if (issue.code === "invalid_type") {
        const expected = typeName((issue as { expected?: string }).expected);
        return value === undefined ? `a required field: ${expected}` : `expected ${expected}, got ${givenName(value)}`;
    }
    return issue.message.replace(/^Invalid input: /, "");
}

function shapeFix(issue: z.core.$ZodIssue): string {
    switch (issue.code) {
        case "unrecognized_keys":
            return "remove the key or check its spelling against docs/configuration.md";
        case "invalid_type":
            return `give ${typeName((issue as { expected?: string }).expected)} (see docs/configuration.md)`;
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
    // A misspelt key is one mistake, not two: `replcas` is reported with its did-you-mean, and the then missing
    // `replicas` is not reported again.
    const meant = new Set<string>();
    for (const issue of parsed.error.issues) {
        if (issue.code !== "unrecognized_keys") continue;
        for (const key of issue.keys) {
            const guess = didYouMean(key, knownKeysAt(issue.path));
            if (guess) meant.add(pathOf(path, [...issue.path, guess]));
        }
    }
    for (const issue of parsed.error.issues) {
        if (issue.code === "unrecognized_keys") {
            for (const key of issue.keys) {
                const segs = [...issue.path, key];
                const guess = didYouMean(key, knownKeysAt(issue.path));
                errors.push({
                    path: pathOf(path, segs),
                    value: valueAt(raw, segs),
                    message: guess ? `unknown key '${key}' (did you mean '${guess}'?)` : `unknown key '${key}'`,
                    fix: guess ? `rename '${key}' to '${guess}'` : shapeFix(issue),
                });
            }
            continue;
        }
        const where = pathOf(path, issue.path);
        const value = valueAt(raw, issue.path);
        if (value === undefined && meant.has(where)) continue;
        errors.push({ path: where, value, message: shapeMessage(issue, value), fix: shapeFix(issue) });
    }
    const folded = (i: z.core.$ZodIssue) =>
        i.code !== "unrecognized_keys" && valueAt(raw, i.path) === undefined && meant.has(pathOf(path, i.path));
    if (parsed.error.issues.every((i) => i.code === "unrecognized_keys" || folded(i))) {
        // Unknown keys dropped (a misspelt one read under the key it was meant as), so that the cross-field checks
        // still report every other error of the cluster.
        const stripped = JSON.parse(JSON.stringify(raw)) as unknown;
        for (const issue of parsed.error.issues) {
            if (issue.code !== "unrecognized_keys") continue;
            const owner = valueAt(stripped, issue.path) as Record<string, unknown>;
            for (const key of issue.keys) {
                const guess = didYouMean(key, knownKeysAt(issue.path));
                if (guess && owner[guess] === undefined) owner[guess] = owner[key];
                delete owner[key];
            }
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
