/**
 * Exit codes and the error type every `myriad` command uses to stop with a message.
 *
 * - 0: success.
 * - 1: the command ran and found problems (policy violations, drift); commands that can find problems use it.
 * - 2: the input cannot be used: invalid configuration (structural errors, stack keys), bad command-line usage,
 *   an unknown stack, a file that cannot be read or written (with its path and the reason).
 */

/** Process exit codes shared by all commands. */
export const EXIT = {
    ok: 0,
    findings: 1,
    invalid: 2,
} as const;

/** An exit code from {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A failure that ends the command with a message on stderr and an exit code (default 2). The message names
 * the offending value and says how to fix it (`... Fix: ...`); it is printed as is, without a stack trace.
 * `where` is what the message is about (a file, or an option such as `--out`), the `path` of the JSON error;
 * `value` the offending value (a file-system error code, the line that does not parse), its `value`.
 */
export class CliError extends Error {
    readonly exitCode: ExitCode;
    readonly where: string;
    readonly value: unknown;
    constructor(message: string, exitCode: ExitCode = EXIT.invalid, where = "command line", value?: unknown) {
        super(message);
        this.name = "CliError";
        this.exitCode = exitCode;
        this.where = where;
        this.value = value;
    }
}
