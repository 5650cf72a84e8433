/**
 * The server settings the policy pack judges, from MySQL option files (`my.cnf`) and from mysqld command lines.
 * The option-file syntax is read by the one reader (components/mysqld/option-file.ts). Only the groups mysqld
 * (or mariadbd) reads are kept: `[mysqld]`, `[server]`, `[mysqld-X.Y]`, `[mariadb]`, `[mariadbd]`,
 * `[mariadb-X.Y]`. `!include` directives cannot be followed (the included file is not in the stack) and are ignored.
 */
import { canonicalOption, readOptionFile } from "../../components/mysqld/option-file";

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

/** True when the text looks like an option file with a server group. */
export function isOptionFile(text: string): boolean {
    return readOptionFile(text).groups.some((g) => SERVER_GROUP.test(g));
}

/** The server settings of an option file, in file order (a later entry overrides an earlier one). */
export function parseOptionFile(text: string, origin: string): SettingEntry[] {
    return readOptionFile(text)
        .entries.filter((e) => SERVER_GROUP.test(e.group))
        .map((e) => ({ rawName: e.name, name: canonicalOption(e.name), value: e.value ?? "ON", origin: `${origin} [${e.group}]` }));
}

/**
 * Server options given on a command line (`--name=value`, `--name`), skipping the option-file options. mysqld takes
 * an argument's value verbatim (no quotes, escapes or comments: those are option-file syntax).
 */
export function parseServerArgs(tokens: readonly string[], origin: string): SettingEntry[] {
    const out: SettingEntry[] = [];
    for (const t of tokens) {
        if (!t.startsWith("--")) continue;
        const body = t.slice(2);
        const eq = body.indexOf("=");
        const rawName = eq >= 0 ? body.slice(0, eq) : body;
        const name = canonicalOption(rawName);
        if (
            !name ||
            /^(defaults_file|defaults_extra_file|defaults_group_suffix|no_defaults|print_defaults|help|verbose|version|initialize|initialize_insecure)$/.test(
                name,
            )
        )
            continue;
        out.push({ rawName, name, value: eq >= 0 ? body.slice(eq + 1) : "ON", origin });
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
