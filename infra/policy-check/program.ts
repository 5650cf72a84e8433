/**
 * `myriad check --program DIR [--stack NAME]`: the policy pack's policies on every resource another team's Pulumi
 * program registers: the MySqlCluster components it creates (from `myriad/components`) and any raw StatefulSets
 * beside them. The program runs under the mock engine in a child process (./program-runner.ts) in its own
 * directory, with its own node_modules, the way the Pulumi CLI would run it:
 *
 * - `DIR/Pulumi.yaml` (or `.yml`): `name`, `runtime` (must be nodejs; `options.typescript: false` turns
 *   ts-node off), `main` (default `.`), `stackConfigDir` (default DIR);
 * - `--stack NAME`: the configuration `config:` of `<stackConfigDir>/Pulumi.NAME.yaml`; without it the program
 *   runs with no configuration, as stack `check`. Secure values (`secure: ...`) cannot be decrypted here: the
 *   program gets a placeholder marked secret.
 *
 * The recorded resources are judged exactly as `--stack` judges this repository's program ({@link judge}).
 * A program that fails to compile or throws, or a missing SDK, is a `CliError` (exit 2) with its error; an
 * `InvalidSpecError` of a MySqlCluster comes back as structural errors (exit 2, each with path and fix).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import type { StructuralError } from "../../components/spec/errors";
import { MYRIAD_POLICIES } from "../../policies/rules";
import { CliError } from "../base/exit";
import { yamlSyntaxError } from "../base/file-errors";
import type { RecordedResource } from "../mock-engine/runtime";
import { listStacks, packageRoot } from "../stack-config/load";
import { judgeRecorded, packConfigOf, type CheckOutcome } from "./check";
import type { ProgramRequest, ProgramResult } from "./program-runner";

/** Options of {@link checkProgram}. */
export interface ProgramCheckOptions {
    /** The program's directory (holding Pulumi.yaml). */
    dir: string;
    /** Stack whose configuration the program gets. */
    stack?: string;
    /** A policy pack configuration file (JSON or YAML). */
    policyConfig?: string;
}

/** How long a program may run under mocks (compilation included). */
export const PROGRAM_TIMEOUT_MS = 300_000;

/** The Pulumi project of a program directory, as the CLI reads it. */
export interface ProgramProject {
    dir: string;
    file: string;
    name: string;
    main: string;
    typescript: boolean;
    stackConfigDir: string;
}

function shown(p: string, cwd: string): string {
    const rel = path.relative(cwd, p);
    return rel === "" ? "." : !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : p;
}

function parseYamlFile(file: string, where: string): unknown {
    const text = fs.readFileSync(file, "utf8");
    try {
        return YAML.parse(text, { uniqueKeys: true, prettyErrors: true, logLevel: "error", merge: true });
    } catch (e) {
        throw yamlSyntaxError(where, e, text, "YAML");
    }
}

/** Reads DIR/Pulumi.yaml. */
export function readProject(dirArg: string, cwd = process.cwd()): ProgramProject {
    const dir = path.resolve(cwd, dirArg);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        throw new CliError(
            `--program ${dirArg}: no such directory. Fix: give the directory of a Pulumi program (where its Pulumi.yaml is)`,
            undefined,
            dirArg,
        );
    }
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!file) {
        throw new CliError(
            `--program ${dirArg}: ${shown(dir, cwd)} has no Pulumi.yaml. Fix: give the directory of a Pulumi program`,
            undefined,
            dirArg,
        );
    }
    const where = shown(file, cwd);
    const doc = parseYamlFile(file, where) as Record<string, unknown> | null;
    const name = doc?.name;
    if (typeof name !== "string" || !name) throw new CliError(`${where} has no 'name'. Fix: name the project`, undefined, where);
    const runtime = doc?.runtime;
    const runtimeName = typeof runtime === "string" ? runtime : (runtime as { name?: unknown } | undefined)?.name;
    if (runtimeName !== "nodejs") {
        throw new CliError(
            `${where}: runtime '${String(runtimeName)}' is not supported. Fix: --program runs Node.js programs (runtime: nodejs, TypeScript or JavaScript); check other programs' output with --manifests`,
            undefined,
            where,
        );
    }
    const options = typeof runtime === "object" && runtime ? (runtime as { options?: { typescript?: unknown } }).options : undefined;
    const main = typeof doc?.main === "string" && doc.main ? doc.main : ".";
    const configDir = typeof doc?.stackConfigDir === "string" && doc.stackConfigDir ? path.resolve(dir, doc.stackConfigDir) : dir;
    return { dir, file, name, main, typescript: options?.typescript !== false, stackConfigDir: configDir };
}

/** The configuration of stack `name` of the project: `namespace:key` -> value, and the secure keys. */
export function readStackConfig(
    project: ProgramProject,
    name: string,
    cwd = process.cwd(),
): { config: Record<string, unknown>; secretKeys: string[]; file: string } {
    const short = name.split("/").pop() ?? name;
    if (!/^[A-Za-z0-9_.-]+$/.test(short) || short === "." || short === "..") {
        throw new CliError(`invalid stack name '${name}'. Fix: pass a stack name such as dev`, undefined, "--stack");
    }
    const file = [".yaml", ".yml"].map((ext) => path.join(project.stackConfigDir, `Pulumi.${short}${ext}`)).find((f) => fs.existsSync(f));
    if (!file) {
        const known = listStacks(project.stackConfigDir);
        throw new CliError(
            `unknown stack '${name}' of the program in ${shown(project.dir, cwd)}: there is no ${shown(path.join(project.stackConfigDir, `Pulumi.${short}.yaml`), cwd)}. ` +
                `Fix: use one of its stacks (${known.length ? known.join(", ") : "none found"}), or leave --stack out to run without configuration`,
            undefined,
            "--stack",
        );
    }
    const where = shown(file, cwd);
    const doc = parseYamlFile(file, where) as Record<string, unknown> | null;
    const raw = doc?.config ?? {};
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new CliError(`${where}: 'config:' is not a map. Fix: write config: as key: value pairs`, undefined, where);
    }
    const config: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        const key = k.includes(":") ? k : `${project.name}:${k}`;
        if (v && typeof v === "object" && !Array.isArray(v) && typeof (v as { secure?: unknown }).secure === "string") {
            // Encrypted with the stack's secrets provider: not readable here. The program gets a stand-in secret.
            config[key] = "<secure value: not decrypted by myriad check>";
            secretKeys.push(key);
        } else config[key] = v;
    }
    return { config, secretKeys, file };
}

/** The compiled runner (dist/), which the child process runs whether the CLI runs from dist or from sources. */
function runnerPath(): string {
    const runner = path.join(packageRoot(), "dist", "infra", "policy-check", "program-runner.js");
    if (!fs.existsSync(runner)) throw new CliError(`${runner} is missing. Fix: run npm run build in the myriad package`);
    return runner;
}

/** Runs the program in a child process and returns what it registered, or throws its error. */
async function runProgram(project: ProgramProject, request: Omit<ProgramRequest, "result">, cwd: string): Promise<RecordedResource[]> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-program-"));
    try {
        const result = path.join(tmp, "result.json");
        const requestFile = path.join(tmp, "request.json");
        fs.writeFileSync(requestFile, JSON.stringify({ ...request, result } satisfies ProgramRequest));
        const output = await new Promise<{ code: number | null; signal: string | null; log: string }>((resolve, reject) => {
            const child = spawn(process.execPath, [runnerPath(), requestFile], { cwd: project.dir, stdio: ["ignore", "pipe", "pipe"] });
            let log = "";
            const keep = (d: Buffer) => {
                log = (log + String(d)).slice(-20_000);
            };
            child.stdout.on("data", keep);
            child.stderr.on("data", keep);
            const timer = setTimeout(() => child.kill("SIGKILL"), PROGRAM_TIMEOUT_MS);
            child.on("error", (e) => {
                clearTimeout(timer);
                reject(e);
            });
            child.on("close", (code, signal) => {
                clearTimeout(timer);
                resolve({ code, signal, log });
            });
        });
        const where = `program ${shown(project.dir, cwd)}`;
        if (!fs.existsSync(result)) {
            const why =
                output.signal === "SIGKILL"
                    ? `did not finish within ${PROGRAM_TIMEOUT_MS / 1000} s`
                    : `exited with ${output.code ?? output.signal}`;
            throw new CliError(
                `the ${where} ${why} before registering its resources:\n${output.log.trim()}\nFix: make the program run to completion under \`pulumi preview\``,
                undefined,
                where,
            );
        }
        const r = JSON.parse(fs.readFileSync(result, "utf8")) as ProgramResult;
        if (r.ok) return r.resources as RecordedResource[];
        if (r.kind === "spec") throw new ProgramSpecErrors(r.errors as StructuralError[]);
        const what =
            r.kind === "compile"
                ? "fails to compile"
                : r.kind === "setup"
                  ? "cannot be run"
                  : "threw an error under Pulumi's mocks (before any resource reached a cluster)";
        const fix =
            r.kind === "compile"
                ? "fix the TypeScript errors shown (the program must compile as pulumi preview compiles it)"
                : r.kind === "setup"
                  ? "see the message"
                  : "fix the error shown; the program must run under pulumi preview";
        throw new CliError(`the ${where} ${what}:\n${r.message}\nFix: ${fix}`, undefined, where);
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

/** Structural errors a MySqlCluster of the program threw (`InvalidSpecError`). */
class ProgramSpecErrors extends Error {
    constructor(readonly errors: StructuralError[]) {
        super("invalid MySqlCluster specification");
    }
}

/** Runs the program under mocks in a child process and judges every resource it registered. */
export async function checkProgram(opts: ProgramCheckOptions, cwd = process.cwd()): Promise<CheckOutcome> {
    const project = readProject(opts.dir, cwd);
    const stack = opts.stack ?? "check";
    const { config, secretKeys } = opts.stack !== undefined ? readStackConfig(project, opts.stack, cwd) : { config: {}, secretKeys: [] };
    const outcome: CheckOutcome = {
        subject: `program ${shown(project.dir, cwd)}${opts.stack !== undefined ? ` (stack ${opts.stack})` : ""}`,
        errors: [],
        violations: [],
        names: new Map(),
        resources: 0,
        policies: MYRIAD_POLICIES.length,
    };
    const pack = packConfigOf(opts.policyConfig, cwd);
    if (pack.errors.length) {
        outcome.errors.push(...pack.errors);
        return outcome;
    }
    let recorded: RecordedResource[];
    try {
        recorded = await runProgram(
            project,
            { main: project.main, project: project.name, stack, config, secretKeys, typescript: project.typescript },
            cwd,
        );
    } catch (e) {
        if (e instanceof ProgramSpecErrors) {
            outcome.errors.push(...e.errors);
            return outcome;
        }
        throw e;
    }
    return judgeRecorded(outcome, recorded, pack.config, project.name);
}
