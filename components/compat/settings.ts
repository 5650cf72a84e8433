/**
 * Whether a `[mysqld]` setting exists in a given server: the one rule the config policies (and anything else
 * that judges user settings) use. It is a view of the settings catalog (components/mysqld/catalog: every option
 * and variable per flavour with added-in, removed-in, renames, dynamic and the vendor reference), explained in
 * docs/compatibility.md#settings-catalog and docs/compatibility.md#renamed-and-removed-settings.
 *
 * Names are compared as the servers compare them: lower case, `-` and `_` alike. A `loose-`/`loose_` prefix is
 * judged as the server judges it: the server skips an unknown loose option with a warning instead of refusing
 * to start (https://dev.mysql.com/doc/refman/8.0/en/option-modifiers.html). Messages quote the key as written.
 */
import { closest, distance } from "fastest-levenshtein";
import type { Flavor } from "../spec/types";
import { managedReason } from "../mysqld/managed-options";
import { catalogName, catalogNamesFor, lookupSetting, type CatalogLookup, type CatalogRange } from "../mysqld/catalog";
import { formatVersion, type ServerVersion } from "../versions/version";

/** The verdict on one setting. */
export type SettingStatus =
    | "ok"
    | "deprecated"
    /** Removed (or renamed away) before this version. */
    | "removed"
    /** Added in a later version. */
    | "not-yet-added"
    /** Inside its range, but the server binary of this series does not know it (Windows-only, debug builds...). */
    | "absent-in-series"
    /** A setting of another flavour. */
    | "absent-in-flavor"
    /** Matches no catalogued name. */
    | "unknown";

/** What `judgeSetting` found. */
export interface SettingVerdict {
    /** The key exactly as written (`Loose-Query-Cache-Size`). */
    written: string;
    /** The catalogued name it was judged as (no `loose_`, `_` for `-`, lower case). */
    name: string;
    status: SettingStatus;
    /** Written with the `loose-` prefix: where the setting does not exist the server skips it with a warning. */
    loose: boolean;
    /** The catalog's range that decided, if any. */
    range?: CatalogRange;
    /** What to use instead: the successor, on an older server the predecessor, or the vendor's advice. */
    replacement?: string;
    /** For `unknown`: the closest name that exists on this server. */
    suggestion?: string;
    /** The vendor reference (and the sources) of the verdict. */
    cite: string;
}

/** Statuses that stop the server at startup unless the option is written `loose-`. */
export const REFUSED_STATUSES: readonly SettingStatus[] = ["removed", "not-yet-added", "absent-in-series", "absent-in-flavor", "unknown"];

/** True when the verdict means the server would refuse to start (a non-loose setting it does not have). */
export function refusesToStart(v: SettingVerdict): boolean {
    return !v.loose && REFUSED_STATUSES.includes(v.status);
}

/** Where the catalog rules are documented (cited when a verdict has no vendor page of its own). */
export const CATALOG_DOC = "docs/compatibility.md#settings-catalog";

const suggestions = new Map<string, readonly string[]>();

/** The name that exists on this server closest to `name` (edit distance at most 3 and below a third of its length). */
export function closestSetting(name: string, flavor: Flavor, version: ServerVersion, extra: Iterable<string> = []): string | undefined {
    const key = `${flavor}/${formatVersion(version)}`;
    let names = suggestions.get(key);
    if (!names) {
        names = catalogNamesFor(flavor, version);
        suggestions.set(key, names);
    }
    const pool = [...names, ...extra];
    if (pool.length === 0) return undefined;
    const best = closest(name, pool);
    const d = distance(name, best);
    return d <= Math.min(3, Math.ceil(name.length / 3)) ? best : undefined;
}

function citeOf(range: CatalogRange | undefined): string {
    if (!range) return CATALOG_DOC;
    const pages = range.sources.filter((s) => s.startsWith("https://") && s !== range.url);
    return [range.url, ...pages.slice(0, 2)].filter(Boolean).join("; ");
}

function replacementOf(l: CatalogLookup, status: SettingStatus, flavor: Flavor, version: ServerVersion): string | undefined {
    const r = l.range;
    if (status === "not-yet-added") return r?.renamedFrom;
    if (status === "absent-in-flavor") return l.entry?.elsewhere?.[flavor === "mariadb" ? "mariadb" : "mysql"];
    // The successor, where it exists on this server (`replica_parallel_type` is gone in 9.5 too); else the advice.
    if (r?.renamedTo && lookupSetting(r.renamedTo, flavor, version).status === "exists") return r.renamedTo;
    return r?.advice ?? r?.renamedTo;
}

/**
 * Judges one setting for one server. `rawName` may use `-`, any case, and the `loose-` prefix. Names the policy
 * configuration adds (`extraKnown`, canonical) and keys the component manages count as known.
 */
export function judgeSetting(
    rawName: string,
    flavor: Flavor,
    version: ServerVersion,
    extraKnown: ReadonlySet<string> = new Set(),
): SettingVerdict {
    const written = rawName.trim();
    const lower = catalogName(written);
    const loose = lower.startsWith("loose_");
    const name = loose ? lower.slice("loose_".length) : lower;
    if (extraKnown.has(name) || extraKnown.has(lower)) return { written, name, status: "ok", loose, cite: CATALOG_DOC };
    const l = lookupSetting(name, flavor, version);
    if (l.status === "unknown" && managedReason(name) !== undefined) return { written, name, status: "ok", loose, cite: CATALOG_DOC };
    const status: SettingStatus =
        l.status === "exists" ? (l.deprecated ? "deprecated" : "ok") : l.status === "other-flavor" ? "absent-in-flavor" : l.status;
    const verdict: SettingVerdict = { written, name: l.name, status, loose, range: l.range, cite: citeOf(l.range) };
    const replacement = replacementOf(l, status, flavor, version);
    if (replacement) verdict.replacement = replacement;
    if (status === "unknown") {
        const suggestion = closestSetting(name, flavor, version, extraKnown);
        if (suggestion) verdict.suggestion = suggestion;
    }
    return verdict;
}

/** One sentence describing a verdict, quoting the key as written (`'expire_logs_days' was removed in 8.2.0 ...`). */
export function describeSettingVerdict(v: SettingVerdict, flavor: Flavor, version: ServerVersion): string {
    const at = `${flavor} ${formatVersion(version)}`;
    const reaction = v.loose ? "skips it with a warning (loose- prefix)" : "refuses to start with it";
    const instead = v.replacement ? `; ${insteadOf(v.replacement)}` : "";
    const r = v.range;
    switch (v.status) {
        case "removed":
            return `'${v.written}' was removed in ${r?.removed ?? "an earlier release"}${r?.deprecated ? ` (deprecated since ${r.deprecated})` : ""}, so ${at} ${reaction}${instead}`;
        case "not-yet-added":
            return `'${v.written}' exists only from ${r?.added}, so ${at} ${reaction}${v.replacement ? `; use ${v.replacement} on this version` : ""}`;
        case "absent-in-series":
            return `'${v.written}' does not exist in ${flavor} ${version.major}.${version.minor} (the ${flavor} ${version.major}.${version.minor} server does not know it), so ${at} ${reaction}`;
        case "absent-in-flavor":
            return `'${v.written}' does not exist in ${flavor} (it is a setting of ${otherFlavor(v)}), so ${at} ${reaction}${instead}`;
        case "deprecated":
            return `'${v.written}' is deprecated since ${r?.deprecated}${r?.removed ? ` and removed in ${r.removed}` : ""}${instead}`;
        case "unknown":
            return `'${v.written}' is not a server setting of ${at}${v.suggestion ? ` (did you mean '${v.suggestion}'?)` : ""}, so ${at} ${reaction}`;
        default:
            return `'${v.written}' is valid for ${at}`;
    }
}

/** `use X instead`, or for advice without a successor (`nothing: ...`) the advice itself. */
export function insteadOf(replacement: string): string {
    return replacement.startsWith("nothing")
        ? `there is no replacement (${replacement.replace(/^nothing:?\s*/, "")})`
        : `use ${replacement} instead`;
}

function otherFlavor(v: SettingVerdict): string {
    const url = v.range?.url ?? "";
    return url.includes("mariadb.com") ? "MariaDB" : url.includes("percona.com") ? "Percona Server" : "MySQL";
}
