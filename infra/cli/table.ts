/**
 * Output for people: tables that fit the terminal and text that wraps. The width is `COLUMNS` when set, else the
 * terminal's width, else 80 (not a terminal). Box-drawing characters only on a terminal without `NO_COLOR` and
 * without `--ascii` (https://no-color.org/); ASCII (`+`, `-`, `|`) otherwise, so logs and pipes stay plain.
 */
import Table from "cli-table3";

let asciiForced = false;

/** `--ascii` (a global option of `myriad`): ASCII tables even on a terminal. */
export function forceAscii(on: boolean): void {
    asciiForced = on;
}

/** The width to fit: `COLUMNS`, else the terminal's, else 80. */
export function outputWidth(env: NodeJS.ProcessEnv = process.env, stream: NodeJS.WriteStream = process.stdout): number {
    const columns = Number(env.COLUMNS);
    if (Number.isInteger(columns) && columns > 0) return columns;
    return stream.isTTY && stream.columns ? stream.columns : 80;
}

/** True when tables use ASCII: not a terminal, `NO_COLOR` set, or `--ascii`. */
export function useAscii(env: NodeJS.ProcessEnv = process.env, stream: NodeJS.WriteStream = process.stdout): boolean {
    return asciiForced || !stream.isTTY || (env.NO_COLOR !== undefined && env.NO_COLOR !== "");
}

const ASCII_CHARS = {
    top: "-",
    "top-mid": "+",
    "top-left": "+",
    "top-right": "+",
    bottom: "-",
    "bottom-mid": "+",
    "bottom-left": "+",
    "bottom-right": "+",
    left: "|",
    "left-mid": "+",
    mid: "-",
    "mid-mid": "+",
    right: "|",
    "right-mid": "+",
    middle: "|",
};

/** How to fit a table. */
export interface FitOptions {
    /** Width to fit. Default: {@link outputWidth}. */
    width?: number;
    /** ASCII borders. Default: {@link useAscii}. */
    ascii?: boolean;
    /** Column indexes that may be dropped, first dropped first. */
    drop?: readonly number[];
}

/** A table laid out to fit, and the columns it left out. */
export interface FittedTable {
    text: string;
    dropped: string[];
}

const cellWidth = (v: unknown) =>
    Math.max(
        ...String(v)
            .split("\n")
            .map((l) => l.length),
    );

/**
 * Lays out `head` and `rows`: when the natural width exceeds the width, drops the `drop` columns in order until
 * it fits, then wraps the widest remaining columns (never narrower than their heading).
 */
export function fitTable(head: readonly string[], rows: readonly (readonly unknown[])[], opts: FitOptions = {}): FittedTable {
    const width = opts.width ?? outputWidth();
    const ascii = opts.ascii ?? useAscii();
    let keep = head.map((_, i) => i);
    const natural = (cols: number[]) => cols.map((c) => Math.max(cellWidth(head[c]), ...rows.map((r) => cellWidth(r[c] ?? ""))) + 2);
    const total = (cols: number[]) => natural(cols).reduce((a, b) => a + b, 0) + cols.length + 1;
    const dropped: string[] = [];
    for (const c of opts.drop ?? []) {
        if (total(keep) <= width) break;
        keep = keep.filter((k) => k !== c);
        dropped.push(head[c]);
    }
    let widths = natural(keep);
    // Still too wide: shrink the widest column, one character at a time, down to its heading's width.
    const budget = width - keep.length - 1;
    const floor = keep.map((c) => cellWidth(head[c]) + 2);
    while (widths.reduce((a, b) => a + b, 0) > budget) {
        let widest = -1;
        widths.forEach((w, i) => {
            if (w > floor[i] && (widest < 0 || w > widths[widest])) widest = i;
        });
        if (widest < 0) break;
        widths = widths.map((w, i) => (i === widest ? w - 1 : w));
    }
    const table = new Table({
        head: keep.map((c) => head[c]),
        colWidths: widths,
        wordWrap: true,
        wrapOnWordBoundary: false,
        style: { head: [], border: [], compact: true },
        ...(ascii ? { chars: ASCII_CHARS } : {}),
    });
    for (const r of rows) table.push(keep.map((c) => String((r[c] as string | number | null | undefined) ?? "")));
    return { text: table.toString(), dropped };
}

/**
 * `text` wrapped at word boundaries so that every line, `indent` included, fits `width` columns (a single word
 * longer than that, such as a URL, stays whole on its own line).
 */
export function wrapText(text: string, width = outputWidth(), indent = ""): string {
    const budget = Math.max(width - indent.length, 1);
    const out: string[] = [];
    let line = "";
    for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
        const candidate = line ? `${line} ${word}` : word;
        if (candidate.length > budget && line) {
            out.push(line);
            line = word;
        } else line = candidate;
    }
    if (line) out.push(line);
    return out.map((l) => `${indent}${l}`).join("\n");
}
