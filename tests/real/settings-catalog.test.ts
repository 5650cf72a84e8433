/**
 * The settings catalog against the real servers installed here (MariaDB 10.11, MySQL 5.7.29): every option
 * and variable the binary knows is in the catalog for that flavour and version, and every non-plugin name the
 * catalog says exists there is known to the binary. With `UPDATE_CATALOG=1` the binaries' facts are written to
 * components/mysqld/catalog/sources/binary-*.tsv first (then run the generator: components/mysqld/catalog/README.md).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { catalogNamesFor, lookupSetting } from "../../components/mysqld/catalog";
import { binaryFacts, parseHelpOptions, probeVariables } from "../../infra/settings-catalog/capture";
import { formatFacts } from "../../infra/settings-catalog/facts";
import { sourcesDir } from "../../infra/settings-catalog/sources";
import { describeReal, mariadb, mysql57, RawServer } from "./harness";
import type { ServerBinary } from "../../infra/local/binaries";

/**
 * Names a binary knows that the catalog need not have, and catalog names a binary need not know: the documented
 * exceptions (docs/compatibility.md#settings-catalog).
 */
const NOT_SETTINGS = new Set([
    // --verbose --help prints these program options, which an option file cannot usefully carry.
    "help",
    "verbose",
    "version",
    "print_defaults",
    "no_defaults",
    "defaults_file",
    "defaults_extra_file",
    "defaults_group_suffix",
    "login_path",
]);

async function capture(b: ServerBinary): Promise<{ help: Set<string>; variables: Map<string, boolean | undefined> }> {
    const args = ["--no-defaults", "--verbose", "--help", "--secure-file-priv="];
    for (const [k, v] of Object.entries(b.options)) args.push(`--${k}=${v}`);
    const text = execFileSync(b.mysqld, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 16 << 20 });
    const help = parseHelpOptions(text);
    const server = await RawServer.create({ binary: b, serverId: 1, name: "catalog" });
    try {
        const conn = await server.connect();
        try {
            return { help, variables: await probeVariables(conn, b.flavor === "mariadb" ? "mariadb" : "mysql") };
        } finally {
            await conn.end();
        }
    } finally {
        await server.destroy();
    }
}

function suite(label: string, need: "mariadb" | "mysql57", binary: () => ServerBinary | undefined): void {
    describeReal(`settings catalog against ${label}`, [need], () => {
        let seen: { help: Set<string>; variables: Map<string, boolean | undefined> };
        let b: ServerBinary;
        beforeAll(async () => {
            b = binary()!;
            seen = await capture(b);
            if (process.env.UPDATE_CATALOG === "1") {
                const family = b.flavor === "mariadb" ? "mariadb" : "mysql";
                fs.writeFileSync(
                    path.join(sourcesDir(), `binary-${family}-${b.series}.tsv`),
                    formatFacts(binaryFacts(family, b.version, seen.help, seen.variables)),
                );
            }
        }, 240000);

        test("every option and variable the binary knows is in the catalog for its version", () => {
            const missing = [...new Set([...seen.help, ...seen.variables.keys()])]
                .filter((n) => !NOT_SETTINGS.has(n))
                .filter((n) => lookupSetting(n, b.flavor, b.version).status !== "exists");
            expect(missing).toEqual([]);
        });

        test("every built-in name the catalog says exists in this version is known to the binary", () => {
            const known = new Set([...seen.help, ...seen.variables.keys()]);
            const knows = (n: string) =>
                known.has(n) || ["skip_", "enable_", "disable_", "maximum_"].some((m) => n.startsWith(m) && known.has(n.slice(m.length)));
            const extra = catalogNamesFor(b.flavor, b.version, { plugins: false }).filter((n) => !knows(n));
            expect(extra).toEqual([]);
        });

        test("dynamic, where the catalog records it, matches the binary", () => {
            const wrong: string[] = [];
            for (const [name, dynamic] of seen.variables) {
                const r = lookupSetting(name, b.flavor, b.version);
                if (dynamic !== undefined && r.range?.dynamic !== undefined && r.range.dynamic !== dynamic) wrong.push(name);
            }
            expect(wrong).toEqual([]);
        });
    });
}

suite("MariaDB 10.11", "mariadb", () => mariadb);
suite("MySQL 5.7.29", "mysql57", () => mysql57);
