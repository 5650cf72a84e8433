/**
 * The harness itself: bare servers of each installed flavour start on free loopback ports, replicate with
 * GTID auto-positioning, and are stopped and killed by process id only.
 */
import { isAlive } from "../../infra/local/process";
import { createUser, describeReal, eventually, mariadb, mysql57, RawServer, replicate } from "./harness";

jest.setTimeout(180000);

for (const [label, binary, need] of [
    ["MariaDB", mariadb, "mariadb"],
    ["MySQL 5.7", mysql57, "mysql57"],
] as const) {
    describeReal(`harness: bare ${label} servers`, [need], () => {
        let a: RawServer, b: RawServer;
        beforeAll(async () => {
            [a, b] = await Promise.all([
                RawServer.create({ binary: binary!, serverId: 11, name: "h-a" }),
                RawServer.create({ binary: binary!, serverId: 12, name: "h-b", readOnly: true }),
            ]);
        });
        afterAll(async () => {
            await Promise.all([a?.destroy(), b?.destroy()]);
        });

        it("runs the expected server on its own port with the given server_id", async () => {
            expect(a.port).not.toBe(b.port);
            const [row] = await a.query<{ v: string; id: number }>("SELECT VERSION() AS v, @@server_id AS id");
            expect(row.v.startsWith(binary!.version)).toBe(true);
            expect(Number(row.id)).toBe(11);
        });

        it("replicates with GTID and refuses writes on the read-only replica", async () => {
            await createUser(a, "repl", "repl-pw", "REPLICATION SLAVE, REPLICATION CLIENT");
            await replicate(b, a, "repl", "repl-pw");
            await a.query(
                "CREATE DATABASE IF NOT EXISTS h; CREATE TABLE IF NOT EXISTS h.t (id INT PRIMARY KEY); INSERT INTO h.t VALUES (1),(2),(3)",
            );
            await eventually(
                "rows on the replica",
                async () => (await b.query<{ n: number }>("SELECT COUNT(*) AS n FROM h.t").catch(() => [{ n: 0 }]))[0].n === 3,
            );
            await createUser(a, "app", "app-pw", "SELECT, INSERT, UPDATE, DELETE");
            await eventually(
                "the user on the replica",
                async () => (await b.query("SELECT 1 FROM mysql.user WHERE user = 'app'")).length > 0,
            );
            const mysql = await import("mysql2/promise");
            const c = await mysql.createConnection({ host: "127.0.0.1", port: b.port, user: "app", password: "app-pw" });
            await expect(c.query("INSERT INTO h.t VALUES (4)")).rejects.toThrow(/read.only/i);
            await c.end();
        });

        it("kill -9 ends exactly that process, and the server restarts on its data", async () => {
            const pid = b.pid;
            await b.kill9();
            expect(isAlive(pid)).toBe(false);
            expect(isAlive(a.pid)).toBe(true);
            await b.start();
            await eventually("replication resumes", async () => {
                const [st] = await b.query<Record<string, string>>("SHOW SLAVE STATUS");
                return st?.Slave_IO_Running === "Yes" && st?.Slave_SQL_Running === "Yes";
            });
            const [row] = await b.query<{ n: number }>("SELECT COUNT(*) AS n FROM h.t");
            expect(Number(row.n)).toBe(3);
        });
    });
}
