/**
 * Reads what `verify` compares with the plan from one live server, with mysql2: version and flavour,
 * server_id, report_host, read_only/super_read_only, the replication status (either column spelling,
 * docs/compatibility.md#statements-variables-and-status-columns) and the GTID state. Statements are chosen from the server's OWN version through
 * `dialectFor` (one table), so a server that drifted from its planned version is still read correctly.
 */
import * as mysql from "mysql2/promise";
import { dialectFor } from "../../components/mysqld/dialect";
import type { Flavor } from "../../components/spec/types";
import { formatVersion, parseVersion } from "../../components/versions/version";
import type { Credentials } from "./credentials";

/** The replication status of a replica (default channel), normalised across spellings. */
export interface ReplicaStatus {
    sourceHost: string;
    sourcePort: number;
    /** `Yes`, `No` or `Connecting`. */
    ioRunning: string;
    sqlRunning: string;
    /** Seconds behind the source; null when unknown (a thread stopped). */
    lag: number | null;
    lastIoErrno: number;
    lastIoError: string;
    lastSqlErrno: number;
    lastSqlError: string;
    /** server_id of the source as seen by the IO thread (0 before it ever connected). */
    sourceServerId: number;
    /** GTID auto-positioning (MySQL `Auto_Position=1`, MariaDB `Using_Gtid` other than `No`). */
    gtidPositioning: boolean;
}

/** Everything verify reads from one server. */
export interface InstanceFacts {
    /** `SELECT VERSION()`. */
    versionText: string;
    /** `X.Y.Z`. */
    version: string;
    /** From the version text and `version_comment` (`MariaDB`, `Percona`, else mysql). */
    flavor: Flavor;
    serverId: number;
    reportHost: string | null;
    readOnly: boolean;
    /** null where the flavour has no super_read_only (MariaDB). */
    superReadOnly: boolean | null;
    /** null when no replication is configured. */
    replica: ReplicaStatus | null;
    /** MySQL: `@@GLOBAL.gtid_executed` (newlines removed). MariaDB: `@@GLOBAL.gtid_current_pos`. */
    gtidExecuted: string;
    /** MariaDB only: `@@GLOBAL.gtid_binlog_state`. */
    gtidBinlogState?: string;
}

/** An open connection to one instance. */
export type Connection = mysql.Connection;

/** Opens a connection (no database, 5 s connect timeout, one statement per query). */
export function connect(host: string, port: number, cred: Credentials, timeoutMs = 5000): Promise<Connection> {
    return mysql.createConnection({
        host,
        port,
        user: cred.user,
        password: cred.password,
        connectTimeout: timeoutMs,
        supportBigNumbers: true,
        bigNumberStrings: true,
        dateStrings: true,
        multipleStatements: false,
    });
}

/** Rows of a query. */
export async function rows<T = Record<string, unknown>>(c: Connection, sql: string, params: unknown[] = []): Promise<T[]> {
    const [r] = await c.query(sql, params);
    return r as T[];
}

function flavorOf(versionText: string, comment: string): Flavor {
    if (/mariadb/i.test(versionText) || /mariadb/i.test(comment)) return "mariadb";
    if (/percona/i.test(comment) || /percona/i.test(versionText)) return "percona";
    return "mysql";
}

function truthy(v: unknown): boolean {
    return v === 1 || v === "1" || v === "ON" || v === true;
}

/** The first present column among `names` (status columns are spelled by version, docs/compatibility.md#statements-variables-and-status-columns). */
function col(row: Record<string, unknown>, ...names: string[]): unknown {
    for (const n of names) if (n in row) return row[n];
    return undefined;
}

function num(v: unknown, dflt = 0): number {
    if (v === null || v === undefined || v === "") return dflt;
    const n = Number(v);
    return Number.isFinite(n) ? n : dflt;
}

/** What mysql2 returns for the status columns and system variables read here (undefined: an absent column). */
type ColumnValue = string | number | bigint | Buffer | null | undefined;

/** A column's value as text, "" for NULL or an absent column. */
export function text(v: unknown): string {
    const value = v as ColumnValue;
    return value === null || value === undefined ? "" : String(value);
}

/** Normalises one row of SHOW REPLICA STATUS / SHOW SLAVE STATUS (either spelling). */
export function normaliseReplicaStatus(row: Record<string, unknown>): ReplicaStatus {
    const lag = col(row, "Seconds_Behind_Source", "Seconds_Behind_Master");
    const usingGtid = col(row, "Using_Gtid") as string | null | undefined;
    return {
        sourceHost: text(col(row, "Source_Host", "Master_Host")),
        sourcePort: num(col(row, "Source_Port", "Master_Port")),
        ioRunning: text(col(row, "Replica_IO_Running", "Slave_IO_Running")),
        sqlRunning: text(col(row, "Replica_SQL_Running", "Slave_SQL_Running")),
        lag: lag === null || lag === undefined || lag === "" ? null : num(lag),
        lastIoErrno: num(col(row, "Last_IO_Errno")),
        lastIoError: text(col(row, "Last_IO_Error")),
        lastSqlErrno: num(col(row, "Last_SQL_Errno")),
        lastSqlError: text(col(row, "Last_SQL_Error")),
        sourceServerId: num(col(row, "Source_Server_Id", "Master_Server_Id")),
        gtidPositioning:
            usingGtid !== undefined ? String(usingGtid) !== "No" && String(usingGtid) !== "" : num(col(row, "Auto_Position")) === 1,
    };
}

/** Reads the facts of one server. */
export async function inspect(c: Connection): Promise<InstanceFacts> {
    const [base] = await rows<Record<string, unknown>>(
        c,
        "SELECT VERSION() AS v, @@GLOBAL.version_comment AS vc, @@GLOBAL.server_id AS sid, @@GLOBAL.report_host AS rh, @@GLOBAL.read_only AS ro",
    );
    const versionText = String(base.v);
    const flavor = flavorOf(versionText, text(base.vc));
    const parsed = parseVersion(versionText);
    const version = parsed ? formatVersion(parsed) : versionText;
    const d = parsed ? dialectFor(flavor, parsed) : undefined;
    let superReadOnly: boolean | null = null;
    if (d?.readOnly === "super_read_only") {
        const [r] = await rows<Record<string, unknown>>(c, "SELECT @@GLOBAL.super_read_only AS sro");
        superReadOnly = truthy(r.sro);
    }
    const statusSql = d?.showReplicaStatus ?? "SHOW SLAVE STATUS";
    const status = await rows<Record<string, unknown>>(c, statusSql);
    let gtidExecuted: string;
    let gtidBinlogState: string | undefined;
    if (flavor === "mariadb") {
        const [g] = await rows<Record<string, unknown>>(c, "SELECT @@GLOBAL.gtid_current_pos AS cur, @@GLOBAL.gtid_binlog_state AS st");
        gtidExecuted = text(g.cur);
        gtidBinlogState = text(g.st);
    } else {
        const [g] = await rows<Record<string, unknown>>(c, "SELECT @@GLOBAL.gtid_executed AS g");
        gtidExecuted = text(g.g).replace(/\s+/g, "");
    }
    return {
        versionText,
        version,
        flavor,
        serverId: num(base.sid),
        reportHost: base.rh === null || base.rh === undefined ? null : text(base.rh),
        readOnly: truthy(base.ro),
        superReadOnly,
        replica: status.length ? normaliseReplicaStatus(status[0]) : null,
        gtidExecuted,
        gtidBinlogState,
    };
}

/**
 * MySQL errant transactions: what `replicaSet` has that the source does not, computed by the source
 * (`GTID_SUBTRACT(replica, @@GLOBAL.gtid_executed)`; empty when `GTID_SUBSET` holds). The replica's set must
 * be read before this call, so the source's set is at least as recent.
 */
export async function mysqlErrant(source: Connection, replicaSet: string): Promise<string> {
    const [r] = await rows<Record<string, unknown>>(source, "SELECT GTID_SUBTRACT(?, @@GLOBAL.gtid_executed) AS errant", [replicaSet]);
    return text(r.errant).replace(/\s+/g, "");
}
