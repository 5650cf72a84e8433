/**
 * Declared accounts on real servers (MariaDB 10.11 and MySQL 5.7): the statements of components/mysqld/account-sql.ts
 * create an account whose grants hold and nothing more, re-running them is harmless and removes a grant taken out of
 * the specification, names full of quotes stay one name, and the two-user password rotation of servers without
 * dual passwords loses no connection of a client that keeps reconnecting.
 */
import mysql from "mysql2/promise";
import { accountStatements, rotationSteps, rotationUser } from "../../components/mysqld/account-sql";
import type { AccountSpec } from "../../components/spec/accounts";
import type { ServerBinary } from "../../infra/local/binaries";
import { describeReal, mariadb, mysql57, RawServer } from "./harness";

jest.setTimeout(180000);

/** The test servers resolve names, so a loopback client's host is `localhost` (Myriad's servers match `%` or addresses). */
const HOST = "localhost";
const ADDRESS = "127.0.0.1";

const app: AccountSpec = {
    name: "orders_app",
    grants: [
        { database: "orders", privileges: ["SELECT", "INSERT"] },
        { database: "reports", table: "daily", privileges: ["SELECT"] },
    ],
    limits: { maxUserConnections: 50 },
};

async function apply(server: RawServer, statements: string[]): Promise<void> {
    const c = await server.connect();
    try {
        for (const s of statements) await c.query(s);
    } finally {
        await c.end();
    }
}

async function as(server: RawServer, user: string, password: string): Promise<mysql.Connection> {
    return mysql.createConnection({ host: ADDRESS, port: server.port, user, password, connectTimeout: 5000 });
}

/** The error code of a statement run as the account, or "ok". */
async function attempt(c: mysql.Connection, sql: string): Promise<string> {
    try {
        await c.query(sql);
        return "ok";
    } catch (e) {
        return (e as { code?: string }).code ?? String(e);
    }
}

function suite(label: string, need: "mariadb" | "mysql57", binary: () => ServerBinary | undefined): void {
    describeReal(`declared accounts on ${label}`, [need], () => {
        let server: RawServer;
        beforeAll(async () => {
            server = await RawServer.create({ binary: binary()!, serverId: 1, name: `accounts-${need}` });
            await apply(server, [
                "CREATE DATABASE orders",
                "CREATE TABLE orders.lines (id INT PRIMARY KEY)",
                "CREATE DATABASE reports",
                "CREATE TABLE reports.daily (id INT PRIMARY KEY)",
                "CREATE TABLE reports.secret (id INT PRIMARY KEY)",
            ]);
        });
        afterAll(async () => {
            await server?.destroy();
        });

        test("the account is created, its grants hold and nothing more; re-applying removes a dropped grant", async () => {
            await apply(server, accountStatements(app, "first-pw", { host: HOST, requireTls: false }));
            const c = await as(server, "orders_app", "first-pw");
            try {
                expect(await attempt(c, "INSERT INTO orders.lines VALUES (1)")).toBe("ok");
                expect(await attempt(c, "SELECT * FROM orders.lines")).toBe("ok");
                expect(await attempt(c, "SELECT * FROM reports.daily")).toBe("ok");
                expect(await attempt(c, "DELETE FROM orders.lines")).toBe("ER_TABLEACCESS_DENIED_ERROR");
                expect(await attempt(c, "SELECT * FROM reports.secret")).toBe("ER_TABLEACCESS_DENIED_ERROR");
                expect(await attempt(c, "CREATE TABLE orders.t (id INT)")).toBe("ER_TABLEACCESS_DENIED_ERROR");
                expect(await attempt(c, "SELECT * FROM mysql.user")).toBe("ER_TABLEACCESS_DENIED_ERROR");
            } finally {
                await c.end();
            }
            const grants = (await server.query(`SHOW GRANTS FOR 'orders_app'@'${HOST}'`)).map((r) => String(Object.values(r)[0]));
            expect(grants).toHaveLength(3);
            expect(grants[0]).toMatch(/^GRANT USAGE ON \*\.\* TO [`']orders_app[`']@[`']localhost[`']/);
            const limit = async () =>
                Number((await server.query("SELECT max_user_connections AS n FROM mysql.user WHERE User = 'orders_app'"))[0].n);
            expect(await limit()).toBe(50);
            expect(grants.slice(1).sort()).toEqual([
                expect.stringMatching(/^GRANT SELECT ON `reports`\.`daily` TO /),
                expect.stringMatching(/^GRANT SELECT, INSERT ON `orders`\.\* TO /),
            ]);

            // Idempotent, and a grant removed from the specification is removed from the server.
            const narrowed: AccountSpec = { ...app, grants: [app.grants[0]], limits: undefined };
            await apply(server, accountStatements(narrowed, "first-pw", { host: HOST, requireTls: false }));
            await apply(server, accountStatements(narrowed, "first-pw", { host: HOST, requireTls: false }));
            const again = (await server.query(`SHOW GRANTS FOR 'orders_app'@'${HOST}'`)).map((r) => String(Object.values(r)[0]));
            expect(again).toHaveLength(2);
            expect(again.join("\n")).not.toContain("reports");
            expect(await limit()).toBe(0);
            const c2 = await as(server, "orders_app", "first-pw");
            expect(await attempt(c2, "SELECT * FROM reports.daily")).toBe("ER_TABLEACCESS_DENIED_ERROR");
            await c2.end();
        });

        test("quotes, backslashes and back-quotes in every field stay data", async () => {
            const schema = "we`ird'; DROP DATABASE orders; -- \\";
            await apply(server, [`CREATE DATABASE \`${schema.replace(/`/g, "``")}\``]);
            const nasty: AccountSpec = { name: "a'b\\c`d;--", grants: [{ database: schema, privileges: ["SELECT"] }] };
            const password = "p'w\\\"; DROP USER root; --";
            await apply(server, accountStatements(nasty, password, { host: HOST, requireTls: false }));
            const users = await server.query<{ User: string }>("SELECT User FROM mysql.user WHERE Host = ?", [HOST]);
            expect(users.map((u) => u.User)).toContain("a'b\\c`d;--");
            expect(await server.query("SHOW DATABASES LIKE 'orders'")).toHaveLength(1);
            const c = await as(server, nasty.name, password);
            try {
                const [rows] = await c.query("SHOW DATABASES");
                expect((rows as { Database: string }[]).map((r) => r.Database)).toContain(schema);
            } finally {
                await c.end();
            }
        });

        test("two-user rotation: a client reconnecting throughout never fails", async () => {
            // Re-applying with the Secret's password sets it on the existing account (the Secret is authoritative).
            await apply(server, accountStatements(app, "gen-0", { host: HOST, requireTls: false, user: rotationUser(app.name, 0) }));
            // What the application reads from its Secret; the rotation changes it between the steps.
            let secret = { user: rotationUser(app.name, 0), password: "gen-0" };
            let stop = false;
            let ok = 0;
            const failures: string[] = [];
            const client = (async () => {
                for (let i = 0; i < 5000 && !stop; i++) {
                    const { user, password } = secret;
                    try {
                        const c = await as(server, user, password);
                        await c.query("INSERT IGNORE INTO orders.lines VALUES (?)", [1000 + (i % 50)]);
                        await c.end();
                        ok++;
                    } catch (e) {
                        failures.push(`${user}: ${(e as Error).message}`);
                    }
                }
            })();
            const steps = rotationSteps(app, { host: HOST, requireTls: false }, 0, 1, binary()!.flavor, binary()!.version);
            expect(steps.map((s) => Boolean(s.statement))).toEqual([true, false, true]);
            const newUser = rotationUser(app.name, 1);
            await new Promise((r) => setTimeout(r, 300));
            // Step 1: the other user of the pair, with the new password and the same grants.
            await apply(server, accountStatements(app, "gen-1", { host: HOST, requireTls: false, user: newUser }));
            await new Promise((r) => setTimeout(r, 300));
            // Step 2: the Secret rolls.
            secret = { user: newUser, password: "gen-1" };
            // Step 3: once no session of the old user remains, it is dropped.
            for (let i = 0; i < 100; i++) {
                const left = await server.query("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ?", [app.name]);
                if (Number(left[0].n) === 0) break;
                await new Promise((r) => setTimeout(r, 50));
            }
            await apply(server, [steps[2].statement!]);
            await new Promise((r) => setTimeout(r, 300));
            stop = true;
            await client;
            expect(failures).toEqual([]);
            expect(ok).toBeGreaterThan(10);
            expect(await server.query("SELECT User FROM mysql.user WHERE User = ?", [app.name])).toEqual([]);
        });
    });
}

suite("MariaDB 10.11", "mariadb", () => mariadb);
suite("MySQL 5.7", "mysql57", () => mysql57);
