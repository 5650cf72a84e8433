/**
 * Progress of a long `myriad check --manifests` or `--program` run, on standard error: shown when standard error
 * is a terminal (one line, rewritten in place, at most ten times a second) or when `--progress` asks for it
 * (one line every two seconds and at each new step, for CI logs). Never on standard output, which carries the
 * report.
 */
import type { Io } from "../base/io";

/** A progress line printer, and `done` to end the terminal's line; undefined when progress is off. */
export interface Progress {
    say(line: string): void;
    done(): void;
}

/** The printer for `--progress` (`asked`) and a terminal standard error (`tty`), or undefined for neither. */
export function progressPrinter(asked: boolean, tty: boolean, io: Io, now: () => number = Date.now): Progress | undefined {
    if (!asked && !tty) return undefined;
    const every = tty ? 100 : 2000;
    let last = -Infinity;
    let step = "";
    let open = false;
    return {
        say(line) {
            // A new step (the text before the first ':') is always shown; updates of the same step are throttled.
            const s = line.split(":")[0];
            const t = now();
            if (s === step && t - last < every) return;
            step = s;
            last = t;
            if (tty) {
                io.err(`\r${line}\x1b[K`);
                open = true;
            } else io.err(`${line}\n`);
        },
        done() {
            if (open) io.err("\r\x1b[K");
            open = false;
        },
    };
}
