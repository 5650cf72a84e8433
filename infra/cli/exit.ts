/**
 * Exit codes and the error type every `myriad` command uses to stop with a message.
 *
 * - 0: success.
 * - 1: the command ran and found problems (policy violations, drift); commands that can find problems use it.
 * - 2: the input cannot be used: invalid configuration (structural errors), bad command-line usage,
 *   an unknown stack, an unreadable file.
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
 * the offending value and says how to fix it; it is printed as is, without a stack trace.
 */
export class CliError extends Error {
    readonly exitCode: ExitCode;
    constructor(message: string, exitCode: ExitCode = EXIT.invalid) {
        super(message);
        this.name = "CliError";
        this.exitCode = exitCode;
    }
}
