/**
 * The one `--format` vocabulary of every command: `text` (for people, the default) and `json` (for programs),
 * plus `markdown` where a command has it (`myriad check`). `table`, the former name of `text` for the
 * commands that print tables, is still accepted and means `text`.
 */
import { InvalidArgumentError, Option } from "commander";

/** Every output format a command may offer. */
export type OutputFormat = "text" | "json" | "markdown";

/** The `-f, --format <format>` option with `text` and `json`, and `extra` formats. */
export function formatOption(extra: readonly Exclude<OutputFormat, "text" | "json">[] = []): Option {
    const choices: OutputFormat[] = ["text", "json", ...extra];
    return new Option("-f, --format <format>", `output format: ${choices.join(", ")} (table: the same as text)`)
        .default("text")
        .argParser((value: string): OutputFormat => {
            const v = value === "table" ? "text" : value;
            if (!(choices as string[]).includes(v)) {
                throw new InvalidArgumentError(`'${value}' is not a format. Fix: use one of ${choices.join(", ")}`);
            }
            return v as OutputFormat;
        });
}
