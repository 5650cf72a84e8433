/**
 * `myriad render --stack NAME | --config FILE --out DIR`: every Kubernetes object the program would create,
 * one YAML file per object, with secret values redacted (infra/render/); this file parses and prints.
 *
 * Exit 0 when written; 2 when the configuration is invalid (every structural error reported, nothing written)
 * or the command line / output directory is wrong.
 */
import * as path from "node:path";
import type { Command } from "commander";
import { renderStack } from "../render/render";
import { loadSource } from "../stack-config/load";
import { EXIT, CliError } from "../base/exit";
import { formatOption, type OutputFormat } from "./format";
import { processIo, reportFailures, reportStructuralErrors, type Io } from "./report";
import { addSourceOptions, type SourceOptions } from "./source-options";

/** Options of `myriad render`. */
export interface RenderOptions extends SourceOptions {
    /** Output directory (created if missing). Required. */
    out?: string;
    /** `text` (default): a summary; `json`: `{"out","files":[...]}`, and errors as `{"errors":[...]}`. */
    format: Exclude<OutputFormat, "markdown">;
}

/** Runs `render` and returns the exit code. */
export async function runRender(opts: RenderOptions, io: Io = processIo): Promise<number> {
    if (!opts.out) throw new CliError("missing --out DIR. Fix: pass the directory to write the manifests to, for example --out out/dev");
    const source = loadSource(opts);
    const format = opts.format === "json" ? "json" : "text";
    const { errors, manifests, files } = await renderStack(source, opts.out);
    if (errors.length) {
        reportStructuralErrors(io, source, errors, format);
        return EXIT.invalid;
    }
    if (format === "json") {
        io.out(`${JSON.stringify({ out: opts.out, files }, null, 2)}\n`);
        return EXIT.ok;
    }
    const byKind = new Map<string, number>();
    for (const m of manifests) byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1);
    const kinds = [...byKind.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, n]) => `${n} ${k}`)
        .join(", ");
    io.out(`rendered ${files.length} objects from ${source.description} to ${opts.out} (${kinds}); secret values redacted\n`);
    for (const f of files) io.out(`  ${path.join(opts.out, f)}\n`);
    return EXIT.ok;
}

/** Registers `render` on the root command. */
export function register(program: Command): Command {
    const cmd = program
        .command("render")
        .summary("write every Kubernetes manifest the program creates, secrets redacted")
        .description(
            "Run the program under Pulumi's mocks and write every Kubernetes object it creates to --out DIR, one YAML " +
                "file per object: <namespace>/<kind>-<name>.yaml. Secret values are replaced by <redacted>. Nothing is " +
                "deployed. A later render into the same directory replaces the files of the previous one.",
        );
    addSourceOptions(cmd)
        .requiredOption("-o, --out <dir>", "directory to write the manifests to (created if missing; must be empty or a previous render)")
        .addOption(formatOption())
        .addHelpText(
            "after",
            [
                "",
                "Examples:",
                "  myriad render --stack dev --out out/dev",
                "  myriad render --config my-clusters.yaml --out out/mine --format json",
                "",
                "Exit codes: 0 written, 2 invalid configuration or usage (nothing is written).",
            ].join("\n"),
        )
        .action(async (opts: RenderOptions) => {
            process.exitCode = await reportFailures(opts.format, processIo, () => runRender(opts));
        });
    return cmd;
}
