/**
 * `verify --checksum`: are the rows of every table identical on the primary and on each replica?
 *
 * Method (the row checksum of pt-table-checksum, read-only): each table is cut into chunks of about
 * `chunkSize` rows along the first column of its primary key (boundaries read once, on the primary); for
 * each chunk every instance computes `COUNT(*)` and `BIT_XOR(CRC32(CONCAT_WS('#', columns..., null
 * flags)))`, in parallel. A table without a primary key is one chunk.
 *
 * Consistency without writing anything (pt-table-checksum instead replicates its checksum statements):
 * before a table, verify reads the primary's GTID position and waits until every replica has executed it
 * (`WAIT_FOR_EXECUTED_GTID_SET` / MariaDB `MASTER_GTID_WAIT`); after the table it reads the position again.
 * When the primary did not move, every instance computed the same point in the transaction history and a
 * difference is real. When it moved (writes during the check), each differing chunk is checked again at a
 * fresh position, up to `maxAttempts` times; a chunk that never sees a still primary is reported as
 * `unstable`, never as a difference.
 */
import type { Flavor } from "../../components/spec/types";
import { rows, type Connection } from "./inspect";

/** Options of the checksum. */
export interface ChecksumOptions {
    /** Rows per chunk. Default 20000. */
    chunkSize?: number;
    /** Seconds to wait for a replica to reach the primary's position, per attempt. Default 30. */
    waitSeconds?: number;
    /** Attempts per differing chunk when the primary is being written. Default 5. */
    maxAttempts?: number;
    /** Schemas never checked, besides the system schemas. Default: `percona` (pt-table-checksum's own). */
    excludeSchemas?: string[];
    /** Progress callback (one line per table). */
    progress?: (line: string) => void;
}

/** A server taking part in the checksum. */
export interface ChecksumMember {
    name: string;
    conn: Connection;
}

/** A chunk whose checksum differs between the primary and a replica. */
export interface ChunkDiff {
    instance: string;
    /** 1-based chunk number. */
    chunk: number;
    /** The chunk's key range, e.g. `id > 100 AND id <= 200`. */
    range: string;
    primary: { rows: number; crc: string };
    replica: { rows: number; crc: string };
}

/** The checksum result of one table. */
export interface TableChecksum {
    schema: string;
    table: string;
    chunks: number;
    /** Rows on the primary. */
    rows: number;
    /** Differing chunks, per replica. */
    diffs: ChunkDiff[];
    /** Replicas for which some chunk could not be compared at a still position. */
    unstable: string[];
    /** Why, per replica in `unstable`: the primary moved during every attempt, and/or the replica did not reach its position. */
    unstableWhy: Record<string, string>;
    /** Replicas that did not reach the primary's position in time (results compared anyway, marked). */
    behind: string[];
}

const SYSTEM_SCHEMAS = ["mysql", "sys", "information_schema", "performance_schema"];

/** Backtick-quotes an identifier. */
export function ident(name: string): string {
    return `\`${name.replace(/`/g, "``")}\``;
}

interface Column {
    name: string;
    dataType: string;
    nullable: boolean;
    columnType: string;
}

/** The checksummed expression of one column (BIT as a number; everything else as the server renders it). */
function colExpr(c: Column): string {
    if (c.dataType === "bit") return `CAST(${ident(c.name)} AS UNSIGNED)`;
    return ident(c.name);
}

/**
 * The SELECT list of a chunk checksum: `COUNT(*)` and pt-table-checksum's row checksum
 * (`BIT_XOR(CAST(CRC32(CONCAT_WS('#', cols..., CONCAT(ISNULL(nullable cols)...))) AS UNSIGNED))`).
 */
export function checksumSelect(columns: readonly Column[]): string {
    const parts = columns.map(colExpr);
    const nulls = columns.filter((c) => c.nullable).map((c) => `ISNULL(${ident(c.name)})`);
    if (nulls.length) parts.push(`CONCAT(${nulls.join(", ")})`);
    return `COUNT(*) AS cnt, COALESCE(LOWER(CONV(BIT_XOR(CAST(CRC32(CONCAT_WS('#', ${parts.join(", ")})) AS UNSIGNED)), 10, 16)), '0') AS crc`;
}

/** How a boundary value is bound in SQL for the key column's type (exact integers and decimals). */
function boundExpr(c: Column): string {
    if (/int$/.test(c.dataType)) return /unsigned/.test(c.columnType) ? "CAST(? AS UNSIGNED)" : "CAST(? AS SIGNED)";
    if (c.dataType === "decimal") return "CAST(? AS DECIMAL(65,30))";
    return "?";
}

interface Chunk {
    where: string;
    params: unknown[];
    range: string;
}

async function chunksOf(primary: Connection, schema: string, table: string, key: Column | undefined, chunkSize: number): Promise<Chunk[]> {
    if (!key) return [{ where: "1=1", params: [], range: "whole table (no primary key)" }];
    const k = ident(key.name);
    const t = `${ident(schema)}.${ident(table)}`;
    const b = boundExpr(key);
    const bounds: unknown[] = [];
    let lower: unknown;
    for (;;) {
        const sql =
            lower === undefined
                ? `SELECT ${k} AS b FROM ${t} ORDER BY ${k} LIMIT 1 OFFSET ${chunkSize - 1}`
                : `SELECT ${k} AS b FROM ${t} WHERE ${k} > ${b} ORDER BY ${k} LIMIT 1 OFFSET ${chunkSize - 1}`;
        const r = await rows<{ b: unknown }>(primary, sql, lower === undefined ? [] : [lower]);
        if (!r.length) break;
        bounds.push(r[0].b);
        lower = r[0].b;
    }
    const show = (v: unknown) => (Buffer.isBuffer(v) ? `0x${v.toString("hex")}` : String(v));
    const chunks: Chunk[] = [];
    for (let i = 0; i <= bounds.length; i++) {
        const lo = i > 0 ? bounds[i - 1] : undefined;
        const hi = i < bounds.length ? bounds[i] : undefined;
        const conds: string[] = [];
        const params: unknown[] = [];
        const range: string[] = [];
        if (lo !== undefined) {
            conds.push(`${k} > ${b}`);
            params.push(lo);
            range.push(`${key.name} > ${show(lo)}`);
        }
        if (hi !== undefined) {
            conds.push(`${k} <= ${b}`);
            params.push(hi);
            range.push(`${key.name} <= ${show(hi)}`);
        }
        chunks.push({ where: conds.length ? conds.join(" AND ") : "1=1", params, range: range.join(" AND ") || "all rows" });
    }
    return chunks;
}

/** The primary's position: MySQL `gtid_executed`, MariaDB `gtid_binlog_pos`. */
async function position(c: Connection, flavor: Flavor): Promise<string> {
    const sql = flavor === "mariadb" ? "SELECT @@GLOBAL.gtid_binlog_pos AS p" : "SELECT @@GLOBAL.gtid_executed AS p";
    const [r] = await rows<{ p: string | null }>(c, sql);
    return String(r.p ?? "").replace(/\s+/g, "");
}

/** Waits until a replica has executed `pos`; false on timeout. */
async function waitFor(c: Connection, flavor: Flavor, pos: string, seconds: number): Promise<boolean> {
    if (!pos) return true;
    if (flavor === "mariadb") {
        const [r] = await rows<{ r: number | string }>(c, "SELECT MASTER_GTID_WAIT(?, ?) AS r", [pos, seconds]);
        return Number(r.r) === 0;
    }
    const [r] = await rows<{ r: number | string }>(c, "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?) AS r", [pos, seconds]);
    return Number(r.r) === 0;
}

async function chunkSum(
    c: Connection,
    schema: string,
    table: string,
    select: string,
    chunk: Chunk,
): Promise<{ rows: number; crc: string }> {
    const [r] = await rows<{ cnt: number | string; crc: string }>(
        c,
        `SELECT ${select} FROM ${ident(schema)}.${ident(table)} WHERE ${chunk.where}`,
        chunk.params,
    );
    return { rows: Number(r.cnt), crc: String(r.crc) };
}

/** The tables to check: base tables outside the system schemas and `excludeSchemas`. */
export async function listTables(primary: Connection, exclude: readonly string[]): Promise<{ schema: string; table: string }[]> {
    const skip = [...SYSTEM_SCHEMAS, ...exclude];
    const r = await rows<{ s: string; t: string }>(
        primary,
        `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN (${skip.map(() => "?").join(", ")}) ORDER BY TABLE_SCHEMA, TABLE_NAME`,
        skip,
    );
    return r.map((x) => ({ schema: x.s, table: x.t }));
}

/** Checksums every table on the primary and each replica (see the module comment). */
export async function checksumCluster(
    primary: ChecksumMember,
    replicas: readonly ChecksumMember[],
    flavor: Flavor,
    opts: ChecksumOptions = {},
): Promise<TableChecksum[]> {
    const chunkSize = Math.max(1, opts.chunkSize ?? 20000);
    const waitSeconds = opts.waitSeconds ?? 30;
    const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
    const out: TableChecksum[] = [];
    for (const { schema, table } of await listTables(primary.conn, opts.excludeSchemas ?? ["percona"])) {
        const cols = await rows<{ n: string; dt: string; nul: string; ct: string }>(
            primary.conn,
            "SELECT COLUMN_NAME AS n, DATA_TYPE AS dt, IS_NULLABLE AS nul, COLUMN_TYPE AS ct FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
            [schema, table],
        );
        const columns: Column[] = cols.map((c) => ({
            name: c.n,
            dataType: c.dt.toLowerCase(),
            nullable: c.nul === "YES",
            columnType: c.ct.toLowerCase(),
        }));
        const pk = await rows<{ n: string }>(
            primary.conn,
            "SELECT COLUMN_NAME AS n FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX",
            [schema, table],
        );
        const key = pk.length ? columns.find((c) => c.name === pk[0].n) : undefined;
        const select = checksumSelect(columns);
        const chunks = await chunksOf(primary.conn, schema, table, key, chunkSize);

        const behind = new Set<string>();
        const before = await position(primary.conn, flavor);
        await Promise.all(
            replicas.map(async (r) => {
                if (!(await waitFor(r.conn, flavor, before, waitSeconds))) behind.add(r.name);
            }),
        );
        // Each instance works through the chunks on its own connection; instances run concurrently.
        const perMember = await Promise.all(
            [primary, ...replicas].map(async (m) => {
                const sums: { rows: number; crc: string }[] = [];
                for (const ch of chunks) sums.push(await chunkSum(m.conn, schema, table, select, ch));
                return sums;
            }),
        );
        const results = chunks.map((_, i) => ({
            primary: perMember[0][i],
            replicas: new Map(replicas.map((r, j) => [r.name, perMember[j + 1][i]] as const)),
        }));
        const after = await position(primary.conn, flavor);
        const stable = before === after;

        const diffs: ChunkDiff[] = [];
        const unstable = new Set<string>();
        const moved = new Set<string>(stable ? [] : replicas.map((r) => r.name));
        const notReached = new Set<string>(behind);
        for (let i = 0; i < chunks.length; i++) {
            for (const r of replicas) {
                let p = results[i].primary;
                let q = results[i].replicas.get(r.name)!;
                if (p.rows === q.rows && p.crc === q.crc) continue;
                let conclusive = stable && !behind.has(r.name);
                // Writes during the table (or a lagging replica): check this chunk again at a still position.
                for (let attempt = 1; !conclusive && attempt <= maxAttempts; attempt++) {
                    const pos = await position(primary.conn, flavor);
                    const reached = await waitFor(r.conn, flavor, pos, behind.has(r.name) ? 1 : waitSeconds);
                    [p, q] = await Promise.all([
                        chunkSum(primary.conn, schema, table, select, chunks[i]),
                        chunkSum(r.conn, schema, table, select, chunks[i]),
                    ]);
                    const still = (await position(primary.conn, flavor)) === pos;
                    if (!still) moved.add(r.name);
                    if (!reached) notReached.add(r.name);
                    if (p.rows === q.rows && p.crc === q.crc) break;
                    if (reached && still) conclusive = true;
                    else if (attempt < maxAttempts) await new Promise((res) => setTimeout(res, 200 * attempt));
                }
                if (p.rows === q.rows && p.crc === q.crc) continue;
                if (!conclusive) {
                    unstable.add(r.name);
                    continue;
                }
                diffs.push({ instance: r.name, chunk: i + 1, range: chunks[i].range, primary: p, replica: q });
            }
        }
        const total = results.reduce((n, x) => n + x.primary.rows, 0);
        const unstableWhy: Record<string, string> = {};
        for (const name of unstable) {
            const why: string[] = [];
            if (moved.has(name)) why.push("the primary kept changing");
            if (notReached.has(name)) why.push(`${name} did not reach the primary's position within ${waitSeconds} s`);
            unstableWhy[name] = why.join(", and ") || "no still position";
        }
        const t: TableChecksum = {
            schema,
            table,
            chunks: chunks.length,
            rows: total,
            diffs,
            unstable: [...unstable],
            unstableWhy,
            behind: [...behind],
        };
        out.push(t);
        opts.progress?.(
            `checksum ${schema}.${table}: ${chunks.length} chunk(s), ${total} row(s), ${tableVerdict(
                t,
                replicas.map((r) => r.name),
            )}`,
        );
    }
    return out;
}

/**
 * One table's verdict over the replicas compared: `identical` only when every one of them was compared at a
 * still position and matched; otherwise which replicas differ and which comparisons were inconclusive.
 */
export function tableVerdict(t: TableChecksum, compared: readonly string[]): string {
    const differ = [...new Set(t.diffs.map((d) => d.instance))];
    const parts: string[] = [];
    if (differ.length) parts.push(`DIFFERS on ${differ.join(", ")}`);
    const inconclusive = t.unstable.filter((n) => !differ.includes(n));
    if (inconclusive.length) parts.push(`INCONCLUSIVE on ${inconclusive.map((n) => `${n} (${t.unstableWhy[n] ?? "?"})`).join(", ")}`);
    const same = compared.filter((n) => !differ.includes(n) && !inconclusive.includes(n));
    if (!parts.length) return compared.length ? "identical" : "no replica compared";
    if (same.length) parts.push(`identical on ${same.join(", ")}`);
    return parts.join("; ");
}
