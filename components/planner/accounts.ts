/**
 * The checks of declared application accounts, one named pure function per rule, each returning structural errors
 * (path, value, message, fix). Privileges are judged against every server version the cluster runs, so a grant
 * holds on each instance an account's statements replicate to. The facts are in ../mysqld/privileges.ts.
 */
import { closest, distance } from "fastest-levenshtein";
import type { Flavor } from "../spec/types";
import type { AccountGrantSpec, AccountSpec } from "../spec/accounts";
import type { StructuralError } from "../spec/errors";
import { isDnsSubdomain } from "../spec/kubernetes";
import { formatVersion, atLeast, type ServerVersion } from "../versions/version";
import { family } from "../mysqld/dialect";
import {
    ALL_PRIVILEGES,
    everyPrivilegeName,
    normalizePrivilege,
    privilegeManual,
    privilegesOf,
    type ElevatedReason,
} from "../mysqld/privileges";
import { REPLICA_WRITER_ROLE, USERS } from "../runtime/contract";
import { hasDualPasswords, rotationUser } from "../mysqld/account-sql";

/** A server the cluster runs. */
export interface AccountServer {
    flavor: Flavor;
    version: ServerVersion;
}

/** A check of a cluster's `accounts` list at `path` (e.g. `clusters[0].accounts`). */
export type AccountsCheck = (accounts: readonly AccountSpec[], path: string, servers: readonly AccountServer[]) => StructuralError[];

/** The default host pattern of an account. */
export const DEFAULT_ACCOUNT_HOST = "%";
/** The default key of a user-supplied password Secret. */
export const DEFAULT_PASSWORD_KEY = "password";

/** Accounts the server or Myriad owns: a declared account may not take their names. */
const RESERVED_USERS: ReadonlySet<string> = new Set([
    ...Object.values(USERS),
    REPLICA_WRITER_ROLE,
    "mysql.sys",
    "mysql.session",
    "mysql.infoschema",
    "mariadb.sys",
    "PUBLIC",
]);

/** Schemas whose grants reach the account tables or the server's own state. */
const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(["mysql"]);

/** Longest user name: MySQL 32 characters (5.7.8+), MariaDB 80 (https://mariadb.com/kb/en/create-user/). */
function maxUserLength(s: AccountServer): number {
    return family(s.flavor) === "mariadb" ? 80 : 32;
}

/** Longest host name part: 255 characters from MySQL 8.0.17, 60 before and on MariaDB. */
function maxHostLength(s: AccountServer): number {
    return family(s.flavor) === "mysql" && atLeast(s.version, "8.0.17") ? 255 : 60;
}

/** Longest schema and table name (https://dev.mysql.com/doc/refman/8.0/en/identifier-length.html). */
const MAX_IDENTIFIER = 64;

/** A host pattern: name or address characters and the `%`/`_` wildcards, and `/` for a netmask. */
const HOST_PATTERN = /^[A-Za-z0-9.%_:/-]+$/;
/** Printable, no quote or backslash: user names appear in logs, Secret data and statements. */
const USER_NAME = /^[A-Za-z0-9_.$@+-]+$/;
/** A Secret data key. */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

const accountPath = (path: string, i: number) => `${path}[${i}]`;

/** The most restrictive server: the shortest limits apply to the whole cluster. */
function strictest(servers: readonly AccountServer[], f: (s: AccountServer) => number): number {
    return servers.length ? Math.min(...servers.map(f)) : 32;
}

/**
 * Without dual passwords a rotation swaps to the alternate user `<name>_b` (../mysqld/account-sql.ts), so the name
 * leaves room for the suffix and no declared account may take another's alternate name.
 */
export function checkAccountNames(accounts: readonly AccountSpec[], path: string, servers: readonly AccountServer[]): StructuralError[] {
    const swaps = servers.some((s) => !hasDualPasswords(s.flavor, s.version));
    const suffix = rotationUser("", 1).length;
    const max = strictest(servers, maxUserLength) - (swaps ? suffix : 0);
    const names = new Set(accounts.map((a) => a.name));
    const errors: StructuralError[] = [];
    accounts.forEach((a, i) => {
        const p = `${accountPath(path, i)}.name`;
        if (!USER_NAME.test(a.name) || a.name.length > max)
            errors.push({
                path: p,
                value: a.name,
                message: `an account name must be 1 to ${max} characters among letters, digits and _ . $ @ + -${swaps ? ` (${suffix} are kept for the '_b' user a password rotation swaps to on servers without dual passwords)` : ""}`,
                fix: "choose a name such as 'orders_app'",
            });
        else if (RESERVED_USERS.has(a.name))
            errors.push({
                path: p,
                value: a.name,
                message: "this name belongs to an account Myriad or the server manages",
                fix: "choose another name for the application account",
            });
        else if (swaps && names.has(rotationUser(a.name, 1)))
            errors.push({
                path: p,
                value: a.name,
                message: `'${rotationUser(a.name, 1)}' is also declared, but it is the user this account's password rotation swaps to`,
                fix: `rename one of the two accounts`,
            });
    });
    return errors;
}

export function checkAccountHosts(accounts: readonly AccountSpec[], path: string, servers: readonly AccountServer[]): StructuralError[] {
    const max = strictest(servers, maxHostLength);
    const errors: StructuralError[] = [];
    accounts.forEach((a, i) => {
        if (a.host === undefined) return;
        if (!HOST_PATTERN.test(a.host) || a.host.length > max)
            errors.push({
                path: `${accountPath(path, i)}.host`,
                value: a.host,
                message: `a host pattern must be 1 to ${max} characters among letters, digits, '.', '-', ':', '/' and the wildcards '%' and '_'`,
                fix: "use '%' (any host), a name such as 'app.example.com' or an address pattern such as '10.0.%'",
            });
    });
    return errors;
}

export function checkAccountsUnique(accounts: readonly AccountSpec[], path: string): StructuralError[] {
    const seen = new Map<string, number>();
    const errors: StructuralError[] = [];
    accounts.forEach((a, i) => {
        const key = `${a.name}@${a.host ?? DEFAULT_ACCOUNT_HOST}`;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, i);
        else
            errors.push({
                path: accountPath(path, i),
                value: key,
                message: `the account '${key}' is declared twice (first at ${accountPath(path, first)})`,
                fix: "merge the grants into one entry or give the second a different name or host",
            });
    });
    return errors;
}

/** Problems with a grant's schema and table names. */
function objectProblems(g: AccountGrantSpec, p: string): StructuralError[] {
    const errors: StructuralError[] = [];
    const bad = (s: string) => s === "" || s.length > MAX_IDENTIFIER || /\s$/.test(s) || [...s].some((ch) => ch.charCodeAt(0) < 0x20);
    if (g.database !== "*" && bad(g.database))
        errors.push({
            path: `${p}.database`,
            value: g.database,
            message: `a schema name must be 1 to ${MAX_IDENTIFIER} characters, without control characters or trailing blanks`,
            fix: "name an existing schema, or '*' for a grant on every schema",
        });
    if (g.table === undefined) return errors;
    if (g.database === "*")
        errors.push({
            path: `${p}.table`,
            value: g.table,
            message: "a table grant needs a schema (a table of every schema is not a grant level)",
            fix: "name the schema in 'database', or remove 'table' for a global grant",
        });
    else if (g.table !== "*" && bad(g.table))
        errors.push({
            path: `${p}.table`,
            value: g.table,
            message: `a table name must be 1 to ${MAX_IDENTIFIER} characters, without control characters or trailing blanks`,
            fix: "name a table of the schema, or remove 'table' for every table of it",
        });
    return errors;
}

const LEVEL_RANK = { global: 0, database: 1, table: 2 } as const;

/** The level a grant is at. */
function levelOf(g: AccountGrantSpec): "global" | "database" | "table" {
    if (g.database === "*") return "global";
    return g.table === undefined || g.table === "*" ? "database" : "table";
}

function suggestion(name: string, servers: readonly AccountServer[]): string | undefined {
    const known = [...privilegesOf(servers[0].flavor, servers[0].version).keys(), ALL_PRIVILEGES];
    const best = closest(name, known);
    return distance(name, best) <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

const ELEVATED_TEXT: Record<ElevatedReason, string> = {
    super: "bypasses the read-only fence of a replica and most server limits",
    "read-only-admin": "lets the account write to a read-only replica",
    "connection-admin": "lets the account exceed max_connections and kill other sessions",
    replication: "reads or controls replication, which only Myriad's replication account should",
    "grant-option": "lets the account hand its privileges to other accounts",
};

export function checkAccountPrivileges(
    accounts: readonly AccountSpec[],
    path: string,
    servers: readonly AccountServer[],
): StructuralError[] {
    if (!servers.length) return [];
    const errors: StructuralError[] = [];
    const everName = everyPrivilegeName();
    accounts.forEach((a, i) => {
        a.grants.forEach((g, gi) => {
            const gp = `${accountPath(path, i)}.grants[${gi}]`;
            errors.push(...objectProblems(g, gp));
            const level = levelOf(g);
            const optIn = a.allowAdministrativePrivileges === true;
            if (!optIn && SYSTEM_SCHEMAS.has(g.database))
                errors.push({
                    path: `${gp}.database`,
                    value: g.database,
                    message: "a grant on the 'mysql' schema can change any account's privileges",
                    fix: "grant on the application's schemas, or set allowAdministrativePrivileges: true on this account",
                });
            g.privileges.forEach((written, pi) => {
                const pp = `${gp}.privileges[${pi}]`;
                const name = normalizePrivilege(written);
                if (name === ALL_PRIVILEGES) {
                    if (level === "global" && !optIn)
                        errors.push({
                            path: pp,
                            value: written,
                            message: "ALL on *.* includes SUPER and the replication privileges",
                            fix: "grant ALL on the application's schema ('database: app'), or set allowAdministrativePrivileges: true on this account",
                        });
                    return;
                }
                for (const s of servers) {
                    const row = privilegesOf(s.flavor, s.version).get(name);
                    const at = `${s.flavor} ${formatVersion(s.version)}`;
                    if (!row) {
                        const hint = suggestion(name, [s]);
                        errors.push({
                            path: pp,
                            value: written,
                            message: everName.has(name)
                                ? `${name} is not a privilege of ${at} (${privilegeManual(s.flavor, s.version)})`
                                : `${name} is not a privilege${hint ? ` (did you mean '${hint}'?)` : ""} (${privilegeManual(s.flavor, s.version)})`,
                            fix: hint && !everName.has(name) ? `write '${hint}'` : `use a privilege every version of the cluster has`,
                        });
                        return;
                    }
                    if (LEVEL_RANK[level] > LEVEL_RANK[row.level]) {
                        errors.push({
                            path: pp,
                            value: written,
                            message: `${name} can only be granted ${row.level === "global" ? "on *.* (database: '*')" : "on a whole schema"}, not at the ${level} level`,
                            fix: row.level === "global" ? "move it to a grant with database: '*'" : "move it to a grant without 'table'",
                        });
                        return;
                    }
                    if (row.elevated && !optIn) {
                        errors.push({
                            path: pp,
                            value: written,
                            message: `${name} ${ELEVATED_TEXT[row.elevated]}`,
                            fix: "remove it, or set allowAdministrativePrivileges: true on this account to grant it on purpose",
                        });
                        return;
                    }
                }
            });
        });
    });
    return errors;
}

export function checkAccountPasswordSecret(accounts: readonly AccountSpec[], path: string): StructuralError[] {
    const errors: StructuralError[] = [];
    accounts.forEach((a, i) => {
        const s = a.passwordSecret;
        const p = accountPath(path, i);
        if (s === undefined) return;
        if (!isDnsSubdomain(s.name))
            errors.push({
                path: `${p}.passwordSecret.name`,
                value: s.name,
                message: "a Secret name must be a DNS-1123 subdomain",
                fix: "name an existing Secret of the cluster's namespace, e.g. 'orders-app-password'",
            });
        if (s.key !== undefined && !SECRET_KEY.test(s.key))
            errors.push({
                path: `${p}.passwordSecret.key`,
                value: s.key,
                message: "a Secret key consists of letters, digits, '-', '_' and '.'",
                fix: `name the key that holds the password (default '${DEFAULT_PASSWORD_KEY}')`,
            });
        if (a.passwordRotation !== undefined)
            errors.push({
                path: `${p}.passwordRotation`,
                value: a.passwordRotation,
                message: "passwordRotation generates a new password, but this account's password comes from passwordSecret",
                fix: "remove passwordRotation and change the password in the named Secret instead",
            });
    });
    return errors;
}

/** Every account check, so every error is reported at once. */
export function validateAccounts(accounts: readonly AccountSpec[], path: string, servers: readonly AccountServer[]): StructuralError[] {
    return [
        ...checkAccountNames(accounts, path, servers),
        ...checkAccountHosts(accounts, path, servers),
        ...checkAccountsUnique(accounts, path),
        ...checkAccountPrivileges(accounts, path, servers),
        ...checkAccountPasswordSecret(accounts, path),
    ];
}
