/**
 * Reads the vendors' reference pages (their Markdown text) into catalog facts (./facts.ts):
 *
 * - MySQL: the manuals' "Server and Status Variables and Options Added, Deprecated, or Removed in MySQL X"
 *   lists (5.7: https://dev.mysql.com/doc/refman/5.7/en/added-deprecated-removed.html, 8.0:
 *   https://dev.mysql.com/doc/refman/8.0/en/added-deprecated-removed.html, 8.4 (changes since 8.0):
 *   https://dev.mysql.com/doc/refman/8.4/en/added-deprecated-removed.html, 9.5:
 *   https://dev.mysql.com/doc/refman/9.5/en/added-deprecated-removed.html). Status variables (capitalised names)
 *   are skipped: they are not settings.
 * - MariaDB: the system-variable pages (each variable's `Dynamic:`, `Introduced:` and `Removed:` lines,
 *   https://mariadb.com/docs/server/ha-and-performance/optimization-and-tuning/system-variables/server-system-variables)
 *   and the "System Variables Added in MariaDB X" lists.
 * - Percona Server: the "Percona Server for MySQL X variables" tables of each series
 *   (https://docs.percona.com/percona-server/8.4/percona-server-system-variables.html).
 *
 * Pure: text in, facts out. infra/settings-catalog/main.ts does the file work.
 */
import { canonicalName, type Fact } from "./facts";

/** Vendor URL of a MySQL series' added/deprecated/removed page. */
export function mysqlChangesUrl(series: string): string {
    return `https://dev.mysql.com/doc/refman/${series}/en/added-deprecated-removed.html`;
}

const SETTING = /^[a-z][a-z0-9_.-]*$/;

/** Facts of one MySQL "Added, Deprecated, or Removed" page: `* \`name\`: text. Added in MySQL 8.0.26.` */
export function parseMysqlChanges(text: string, series: string): Fact[] {
    const source = mysqlChangesUrl(series);
    const out: Fact[] = [];
    for (const line of text.split("\n")) {
        const m = /^\* `([^`]+)`:.*\b(Added|Deprecated|Removed) in MySQL (\d+\.\d+\.\d+)\.\s*$/.exec(line);
        if (!m || !SETTING.test(m[1])) continue;
        const event = m[2] === "Added" ? "added" : m[2] === "Deprecated" ? "deprecated" : "removed";
        out.push({ name: canonicalName(m[1]), flavor: "mysql", event, version: m[3], source });
    }
    return out;
}

/** `MariaDB 10.6.1` or `MariaDB 10.6` (a series: its first release) as `X.Y.Z`. */
function mariadbVersion(text: string): string | undefined {
    const m = /MariaDB (?:Community Server |Enterprise Server )?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
    if (!m) return undefined;
    return `${m[1]}.${m[2]}.${m[3] ?? "0"}`;
}

function compare(a: string, b: string): number {
    const x = a.split(".").map(Number);
    const y = b.split(".").map(Number);
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
}

/** All `MariaDB X.Y[.Z]` versions named in a line, lowest first. */
function mariadbVersions(line: string): string[] {
    const out: string[] = [];
    const re = /MariaDB (?:Community Server |Enterprise Server )?\d+\.\d+(?:\.\d+)?/g;
    for (const m of line.match(re) ?? []) {
        const v = mariadbVersion(m);
        if (v) out.push(v);
    }
    return out.sort(compare);
}

/** Vendor URL of the MariaDB page a variable file documents (its path in the documentation tree). */
export function mariadbPageUrl(docPath: string): string {
    return `https://mariadb.com/docs/${docPath.replace(/\.md$/, "").replace(/\/README$/, "")}`;
}

/**
 * Facts of one MariaDB variable page: each `#### \`name\`` section with its `Dynamic:`, `Introduced:` and
 * `Removed:` lines. A variable introduced in several series ("10.2.15, 10.3.7") counts from the lowest.
 * Plugin pages (storage engines other than InnoDB/Aria/MyISAM, authentication and other plugins) mark their
 * variables as plugin variables.
 */
export function parseMariadbVariables(text: string, docPath: string): Fact[] {
    const source = mariadbPageUrl(docPath);
    const plugin =
        /plugins|spider|connect|mroonga|myrocks|s3-storage|oqgraph|handlersocket|vector|key-management|user-statistics|sql-error-log/.test(
            docPath,
        );
    const out: Fact[] = [];
    let name: string | undefined;
    let dynamic: boolean | undefined;
    let introduced: string | undefined;
    let removed: string | undefined;
    const flush = () => {
        if (!name) return;
        const base = { name, flavor: "mariadb" as const, dynamic, plugin: plugin || undefined, source };
        if (introduced) out.push({ ...base, event: "added", version: introduced });
        if (removed) out.push({ ...base, event: "removed", version: removed });
        if (!introduced && !removed) out.push({ ...base, event: "present", version: "10.0.0" });
        name = dynamic = introduced = removed = undefined;
    };
    for (const line of text.split("\n")) {
        const h = /^#{3,5} `([^`]+)`\s*$/.exec(line);
        if (h) {
            flush();
            if (SETTING.test(h[1])) name = canonicalName(h[1]);
            continue;
        }
        if (/^#{1,5} /.test(line)) {
            flush();
            continue;
        }
        if (!name) continue;
        const d = /^\*\s+Dynamic:\s*(Yes|No)\b/i.exec(line);
        if (d) dynamic = d[1].toLowerCase() === "yes";
        if (/^\*\s+Introduced:/.test(line)) introduced = mariadbVersions(line)[0] ?? introduced;
        if (/^\*\s+Removed:/.test(line)) removed = mariadbVersions(line)[0] ?? removed;
    }
    flush();
    return out;
}

/** Facts of a "System Variables Added in MariaDB X" table: `| [name](...) | [MariaDB 10.6.0](...) |`. */
export function parseMariadbAdded(text: string, pageUrl: string): Fact[] {
    const out: Fact[] = [];
    for (const line of text.split("\n")) {
        const m = /^\|\s*\[([^\]]+)\]\([^)]*\)\s*\|\s*(.*)\|\s*$/.exec(line);
        if (!m) continue;
        const name = canonicalName(m[1].replace(/\\_/g, "_"));
        const version = mariadbVersions(m[2])[0];
        if (!SETTING.test(name) || !version) continue;
        out.push({ name, flavor: "mariadb", event: "added", version, source: pageUrl });
    }
    return out;
}

/** Facts of a Percona "variables" table of one series: `| name | Yes | Yes | Global | Yes |` (first table only). */
export function parsePerconaVariables(text: string, series: string, pageUrl: string): Fact[] {
    const out: Fact[] = [];
    let inSystem = false;
    for (const line of text.split("\n")) {
        if (/^##\s/.test(line)) inSystem = /system variables/i.test(line);
        if (!inSystem) continue;
        const m = /^\|\s*([a-z][a-z0-9_.-]*)\s*\|\s*(\w+)\s*\|\s*(\w+)\s*\|\s*(\w+)\s*\|\s*(\w+)\s*\|/.exec(line);
        if (!m) continue;
        out.push({
            name: canonicalName(m[1]),
            flavor: "percona",
            event: "present",
            version: `${series}.0`,
            dynamic: m[5].toLowerCase() === "yes",
            source: pageUrl,
        });
    }
    return out;
}
