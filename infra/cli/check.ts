/**
 * `myriad check --stack NAME | --config FILE [--format text|json|markdown] [--policy-config FILE]`: the policy
 * pack's policies, run offline against the resources the program creates under Pulumi's mocks
 * (infra/policy-check/), printed by ./check-report.ts. The check loads the Pulumi program and the policies, so
 * it is imported only when the command runs: the other commands start without that cost.
 */
import type { Command } from "commander";
import { PACK_NAME } from "../../policies/pack-identity";
import type { CheckOutcome, PolicyCheckOptions } from "../policy-check/check";
import { exitCodeOf, reportJson, reportMarkdown, reportMarkdownFailure, reportText } from "./check-report";
import { formatOption, type OutputFormat } from "./format";
import { describeFailure, processIo, reportFailures, type Io } from "./report";
import { addSourceOptions } from "./source-options";
import { CliError } from "../base/exit";
import { hasBase, type BaseOptions } from "../transition/base";
import type { TransitionOutcome } from "../transition/check";
import { addBaseOptions, mergeTransition, transitionJson, transitionMarkdown, transitionText } from "./check-transition";
import { addCheckSourceOptions, checkOtherSource, checkSubject, type CheckSourceOptions } from "./check-sources";

export type { CheckReport } from "./check-report";

/** Output formats of `myriad check`. */
export type CheckFormat = OutputFormat;

/** Options of `myriad check`. */
export interface CheckOptions extends PolicyCheckOptions, BaseOptions, CheckSourceOptions {
    /** `text` (default), `json` or `markdown`. */
    format: CheckFormat;
}

/** Runs `check`, prints the report in the chosen format and returns the exit code. */
export async function runCheck(opts: CheckOptions, io: Io = processIo, cwd = process.cwd()): Promise<number> {
    const { check } = await import("../policy-check/check");
    let outcome: CheckOutcome | undefined;
    let transition: TransitionOutcome | undefined;
    const withBase = hasBase(opts);
    // File-level failures are reported in the same document as structural errors: {ok, violations, errors}.
    const code = await reportFailures(
        opts.format,
        io,
        async () => {
            try {
                if (withBase && (opts.manifests !== undefined || opts.program !== undefined)) {
                    throw new CliError(
                        "--base, --base-ref and --base-state judge a change of a stack configuration. Fix: use them with --stack or --config",
                    );
                }
                const checked = (await checkOtherSource(opts, cwd)) ?? (await check(opts, cwd));
                // With a base, the change is judged as well as the end state (docs/upgrading.md).
                if (withBase && !checked.errors.length) {
                    const { transitionCheck } = await import("../transition/check");
                    transition = await transitionCheck(opts, cwd);
                    mergeTransition(checked, transition);
                }
                outcome = checked;
            } catch (e) {
                // Markdown goes to a pull-request comment: a check that could not run says so there too.
                const failure = opts.format === "markdown" ? describeFailure(e) : undefined;
                if (!failure) throw e;
                io.out(reportMarkdownFailure(checkSubject(opts), failure.errors));
                throw e;
            }
            return 0;
        },
        (errors) => ({ ok: false, violations: [], errors, ...(withBase ? transitionJson(undefined) : {}) }),
    );
    if (!outcome) return code;
    if (opts.format === "json")
        io.out(`${JSON.stringify({ ...reportJson(outcome), ...(withBase ? transitionJson(transition) : {}) }, null, 2)}\n`);
    else if (opts.format === "markdown") io.out(reportMarkdown(outcome) + (transition?.transition ? transitionMarkdown(transition) : ""));
    else if (outcome.errors.length) io.err(reportText(outcome));
    else io.out((transition ? transitionText(transition, outcome.source?.description ?? "the configuration") : "") + reportText(outcome));
    return exitCodeOf(outcome);
}

/** Registers `check` on the root command. */
export function register(root: Command): Command {
    const cmd = root
        .command("check")
        .summary("run the policy pack offline against the resources the program would create")
        .description(
            "Plan the clusters of a stack (or file), run the program under Pulumi's mocks and judge every resource with the " +
                `policies of the ${PACK_NAME} policy pack (the same list \`pulumi preview --policy-pack policies\` runs). ` +
                "No cluster, cloud account or Pulumi CLI is needed.",
        );
    addBaseOptions(addCheckSourceOptions(addSourceOptions(cmd)))
        .addOption(formatOption(["markdown"]))
        .option("-p, --policy-config <file>", "policy pack configuration (JSON or YAML, the format of pulumi's --policy-pack-config)")
        .addHelpText(
            "after",
            [
                "",
                "Examples:",
                "  myriad check --stack staging",
                "  myriad check --config clusters.yaml --format json",
                '  myriad check --stack prod --format markdown >> "$GITHUB_STEP_SUMMARY"',
                "  myriad check --manifests k8s/ rendered.yaml",
                "  helm template db ./chart | myriad check --manifests -",
                "  myriad check --program ../orders-infra --stack prod",

                "  myriad check --stack prod --policy-config policies/config.example.json",
                "  myriad check --stack prod --base-ref origin/main          # the change since main, and the end state",
                "  myriad check --config next.yaml --base-state prod.export.json",
                "",
                "With --base, --base-ref or --base-state the change plan is printed too (what restarts, in which order,",
                "switchovers) and a rejected transition is a mandatory violation (docs/upgrading.md).",
                "",
                "Exit codes: 0 no mandatory violation (advisories are printed), 1 at least one mandatory violation,",
                "2 invalid configuration, invalid policy configuration or usage, a file that is not Kubernetes YAML,",
                "a program that fails to compile or throws.",
            ].join("\n"),
        )
        .action(async (opts: CheckOptions) => {
            process.exitCode = await runCheck(opts);
        });
    return cmd;
}
