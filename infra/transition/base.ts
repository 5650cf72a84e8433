/**
 * Where the base of `myriad check --base…` comes from: a configuration file (`--base FILE`), the head's own
 * stack or config file at a git revision (`--base-ref REV`, read with `git show REV:path`), or a
 * `pulumi stack export` of the deployed stack (`--base-state FILE`). Errors are `CliError`s (exit 2) naming the
 * option, the file and the fix.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CliError } from "../base/exit";
import { readTextFile } from "../base/file-errors";
import { loadConfigText, loadSource, type ConfigSource } from "../stack-config/load";
import { checkStackKeys } from "../program/stack-keys";
import { InvalidSpecError } from "../../components/spec/errors";

/** The `--base…` options (at most one). */
export interface BaseOptions {
    /** `--base FILE`: a configuration in the layouts of `--config`. */
    base?: string;
    /** `--base-ref REV`: the head's stack (or config) file at git revision REV. */
    baseRef?: string;
    /** `--base-state FILE`: a `pulumi stack export` of the deployed stack. */
    baseState?: string;
}

/** A base that was read. */
export type LoadedBase =
    /** A configuration, to be planned (and run under mocks) like the head. */
    | { kind: "config"; description: string; source: ConfigSource }
    /** A stack export document. */
    | { kind: "state"; description: string; document: unknown; file: string }
    /** No base exists (the file is new at that revision): only the end state is judged. */
    | { kind: "none"; description: string; note: string };

/** True when any `--base…` option is set. */
export function hasBase(opts: BaseOptions): boolean {
    return opts.base !== undefined || opts.baseRef !== undefined || opts.baseState !== undefined;
}

function relative(file: string, cwd: string): string {
    const rel = path.relative(cwd, file);
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

function git(args: string[], cwd: string): { ok: true; out: string } | { ok: false; err: string; missing?: boolean } {
    try {
        return {
            ok: true,
            out: execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 }),
        };
    } catch (e) {
        const x = e as NodeJS.ErrnoException & { stderr?: string };
        if (x.code === "ENOENT") return { ok: false, err: "git is not installed", missing: true };
        return {
            ok: false,
            err: String(x.stderr ?? x.message)
                .trim()
                .split("\n")[0],
        };
    }
}

/** Reads the head's file at git revision `ref`. */
function loadAtRef(ref: string, head: ConfigSource, cwd: string): LoadedBase {
    const dir = path.dirname(head.file);
    const top = git(["rev-parse", "--show-toplevel"], dir);
    if (!top.ok) {
        throw new CliError(
            top.missing
                ? `--base-ref ${ref}: ${top.err}. Fix: install git, or pass the base configuration with --base FILE`
                : `--base-ref ${ref}: ${relative(head.file, cwd)} is not in a git repository (${top.err}). Fix: run the check in a clone, or pass --base FILE`,
            undefined,
            "--base-ref",
        );
    }
    const commit = git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], dir);
    if (!commit.ok) {
        throw new CliError(
            `--base-ref ${ref}: no such revision in ${top.out.trim()}. Fix: fetch it first (git fetch origin <branch>; in GitHub Actions, actions/checkout with fetch-depth: 0), or name an existing branch, tag or commit`,
            undefined,
            "--base-ref",
        );
    }
    const rel = path.relative(fs.realpathSync(top.out.trim()), fs.realpathSync(head.file)).split(path.sep).join("/");
    const description = `${rel} at ${ref} (${commit.out.trim().slice(0, 12)})`;
    const shown = git(["show", `${commit.out.trim()}:${rel}`], dir);
    if (!shown.ok) {
        const exists = git(["cat-file", "-e", `${commit.out.trim()}:${rel}`], dir);
        if (!exists.ok) {
            return {
                kind: "none",
                description,
                note: `${rel} did not exist at ${ref}: it is new, so there is no base; only its end state is judged`,
            };
        }
        throw new CliError(
            `--base-ref ${ref}: git show ${ref}:${rel} failed (${shown.err}). Fix: check the repository`,
            undefined,
            "--base-ref",
        );
    }
    const source = loadConfigText(shown.out, description, head.file);
    const errors = checkStackKeys(source.config);
    if (errors.length) throw new InvalidSpecError(errors.map((e) => ({ ...e, path: `base ${e.path}` })));
    return { kind: "config", description, source };
}

/** Reads the base the options name (exactly one of them); `head` is the checked configuration. */
export function loadBase(opts: BaseOptions, head: ConfigSource, cwd = process.cwd()): LoadedBase {
    const given = (["base", "baseRef", "baseState"] as const).filter((k) => opts[k] !== undefined);
    if (given.length > 1) {
        const flag = { base: "--base", baseRef: "--base-ref", baseState: "--base-state" };
        throw new CliError(`${given.map((k) => flag[k]).join(" and ")} were both given. Fix: pass only one base`);
    }
    if (opts.base !== undefined) {
        const source = loadSource({ config: opts.base }, cwd);
        return { kind: "config", description: `base ${source.description}`, source };
    }
    if (opts.baseRef !== undefined) return loadAtRef(opts.baseRef, head, cwd);
    const file = path.resolve(cwd, opts.baseState!);
    const text = readTextFile(file, relative(file, cwd), "the stack export", "check the path (pulumi stack export --file FILE writes one)");
    let document: unknown;
    try {
        document = JSON.parse(text);
    } catch (e) {
        throw new CliError(
            `cannot parse the stack export ${relative(file, cwd)} as JSON (${(e as Error).message}). Fix: pass the file pulumi stack export writes`,
            undefined,
            relative(file, cwd),
        );
    }
    return { kind: "state", description: `stack export ${relative(file, cwd)}`, document, file };
}
