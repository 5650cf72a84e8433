/**
 * The options every command that reads `myriad:clusters` declares (plan, render, check, local up, verify):
 * `--stack NAME` or `--config FILE`. infra/stack-config/load.ts reads the configuration they name.
 */
import type { Command } from "commander";

export type { SourceOptions } from "../stack-config/load";

/** Adds `--stack NAME` and `--config FILE` to a command. */
export function addSourceOptions(cmd: Command): Command {
    return cmd
        .option("-s, --stack <name>", "read myriad:clusters from the stack file <stackConfigDir>/Pulumi.<name>.yaml")
        .option("-c, --config <file>", "read the clusters from a YAML or JSON file (stack-file layout or a bare list)");
}
