/**
 * Each local instance under its own hostname (its own UTS namespace, as a pod has its pod's name), on MariaDB and
 * MySQL 5.7: `@@hostname` is the instance's name, the machine's hostname is untouched, the recorded pid is
 * mysqld's own (stop, kill -9 and `restart --crash` keep working), and pt-table-checksum
 * `--recursion-method=hosts` names each replica distinctly, the diverged one as the one with the difference.
 * Without a UTS namespace (`MYRIAD_LOCAL_OWN_HOSTNAME=0`, or not root) the servers share the machine's hostname
 * and `local status` says so.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { statusTable } from "../../infra/cli/local-view";
import { commandLine } from "../../infra/local/process";
import { localStatus } from "../../infra/local/status";
import { describeReal, eventually, ptTableChecksum, run, scratchDir } from "./harness";
import { FIXTURES, TestCluster, writeConfig } from "./cluster";

jest.setTimeout(300000);

/** The `Differences on <host>` blocks of `pt-table-checksum --replicate-check-only`: host → tables. */
function differences(stdout: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    let host: string | undefined;
    for (const line of stdout.split("\n")) {
        const m = /^Differences on (\S+)/.exec(line);
        if (m) {
            host = m[1];
            out[host] = [];
        } else if (host && /^\S+\.\S+\s+\d+/.test(line)) out[host].push(line.split(/\s+/)[0]);
        else if (!line.trim()) host = undefined;
    }
    for (const k of Object.keys(out)) out[k] = [...new Set(out[k])].sort();
    return out;
}

interface Case {
    flavor: string;
    needs: ("mariadb" | "mysql57")[];
    config: () => string;
    primary: string;
    replicas: [string, string];
    /** Statements that change a row on a replica without binary logging (a divergence). */
    diverge: (sql: string) => string;
}

const CASES: Case[] = [
    {
        flavor: "MariaDB",
        needs: ["mariadb"],
        config: () =>
            writeConfig(scratchDir("hostnames-cfg"), "mariadb.yaml", [
                { name: "named", flavor: "mariadb", templates: [{ name: "main", image: "mariadb:10.11.6", replicas: 3 }] },
            ]),
        primary: "named-0",
        replicas: ["named-1", "named-2"],
        diverge: (sql) => `SET ROLE myriad_replica_writer; SET SESSION sql_log_bin = 0; ${sql}; SET ROLE NONE`,
    },
    {
        flavor: "MySQL 5.7",
        needs: ["mysql57"],
        config: () => path.join(FIXTURES, "mysql57.yaml"),
        primary: "legacy-0",
        replicas: ["legacy-1", "legacy-2"],
        diverge: (sql) => `SET GLOBAL super_read_only = OFF; SET SESSION sql_log_bin = 0; ${sql}; SET GLOBAL super_read_only = ON`,
    },
];

for (const k of CASES) {
    describeReal(`${k.flavor}: an own hostname per local instance`, [...k.needs, "client", "pt-table-checksum"], () => {
        const machine = os.hostname();
        let c: TestCluster;
        beforeAll(async () => {
            c = await TestCluster.up(k.config());
        });
        afterAll(async () => {
            if (c) await c.down();
        });
        const all = [k.primary, ...k.replicas];
        const hostnameOf = async (name: string) => (await c.query<{ h: string }>(name, "SELECT @@hostname AS h"))[0].h;

        it("@@hostname is the instance's name on every instance; status reports it; the machine's hostname is untouched", async () => {
            expect(process.getuid?.()).toBe(0);
            for (const name of all) expect(await hostnameOf(name)).toBe(name);
            expect(os.hostname()).toBe(machine);
            expect(run("hostname", []).stdout.trim()).toBe(machine);
            const st = await c.status();
            expect(Object.fromEntries(st.instances.map((i) => [i.name, i.hostname]))).toEqual(Object.fromEntries(all.map((n) => [n, n])));
            expect(statusTable((await localStatus(c.run)).instances)).not.toMatch(/share the hostname/);
        });

        it("the recorded pid is mysqld's own: its command line, and restart --crash (kill -9) of a replica and of the primary", async () => {
            for (const name of [k.replicas[0], k.primary]) {
                const before = c.run.state.instances.find((i) => i.name === name)!;
                expect(commandLine(before.pid!)).toEqual(expect.arrayContaining([before.binary, `--defaults-file=${before.config}`]));
                expect(commandLine(before.pid!)![0]).toBe(before.binary);
                const r = await c.local("restart", name, { crash: true });
                expect(r.code).toBe(0);
                const after = c.run.state.instances.find((i) => i.name === name)!;
                expect(after.pid).not.toBe(before.pid);
                expect(fs.existsSync(`/proc/${before.pid}`)).toBe(false);
                expect(commandLine(after.pid!)![0]).toBe(after.binary);
                expect(await hostnameOf(name)).toBe(name);
                await c.waitReady(name, 120000, 500);
            }
            await eventually("every instance running and ready", async () =>
                (await c.status()).instances.every((i) => i.running && i.ready),
            );
        });

        it("pt-table-checksum --recursion-method=hosts names each replica distinctly, the diverged one with its table", async () => {
            await c.query(
                k.primary,
                [
                    "CREATE DATABASE IF NOT EXISTS named",
                    "CREATE TABLE named.a (id INT PRIMARY KEY, v VARCHAR(20))",
                    "CREATE TABLE named.b (id INT PRIMARY KEY, v VARCHAR(20))",
                    "INSERT INTO named.a VALUES (1,'one'),(2,'two'),(3,'three')",
                    "INSERT INTO named.b VALUES (1,'one'),(2,'two'),(3,'three')",
                ].join("; "),
            );
            for (const r of k.replicas)
                await eventually(`${r} has the tables`, async () => {
                    const rows = await c.query<{ n: string }>(r, "SELECT COUNT(*) AS n FROM named.b").catch(() => [{ n: "0" }]);
                    return Number(rows[0].n) === 3;
                });
            // One replica diverges in table a, the other in table b.
            await c.query(k.replicas[0], k.diverge("UPDATE named.a SET v = 'diverged' WHERE id = 2"));
            await c.query(k.replicas[1], k.diverge("UPDATE named.b SET v = 'diverged' WHERE id = 3"));

            if (!ptTableChecksum) throw new Error("pt-table-checksum is not installed (run .ci/install-servers.sh)");
            const dsn = `h=${c.host(k.primary)},P=${c.port(k.primary)},F=${path.join(c.dir, "client.cnf")}`;
            const common = ["--recursion-method=hosts", "--replicate=percona.checksums", "--no-version-check", "--no-check-binlog-format"];
            const pt = run(ptTableChecksum, [dsn, ...common, "--databases=named", "--chunk-size=1000"], process.env, 120000);
            expect(pt.stdout + pt.stderr).toMatch(/named\.a/);
            const check = run(ptTableChecksum, [dsn, ...common, "--replicate-check-only"], process.env, 120000);
            const diffs = differences(check.stdout);
            expect({ diffs, output: check.stdout + check.stderr }).toEqual({
                diffs: { [k.replicas[0]]: ["named.a"], [k.replicas[1]]: ["named.b"] },
                output: expect.any(String),
            });
        });

        if (k.flavor === "MariaDB")
            it("without a UTS namespace (MYRIAD_LOCAL_OWN_HOSTNAME=0) the servers share the machine's hostname and status says so", async () => {
                process.env.MYRIAD_LOCAL_OWN_HOSTNAME = "0";
                try {
                    for (const r of k.replicas) expect((await c.local("restart", r, { crash: true })).code).toBe(0);
                    for (const r of k.replicas) expect(await hostnameOf(r)).toBe(machine);
                    const text = statusTable((await localStatus(c.run)).instances);
                    expect(text).toContain(`note: ${k.replicas.join(", ")} share the hostname '${machine}'`);
                } finally {
                    delete process.env.MYRIAD_LOCAL_OWN_HOSTNAME;
                }
                for (const r of k.replicas) expect((await c.local("restart", r, { crash: true })).code).toBe(0);
                for (const r of k.replicas) expect(await hostnameOf(r)).toBe(r);
            });
    });
}
