/**
 * Two runtime safety scenarios shared by the MariaDB and MySQL 5.7 suites (the pods' scripts on real servers,
 * through `myriad local`):
 * - an empty planned primary never initialises while its peers hold the cluster's data (init.sh asks the
 *   peers first), and nothing is written to its data directory; its restored volume is adopted;
 * - a replica switched by hand to binary log file/position replication is not ready (probe.sh names it), and a
 *   pod restart (init.sh) restores GTID auto-positioning; rows written meanwhile arrive;
 * - a primary whose mysqld restarts like a crashed container while another instance accepts writes stays
 *   read-only and not ready (post-start.sh), and accepts writes after a restart once it is the only one.
 */
import * as fs from "node:fs";
import { eventually } from "./harness";
import type { TestCluster } from "./cluster";

/** Names of a cluster's instances and the statements of its flavour. */
export interface SafetyTarget {
    primary: string;
    replicas: string[];
    /** A table every instance holds (rows counted), and how to write one more row to it. */
    countSql: string;
    insertSql: (id: number) => string;
    /** Switches a replica to binary log file/position replication (statements run as root). */
    toFilePosition: string;
    /** The status statement and its positioning column (Auto_Position / Using_Gtid). */
    showStatus: string;
    positionColumn: string;
    /** The value of `positionColumn` with GTID auto-positioning. */
    gtidValue: string;
    /** The readiness reason expected while file/position is in use. */
    filePositionReason: RegExp;
    /** Statements (as root, one session) that make a replica accept writes, and that make it read-only again. */
    makeWritable: string;
    makeReadOnly: string;
}

async function count(c: TestCluster, name: string, sql: string): Promise<number> {
    const rows = await c.query<{ n: string }>(name, sql);
    return Number(rows[0].n);
}

/**
 * Stops the primary, empties its data directory (a lost claim), starts it like a new pod: init.sh must fail
 * naming every replica that holds data, write nothing, and leave the replicas' rows alone; `myriad local up`
 * reports the same. Then the saved data directory is put back (the documented fix: restore the volume) and the
 * primary is adopted (re-asserted, not re-initialised): every instance is ready again.
 */
export async function emptyPrimaryRefused(c: TestCluster, t: SafetyTarget): Promise<void> {
    const expected = await count(c, t.primary, t.countSql);
    expect(expected).toBeGreaterThan(0);
    for (const r of t.replicas)
        await eventually(`${r} has the primary's rows`, async () => (await count(c, r, t.countSql)) === expected, 60000, 500);
    const li = c.run.state.instances.find((i) => i.name === t.primary)!;
    await c.stop(t.primary);
    const saved = `${li.dataDir}.saved`;
    fs.renameSync(li.dataDir, saved);
    fs.mkdirSync(li.dataDir);
    try {
        const holders = t.replicas.map(
            (r) =>
                `${c.host(r).replace(/\./g, "\\.")}:${c.port(r)} \\(report_host ${c.host(r).replace(/\./g, "\\.")}, server_id \\d+\\) holds GTID set [^;]+; schemas [^;]*app[^;]*`,
        );
        const refusal = new RegExp(
            `FATAL: refusing to initialise an empty data directory as the planned primary: peer\\(s\\) hold the cluster's data: ${holders.join("; ")}`,
        );
        let err: Error | undefined;
        await c.start(t.primary, true).catch((e: Error) => {
            err = e;
        });
        expect(err).toBeDefined();
        expect(err!.message).toMatch(/init\.sh exited 1/);
        expect(err!.message).toMatch(refusal);
        expect(err!.message).toMatch(
            /Fix: set 'primary:' to the ordinal of an instance that holds the data \(it is adopted, not re-initialised\), or restore this instance's data volume/,
        );
        expect(fs.readdirSync(li.dataDir)).toEqual([]);
        // What a user running `myriad local up` sees: exit 1 and the same reason.
        const up = await c.upAgain(c.config, 60);
        expect(up.code).toBe(1);
        expect(up.output).toMatch(refusal);
        expect(fs.readdirSync(li.dataDir)).toEqual([]);
        expect(c.run.state.instances.find((i) => i.name === t.primary)!.pid).toBeNull();
        // The replicas still hold their rows, and never followed an empty primary.
        for (const r of t.replicas) expect(await count(c, r, t.countSql)).toBe(expected);
    } finally {
        fs.rmSync(li.dataDir, { recursive: true, force: true });
        fs.renameSync(saved, li.dataDir);
    }
    await c.start(t.primary, true);
    for (const name of [t.primary, ...t.replicas]) await c.waitReady(name, 60000, 500);
    for (const r of t.replicas) expect(await count(c, r, t.countSql)).toBe(expected);
}

/**
 * Switches `replica` to binary log file/position replication by hand: readiness goes false naming it; a row
 * written meanwhile; the pod restarts (stop, then init.sh + mysqld + post-start.sh): positioning is GTID
 * again, readiness true, and the row arrives.
 */
export async function filePositionReasserted(c: TestCluster, t: SafetyTarget, replica: string, id: number): Promise<void> {
    await c.waitReady(replica, 60000, 500);
    await c.query(replica, t.toFilePosition);
    const [st] = await c.query<Record<string, string>>(replica, t.showStatus);
    expect(String(st[t.positionColumn])).not.toBe(t.gtidValue);
    const bad = await eventually(`${replica} not ready`, async () => {
        const r = await c.readiness(replica);
        return r.ok ? undefined : r;
    });
    expect(bad.reason).toMatch(t.filePositionReason);
    expect(bad.reason).toMatch(/Myriad requires GTID auto-positioning; init\.sh re-asserts it when the pod restarts/);
    await c.query(t.primary, t.insertSql(id));
    const expected = await count(c, t.primary, t.countSql);
    await c.stop(replica);
    await c.start(replica, true);
    const initLog = fs.readFileSync(`${c.run.state.instances.find((i) => i.name === replica)!.dir}/init.log`, "utf8");
    expect(initLog).toMatch(
        /positioned by binary log file\/position \(\w+=\w+\): re-asserting the full configuration with GTID auto-positioning/,
    );
    const [after] = await c.query<Record<string, string>>(replica, t.showStatus);
    expect(String(after[t.positionColumn])).toBe(t.gtidValue);
    await c.waitReady(replica, 60000, 500, `${replica} ready again`);
    await eventually(`row ${id} on ${replica}`, async () => (await count(c, replica, t.countSql)) === expected, 60000, 500);
}

/** `@@GLOBAL.read_only` of an instance, as 0 or 1. */
async function readOnlyOf(c: TestCluster, name: string): Promise<number> {
    const [r] = await c.query<{ ro: string }>(name, "SELECT @@GLOBAL.read_only AS ro");
    return Number(r.ro);
}

/**
 * A replica made writable by hand (as a promotion that the old primary's pod has not seen yet would leave it),
 * then the primary's mysqld restarts the way the kubelet restarts a crashed container (mysqld and post-start.sh,
 * no init.sh): it stays read-only, refuses root's write and is not ready, naming the writable replica. Once the
 * replica is read-only again, the next restart opens writes, and a row written then reaches every replica.
 */
export async function restartedPrimaryHeld(c: TestCluster, t: SafetyTarget, writable: string, id: number): Promise<void> {
    for (const name of [t.primary, ...t.replicas]) await c.waitReady(name, 60000, 500);
    const li = () => c.run.state.instances.find((i) => i.name === t.primary)!;
    await c.query(writable, t.makeWritable);
    try {
        expect(await readOnlyOf(c, writable)).toBe(0);
        expect(["stopped", "killed"]).toContain(await c.stop(t.primary));
        await c.start(t.primary, false);
        expect(await readOnlyOf(c, t.primary)).toBe(1);
        await expect(c.query(t.primary, t.insertSql(id))).rejects.toThrow(/read.only/i);
        const held = await c.readiness(t.primary);
        expect(held.ok).toBe(false);
        const who = `${c.host(writable).replace(/\./g, "\\.")}:${c.port(writable)} \\(server_id \\d+\\)`;
        expect(held.reason).toMatch(new RegExp(`^primary held read-only by post-start\\.sh: another instance accepts writes: ${who}`));
        expect(held.reason).toMatch(/set primary: to its ordinal and apply/);
        expect(fs.readFileSync(`${li().dir}/post-start.log`, "utf8")).toMatch(
            new RegExp(`another instance accepts writes: ${who}; this primary stays read-only \\(not ready\\)`),
        );
    } finally {
        await c.query(writable, t.makeReadOnly);
    }
    expect(await readOnlyOf(c, writable)).toBe(1);
    await c.stop(t.primary);
    await c.start(t.primary, false);
    await c.waitReady(t.primary, 60000, 500, `${t.primary} accepts writes again`);
    expect(fs.existsSync(`${li().dataDir}/myriad-held-read-only`)).toBe(false);
    await c.query(t.primary, t.insertSql(id));
    const expected = await count(c, t.primary, t.countSql);
    for (const r of t.replicas) {
        await c.waitReady(r, 60000, 500);
        await eventually(`row ${id} on ${r}`, async () => (await count(c, r, t.countSql)) === expected, 60000, 500);
    }
}
