/**
 * `myriad check` command registration. The implementation (infra/cli/check.ts) loads the Pulumi program and the
 * policies, so it is imported only when the command runs: the other commands start without that cost.
 */
import { Option, type Command } from "commander";
import { PACK_NAME } from "../../policies/pack-identity";
import { addSourceOptions } from "./source";
import type { CheckOptions } from "./check";

/** Registers `check` on the root command. */
export function register(root: Command): Command {
    const cmd = root
        .command("check")
        .summary("run the policy pack offline against the resources the program would create")
        .description(
            "Plan the clusters of a stack (or file), run the program under Pulumi's mocks and judge every resource with the " +
            `policies of the ${PACK_NAME} policy pack (the same list \`pulumi preview --policy-pack policies\` runs). ` +
            "No cluster, cloud account or Pulumi CLI is needed.");
    addSourceOptions(cmd)
        .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "markdown"]).default("text"))
        .option("-p, --policy-config <file>", "policy pack configuration (JSON or YAML, the format of pulumi's --policy-pack-config)")
        .addHelpText("after", [
            "",
            "Examples:",
            "  myriad check --stack staging",
            "  myriad check --config clusters.yaml --format json",
            "  myriad check --stack prod --format markdown >> \"$GITHUB_STEP_SUMMARY\"",
            "  myriad check --stack prod --policy-config policies/config.example.json",
            "",
            "Exit codes: 0 no mandatory violation (advisories are printed), 1 at least one mandatory violation,",
            "2 invalid configuration, invalid policy configuration or usage.",
        ].join("\n"))
        .action(async (opts: CheckOptions) => {
            const { runCheck } = await import("./check");
            process.exitCode = await runCheck(opts);
        });
    return cmd;
}
