/**
 * The privileges a server version knows, by flavour and version: data only. A declared account's grants are checked
 * against this list (components/planner/accounts.ts). docs/compatibility.md#accounts-and-privileges explains the rows.
 *
 * Each privilege has the narrowest level it may be granted at (`global`: only `*.*`; `database`: `*.*` or `db.*`;
 * `table`: also `db.table`) and, when it lets an account bypass Myriad's own guarantees, the reason it needs an
 * explicit opt-in (`elevated`): the read-only fence of a replica, the connection limit, replication or handing
 * privileges on.
 */
import type { Flavor } from "../spec/types";
import { atLeast, type ServerVersion } from "../versions/version";
import { family, toVersion } from "./dialect";
import { MYSQL_PRIVILEGES_57, MYSQL_PRIVILEGES_80, MYSQL_PRIVILEGES_84, MARIADB_GRANT } from "./manual-pages";

/** The narrowest level a privilege may be granted at. */
export type PrivilegeLevel = "global" | "database" | "table";

/** Why a privilege needs the account's explicit opt-in. */
export type ElevatedReason = "super" | "read-only-admin" | "connection-admin" | "replication" | "grant-option";

/** One privilege of one flavour family. */
export interface PrivilegeRow {
    /** The name as written in GRANT (upper case, words separated by one space; dynamic privileges with `_`). */
    name: string;
    /** The narrowest level. */
    level: PrivilegeLevel;
    /** First version that has it (inclusive). */
    since: string;
    /** First version that no longer has it, if removed. */
    removed?: string;
    /** Set when granting it needs the account's opt-in. */
    elevated?: ElevatedReason;
}

const row = (name: string, level: PrivilegeLevel, since = "0.0.0", extra: Partial<PrivilegeRow> = {}): PrivilegeRow => ({
    name,
    level,
    since,
    ...extra,
});

/** Privileges every flavour shares (MySQL 5.7 and MariaDB 10.x "Privileges Provided" / "GRANT"). */
const COMMON: readonly PrivilegeRow[] = [
    row("ALTER", "table"),
    row("ALTER ROUTINE", "database"),
    row("CREATE", "table"),
    row("CREATE ROUTINE", "database"),
    row("CREATE TABLESPACE", "global"),
    row("CREATE TEMPORARY TABLES", "database"),
    row("CREATE USER", "global"),
    row("CREATE VIEW", "table"),
    row("DELETE", "table"),
    row("DROP", "table"),
    row("EVENT", "database"),
    row("EXECUTE", "database"),
    row("FILE", "global"),
    row("GRANT OPTION", "table", "0.0.0", { elevated: "grant-option" }),
    row("INDEX", "table"),
    row("INSERT", "table"),
    row("LOCK TABLES", "database"),
    row("PROCESS", "global"),
    row("REFERENCES", "table"),
    row("RELOAD", "global"),
    row("REPLICATION CLIENT", "global", "0.0.0", { elevated: "replication" }),
    row("REPLICATION SLAVE", "global", "0.0.0", { elevated: "replication" }),
    row("SELECT", "table"),
    row("SHOW DATABASES", "global"),
    row("SHOW VIEW", "table"),
    row("SHUTDOWN", "global"),
    row("SUPER", "global", "0.0.0", { elevated: "super" }),
    row("TRIGGER", "table"),
    row("UPDATE", "table"),
    row("USAGE", "table"),
];

/** MySQL and Percona Server: 8.0's roles and dynamic privileges (global only), by the release that added them. */
const MYSQL_ONLY: readonly PrivilegeRow[] = [
    row("PROXY", "global"),
    row("CREATE ROLE", "global", "8.0.0"),
    row("DROP ROLE", "global", "8.0.0"),
    row("APPLICATION_PASSWORD_ADMIN", "global", "8.0.14"),
    row("AUDIT_ADMIN", "global", "8.0.0"),
    row("AUTHENTICATION_POLICY_ADMIN", "global", "8.0.27"),
    row("BACKUP_ADMIN", "global", "8.0.0"),
    row("BINLOG_ADMIN", "global", "8.0.0"),
    row("BINLOG_ENCRYPTION_ADMIN", "global", "8.0.14"),
    row("CLONE_ADMIN", "global", "8.0.17"),
    row("CONNECTION_ADMIN", "global", "8.0.0", { elevated: "connection-admin" }),
    row("ENCRYPTION_KEY_ADMIN", "global", "8.0.0"),
    row("FLUSH_OPTIMIZER_COSTS", "global", "8.0.23"),
    row("FLUSH_PRIVILEGES", "global", "8.4.0"),
    row("FLUSH_STATUS", "global", "8.0.23"),
    row("FLUSH_TABLES", "global", "8.0.23"),
    row("FLUSH_USER_RESOURCES", "global", "8.0.23"),
    row("GROUP_REPLICATION_ADMIN", "global", "8.0.0", { elevated: "replication" }),
    row("GROUP_REPLICATION_STREAM", "global", "8.0.26", { elevated: "replication" }),
    row("INNODB_REDO_LOG_ARCHIVE", "global", "8.0.17"),
    row("INNODB_REDO_LOG_ENABLE", "global", "8.0.21"),
    row("PASSWORDLESS_USER_ADMIN", "global", "8.0.27"),
    row("PERSIST_RO_VARIABLES_ADMIN", "global", "8.0.0"),
    row("REPLICATION_APPLIER", "global", "8.0.18", { elevated: "replication" }),
    row("REPLICATION_SLAVE_ADMIN", "global", "8.0.0", { elevated: "replication" }),
    row("RESOURCE_GROUP_ADMIN", "global", "8.0.0"),
    row("RESOURCE_GROUP_USER", "global", "8.0.0"),
    row("ROLE_ADMIN", "global", "8.0.0"),
    row("SENSITIVE_VARIABLES_OBSERVER", "global", "8.0.29"),
    row("SERVICE_CONNECTION_ADMIN", "global", "8.0.14"),
    row("SESSION_VARIABLES_ADMIN", "global", "8.0.14"),
    row("SET_USER_ID", "global", "8.0.0", { removed: "8.4.0" }),
    row("SET_ANY_DEFINER", "global", "8.2.0"),
    row("ALLOW_NONEXISTENT_DEFINER", "global", "8.2.0"),
    row("SHOW_ROUTINE", "global", "8.0.20"),
    row("SYSTEM_USER", "global", "8.0.16"),
    row("SYSTEM_VARIABLES_ADMIN", "global", "8.0.0", { elevated: "super" }),
    row("TABLE_ENCRYPTION_ADMIN", "global", "8.0.16"),
    row("TRANSACTION_GTID_TAG", "global", "8.3.0"),
    row("XA_RECOVER_ADMIN", "global", "8.0.19"),
];

/** MariaDB: PROXY, DELETE HISTORY (10.3.4) and the privileges 10.5.2 split out of SUPER. */
const MARIADB_ONLY: readonly PrivilegeRow[] = [
    row("PROXY", "global"),
    row("DELETE HISTORY", "table", "10.3.4"),
    row("BINLOG ADMIN", "global", "10.5.2"),
    row("BINLOG MONITOR", "global", "10.5.2", { elevated: "replication" }),
    row("BINLOG REPLAY", "global", "10.5.2", { elevated: "replication" }),
    row("CONNECTION ADMIN", "global", "10.5.2", { elevated: "connection-admin" }),
    row("FEDERATED ADMIN", "global", "10.5.2"),
    row("READ_ONLY ADMIN", "global", "10.5.2", { elevated: "read-only-admin" }),
    row("REPLICATION MASTER ADMIN", "global", "10.5.2", { elevated: "replication" }),
    row("REPLICATION REPLICA", "global", "10.5.1", { elevated: "replication" }),
    row("REPLICATION SLAVE ADMIN", "global", "10.5.2", { elevated: "replication" }),
    row("REPLICA MONITOR", "global", "10.5.9", { elevated: "replication" }),
    row("SLAVE MONITOR", "global", "10.5.9", { elevated: "replication" }),
    row("SET USER", "global", "10.5.2"),
    row("SHOW CREATE ROUTINE", "database", "11.3.0"),
];

/** `ALL [PRIVILEGES]`: every privilege of its level but GRANT OPTION; at `*.*` it carries SUPER and the rest. */
export const ALL_PRIVILEGES = "ALL PRIVILEGES";

/** The privileges of one server, by name. */
export function privilegesOf(flavor: Flavor, version: string | ServerVersion): ReadonlyMap<string, PrivilegeRow> {
    const v = toVersion(version);
    const rows = [...COMMON, ...(family(flavor) === "mariadb" ? MARIADB_ONLY : MYSQL_ONLY)];
    const out = new Map<string, PrivilegeRow>();
    for (const r of rows) if (atLeast(v, r.since) && (r.removed === undefined || !atLeast(v, r.removed))) out.set(r.name, r);
    return out;
}

/** Every privilege name either flavour has ever had (for telling "not on this version" from "unknown"). */
export function everyPrivilegeName(): ReadonlySet<string> {
    return new Set([...COMMON, ...MYSQL_ONLY, ...MARIADB_ONLY].map((r) => r.name));
}

/** The manual page of a server's privilege list. */
export function privilegeManual(flavor: Flavor, version: string | ServerVersion): string {
    const v = toVersion(version);
    if (family(flavor) === "mariadb") return MARIADB_GRANT;
    return atLeast(v, "8.4.0") ? MYSQL_PRIVILEGES_84 : atLeast(v, "8.0.0") ? MYSQL_PRIVILEGES_80 : MYSQL_PRIVILEGES_57;
}

/**
 * A privilege as written by a user, in the form the tables use: upper case, runs of blanks as one space, `ALL`
 * as `ALL PRIVILEGES`. Dynamic privileges keep their underscores.
 */
export function normalizePrivilege(written: string): string {
    const p = written.trim().replace(/\s+/g, " ").toUpperCase();
    return p === "ALL" ? ALL_PRIVILEGES : p;
}
