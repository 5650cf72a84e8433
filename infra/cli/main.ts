/**
 * The `myriad` command line. It only parses and prints: each command lives in its own file
 * `infra/cli/<command>.ts` exporting `register(program: Command)`, which declares the options, validates them,
 * calls the folder that does the work (infra/stack-config, infra/render, infra/policy-check, infra/local,
 * infra/verify) and prints the result. This file only assembles them and maps failures to exit codes
 * (see ../base/exit.ts): 0 success, 1 findings (commands that judge something), 2 invalid configuration or usage.
 *
 * To add a command: create `infra/cli/<name>.ts` with `export function register(program: Command)`, import it
 * below and add it to {@link COMMANDS}. Register options with commander so `myriad <name> --help` documents them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError } from "commander";
import { EXIT } from "../base/exit";
import { forceAscii } from "./table";
import { describeFailure, printFailureText, processIo } from "./report";
import { packageRoot } from "../stack-config/load";
import { register as registerPlan } from "./plan";
import { register as registerRender } from "./render";
import { register as registerLocal } from "./local";
import { register as registerVerify } from "./verify";
import { register as registerCheck } from "./check";

/** Registration functions of every command, in the order `myriad --help` lists them. */
export const COMMANDS: ReadonlyArray<(program: Command) => unknown> = [
    registerPlan,
    registerRender,
    registerLocal,
    registerVerify,
    registerCheck,
];

/** Exit code for an unexpected failure (a bug): sysexits' EX_SOFTWARE, distinct from 1 and 2. */
export const EXIT_INTERNAL = 70;

function packageVersion(): string {
    try {
        return (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version?: string }).version ?? "0.0.0";
    } catch {
        return "0.0.0";
    }
}

/** Builds the root command with every registered command. */
export function buildCli(): Command {
    const program = new Command("myriad")
        .description(
            "Myriad: replicated MySQL on Kubernetes with heterogeneous instance templates, as a Pulumi component. " +
                "These commands run the same planner and program as `pulumi up`, offline: no cluster, no cloud account " +
                "and no Pulumi CLI are needed. The configuration is the stack key myriad:clusters (docs/configuration.md).",
        )
        .version(packageVersion(), "-V, --version", "print the version")
        .option("--ascii", "ASCII tables, even on a terminal (also when NO_COLOR is set or the output is not a terminal)")
        .hook("preAction", (root) => forceAscii(!!root.opts<{ ascii?: boolean }>().ascii))
        .helpOption("-h, --help", "show help for a command")
        .helpCommand("help [command]", "show help for a command")
        .showHelpAfterError("(run `myriad <command> --help` for usage)")
        // Throw instead of exiting so that usage errors become exit code 2. Inherited by the commands below.
        .exitOverride();
    program.addHelpText(
        "after",
        [
            "",
            "Configuration:",
            "  --stack NAME   <stackConfigDir>/Pulumi.NAME.yaml of the nearest Pulumi.yaml",
            "                 (this package's stacks/ when there is none), key myriad:clusters",
            "  --config FILE  a YAML or JSON file: the same 'config:' layout, or a bare list",
            "",
            "Exit codes:",
            "  0  success",
            "  1  findings (policy violations, drift)",
            "  2  invalid configuration, unknown stack or bad usage",
            "",
            "Examples:",
            "  myriad plan --stack staging",
            "  myriad plan --stack prod --format json",
            "  myriad render --stack dev --out out/dev",
            "  myriad check --stack staging",
        ].join("\n"),
    );
    for (const register of COMMANDS) register(program);
    return program;
}

/** Prints a failure and returns its exit code. */
function report(e: unknown): number {
    if (e instanceof CommanderError) {
        // commander already printed the message (or the help). Help and --version exit 0.
        return e.exitCode === 0 ? EXIT.ok : EXIT.invalid;
    }
    // Expected failures (CliError, InvalidSpecError, a file-system error with its path): exit 2, no stack trace.
    const failure = describeFailure(e);
    if (failure) {
        printFailureText(processIo, failure);
        return failure.exitCode;
    }
    process.stderr.write(`myriad: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INTERNAL;
}

/**
 * Runs the CLI on `argv` (node-style: argv[0] node, argv[1] script) and returns the exit code.
 *
 * A program that throws under Pulumi's mocks rejects more than one promise inside the SDK: the stack's outputs,
 * which the command awaits, and the stack resource's own initialisation, which nothing awaits. The failure is
 * reported once, from the awaited path; unawaited rejections are collected instead of crashing the process
 * with Node's default exit code 1, and one is reported as an internal error only if the command otherwise
 * succeeded.
 */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
    const unhandled: unknown[] = [];
    process.on("unhandledRejection", (reason) => {
        unhandled.push(reason);
    });
    let code: number;
    try {
        await buildCli().parseAsync([...argv]);
        code = typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
    } catch (e) {
        code = report(e);
    }
    // Let the SDK's unawaited rejections surface before judging success.
    await new Promise((resolve) => setImmediate(resolve));
    if (code === EXIT.ok && unhandled.length) code = report(unhandled[0]);
    return code;
}

if (require.main === module) {
    void main().then((code) => {
        process.exitCode = code;
    });
}
