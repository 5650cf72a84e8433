/**
 * The TLS facts of components/mysqld/tls.ts on real servers (MariaDB 10.11 and MySQL 5.7): with the rendered
 * `tls_version`, a CA and a server certificate, `require_secure_transport` refuses a plaintext client; a replica
 * whose source options come from `sourceTlsOptions` (in the version's `MASTER_`/`SOURCE_` spelling) replicates over
 * TLS verified against the CA, as a `REQUIRE SSL` account; the source sees a cipher on the dump thread's connection;
 * a renewed certificate is loaded by the reload statement where the
 * server has one. Keys and certificates are made with openssl into the scratch directory and never printed.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import mysql from "mysql2/promise";
import { dialectFor } from "../../components/mysqld/dialect";
import { sourceTlsOptions, tlsDialectFor } from "../../components/mysqld/tls";
import type { ServerBinary } from "../../infra/local/binaries";
import { describeWhen, missingCommands } from "../helpers/requires";
import { eventually, mariadb, mysql57, RawServer, scratchDir, removeDir } from "./harness";

jest.setTimeout(240000);

const LOOPBACK = "127.0.0.1";

function openssl(dir: string, args: string[]): void {
    execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
}

/** A CA and a server certificate for 127.0.0.1 (serial `serial`), in `dir`. */
function makeCerts(dir: string, days: number, withCa: boolean): void {
    if (withCa) {
        openssl(dir, [
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=myriad-test-ca",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
        ]);
    }
    openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${LOOPBACK}`, "-keyout", "server.key", "-out", "server.csr"]);
    fs.writeFileSync(path.join(dir, "san.ext"), `subjectAltName=IP:${LOOPBACK},DNS:localhost\n`);
    openssl(dir, [
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-set_serial",
        String(1000 + days),
        "-days",
        String(days),
        "-extfile",
        "san.ext",
        "-out",
        "server.crt",
    ]);
    for (const f of ["ca.key", "server.key"]) if (fs.existsSync(path.join(dir, f))) fs.chmodSync(path.join(dir, f), 0o644);
}

function suite(label: string, need: "mariadb" | "mysql57", binary: () => ServerBinary | undefined): void {
    const missing = [...(binary() ? [] : [`${label} server`]), ...missingCommands(["openssl"])];
    describeWhen(`TLS on ${label}`, { missing, install: "Install them with: sudo .ci/install-servers.sh, and run as root" }, () => {
        let certs: string;
        let source: RawServer;
        let replica: RawServer;
        let ssl: { ca: string };
        beforeAll(async () => {
            const b = binary()!;
            certs = scratchDir(`tls-${need}`);
            makeCerts(certs, 2, true);
            ssl = { ca: fs.readFileSync(path.join(certs, "ca.crt"), "utf8") };
            const tls = tlsDialectFor(b.flavor, b.version);
            const options = {
                "ssl-ca": path.join(certs, "ca.crt"),
                "ssl-cert": path.join(certs, "server.crt"),
                "ssl-key": path.join(certs, "server.key"),
                "tls-version": tls.defaultTlsVersion!,
                "performance-schema": "ON",
            };
            source = await RawServer.create({ binary: b, serverId: 1, name: `tls-src-${need}`, options });
            replica = await RawServer.create({ binary: b, serverId: 2, name: `tls-rep-${need}`, options, readOnly: true });
        });
        afterAll(async () => {
            await replica?.destroy();
            await source?.destroy();
            if (certs) removeDir(certs);
        });

        test("clients required to use TLS: a plaintext client is refused, a verified one connects", async () => {
            const b = binary()!;
            const variable = tlsDialectFor(b.flavor, b.version).requireSecureTransport!;
            await source.query(`SET GLOBAL ${variable} = ON`);
            await expect(mysql.createConnection({ host: LOOPBACK, port: source.port, user: "root", password: "" })).rejects.toThrow(
                // MySQL names the rule; MariaDB answers a plaintext login with "Access denied" (the same root connects over TLS below).
                b.flavor === "mariadb" ? /insecure transport|Access denied/i : /insecure transport/i,
            );
            const c = await source.connect({ ssl });
            const [rows] = await c.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
            expect((rows as { Value: string }[])[0].Value).not.toBe("");
            await c.end();
        });

        test("replication runs over TLS verified against the CA: the dump thread's connection has a cipher", async () => {
            const b = binary()!;
            const d = dialectFor(b.flavor, b.version);
            const src = await source.connect({ ssl });
            for (const host of [LOOPBACK, "localhost"]) {
                await src.query("CREATE USER ?@? IDENTIFIED BY ? REQUIRE SSL", ["repl", host, "repl-pw-1"]);
                await src.query("GRANT REPLICATION SLAVE ON *.* TO ?@?", ["repl", host]);
            }
            const rep = await replica.connect();
            const gtid = b.flavor === "mariadb" ? "MASTER_USE_GTID=slave_pos" : "MASTER_AUTO_POSITION=1";
            const tlsOptions = sourceTlsOptions(d.sourceOptionPrefix, path.join(certs, "ca.crt")).join(", ");
            await rep.query(
                `CHANGE MASTER TO MASTER_HOST=?, MASTER_PORT=?, MASTER_USER=?, MASTER_PASSWORD=?, ${gtid}, MASTER_CONNECT_RETRY=1, ${tlsOptions}`,
                [LOOPBACK, source.port, "repl", "repl-pw-1"],
            );
            await rep.query("START SLAVE");
            const status = await eventually("replica connected", async () => {
                const [rows] = await rep.query("SHOW SLAVE STATUS");
                const r = (rows as Record<string, string>[])[0];
                return r && r.Slave_IO_Running === "Yes" ? r : undefined;
            });
            expect(status.Master_SSL_Allowed).toBe("Yes");
            expect(status.Master_SSL_Verify_Server_Cert).toBe("Yes");

            // The dump thread's connection, as the source sees it, has a cipher.
            const [ciphers] = await src.query(
                "SELECT s.VARIABLE_VALUE AS cipher FROM performance_schema.status_by_thread s JOIN performance_schema.threads t ON t.THREAD_ID = s.THREAD_ID " +
                    "WHERE t.PROCESSLIST_USER = 'repl' AND s.VARIABLE_NAME = 'Ssl_cipher'",
            );
            expect((ciphers as { cipher: string }[]).map((r) => r.cipher)).toEqual([expect.stringMatching(/\S/)]);

            await rep.end();
            await src.end();
        });

        test("a renewed certificate: reloaded without a restart where the server can, else needs one", async () => {
            const b = binary()!;
            const reload = tlsDialectFor(b.flavor, b.version).reloadStatement;
            // The expiry of the certificate the server presents tells the first (2 days) from the renewed one (5 days).
            const notAfter = async () => {
                const c = await source.connect({ ssl });
                const [rows] = await c.query("SHOW STATUS LIKE 'Ssl_server_not_after'");
                await c.end();
                return Date.parse((rows as { Value: string }[])[0].Value);
            };
            const first = await notAfter();
            makeCerts(certs, 5, false);
            const c = await source.connect({ ssl });
            if (reload) await c.query(reload);
            await c.end();
            const days = Math.round(((await notAfter()) - first) / 86400000);
            // With a reload statement the renewed certificate is served at once; MySQL 5.7 reads the files at start-up only.
            expect(days).toBe(reload ? 3 : 0);
        });
    });
}

suite("MariaDB 10.11", "mariadb", () => mariadb);
suite("MySQL 5.7", "mysql57", () => mysql57);
