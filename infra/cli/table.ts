/**
 * Output for people: tables that fit the terminal and text that wraps. The width is `COLUMNS` when set, else the
 * terminal's width, else 80 (not a terminal). Box-drawing characters only on a terminal without `NO_COLOR` and
 * without `--ascii` (https://no-color.org/); ASCII (`+`, `-`, `|`) otherwise, so logs and pipes stay plain.
 */
import Table from "cli-table3";
import stringWidth from "string-width";

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

/** Columns a string takes on a terminal (wide and combining characters counted as displayed, ANSI codes ignored). */
export function displayWidth(text: string): number {
    return stringWidth(text);
}

/** `text` padded with spaces to `width` columns, at the end (left-aligned) or at the start (right-aligned). */
export function padDisplay(text: string, width: number, align: "left" | "right" = "left"): string {
    const pad = " ".repeat(Math.max(width - displayWidth(text), 0));
    return align === "left" ? text + pad : pad + text;
}

const cellWidth = (v: unknown) => Math.max(...String(v).split("\n").map(displayWidth));
const longestToken = (v: unknown) => Math.max(0, ...String(v).split(/\s+/).map(displayWidth));

/** Where a token too long for its column breaks, by preference: after one of these characters. */
const BREAK_AFTER = /[-/.,:;=_@)\]]/;

/** A token wider than `width`, in pieces of at most `width` columns, each ending after a BREAK_AFTER character when one fits. */
function breakToken(token: string, width: number): string[] {
    const pieces: string[] = [];
    let rest = [...token];
    while (displayWidth(rest.join("")) > width) {
        let used = 0;
        let cut = 0;
        let lastBreak = 0;
        for (const ch of rest) {
            const w = displayWidth(ch);
            if (used + w > width) break;
            used += w;
            cut++;
            if (BREAK_AFTER.test(ch)) lastBreak = cut;
        }
        const at = lastBreak > 0 ? lastBreak : Math.max(cut, 1);
        pieces.push(rest.slice(0, at).join(""));
        rest = rest.slice(at);
    }
    if (rest.length) pieces.push(rest.join(""));
    return pieces;
}

/**
 * `text` wrapped to lines of at most `width` columns at whitespace (line breaks in `text` are kept); only a token
 * wider than the column is broken, after punctuation where it can be.
 */
export function wrapCell(text: string, width: number): string {
    const out: string[] = [];
    for (const source of text.split("\n")) {
        let line = "";
        for (const token of source.split(/\s+/).filter((t) => t.length > 0)) {
            for (const piece of displayWidth(token) > width ? breakToken(token, width) : [token]) {
                const candidate = line ? `${line} ${piece}` : piece;
                if (line && displayWidth(candidate) > width) {
                    out.push(line);
                    line = piece;
                } else line = candidate;
            }
        }
        out.push(line);
    }
    return out.join("\n");
}

/**
 * Lays out `head` and `rows`: when the natural width exceeds the width, drops the `drop` columns in order until
 * it fits, then narrows the widest remaining columns, first down to their longest word (so words stay whole),
 * then down to their heading; cells wrap at whitespace.
 */
export function fitTable(head: readonly string[], rows: readonly (readonly unknown[])[], opts: FitOptions = {}): FittedTable {
    const width = opts.width ?? outputWidth();
    const ascii = opts.ascii ?? useAscii();
    const text = rows.map((r) => head.map((_, c) => String((r[c] as string | number | null | undefined) ?? "")));
    let keep = head.map((_, i) => i);
    const natural = (cols: number[]) => cols.map((c) => Math.max(cellWidth(head[c]), ...text.map((r) => cellWidth(r[c]))) + 2);
    const total = (cols: number[]) => natural(cols).reduce((a, b) => a + b, 0) + cols.length + 1;
    const dropped: string[] = [];
    for (const c of opts.drop ?? []) {
        if (total(keep) <= width) break;
        keep = keep.filter((k) => k !== c);
        dropped.push(head[c]);
    }
    let widths = natural(keep);
    const budget = width - keep.length - 1;
    // Still too wide: shrink the widest column, one character at a time, down to a floor: first the longest
    // word of the column (words stay whole), then, if that is not enough, its heading's width.
    const headFloor = keep.map((c) => cellWidth(head[c]) + 2);
    const wordFloor = keep.map((c, i) => Math.max(headFloor[i], ...text.map((r) => longestToken(r[c]) + 2)));
    for (const floor of [wordFloor, headFloor]) {
        while (widths.reduce((a, b) => a + b, 0) > budget) {
            let widest = -1;
            widths.forEach((w, i) => {
                if (w > floor[i] && (widest < 0 || w > widths[widest])) widest = i;
            });
            if (widest < 0) break;
            widths = widths.map((w, i) => (i === widest ? w - 1 : w));
        }
    }
    const table = new Table({
        head: keep.map((c) => head[c]),
        colWidths: widths,
        style: { head: [], border: [], compact: true },
        ...(ascii ? { chars: ASCII_CHARS } : {}),
    });
    for (const r of text) table.push(keep.map((c, i) => wrapCell(r[c], widths[i] - 2)));
    return { text: table.toString(), dropped };
}

/** The table, and under it the columns left out to fit the width, if any. */
export function tableWithDropped(fitted: FittedTable, width = outputWidth()): string {
    if (!fitted.dropped.length) return fitted.text;
    const note = `(not shown to fit the width: ${fitted.dropped.join(", ")}; see --format json or a wider COLUMNS)`;
    return `${fitted.text}\n${wrapParts([note], width, "", " ")}`;
}

/**
 * `text` wrapped at word boundaries so that every line, `indent` included, fits `width` columns (a single word
 * longer than that, such as a URL, stays whole on its own line).
 */
export function wrapText(text: string, width = outputWidth(), indent = ""): string {
    const budget = Math.max(width - displayWidth(indent), 1);
    const out: string[] = [];
    let line = "";
    for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
        const candidate = line ? `${line} ${word}` : word;
        if (displayWidth(candidate) > budget && line) {
            out.push(line);
            line = word;
        } else line = candidate;
    }
    if (line) out.push(line);
    return out.map((l) => `${indent}${l}`).join("\n");
}

/**
 * `parts` joined by `separator` on lines of at most `width` columns: a line breaks between parts, and a part too
 * long for a line of its own wraps at words; lines after the first start with `indent`.
 */
export function wrapParts(parts: readonly string[], width = outputWidth(), separator = " | ", indent = "  "): string {
    const out: string[] = [];
    let line = "";
    for (const part of parts) {
        if (line) {
            const candidate = `${line}${separator}${part}`;
            if (displayWidth(candidate) <= width) {
                line = candidate;
                continue;
            }
            out.push(line);
        }
        const lead = out.length ? indent : "";
        if (displayWidth(`${lead}${part}`) <= width) {
            line = `${lead}${part}`;
            continue;
        }
        const wrapped = wrapText(part, width, indent).split("\n");
        if (!out.length) wrapped[0] = wrapped[0].slice(indent.length);
        line = wrapped.pop() ?? "";
        out.push(...wrapped);
    }
    if (line) out.push(line);
    return out.join("\n");
}
