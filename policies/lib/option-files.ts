/**
 * MySQL option files (`my.cnf`) as the server reads them: `[group]` headers, `key=value` or bare `key`
 * (boolean on) lines, `#`/`;` comments, quoted values. Only the groups mysqld (or mariadbd) reads are kept:
 * `[mysqld]`, `[server]`, `[mysqld-X.Y]`, `[mariadb]`, `[mariadbd]`, `[mariadb-X.Y]`. `!include` directives
 * cannot be followed (the included file is not in the stack) and are ignored.
 */
import { canonicalOption } from "../../components/mysqld/managed-options";

/** One server setting and where it was found. */
export interface SettingEntry {
    /** As written (may use `-` and the `loose-` prefix). */
    rawName: string;
    /** Canonical: lower case, `_`, no `loose_` prefix. */
    name: string;
    /** The value as text (`ON` for a bare key). */
    value: string;
    /** Human description of the origin, e.g. `ConfigMap staging/orders-3-config key my.cnf [mysqld]`. */
    origin: string;
}

const SERVER_GROUP = /^(mysqld|server|mariadb|mariadbd)(-\d+\.\d+)?$/i;

function unquote(v: string): string {
    const t = v.trim();
    if (t.length >= 2 && ((t.startsWith("\"") && t.endsWith("\"")) || (t.startsWith("'") && t.endsWith("'")))) return t.slice(1, -1);
    return t.replace(/\s+[#;].*$/, "").trim();
}

/** True when the text looks like an option file with a server group. */
export function isOptionFile(text: string): boolean {
    return /^\s*\[(mysqld|server|mariadb|mariadbd)(-\d+\.\d+)?\]\s*$/im.test(text);
}

/** The server settings of an option file, in file order (a later entry overrides an earlier one). */
export function parseOptionFile(text: string, origin: string): SettingEntry[] {
    const out: SettingEntry[] = [];
    let group: string | undefined;
    for (const rawLine of text.split(/\r?\n/)) {
        const line = rawLine.trim();
        if (!line || line.startsWith("#") || line.startsWith(";") || line.startsWith("!")) continue;
        const header = /^\[([^\]]+)\]$/.exec(line);
        if (header) {
            group = header[1].trim();
            continue;
        }
        if (!group || !SERVER_GROUP.test(group)) continue;
        const eq = line.indexOf("=");
        const rawName = (eq >= 0 ? line.slice(0, eq) : line).trim();
        if (!rawName) continue;
        out.push({ rawName, name: canonicalOption(rawName), value: eq >= 0 ? unquote(line.slice(eq + 1)) : "ON", origin: `${origin} [${group}]` });
    }
    return out;
}

/** Server options given on a command line (`--name=value`, `--name`), skipping the option-file options. */
export function parseServerArgs(tokens: readonly string[], origin: string): SettingEntry[] {
    const out: SettingEntry[] = [];
    for (const t of tokens) {
        if (!t.startsWith("--")) continue;
        const body = t.slice(2);
        const eq = body.indexOf("=");
        const rawName = eq >= 0 ? body.slice(0, eq) : body;
        const name = canonicalOption(rawName);
        if (!name || /^(defaults_file|defaults_extra_file|defaults_group_suffix|no_defaults|print_defaults|help|verbose|version|initialize|initialize_insecure)$/.test(name)) continue;
        out.push({ rawName, name, value: eq >= 0 ? unquote(body.slice(eq + 1)) : "ON", origin });
    }
    return out;
}

/** Boolean reading of a setting value (`ON`, `1`, `TRUE`, `YES` are true). Undefined when not boolean-like. */
export function asBoolean(value: string | undefined): boolean | undefined {
    if (value === undefined) return undefined;
    const v = value.trim().toUpperCase();
    if (["ON", "1", "TRUE", "YES", "FORCE"].includes(v)) return true;
    if (["OFF", "0", "FALSE", "NO"].includes(v)) return false;
    return undefined;
}

/** Numeric reading of a setting value, with MySQL's K/M/G suffixes. */
export function asNumber(value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtKMGT])?\s*$/.exec(value);
    if (!m) return undefined;
    const mult = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[(m[2] ?? "").toLowerCase() as "k"] ?? 1;
    return Number(m[1]) * mult;
}
