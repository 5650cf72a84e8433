/**
 * Builds the settings catalog (components/mysqld/catalog/catalog.json) from the facts in
 * components/mysqld/catalog/sources/. Pure and deterministic: the same facts give the same file, which a test
 * checks (tests/mysqld/settings-catalog.test.ts).
 *
 * Per name and flavour: `added` is the lowest added-in any source states (a curated fact overrides), `removed`
 * the lowest removed-in above it, `deprecated` likewise; `dynamic` comes from a server binary first, then from
 * a vendor page. Percona Server's range is built from its per-series variable lists: added in the first series
 * that lists it, removed in the first later series that no longer does.
 */
import type { CatalogEntry, CatalogRange, SettingsCatalog } from "../../components/mysqld/catalog/types";
import type { Fact, FactFlavor } from "./facts";

/** A rename: `old` is replaced by `neu` from `version`. */
export interface Rename {
    old: string;
    neu: string;
    flavor: FactFlavor;
    version: string;
    source: string;
}

/** Advice for a setting without a successor. */
export interface Advice {
    name: string;
    flavor: FactFlavor;
    advice: string;
    source: string;
}

/** Prefixes of MySQL settings that belong to plugins or components (not in the server binary until loaded). */
export const MYSQL_PLUGIN_PREFIXES: readonly string[] = [
    "group_replication_",
    "rpl_semi_sync_",
    "validate_password",
    "audit_log",
    "keyring",
    "clone_",
    "connection_control",
    "version_tokens",
    "authentication_ldap",
    "authentication_kerberos",
    "authentication_fido",
    "authentication_webauthn",
    "authentication_windows",
    "authentication_oci",
    "daemon_memcached",
    "thread_pool",
    "mysql_firewall",
    "mysqlx",
    "ndb",
    "ddl_rewriter",
    "replication_applier_",
    "telemetry",
    "tp_",
    "masking",
    "mysql_bulk",
    "mecab_",
    "rewriter_",
];

/** What one server binary showed: its flavour family, exact version and every name it knows. */
export interface BinarySeen {
    flavor: "mysql" | "mariadb";
    version: string;
    names: ReadonlySet<string>;
}

/** The binaries the facts were captured from (facts whose source is `binary:<flavor>-<version>`). */
export function binariesOf(facts: readonly Fact[]): BinarySeen[] {
    const by = new Map<string, BinarySeen & { names: Set<string> }>();
    for (const f of facts) {
        if (!f.source.startsWith("binary:") || f.flavor === "percona") continue;
        const key = `${f.flavor}/${f.version}`;
        const b = by.get(key) ?? { flavor: f.flavor, version: f.version, names: new Set<string>() };
        b.names.add(f.name);
        by.set(key, b);
    }
    return [...by.values()];
}

const MODIFIERS = ["skip_", "enable_", "disable_", "maximum_"];

/** The binary knows the name itself or as a modifier (`skip_`...) of a name it knows. */
function binaryKnows(b: BinarySeen, name: string): boolean {
    return b.names.has(name) || MODIFIERS.some((m) => name.startsWith(m) && b.names.has(name.slice(m.length)));
}

const series = (version: string): string => version.split(".").slice(0, 2).join(".");

function compare(a: string, b: string): number {
    const x = a.split(".").map(Number);
    const y = b.split(".").map(Number);
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
}

const min = (vs: string[]): string | undefined => (vs.length ? [...vs].sort(compare)[0] : undefined);

/** The manual page documenting a MySQL setting in the newest series that has it. */
export function mysqlReferenceUrl(name: string, removed?: string): string {
    const series = removed === undefined ? "8.4" : compare(removed, "8.0.0") <= 0 ? "5.7" : compare(removed, "8.4.0") <= 0 ? "8.0" : "8.4";
    const base = `https://dev.mysql.com/doc/refman/${series}/en/`;
    if (name.startsWith("innodb_")) return `${base}innodb-parameters.html#sysvar_${name}`;
    if (name.startsWith("performance_schema")) return `${base}performance-schema-system-variables.html#sysvar_${name}`;
    if (name.startsWith("group_replication_")) return `${base}group-replication-system-variables.html#sysvar_${name}`;
    return `${base}server-option-variable-reference.html`;
}

/** The MariaDB page documenting a setting (the variable page a fact came from, else the system variables page). */
function mariadbReferenceUrl(name: string, sources: string[]): string {
    const page = sources.find((s) => s.startsWith("https://mariadb.com/docs/") && !/added-in/.test(s));
    return `${page ?? "https://mariadb.com/docs/server/ha-and-performance/optimization-and-tuning/system-variables/server-system-variables"}#${name}`;
}

function rangeOf(name: string, flavor: FactFlavor, facts: Fact[], binaries: readonly BinarySeen[] = []): CatalogRange {
    const curated = facts.filter((f) => !f.source.startsWith("binary:") && f.source.includes("curated"));
    const pick = (event: Fact["event"]): string | undefined => {
        const c = curated.filter((f) => f.event === event).map((f) => f.version);
        return min(c.length ? c : facts.filter((f) => f.event === event).map((f) => f.version));
    };
    // A server binary is the final word on its own version: a page's added-in above, or removed-in at or
    // below, a version whose binary has the name (an option that became a variable later) is dropped.
    const seenAt = facts.filter((f) => f.source.startsWith("binary:") && f.event === "present").map((f) => f.version);
    const lowestSeen = min(seenAt);
    const highestSeen = [...seenAt].sort(compare).pop();
    let added = pick("added");
    if (added && lowestSeen && compare(added, lowestSeen) > 0) added = undefined;
    const above = (v: string | undefined) => (v && added && compare(v, added) <= 0 ? undefined : v);
    let removed = above(pick("removed"));
    if (removed && highestSeen && compare(removed, highestSeen) <= 0) removed = undefined;
    const deprecated = above(pick("deprecated"));
    const binary = facts.find((f) => f.source.startsWith("binary:") && f.dynamic !== undefined);
    const page = facts.find((f) => !f.source.startsWith("binary:") && f.dynamic !== undefined);
    const plugin =
        facts.some((f) => f.plugin) ||
        (flavor === "mysql" && (name.includes(".") || MYSQL_PLUGIN_PREFIXES.some((p) => name.startsWith(p))));
    const sources = [...new Set(facts.map((f) => f.source.replace(/^curated:/, "")))].sort();
    const range: CatalogRange = { url: "", sources };
    if (added) range.added = added;
    if (deprecated) range.deprecated = deprecated;
    if (removed) range.removed = removed;
    const dynamic = binary?.dynamic ?? page?.dynamic;
    if (dynamic !== undefined) range.dynamic = dynamic;
    if (plugin && !facts.some((f) => f.source.startsWith("binary:"))) range.plugin = true;
    // The binary of a series covered by the range does not know the name (Windows-only, debug builds, gone
    // without a documented removal): it does not exist in that series.
    const absent = binaries
        .filter((b) => b.flavor === flavor && !range.plugin && !binaryKnows(b, name))
        .filter((b) => (!added || compare(b.version, added) >= 0) && (!removed || compare(b.version, removed) < 0))
        .map((b) => series(b.version));
    if (absent.length) range.absentIn = absent.sort(compare);
    range.url =
        flavor === "mariadb"
            ? mariadbReferenceUrl(name, sources)
            : flavor === "percona"
              ? (sources.find((s) => s.includes("percona")) ?? "")
              : mysqlReferenceUrl(name, removed);
    return range;
}

/** Percona's range from its per-series lists (`present` facts at `X.Y.0`) and the series those lists cover. */
function perconaRange(name: string, facts: Fact[], listedSeries: readonly string[]): CatalogRange {
    const seen = facts.filter((f) => f.event === "present").map((f) => f.version);
    const first = min(seen);
    const range = rangeOf(name, "percona", facts);
    delete range.removed;
    if (first && compare(first, min([...listedSeries])!) > 0) range.added = first;
    else delete range.added;
    const later = listedSeries.filter((s) => first && compare(s, first) > 0 && !seen.includes(s)).sort(compare);
    if (later.length) range.removed = later[0];
    return range;
}

/** Generates the catalog. `files` names the source files (recorded in the output). */
export function generateCatalog(
    facts: readonly Fact[],
    renames: readonly Rename[],
    advice: readonly Advice[],
    files: readonly string[],
): SettingsCatalog {
    const byName = new Map<string, Map<FactFlavor, Fact[]>>();
    for (const f of facts) {
        if (f.name.includes("*")) continue;
        const m = byName.get(f.name) ?? new Map<FactFlavor, Fact[]>();
        m.set(f.flavor, [...(m.get(f.flavor) ?? []), f]);
        byName.set(f.name, m);
    }
    const binaries = binariesOf(facts);
    const perconaSeries = [...new Set(facts.filter((f) => f.flavor === "percona" && f.event === "present").map((f) => f.version))].sort(
        compare,
    );
    const entries: Record<string, CatalogEntry> = {};
    for (const name of [...byName.keys()].sort()) {
        const m = byName.get(name)!;
        const entry: CatalogEntry = {};
        for (const flavor of ["mysql", "percona", "mariadb"] as const) {
            const fs = m.get(flavor);
            if (!fs) continue;
            entry[flavor] = flavor === "percona" ? perconaRange(name, fs, perconaSeries) : rangeOf(name, flavor, fs, binaries);
        }
        entries[name] = entry;
    }
    for (const r of renames) {
        const neu = entries[r.neu]?.[r.flavor];
        const old = entries[r.old]?.[r.flavor];
        if (neu) neu.renamedFrom = r.old;
        // The terminology renames (slave/master -> replica/source) are the same variable under a new name: it
        // keeps its predecessor's run-time behaviour.
        if (neu && old && /slave|master/.test(r.old) && neu.dynamic === undefined && old.dynamic !== undefined) neu.dynamic = old.dynamic;
        if (old) old.renamedTo = r.neu;
    }
    for (const a of advice) {
        const names = a.name.endsWith("*") ? Object.keys(entries).filter((n) => n.startsWith(a.name.slice(0, -1))) : [a.name];
        for (const n of names) {
            const entry = entries[n];
            if (!entry) continue;
            const range = entry[a.flavor];
            if (range) range.advice = a.advice;
            else entry.elsewhere = { ...entry.elsewhere, [a.flavor]: a.advice };
        }
    }
    return { generatedFrom: [...files].sort(), entries };
}

/** The catalog as the committed JSON text (two-space indent, keys in a stable order, final newline). */
export function formatCatalog(catalog: SettingsCatalog): string {
    return `${JSON.stringify(catalog, null, 1)}\n`;
}
