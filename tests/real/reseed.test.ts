/**
 * Re-seed then switchover on real MariaDB 10.11 servers, with `myriad local apply` and an application writing
 * through its own account (every acknowledged id logged): after a switchover 0 -> 1 a new instance 2 is seeded by a
 * mariadb-backup stream (its binary log then lacks the server ids of the earlier primaries), the primary moves to
 * it and back to 0. The old primaries hold exactly the new primary's data and are never refused as errant; every
 * acknowledged write is on every instance, none twice (the primary key), never two writable instances, and
 * `myriad verify` is healthy. A real errant write on a replica is still caught by its readiness and by verify.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { TestCluster, writeConfig } from "./cluster";
import { APP_PASSWORD, APP_USER, apply, expectEveryAckedRow, prepareApp, WritableWatcher } from "./day2";
import { describeReal, eventually, scratchDir } from "./harness";
import { WriteLoad, waitForAcks, type LoadResult } from "./load";

jest.setTimeout(900000);

const NAME = "rsd";
const WRITABLE = "SELECT IF(@@GLOBAL.read_only = 0, 1, 0) AS w";

function clusters(replicas: number, primary: number): unknown[] {
    return [
        {
            name: NAME,
            flavor: "mariadb",
            primary,
            maxReplicaLagSeconds: 30,
            templates: [{ name: "main", image: "mariadb:10.11.6", replicas, ordinals: { start: 0, end: 9 } }],
        },
    ];
}

describeReal("re-seed then switchover (MariaDB 10.11, myriad local apply)", ["mariadb", "client", "mariadb-backup"], () => {
    it("a physically seeded primary does not make the old primaries errant; a real errant write is still caught", async () => {
        const [n0, n1, n2] = [0, 1, 2].map((o) => `${NAME}-${o}`);
        const c = await TestCluster.up(writeConfig(scratchDir("config"), "reseed.yaml", clusters(2, 0)));
        let watcher: WritableWatcher | undefined;
        let load: WriteLoad | undefined;
        let result: LoadResult | undefined;
        try {
            await prepareApp(c, n0);
            watcher = new WritableWatcher(c, [n0, n1, n2], WRITABLE);
            const w = watcher;
            await eventually("the watcher sees the primary", () => Promise.resolve(w.endpoint() === n0), 10000, 50);
            load = new WriteLoad(
                {
                    host: () => c.host(w.endpoint()),
                    port: () => c.port(w.endpoint()),
                    user: APP_USER,
                    password: APP_PASSWORD,
                    table: "app.load",
                },
                4,
                { reconnectOnReadOnly: true, pauseMs: 20 },
            );
            const step = async (what: string, replicas: number, primary: number) => {
                await waitForAcks(load!, 200, 60000);
                const r = await apply(c, clusters(replicas, primary), 300);
                if (r.code !== 0) throw new Error(`${what}: local apply exited ${r.code}:\n${r.output}`);
                expect(r.output).not.toMatch(/errant/);
                await waitForAcks(load!, 200, 60000);
                return r;
            };
            await step("switchover 0 -> 1", 2, 1);
            const grown = await step("add instance 2", 3, 1);
            expect(grown.steps.find((s: any) => s.instance === n2)).toEqual(expect.objectContaining({ action: "start", outcome: "ready" }));
            const init2 = fs.readFileSync(path.join(c.dir, NAME, n2, "init.log"), "utf8");
            expect(init2).toMatch(/mariadb-backup --prepare/);
            // The seeded instance's binary log lacks the first primary's server id, which the old primaries hold.
            const serverIds = async (n: string) =>
                new Set(
                    String((await c.query<{ s: string }>(n, "SELECT @@GLOBAL.gtid_binlog_state AS s"))[0].s)
                        .split(",")
                        .filter(Boolean)
                        .map((g) => g.split("-")[1]),
                );
            const first = String((await c.query<{ id: string }>(n0, "SELECT @@GLOBAL.server_id AS id"))[0].id);
            expect((await serverIds(n1)).has(first)).toBe(true);
            expect((await serverIds(n2)).has(first)).toBe(false);

            const to2 = await step("switchover 1 -> 2 (the seeded instance)", 3, 2);
            expect(to2.output).toMatch(/fenced the old primary/);
            expect(to2.steps.map((s: any) => [s.instance, s.outcome])).toEqual([
                [n2, "ready"],
                [n0, "ready"],
                [n1, "ready"],
            ]);
            await step("switchover 2 -> 0 (back)", 3, 0);
            result = await load.stop();
            load = undefined;
            expect(result.acked.size).toBeGreaterThan(1000);
            expect(watcher.most).toBe(1);
            await watcher.stop();
            watcher = undefined;
            await expectEveryAckedRow(c, [n0, n1, n2], result);
            const v = await c.verify();
            expect(v.json.findings).toEqual([]);
            expect(v.code).toBe(0);

            // A real errant write: on replica 2, through the deliberate writer role.
            const conn = await c.connect(n2);
            try {
                await conn.query("SET ROLE myriad_replica_writer");
                await conn.query("INSERT INTO app.load (writer, seq, payload) VALUES (99, 1, 'errant')");
            } finally {
                await conn.end();
            }
            const [own] = await c.query<{ p: string }>(n2, "SELECT @@GLOBAL.gtid_binlog_pos AS p");
            const errant = String(own.p);
            await eventually(
                `${n2} not ready, naming its errant transaction`,
                async () => {
                    const r = await c.readiness(n2);
                    return !r.ok && r.reason.includes("errant transactions") && r.reason.includes(errant);
                },
                30000,
                500,
            );
            const after = await c.verify({ wait: "0" });
            expect(after.code).not.toBe(0);
            expect(after.json.findings).toEqual(
                expect.arrayContaining([
                    expect.objectContaining({ instance: n2, check: "errant_transactions", seen: expect.stringContaining(errant) }),
                ]),
            );
            expect(after.json.findings.filter((f: any) => f.check === "errant_transactions").map((f: any) => f.instance)).toEqual([n2]);
        } finally {
            if (load) await load.stop();
            if (watcher) await watcher.stop();
            await c.down();
        }
    });
});
