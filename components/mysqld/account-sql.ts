/**
 * The statements that make a declared account what its specification says, and the steps that rotate its password
 * without a failed connection, by flavour and version. Pure: every name, host, schema and table goes through
 * ./sql-quote.ts; a password is taken as a value and quoted the same way (the caller reads it from a mounted
 * Secret file, never from a command line).
 *
 * CREATE USER:  https://dev.mysql.com/doc/refman/8.0/en/create-user.html, https://mariadb.com/kb/en/create-user/
 * Resource limits: https://dev.mysql.com/doc/refman/8.0/en/user-resources.html
 * Dual passwords: https://dev.mysql.com/doc/refman/8.0/en/password-management.html#dual-passwords (8.0.14)
 */
import type { Flavor } from "../spec/types";
import type { AccountGrantSpec, AccountLimitsSpec, AccountSpec } from "../spec/accounts";
import { atLeast, type ServerVersion } from "../versions/version";
import { family, toVersion } from "./dialect";
import { ALL_PRIVILEGES, normalizePrivilege } from "./privileges";
import { sqlAccount, sqlIdentifier, sqlString } from "./sql-quote";

/** True when the server keeps a retained second password (`RETAIN CURRENT PASSWORD`): MySQL and Percona 8.0.14+. */
export function hasDualPasswords(flavor: Flavor, version: string | ServerVersion): boolean {
    return family(flavor) === "mysql" && atLeast(toVersion(version), "8.0.14");
}

/** `db.table` with each part quoted, `*` left bare. */
export function grantTarget(g: Pick<AccountGrantSpec, "database" | "table">): string {
    const db = g.database === "*" ? "*" : sqlIdentifier(g.database);
    const table = g.table === undefined || g.table === "*" ? "*" : sqlIdentifier(g.table);
    return `${db}.${table}`;
}

/** The `WITH MAX_…` clause: every limit spelt out (0 = unlimited) so an ALTER also lifts a removed limit. */
export function limitsClause(l: AccountLimitsSpec | undefined): string {
    const v = (n: number | undefined) => String(n ?? 0);
    return (
        `WITH MAX_QUERIES_PER_HOUR ${v(l?.maxQueriesPerHour)} MAX_UPDATES_PER_HOUR ${v(l?.maxUpdatesPerHour)} ` +
        `MAX_CONNECTIONS_PER_HOUR ${v(l?.maxConnectionsPerHour)} MAX_USER_CONNECTIONS ${v(l?.maxUserConnections)}`
    );
}

/** GRANT OPTION is a clause, not a privilege of the list: split it out. */
function grantStatement(g: AccountGrantSpec, account: string): string {
    const names = g.privileges.map(normalizePrivilege);
    const withGrant = names.includes("GRANT OPTION");
    const list = names.filter((n) => n !== "GRANT OPTION");
    const privileges = list.length ? list.join(", ") : "USAGE";
    return `GRANT ${privileges === ALL_PRIVILEGES ? "ALL PRIVILEGES" : privileges} ON ${grantTarget(g)} TO ${account}${withGrant ? " WITH GRANT OPTION" : ""}`;
}

/**
 * The statements that bring one account to its specification, in order: create it if missing, set its password
 * (the Secret is authoritative), TLS requirement and limits, then replace its grants (revoke everything, grant the declared list), so a privilege
 * removed from the specification is removed from the server and nothing more than the declared grants holds.
 * `user` overrides the name (the alternate account of a two-account rotation).
 */
export function accountStatements(a: AccountSpec, password: string, opts: { host: string; requireTls: boolean; user?: string }): string[] {
    const account = sqlAccount(opts.user ?? a.name, opts.host);
    const require = opts.requireTls ? "REQUIRE SSL" : "REQUIRE NONE";
    return [
        `CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY ${sqlString(password)} ${require} ${limitsClause(a.limits)}`,
        `ALTER USER ${account} IDENTIFIED BY ${sqlString(password)} ${require} ${limitsClause(a.limits)}`,
        `REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${account}`,
        ...a.grants.map((g) => grantStatement(g, account)),
    ];
}

/** The alternate user name of a two-account rotation: odd rotations use `<name>_b`. */
export function rotationUser(name: string, rotation: number): string {
    return rotation % 2 === 1 ? `${name}_b` : name;
}

/** One step of a password rotation: what happens, and the statement when the step is one (password shown as `<new>`). */
export interface RotationStep {
    what: string;
    statement?: string;
}

/**
 * The steps that change an account's password while its clients keep connecting, per server:
 * - MySQL and Percona 8.0.14+: dual passwords. The new password is set retaining the current one, the Secret rolls,
 *   and once every client has reconnected with it the old one is discarded.
 * - MariaDB and MySQL 5.7 (no retained password): two accounts. The other name of the pair (`<name>` / `<name>_b`)
 *   is created with the new password and the same grants, the Secret rolls to that user and password, and once no
 *   session of the old user remains the old user is dropped.
 */
export function rotationSteps(
    a: AccountSpec,
    where: { host: string; requireTls: boolean },
    from: number,
    to: number,
    flavor: Flavor,
    version: string | ServerVersion,
): RotationStep[] {
    const placeholder = "<new>";
    const host = where.host;
    if (hasDualPasswords(flavor, version)) {
        const account = sqlAccount(a.name, host);
        return [
            {
                what: "set the new password, keeping the current one valid",
                statement: `ALTER USER ${account} IDENTIFIED BY ${placeholder} RETAIN CURRENT PASSWORD`,
            },
            { what: "the account's Secret rolls to the new password; clients reconnect with it (old and new both accepted)" },
            {
                what: "once every client has reconnected, the old password is discarded",
                statement: `ALTER USER ${account} DISCARD OLD PASSWORD`,
            },
        ];
    }
    const oldUser = rotationUser(a.name, from);
    const newUser = rotationUser(a.name, to);
    if (oldUser === newUser)
        return [
            {
                what: `rotation ${from} → ${to} keeps the user '${oldUser}': with no retained password on ${flavor} a same-name change fails every connection opened with the old password until the Secret rolled; step passwordRotation by one`,
            },
        ];
    return [
        {
            what: `create '${newUser}' with the new password and the same grants`,
            statement: accountStatements(a, placeholder, { host, requireTls: where.requireTls, user: newUser })[0].replace(
                `'${placeholder}'`,
                placeholder,
            ),
        },
        { what: `the account's Secret rolls to user '${newUser}' and the new password; clients reconnect as '${newUser}'` },
        {
            what: `once no session of '${oldUser}' remains, '${oldUser}' is dropped`,
            statement: `DROP USER IF EXISTS ${sqlAccount(oldUser, host)}`,
        },
    ];
}
