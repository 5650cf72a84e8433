/**
 * Day-2 changes on real servers, shared by the MariaDB and MySQL 5.7 suites (tests/real/day2.test.ts): a
 * declared switchover and a declared failover applied with `myriad local apply`, and a change that adds an
 * instance, takes one offline and changes a setting. The application writes through its own account (not an
 * administrator) to "the write Service": the one instance that accepts writes, found by asking each instance, as
 * the Service selects the ready pod labelled primary (a primary's readiness is "accepts writes"); a watcher asks
 * every instance every 50 ms and records the most instances it ever saw writable at once.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isAlive } from "../../infra/local/process";
import * as mysql from "mysql2/promise";
import { runLocalApply } from "../../infra/cli/local";
import { captureIo, TestCluster, writeConfig } from "./cluster";
import { eventually, scratchDir } from "./harness";
import { WriteLoad, waitForAcks, type LoadResult } from "./load";

/** A cluster fixture of one template and three instances (ordinals 0, 1, 2; primary 0). */
export interface Day2Target {
    /** Cluster name; instances are `<name>-0..2`. */
    name: string;
    /** The configuration (a list with one cluster) to derive changes from. */
    clusters: () => any[];
    /** Statements of the flavour. */
    stopReplica: string;
    /** The SQL that reads whether an instance accepts writes (1) or not (0). */
    writableSql: string;
}

export const APP_USER = "app_writer";
export const APP_PASSWORD = "app-Writer-pw-1";

/** `myriad local apply --config <clusters> --dir <cluster's dir>`. */
export async function apply(c: TestCluster, clusters: unknown, timeout = 120): Promise<{ code: number; output: string; steps: any[] }> {
    const file = writeConfig(scratchDir("config"), "apply.yaml", clusters);
    const io = captureIo();
    const code = await runLocalApply({ config: file, dir: c.dir, format: "json", timeout: String(timeout) }, io);
    c.log += io.stderr;
    c.trackPids();
    let steps: any[] = [];
    try {
        steps = JSON.parse(io.stdout).steps;
    } catch {
        steps = [];
    }
    return { code, output: io.stderr + io.stdout, steps };
}

/** Watches every instance: which accept writes, and the most that ever did at once. */
export class WritableWatcher {
    private running = true;
    private readonly conns = new Map<string, mysql.Connection | undefined>();
    /** The instances that accepted writes at the last look. */
    writable: string[] = [];
    /** The most instances seen accepting writes at once, and when. */
    most = 0;
    mostSeen: string[] = [];
    private readonly loop: Promise<void>;

    constructor(
        private readonly c: TestCluster,
        private readonly names: string[],
        private readonly sql: string,
    ) {
        this.loop = this.run();
    }

    private async ask(name: string): Promise<boolean> {
        let conn = this.conns.get(name);
        try {
            if (!conn) {
                conn = await mysql.createConnection({
                    host: this.c.host(name),
                    port: this.c.port(name),
                    user: "root",
                    password: this.c.rootPassword,
                    connectTimeout: 1000,
                });
                conn.on("error", () => undefined);
                this.conns.set(name, conn);
            }
            const [rows] = await conn.query(this.sql);
            return Number((rows as { w: string | number }[])[0].w) === 1;
        } catch {
            conn?.destroy();
            this.conns.set(name, undefined);
            return false;
        }
    }

    private async run(): Promise<void> {
        while (this.running) {
            const seen = await Promise.all(this.names.map(async (n) => ((await this.ask(n)) ? n : undefined)));
            this.writable = seen.filter((n): n is string => n !== undefined);
            if (this.writable.length > this.most) {
                this.most = this.writable.length;
                this.mostSeen = [...this.writable];
            }
            await new Promise((r) => setTimeout(r, 50));
        }
    }

    /** The write endpoint: the one writable instance (the last one seen while none or several are). */
    private last = "";
    endpoint(): string {
        if (this.writable.length === 1) this.last = this.writable[0];
        return this.last;
    }

    async stop(): Promise<void> {
        this.running = false;
        await this.loop;
        for (const c of this.conns.values()) c?.destroy();
    }
}

/** Creates app.load and the application account (INSERT and SELECT on app only) on the primary. */
export async function prepareApp(c: TestCluster, primary: string): Promise<void> {
    await c.query(
        primary,
        `CREATE DATABASE IF NOT EXISTS app; CREATE TABLE app.load (writer INT NOT NULL, seq INT NOT NULL, payload VARCHAR(255) NOT NULL, PRIMARY KEY (writer, seq));
         CREATE USER '${APP_USER}'@'%' IDENTIFIED BY '${APP_PASSWORD}'; GRANT INSERT, SELECT ON app.* TO '${APP_USER}'@'%'`,
    );
}

/** The keys of app.load on an instance. */
export async function rowsOf(c: TestCluster, name: string): Promise<Set<string>> {
    return new Set((await c.query<{ k: string }>(name, "SELECT CONCAT(writer, ':', seq) AS k FROM app.load")).map((r) => r.k));
}

/** Every acknowledged row is on every instance, and nothing outside acknowledged + in doubt. */
export async function expectEveryAckedRow(c: TestCluster, names: string[], result: LoadResult): Promise<void> {
    const expected = result.acked.size;
    for (const n of names) {
        await eventually(
            `${n} has every acknowledged row`,
            async () => {
                const rows = await rowsOf(c, n);
                return [...result.acked].every((k) => rows.has(k));
            },
            60000,
            500,
        );
        const rows = await rowsOf(c, n);
        for (const k of rows) expect(result.acked.has(k) || result.inDoubt.has(k)).toBe(true);
        expect(rows.size).toBeGreaterThanOrEqual(expected);
    }
}

/** The switchover scenario: primary 0 -> 1 under the application's write load. Returns the longest pause (ms). */
export async function switchoverUnderLoad(c: TestCluster, t: Day2Target): Promise<number> {
    const [n0, n1, n2] = [0, 1, 2].map((o) => `${t.name}-${o}`);
    await prepareApp(c, n0);
    const watcher = new WritableWatcher(c, [n0, n1, n2], t.writableSql);
    await eventually("the watcher sees the primary", () => Promise.resolve(watcher.endpoint() === n0), 10000, 50);
    const load = new WriteLoad(
        {
            host: () => c.host(watcher.endpoint()),
            port: () => c.port(watcher.endpoint()),
            user: APP_USER,
            password: APP_PASSWORD,
            table: "app.load",
        },
        4,
        { reconnectOnReadOnly: true, pauseMs: 20 },
    );
    let result: LoadResult;
    let pause = 0;
    let r: Awaited<ReturnType<typeof apply>>;
    try {
        await waitForAcks(load, 300);
        load.resetPause();
        const next = t.clusters();
        next[0].primary = 1;
        r = await apply(c, next);
        await waitForAcks(load, 300);
        pause = load.longestPauseMs;
    } finally {
        result = await load.stop();
        await watcher.stop();
    }
    if (r.code !== 0) throw new Error(`local apply exited ${r.code}:\n${r.output}`);
    expect(r.steps.map((s: any) => [s.instance, s.action, s.outcome])).toEqual([
        [n1, "restart", "ready"],
        [n0, "restart", "ready"],
        [n2, "restart", "ready"],
    ]);
    expect(r.output).toMatch(/switchover \(fence the old primary, apply everything it executed, promote\)/);
    expect(r.output).toMatch(/fenced the old primary/);
    // Never two instances accepting writes; afterwards exactly one, the new primary.
    expect(watcher.most).toBe(1);
    const writable: string[] = [];
    for (const n of [n0, n1, n2]) if (Number((await c.query<{ w: number }>(n, t.writableSql))[0].w) === 1) writable.push(n);
    expect(writable).toEqual([n1]);
    await expectEveryAckedRow(c, [n1, n0, n2], result);
    const v = await c.verify();
    expect(v.json.findings).toEqual([]);
    expect(v.code).toBe(0);
    return pause;
}

/**
 * The failover scenario: replica 2 is ahead of replica 1, the primary holds one transaction no replica
 * received, then it is killed (-9). Declaring 1 is refused naming 2; declaring 2 promotes it; the old primary,
 * started as a replica, refuses to replicate and verify names its errant transaction.
 */
export async function failoverScenario(c: TestCluster, t: Day2Target): Promise<{ errant: string }> {
    const [n0, n1, n2] = [0, 1, 2].map((o) => `${t.name}-${o}`);
    await c.query(n0, "CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(20))");
    await c.query(n0, "INSERT INTO app.t VALUES (1, 'everywhere')");
    const count = async (n: string) => Number((await c.query<{ n: string }>(n, "SELECT COUNT(*) AS n FROM app.t"))[0].n);
    for (const n of [n1, n2]) await eventually(`${n} has row 1`, async () => (await count(n).catch(() => 0)) === 1, 30000, 200);
    await c.query(n1, t.stopReplica);
    await c.query(n0, "INSERT INTO app.t VALUES (2, 'only on 2'), (3, 'only on 2')");
    await eventually(`${n2} has rows 2 and 3`, async () => (await count(n2)) === 3, 30000, 200);
    await c.query(n2, t.stopReplica);
    await c.query(n0, "INSERT INTO app.t VALUES (4, 'never replicated')");
    expect(await c.kill9(n0)).toBe(true);

    // Declaring the less advanced replica: refused, naming the better candidate; nothing promoted.
    const wrong = t.clusters();
    wrong[0].primary = 1;
    const refused = await apply(c, wrong, 60);
    expect(refused.code).toBe(1);
    expect(refused.steps[0]).toEqual(expect.objectContaining({ instance: n1, action: "restart", outcome: "failed" }));
    const better = `${c.host(n2)}:${c.port(n2)} \\(server_id \\d+\\) has`;
    expect(refused.steps[0].detail).toMatch(
        new RegExp(`failover refused: a reachable replica is more advanced than this instance: ${better}`),
    );
    expect(refused.steps[0].detail).toMatch(/Fix: set primary: to the ordinal of that replica/);
    expect(refused.steps.slice(1).every((s: any) => s.outcome === "not-reached")).toBe(true);
    expect(Number((await c.query<{ w: number }>(n2, t.writableSql))[0].w)).toBe(0);

    // Declaring the most advanced one: promoted after applying its relay log; the old primary then comes back.
    const right = t.clusters();
    right[0].primary = 2;
    const r = await apply(c, right, 60);
    expect(r.output).toMatch(/failover \(apply the relay log, promote only if no reachable replica is more advanced\)/);
    expect(r.steps[0]).toEqual(expect.objectContaining({ instance: n2, outcome: "ready" }));
    expect(Number((await c.query<{ w: number }>(n2, t.writableSql))[0].w)).toBe(1);
    expect(await count(n2)).toBe(3);
    // The old primary holds row 4, which the new primary never received: it refuses to replicate, is not ready.
    expect(r.code).toBe(1);
    expect(r.steps[1]).toEqual(expect.objectContaining({ instance: n0, action: "start", outcome: "failed" }));
    expect(r.steps[1].detail).toMatch(/errant transactions: \S+ executed here but not on the source/);
    expect(r.output).toMatch(
        /refusing to start replication from \S+: this server holds transactions its source lacks \(errant GTIDs: \S+\)/,
    );
    expect(r.output).toMatch(/re-seed it .*keep its data aside for inspection/);
    expect(await count(n0)).toBe(4);
    const [st] = await c.query<Record<string, string>>(n0, "SHOW SLAVE STATUS");
    expect([st.Slave_IO_Running, st.Slave_SQL_Running]).toEqual(["No", "No"]);
    const errant = /errant GTIDs: (\S+)\)/.exec(r.output)![1];
    const v = await c.verify({ wait: "0" });
    expect(v.code).not.toBe(0);
    expect(v.json.findings).toEqual(
        expect.arrayContaining([
            expect.objectContaining({ instance: n0, check: "errant_transactions", seen: expect.stringContaining(errant) }),
        ]),
    );
    return { errant };
}

/**
 * A change that adds an instance, takes one offline and changes a setting, in one apply: the primary and the
 * remaining replica restart with the setting, the new instance is seeded, the offlined one stops with its data
 * kept; verify is healthy against the new plan. `withData`: rows written first (seeding copies them).
 */
export async function mixedChange(c: TestCluster, t: Day2Target, withData: boolean): Promise<void> {
    const [n0, n1, n2, n3] = [0, 1, 2, 3].map((o) => `${t.name}-${o}`);
    if (withData) {
        await c.query(
            n0,
            "CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO app.t VALUES (1, 'a'), (2, 'b')",
        );
    }
    const before1 = c.run.state.instances.find((i) => i.name === n1)!;
    const next = t.clusters();
    next[0].offlineInstances = [1];
    // Three online instances: 0, 2 and the new 3 (an offline instance keeps its ordinal and counts for none).
    next[0].templates[0].replicas = 3;
    next[0].templates[0].config = { innodb_lock_wait_timeout: 17 };
    const r = await apply(c, next);
    if (r.code !== 0) throw new Error(`local apply exited ${r.code}:\n${r.output}`);
    expect(r.steps.map((s: any) => [s.instance, s.action, s.outcome])).toEqual([
        [n0, "restart", "ready"],
        [n2, "restart", "ready"],
        [n3, "start", "ready"],
        [n1, "stop", "stopped"],
    ]);
    expect(r.steps[0].reason).toBe("mysqld settings");
    expect(r.steps[2].reason).toBe("new in the plan: init.sh seeds it");
    for (const n of [n0, n2, n3])
        expect(Number((await c.query<{ v: string }>(n, "SELECT @@GLOBAL.innodb_lock_wait_timeout AS v"))[0].v)).toBe(17);
    // The offlined instance: its mysqld stopped, no longer in the run's state (as after local up), its data kept.
    expect(c.run.state.instances.map((i) => i.name)).toEqual([n0, n2, n3]);
    expect(isAlive(before1.pid!)).toBe(false);
    expect(fs.existsSync(path.join(before1.dataDir, "mysql"))).toBe(true);
    if (withData) {
        await eventually(
            `${n3} has the rows`,
            async () => Number((await c.query<{ n: string }>(n3, "SELECT COUNT(*) AS n FROM app.t"))[0].n) === 2,
            30000,
            300,
        );
    }
    const v = await c.verify();
    expect(v.json.findings).toEqual([]);
    expect(v.code).toBe(0);
    // Applying the same configuration again changes nothing.
    const again = await apply(c, next);
    expect(again.code).toBe(0);
    expect(again.steps.map((s: any) => s.action)).toEqual(["unchanged", "unchanged", "unchanged"]);
}
