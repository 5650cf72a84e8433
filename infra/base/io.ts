/** Where a command writes: the process's stdout and stderr, or a capture in tests and embedders. */
export interface Io {
    out(text: string): void;
    err(text: string): void;
}

/** Writes to the process's stdout and stderr. */
export const processIo: Io = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
};
