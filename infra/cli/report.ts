/**
 * Reporting structural configuration errors (from `planClusters`) the same way in every command:
 * text on stderr, one error per line via `formatError`, or `{"errors":[...]}` on stdout with `--format json`.
 */
import { formatError, type StructuralError } from "../../components/spec/errors";
import type { ConfigSource } from "../stack-config/load";

/** Where a command writes; tests and embedders can capture it. */
export interface Io {
    out(text: string): void;
    err(text: string): void;
}

/** Writes to the process's stdout and stderr. */
export const processIo: Io = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
};

/** The JSON form of structural errors: `{"errors":[{"path","value","message","fix"}]}` (`value` absent when missing). */
export function errorsJson(errors: readonly StructuralError[]): { errors: StructuralError[] } {
    return { errors: errors.map((e) => ({ path: e.path, value: e.value, message: e.message, fix: e.fix })) };
}

/**
 * Reports structural errors. Text: a header naming the source, then one line per error on stderr
 * (`path: message (got VALUE). Fix: ...`; paths are relative to `myriad:clusters`, e.g. `clusters[0].primary`).
 * JSON: `{"errors":[...]}` on stdout.
 */
export function reportStructuralErrors(io: Io, source: ConfigSource, errors: readonly StructuralError[], format: "json" | "text"): void {
    if (format === "json") {
        io.out(`${JSON.stringify(errorsJson(errors), null, 2)}\n`);
        return;
    }
    io.err(`invalid configuration in ${source.description}: ${errors.length} error${errors.length === 1 ? "" : "s"}\n`);
    for (const e of errors) io.err(`${formatError(e)}\n`);
}
