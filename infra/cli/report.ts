/**
 * Reporting failures the same way in every command: structural configuration errors (from `planStack` and the
 * stack keys), file-level errors (`CliError`) and file-system failures. Text goes to stderr, one error per line;
 * with `--format json` the command prints its error document on stdout, whose `errors` list has the same shape
 * everywhere: `[{"path","value","message","fix"}]`.
 */
import { formatError, InvalidSpecError, type StructuralError } from "../../components/spec/errors";
import type { ConfigSource } from "../stack-config/load";
import { CliError, EXIT, type ExitCode } from "../base/exit";
import { fileErrorReason } from "../base/file-errors";
import type { Io } from "../base/io";

export { processIo, type Io } from "../base/io";

/** The JSON form of structural errors: `{"errors":[{"path","value","message","fix"}]}` (`value` null when there is none). */
export function errorsJson(errors: readonly StructuralError[]): { errors: StructuralError[] } {
    return { errors: errors.map((e) => ({ path: e.path, value: e.value ?? null, message: e.message, fix: e.fix })) };
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

/** What the system call of a file-system error was doing, in words. */
const SYSCALL: Record<string, string> = {
    mkdir: "create the directory",
    open: "open",
    read: "read",
    write: "write",
    rmdir: "remove the directory",
    unlink: "remove",
    rename: "rename",
    scandir: "list the directory",
    stat: "inspect",
    lstat: "inspect",
    access: "access",
    copyfile: "copy",
    symlink: "link",
};

/** A Node.js file-system error (it carries the path and the error code). */
function fsError(e: unknown): (NodeJS.ErrnoException & { path: string; code: string }) | undefined {
    const x = e as NodeJS.ErrnoException;
    return e instanceof Error && typeof x.code === "string" && typeof x.path === "string"
        ? (x as NodeJS.ErrnoException & { path: string; code: string })
        : undefined;
}

/** A failure the commands expect, as structural errors and the exit code; undefined for a bug. */
export interface Failure {
    exitCode: ExitCode;
    /** A header line for text output, e.g. `invalid configuration: 2 errors`. */
    header?: string;
    /** The text form, when it is not one line per error (a `CliError`'s own message). */
    text?: string;
    errors: StructuralError[];
}

/** Splits a `CliError` message `... Fix: ...` into what is wrong and the fix. */
function splitFix(message: string): { message: string; fix: string } {
    const at = message.lastIndexOf("Fix: ");
    if (at < 0) return { message, fix: "see the command's --help" };
    return { message: message.slice(0, at).replace(/[.;\s]+$/, ""), fix: message.slice(at + 5).trim() };
}

/**
 * Classifies a failure: a `CliError` (exit code, message, fix), an `InvalidSpecError` (exit 2, every error), or a
 * file-system error (exit 2, the path and the reason). Anything else is a bug: undefined.
 */
export function describeFailure(e: unknown): Failure | undefined {
    if (e instanceof CliError) {
        const { message, fix } = splitFix(e.message);
        return { exitCode: e.exitCode, text: e.message, errors: [{ path: e.where, value: e.value, message, fix }] };
    }
    if (e instanceof InvalidSpecError) {
        return {
            exitCode: EXIT.invalid,
            header: `invalid configuration: ${e.errors.length} error${e.errors.length === 1 ? "" : "s"}`,
            errors: e.errors,
        };
    }
    const f = fsError(e);
    if (f) {
        const [reason, fix] = fileErrorReason(f);
        const what = f.syscall ? (SYSCALL[f.syscall] ?? f.syscall) : "use";
        return { exitCode: EXIT.invalid, errors: [{ path: f.path, value: f.code, message: `cannot ${what} ${f.path}: ${reason}`, fix }] };
    }
    return undefined;
}

/** Prints a failure as text on stderr (one line per error). */
export function printFailureText(io: Io, failure: Failure): void {
    if (failure.text !== undefined) {
        io.err(`myriad: ${failure.text}\n`);
        return;
    }
    if (failure.header) io.err(`myriad: ${failure.header}\n`);
    for (const e of failure.errors) {
        io.err(failure.header ? `${formatError(e)}\n` : `myriad: ${e.message}. Fix: ${e.fix}\n`);
    }
}

/**
 * Runs a command's work and reports an expected failure in the command's format: with `json`, the command's
 * error document (`envelope` of the errors, default `{"errors":[...]}`) on stdout; with text, the lines on
 * stderr. A bug is rethrown (the CLI reports it as an internal error).
 */
export async function reportFailures(
    format: string,
    io: Io,
    work: () => number | Promise<number>,
    envelope: (errors: StructuralError[]) => unknown = errorsJson,
): Promise<number> {
    try {
        return await work();
    } catch (e) {
        const failure = describeFailure(e);
        if (!failure) throw e;
        if (format === "json") io.out(`${JSON.stringify(envelope(errorsJson(failure.errors).errors), null, 2)}\n`);
        else printFailureText(io, failure);
        return failure.exitCode;
    }
}
