/**
 * What a real server binary says it knows, as catalog facts (./facts.ts): the options of
 * `mysqld --no-defaults --verbose --help` and the variables of `SHOW GLOBAL VARIABLES`, each with whether it is
 * dynamic (MariaDB: `information_schema.SYSTEM_VARIABLES.READ_ONLY`; MySQL 5.7, which has no such table:
 * `SET GLOBAL v = @@GLOBAL.v` fails with ER_INCORRECT_GLOBAL_LOCAL_VAR (1238) for a read-only variable).
 *
 * The real-server test tests/real/settings-catalog.test.ts runs this against the installed servers, compares
 * the result with the catalog and, with `UPDATE_CATALOG=1`, writes it to components/mysqld/catalog/sources/.
 */
import { canonicalName, type Fact } from "./facts";

/** The source name recorded for facts read from a binary: `binary:mariadb-10.11.19`. */
export function binarySource(flavor: "mysql" | "mariadb", version: string): string {
    return `binary:${flavor}-${version}`;
}

/**
 * Option names listed by `--verbose --help` (lines `  --name[=...]` or `  -x, --name`), canonical. Options the
 * help names only through a modifier (`--skip-grant-tables`) keep the modifier: the server accepts that spelling.
 */
export function parseHelpOptions(help: string): Set<string> {
    const out = new Set<string>();
    for (const line of help.split("\n")) {
        const m = /^ {2}(?:-[A-Za-z#?], )?--([A-Za-z0-9][A-Za-z0-9_-]*)/.exec(line);
        if (m) out.add(canonicalName(m[1]));
    }
    return out;
}

/** The minimal query interface the probe needs (a mysql2 connection). */
export interface Queryable {
    query(sql: string): Promise<unknown>;
}

function rowsOf(result: unknown): Record<string, unknown>[] {
    return (Array.isArray(result) ? result[0] : []) as Record<string, unknown>[];
}

/** Global variables and whether each is dynamic. */
export async function probeVariables(conn: Queryable, flavor: "mysql" | "mariadb"): Promise<Map<string, boolean | undefined>> {
    const out = new Map<string, boolean | undefined>();
    if (flavor === "mariadb") {
        const rows = rowsOf(await conn.query("SELECT VARIABLE_NAME AS n, READ_ONLY AS r FROM information_schema.SYSTEM_VARIABLES"));
        for (const r of rows) out.set(canonicalName(String(r.n)), String(r.r).toUpperCase() !== "YES");
        return out;
    }
    const rows = rowsOf(await conn.query("SHOW GLOBAL VARIABLES"));
    for (const r of rows) {
        const name = canonicalName(String(r.Variable_name));
        try {
            await conn.query(`SET GLOBAL ${name} = @@GLOBAL.${name}`);
            out.set(name, true);
        } catch (e) {
            const errno = (e as { errno?: number }).errno;
            // 1238: read only; 1228/1229: session-only or global-only semantics still make it settable.
            out.set(name, errno === 1238 ? false : errno === 1228 || errno === 1229 || errno === 1231 || errno === 1232 ? true : undefined);
        }
    }
    return out;
}

/** Facts of one binary: every help option and every variable, present in that version. */
export function binaryFacts(
    flavor: "mysql" | "mariadb",
    version: string,
    helpOptions: ReadonlySet<string>,
    variables: ReadonlyMap<string, boolean | undefined>,
): Fact[] {
    const source = binarySource(flavor, version);
    const names = new Set([...helpOptions, ...variables.keys()]);
    return [...names].map((name) => ({ name, flavor, event: "present" as const, version, dynamic: variables.get(name), source }));
}
