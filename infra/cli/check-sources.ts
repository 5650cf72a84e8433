/**
 * The sources `myriad check` judges besides a stack configuration (`--stack` / `--config`):
 *
 * - `--manifests PATH...`: Kubernetes objects read from files, directories or `-` (infra/policy-check/manifests.ts);
 * - `--program DIR [--stack NAME]`: another team's Pulumi program, run under mocks in a child process
 *   (infra/policy-check/program.ts).
 *
 * This module only declares the options and picks the source; the work is done in infra/policy-check.
 */
import { type Command } from "commander";
import type { CheckOutcome } from "../policy-check/check";
import { CliError } from "../base/exit";

/** The options of the other sources, as commander hands them to the action. */
export interface CheckSourceOptions {
    /** `--manifests PATH...`. */
    manifests?: string[];
    /** `--program DIR`. */
    program?: string;
    stack?: string;
    config?: string;
    policyConfig?: string;
}

/** Adds `--manifests` and `--program` to `myriad check`. */
export function addCheckSourceOptions(cmd: Command): Command {
    return cmd
        .option(
            "-m, --manifests <paths...>",
            "judge Kubernetes objects read from files, directories (recursively) or - (stdin): YAML, JSON, kind: List, helm template, kubectl get -o yaml, myriad render",
        )
        .option(
            "--program <dir>",
            "judge every resource another team's Pulumi program registers (its Pulumi.yaml, main and node_modules), run under mocks in a child process; --stack NAME picks its stack file",
        );
}

/**
 * The outcome of the source the options name when it is `--manifests` or `--program`; undefined for a stack
 * configuration (the caller runs `check`). Conflicting sources are a usage error.
 */
export async function checkOtherSource(opts: CheckSourceOptions, cwd: string): Promise<CheckOutcome | undefined> {
    if (opts.manifests !== undefined) {
        const other =
            opts.program !== undefined
                ? "--program"
                : opts.stack !== undefined
                  ? "--stack"
                  : opts.config !== undefined
                    ? "--config"
                    : undefined;
        if (other) throw new CliError(`--manifests and ${other} name two things to check. Fix: give one of them`);
        const { checkManifests } = await import("../policy-check/manifests");
        return checkManifests({ manifests: opts.manifests, policyConfig: opts.policyConfig }, cwd);
    }
    if (opts.program !== undefined) {
        if (opts.config !== undefined) {
            throw new CliError(
                "--program and --config name two things to check. Fix: give --program DIR, with --stack NAME for its stack file",
            );
        }
        const { checkProgram } = await import("../policy-check/program");
        return checkProgram({ dir: opts.program, stack: opts.stack, policyConfig: opts.policyConfig }, cwd);
    }
    return undefined;
}

/** What the options name, for a report of a check that could not run: `stack prod`, `manifests k8s/`, ... */
export function checkSubject(opts: CheckSourceOptions): string {
    if (opts.manifests !== undefined) return `manifests ${opts.manifests.join(" ")}`;
    if (opts.program !== undefined) return `program ${opts.program}${opts.stack !== undefined ? ` (stack ${opts.stack})` : ""}`;
    if (opts.stack !== undefined) return `stack ${opts.stack}`;
    if (opts.config !== undefined) return `config file ${opts.config}`;
    return "configuration";
}
