/**
 * `myriad plan --stack NAME | --config FILE [--format text|json]`: the instance table of every cluster,
 * computed by the same `planStack` (the planner plus the stack-level rules) the program runs before it creates any resource. Needs no cluster,
 * no cloud account and no Pulumi CLI.
 *
 * Exit 0 with the plan; 2 when the configuration is invalid (every structural error reported) or the
 * command line is wrong.
 */
import type { Command } from "commander";
import { planStack } from "../../components/planner/plan";
import { loadSource } from "../stack-config/load";
import { EXIT } from "../base/exit";
import { planJson, planText } from "./plan-view";
import { formatOption, type OutputFormat } from "./format";
import { processIo, reportFailures, reportStructuralErrors, type Io } from "./report";
import { addSourceOptions, type SourceOptions } from "./source-options";

/** Options of `myriad plan`. */
export interface PlanOptions extends SourceOptions {
    /** `text` (default; the instance tables) or `json`. */
    format: Exclude<OutputFormat, "markdown">;
}

/** Runs `plan` and returns the exit code. */
export function runPlan(opts: PlanOptions, io: Io = processIo): number {
    const source = loadSource(opts);
    const { plans, errors } = planStack(source.clusters);
    if (errors.length) {
        reportStructuralErrors(io, source, errors, opts.format === "json" ? "json" : "text");
        return EXIT.invalid;
    }
    io.out(opts.format === "json" ? `${JSON.stringify(planJson(plans), null, 2)}\n` : planText(plans));
    return EXIT.ok;
}

/** Registers `plan` on the root command. */
export function register(program: Command): Command {
    const cmd = program
        .command("plan")
        .summary("print the planned instances of every cluster")
        .description(
            "Validate the clusters of a stack (or file) and print every instance: ordinal, template, image, version, " +
                "server_id, role, replication source, DNS name and online/offline state. Nothing is created.",
        );
    addSourceOptions(cmd)
        .addOption(formatOption())
        .addHelpText(
            "after",
            [
                "",
                "Examples:",
                "  myriad plan --stack staging",
                "  myriad plan --config my-clusters.yaml --format json",
                "",
                "Exit codes: 0 planned; 2 invalid configuration or usage (errors on stderr,",
                'or {"errors":[...]} on stdout with --format json, also for file-level errors).',
            ].join("\n"),
        )
        .action(async (opts: PlanOptions) => {
            process.exitCode = await reportFailures(opts.format, processIo, () => runPlan(opts));
        });
    return cmd;
}
