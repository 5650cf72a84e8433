/**
 * Structural configuration errors: each names the field path, the bad value and the fix. They are collected
 * all at once and reported before any resource exists.
 */

/** One problem in a cluster specification. */
export interface StructuralError {
    /** Field path from the configuration root, e.g. `clusters[0].templates[1].ordinals`. */
    path: string;
    /** The offending value (JSON-serialisable); undefined for a missing field. */
    value: unknown;
    /** What is wrong. */
    message: string;
    /** What to do instead. */
    fix: string;
}

/** The one way a rule states an error: at `path`, the offending `value` (undefined for a missing field), what is wrong, what to do. */
export function structuralError(path: string, value: unknown, message: string, fix: string): StructuralError {
    return { path, value, message, fix };
}

/** Renders one error as a single line: `path: message (got VALUE). Fix: ...`. */
export function formatError(e: StructuralError): string {
    const got = e.value === undefined ? "missing" : `got ${safeJson(e.value)}`;
    return `${e.path}: ${e.message} (${got}). Fix: ${e.fix}`;
}

function safeJson(v: unknown): string {
    try {
        const s = JSON.stringify(v);
        if (s === undefined) return String(v);
        return s.length > 200 ? `${s.slice(0, 197)}...` : s;
    } catch {
        return String(v);
    }
}

/** Thrown by the component and the program when a specification has structural errors. */
export class InvalidSpecError extends Error {
    readonly errors: StructuralError[];
    constructor(errors: StructuralError[]) {
        super(
            `invalid MySQL cluster configuration (${errors.length} error${errors.length === 1 ? "" : "s"}):\n` +
                errors.map((e) => `  - ${formatError(e)}`).join("\n"),
        );
        this.name = "InvalidSpecError";
        this.errors = errors;
    }
}
