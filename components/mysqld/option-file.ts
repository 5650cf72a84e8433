/**
 * MySQL option files (`my.cnf`, client `.cnf`): the one reader and the one writer of the repository. The syntax
 * is the manual's (https://dev.mysql.com/doc/refman/8.0/en/option-files.html, the same for MariaDB:
 * https://mariadb.com/kb/en/configuring-mariadb-with-option-files/), read exactly as the servers' and clients'
 * option-file loader reads it:
 *
 * - `[group]` starts a group (trailing spaces and anything after `]` are ignored);
 * - `opt` or `opt = value`; leading and trailing spaces of names and values are dropped;
 * - a line starting with `#` or `;` is a comment; `#` also starts a comment in the middle of a line unless it is
 *   inside quotes (`;` does not);
 * - a value enclosed in matching `"` or `'` loses the quotes; escapes `\b \t \n \r \\ \s \" \'` are decoded in
 *   every value (a backslash before any other character stays);
 * - `!include FILE` and `!includedir DIR` are recognised (returned, never followed); other `!` lines are ignored;
 * - option names are compared with `-` and `_` equivalent and without the `loose-` prefix (`canonicalOption`).
 *
 * Pure: no I/O.
 */

/** Canonical option name: lower case, `-` as `_`, without the `loose_` prefix. */
export function canonicalOption(name: string): string {
    return name
        .trim()
        .toLowerCase()
        .replace(/-/g, "_")
        .replace(/^loose_/, "");
}

/**
 * The key a user's option is planned and rendered under: as written, in lower case (the servers compare option
 * names case-sensitively and spell them in lower case). Dashes, underscores and a `loose-`/`loose_` prefix stay
 * as the user wrote them, so the rendered file tells the server what the user told it (an unknown loose option
 * is a warning, not a failed start: https://dev.mysql.com/doc/refman/8.0/en/option-modifiers.html) and messages
 * about it quote the user's key.
 */
export function optionKey(name: string): string {
    return name.trim().toLowerCase();
}

/** `optionKey` with `-` as `_`: two keys with the same identity name the same option (the `loose_` prefix counts). */
export function optionIdentity(name: string): string {
    return optionKey(name).replace(/-/g, "_");
}

/**
 * The servers' option-name grammar: letters, digits, `_` and `-`, starting with a letter (so the optional
 * `loose_`/`loose-` prefix and the `skip-`/`enable-`/`disable-` modifiers fit). It is what `mysqld` accepts after
 * `--` on the command line and before `=` in an option file
 * (https://dev.mysql.com/doc/refman/8.0/en/command-line-options.html,
 * https://dev.mysql.com/doc/refman/8.0/en/option-modifiers.html). Nothing else (spaces, `=`, `#`, `[`, quotes,
 * line breaks) can be part of an option name, so nothing else is written as one.
 */
export const OPTION_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** True when `name` follows the servers' option-name grammar (`OPTION_NAME`), also without its `loose-` prefix. */
export function isOptionName(name: string): boolean {
    return OPTION_NAME.test(name) && OPTION_NAME.test(name.replace(/^loose[-_]/i, ""));
}

/**
 * True when `value` is one printable line: no control character (line breaks, NUL, tab, escape sequences...), no
 * Unicode format, private-use, unassigned or surrogate code point, no line or paragraph separator.
 */
export function isPrintableLine(value: string): boolean {
    return /^[^\p{C}\p{Zl}\p{Zp}]*$/u.test(value);
}

/** True when the option name carries the `loose-`/`loose_` prefix (the server warns instead of failing when unknown). */
export function isLoose(name: string): boolean {
    return /^loose[-_]/i.test(name.trim());
}

/** One option of a group, as written. */
export interface OptionEntry {
    /** The group it belongs to, as written (`mysqld`, `client`, `mysqld-8.0`). */
    group: string;
    /** The name as written (may use `-` and the `loose-` prefix). */
    name: string;
    /** The decoded value; undefined for a bare `opt` (a boolean option switched on). */
    value: string | undefined;
    /** 1-based line number. */
    line: number;
}

/** An `!include` or `!includedir` directive. */
export interface OptionInclude {
    kind: "include" | "includedir";
    path: string;
    line: number;
}

/** What a reader found. `problems` are lines the server would refuse to start with (it stops at the first). */
export interface OptionFile {
    /** Groups in file order (a group may appear more than once in a file; listed once). */
    groups: string[];
    /** Options in file order; a later entry overrides an earlier one of the same name. */
    entries: OptionEntry[];
    includes: OptionInclude[];
    problems: { line: number; message: string }[];
}

/** `isspace` of the C library (the loader trims with it). */
function isSpace(c: string | undefined): boolean {
    return c === " " || c === "\t" || c === "\n" || c === "\v" || c === "\f" || c === "\r";
}

function trimSpaces(s: string): string {
    let a = 0,
        b = s.length;
    while (a < b && isSpace(s[a])) a++;
    while (b > a && isSpace(s[b - 1])) b--;
    return s.slice(a, b);
}

/** The line without its end comment: `#` outside quotes (a backslash inside quotes protects the next character). */
function withoutEndComment(line: string): string {
    let quote = "";
    let escaped = false;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if ((c === "'" || c === '"') && !escaped) {
            if (!quote) quote = c;
            else if (quote === c) quote = "";
        }
        if (!quote && c === "#") return line.slice(0, i);
        escaped = quote !== "" && c === "\\" && !escaped;
    }
    return line;
}

const ESCAPES: Readonly<Record<string, string>> = { b: "\b", t: "\t", n: "\n", r: "\r", s: " ", "\\": "\\", '"': '"', "'": "'" };

/**
 * Decodes the text after `=` as the loader does: drops an end comment and surrounding spaces, one pair of
 * matching quotes, then decodes the escapes (also in unquoted values).
 */
export function decodeOptionValue(raw: string): string {
    return decodeValue(withoutEndComment(raw));
}

/** `decodeOptionValue` of text whose end comment is already removed. */
function decodeValue(raw: string): string {
    let v = trimSpaces(raw);
    if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) v = v.slice(1, -1);
    let out = "";
    for (let i = 0; i < v.length; i++) {
        const c = v[i];
        if (c === "\\" && i < v.length - 1) {
            const n = v[++i];
            out += ESCAPES[n] ?? `\\${n}`;
        } else {
            out += c;
        }
    }
    return out;
}

/** Reads an option file. Never throws: what the server would refuse is listed in `problems`. */
export function readOptionFile(text: string): OptionFile {
    const file: OptionFile = { groups: [], entries: [], includes: [], problems: [] };
    let group: string | undefined;
    const lines = text.split("\n");
    lines.forEach((rawLine, index) => {
        const line = index + 1;
        let start = 0;
        while (start < rawLine.length && isSpace(rawLine[start])) start++;
        const body = rawLine.slice(start);
        if (body === "" || body[0] === "#" || body[0] === ";") return;
        if (body[0] === "!") {
            const directive = /^!(includedir|include)\s+([\s\S]*)$/.exec(body);
            if (directive) {
                const path = trimSpaces(directive[2]);
                if (path) file.includes.push({ kind: directive[1] as "include" | "includedir", path, line });
                else file.problems.push({ line, message: `!${directive[1]} without a path` });
            }
            return;
        }
        if (body[0] === "[") {
            const end = body.indexOf("]");
            if (end < 0) {
                file.problems.push({ line, message: "wrong group definition (no closing ']')" });
                return;
            }
            // The loader drops trailing spaces of the name only: `[ mysqld]` is the group " mysqld".
            group = body.slice(1, end).replace(/[ \t\n\v\f\r]+$/, "");
            if (!file.groups.includes(group)) file.groups.push(group);
            return;
        }
        const content = withoutEndComment(body);
        if (group === undefined) {
            file.problems.push({ line, message: "option without a preceding group" });
            return;
        }
        const eq = content.indexOf("=");
        const name = trimSpaces(eq >= 0 ? content.slice(0, eq) : content);
        if (!name) {
            if (eq >= 0) file.problems.push({ line, message: "option without a name" });
            return;
        }
        file.entries.push({ group, name, value: eq >= 0 ? decodeValue(content.slice(eq + 1)) : undefined, line });
    });
    return file;
}

// ------------------------------------------------------------------------------------------------------------
// Writer
// ------------------------------------------------------------------------------------------------------------

/** One line of an option file to write. */
export type OptionFileLine =
    | { group: string }
    | { option: string; value?: string | number | boolean; quote?: "always" | "when-needed" }
    | { comment: string }
    | { blank: true }
    | { include: string }
    | { includedir: string };

/** How options are written. */
export interface WriteOptions {
    /** Between name and value: `=` (default) or ` = `. */
    separator?: "=" | " = ";
}

/** The text a boolean is written as (the servers read ON/OFF, TRUE/FALSE, 1/0 alike). */
export function formatOptionScalar(value: string | number | boolean): string {
    if (typeof value === "boolean") return value ? "ON" : "OFF";
    return String(value);
}

function refuse(what: string, text: string, why: string): never {
    throw new Error(`cannot write ${what} ${JSON.stringify(text)} in an option file: ${why}`);
}

function checkLineText(what: string, text: string): void {
    if (/[\n\r\0]/.test(text)) refuse(what, text, "it contains a line break or NUL, which no option-file line can carry");
}

/** Written bare: no end spaces, no `#`, quotes, backslashes or control characters (inner spaces are kept as written). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not be written bare
const SAFE_BARE = /^(?:[^\s#"'\\\x00-\x1f\x7f](?:[^#"'\\\x00-\x1f\x7f]*[^\s#"'\\\x00-\x1f\x7f])?)?$/;

/** A value as the reader decodes it back: bare when nothing in it is special, else double-quoted with escapes. */
export function encodeOptionValue(value: string, quote: "always" | "when-needed" = "when-needed"): string {
    if (value.includes("\0")) refuse("the value", value, "it contains NUL");
    if (quote === "when-needed" && SAFE_BARE.test(value)) return value;
    let out = '"';
    for (const c of value) {
        if (c === "\\") out += "\\\\";
        else if (c === '"') out += '\\"';
        else if (c === "\n") out += "\\n";
        else if (c === "\r") out += "\\r";
        else if (c === "\t") out += "\\t";
        else if (c === "\b") out += "\\b";
        else out += c;
    }
    return `${out}"`;
}

function checkName(name: string): void {
    checkLineText("the option name", name);
    if (!isOptionName(name)) {
        refuse("the option name", name, "an option name is letters, digits, '_' and '-', starting with a letter");
    }
}

function checkGroup(group: string): void {
    checkLineText("the group", group);
    if (!/^[^\s\]](?:[^\]]*[^\s\]])?$/.test(group))
        refuse("the group", group, "a group is non-empty, has no ']' and no leading or trailing space");
}

function checkPath(path: string): void {
    checkLineText("the include path", path);
    if (path !== trimSpaces(path) || path === "")
        refuse("the include path", path, "a path is non-empty, without leading or trailing space");
}

/** Writes an option file, one line per item, ending with a newline. Throws on what the reader could not read back. */
export function writeOptionFile(lines: readonly OptionFileLine[], options: WriteOptions = {}): string {
    const sep = options.separator ?? "=";
    const out: string[] = [];
    for (const l of lines) {
        if ("group" in l) {
            checkGroup(l.group);
            out.push(`[${l.group}]`);
        } else if ("option" in l) {
            checkName(l.option);
            out.push(l.value === undefined ? l.option : `${l.option}${sep}${encodeOptionValue(formatOptionScalar(l.value), l.quote)}`);
        } else if ("comment" in l) {
            checkLineText("the comment", l.comment);
            out.push(l.comment === "" ? "#" : `# ${l.comment}`);
        } else if ("blank" in l) {
            out.push("");
        } else if ("include" in l) {
            checkPath(l.include);
            out.push(`!include ${l.include}`);
        } else {
            checkPath(l.includedir);
            out.push(`!includedir ${l.includedir}`);
        }
    }
    return out.join("\n") + "\n";
}
