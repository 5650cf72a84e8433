/**
 * File-system errors in words: one table of reasons and usual fixes, shared by the command's failure report and by
 * every reader that turns a file it cannot read into a `CliError`.
 */
import * as fs from "node:fs";
import { CliError } from "./exit";

/** Reasons and usual fixes by error code. */
const REASON: Record<string, [string, string]> = {
    EACCES: ["permission denied", "choose a path you can write to, or fix its permissions"],
    EPERM: ["operation not permitted", "choose a path you can write to, or fix its permissions"],
    ENOTDIR: ["a part of the path is a file, not a directory", "choose a path whose parents are directories"],
    EEXIST: ["it exists already", "remove it or choose another path"],
    ENOENT: ["no such file or directory", "check the path"],
    EISDIR: ["it is a directory", "give the path of a file"],
    EROFS: ["read-only file system", "choose a path on a writable file system"],
    ENOSPC: ["no space left on the device", "free some space or choose another file system"],
    EDQUOT: ["disk quota exceeded", "free some space or choose another file system"],
    ENAMETOOLONG: ["the name is too long", "choose a shorter path"],
    ELOOP: ["too many symbolic links", "check the symbolic links along the path"],
    EMFILE: ["too many open files", "raise the open-file limit (ulimit -n)"],
};

/** The reason of a file-system error, in words, and what usually fixes it. */
export function fileErrorReason(e: unknown): [string, string] {
    const x = e as NodeJS.ErrnoException;
    return REASON[x.code ?? ""] ?? [(x.message ?? String(e)).replace(/^[A-Z]+: /, ""), "check the path and its permissions"];
}

/**
 * Reads a text file, or throws `CliError` "cannot read WHAT SHOWN: REASON. Fix: FIX" (the fix of the reason when
 * `fix` is not given), reported at `SHOWN`.
 */
export function readTextFile(file: string, shown: string, what: string, fix?: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        const [reason, usual] = fileErrorReason(e);
        throw new CliError(
            `cannot read ${what ? `${what} ` : ""}${shown}: ${reason}. Fix: ${fix ?? usual}`,
            undefined,
            shown,
            (e as NodeJS.ErrnoException).code,
        );
    }
}

/**
 * A YAML (or JSON) syntax error of `where` as a `CliError`: the parser's message with the position shown, the
 * offending line as the value, and the fix naming the line and column.
 */
export function yamlSyntaxError(where: string, e: unknown, text: string, as = "YAML or JSON"): CliError {
    const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    // The line at the position, or the last one with text before it (an unclosed bracket is found at the end).
    const line = pos
        ? text
              .split(/\r?\n/)
              .slice(0, pos.line)
              .reverse()
              .find((l) => l.trim() !== "")
        : undefined;
    const at = pos ? `line ${pos.line}, column ${pos.col}` : "the position shown";
    const parser = (e as Error).message.trim().replace(/\.$/, "");
    return new CliError(`cannot parse ${where} as ${as}: ${parser}\nFix: correct the syntax at ${at} of ${where}`, undefined, where, line);
}
