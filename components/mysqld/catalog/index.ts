/**
 * The settings catalog: every server option and system variable Myriad knows, per flavour, with the versions
 * where it exists (added in, removed in), renames, whether it is dynamic and the vendor reference. The data is
 * catalog.json, generated from the facts in sources/ (README.md in this folder); this module only looks it up.
 *
 * Names are compared as the servers compare them: lower case, `-` and `_` alike. A boolean option may carry the
 * servers' modifiers `skip-`, `enable-`, `disable-` (and `maximum-` for limits)
 * (https://dev.mysql.com/doc/refman/8.0/en/option-modifiers.html). The `loose-` prefix is the caller's business
 * (components/compat/settings.ts judges it as the server does).
 *
 * Percona Server has MySQL's settings plus its own (the `percona` ranges).
 */
import type { Flavor } from "../../spec/types";
import { compareVersions, mustParseVersion, type ServerVersion } from "../../versions/version";
import catalogJson from "./catalog.json";
import type { CatalogEntry, CatalogRange, SettingsCatalog } from "./types";

export type { CatalogEntry, CatalogRange, SettingsCatalog } from "./types";

/** THE catalog. */
export const SETTINGS_CATALOG: SettingsCatalog = catalogJson;

/** Every catalogued name, sorted. */
export const CATALOG_NAMES: readonly string[] = Object.keys(SETTINGS_CATALOG.entries).sort();

/** What the catalog says about a name on one server. */
export type CatalogStatus = "exists" | "not-yet-added" | "removed" | "absent-in-series" | "other-flavor" | "unknown";

/** The answer of `lookupSetting`. */
export interface CatalogLookup {
    /** The catalogued name (modifier removed), or the canonical name when unknown. */
    name: string;
    status: CatalogStatus;
    entry?: CatalogEntry;
    /** The range that decided (for other-flavor: a range of a flavour that has it). */
    range?: CatalogRange;
    /** The flavour of `range` (`percona` for Percona Server's own settings). */
    rangeFlavor?: keyof CatalogEntry;
    /** Deprecated in this version (still exists). */
    deprecated: boolean;
}

/** Lower case, `-` as `_` (the servers' equivalence). */
export function catalogName(name: string): string {
    return name.trim().toLowerCase().replace(/-/g, "_");
}

const MODIFIERS = ["skip_", "enable_", "disable_", "maximum_"];

const parsed = new Map<string, ServerVersion>();
function v(text: string): ServerVersion {
    let p = parsed.get(text);
    if (!p) {
        p = mustParseVersion(text);
        parsed.set(text, p);
    }
    return p;
}

/** The ranges of a flavour, in the order they are judged. */
export function rangesFor(entry: CatalogEntry, flavor: Flavor): [keyof CatalogEntry, CatalogRange][] {
    const out: [keyof CatalogEntry, CatalogRange][] = [];
    if (flavor === "mariadb") {
        if (entry.mariadb) out.push(["mariadb", entry.mariadb]);
    } else {
        if (entry.mysql) out.push(["mysql", entry.mysql]);
        if (flavor === "percona" && entry.percona) out.push(["percona", entry.percona]);
    }
    return out;
}

/** True when the range has the setting in `version`. */
export function rangeHas(range: CatalogRange, version: ServerVersion): boolean {
    if (range.absentIn?.includes(`${version.major}.${version.minor}`)) return false;
    if (range.added && compareVersions(version, v(range.added)) < 0) return false;
    if (range.removed && compareVersions(version, v(range.removed)) >= 0) return false;
    return true;
}

function entryOf(name: string): [string, CatalogEntry] | undefined {
    const e = SETTINGS_CATALOG.entries[name];
    if (e && Object.prototype.hasOwnProperty.call(SETTINGS_CATALOG.entries, name)) return [name, e];
    for (const m of MODIFIERS) {
        if (!name.startsWith(m)) continue;
        const base = name.slice(m.length);
        const b = SETTINGS_CATALOG.entries[base];
        if (b && Object.prototype.hasOwnProperty.call(SETTINGS_CATALOG.entries, base)) return [base, b];
    }
    return undefined;
}

/** Looks a setting up for one server. `version` is `X.Y.Z[-suffix]` or parsed. */
export function lookupSetting(rawName: string, flavor: Flavor, version: string | ServerVersion): CatalogLookup {
    const ver = typeof version === "string" ? mustParseVersion(version) : version;
    const canonical = catalogName(rawName);
    const found = entryOf(canonical);
    if (!found) return { name: canonical, status: "unknown", deprecated: false };
    const [name, entry] = found;
    const ranges = rangesFor(entry, flavor);
    for (const [rangeFlavor, range] of ranges) {
        if (rangeHas(range, ver)) {
            const deprecated = range.deprecated !== undefined && compareVersions(ver, v(range.deprecated)) >= 0;
            return { name, status: "exists", entry, range, rangeFlavor, deprecated };
        }
    }
    if (ranges.length) {
        const [rangeFlavor, range] = ranges[0];
        const status =
            range.added && compareVersions(ver, v(range.added)) < 0
                ? "not-yet-added"
                : range.removed && compareVersions(ver, v(range.removed)) >= 0
                  ? "removed"
                  : "absent-in-series";
        return { name, status, entry, range, rangeFlavor, deprecated: false };
    }
    const other = (["mysql", "percona", "mariadb"] as const).find((f) => entry[f]);
    return { name, status: "other-flavor", entry, range: other ? entry[other] : undefined, rangeFlavor: other, deprecated: false };
}

/** The first version of a flavour family that has the setting (undefined: every catalogued version). */
export function addedIn(name: string, family: "mysql" | "mariadb"): string | undefined {
    return SETTINGS_CATALOG.entries[catalogName(name)]?.[family]?.added;
}

/** The first version of a flavour family that no longer has the setting (undefined: not removed). */
export function removedIn(name: string, family: "mysql" | "mariadb"): string | undefined {
    return SETTINGS_CATALOG.entries[catalogName(name)]?.[family]?.removed;
}

/** Every catalogued name that exists on one server; `plugins: false` leaves out plugin and component settings. */
export function catalogNamesFor(flavor: Flavor, version: string | ServerVersion, opts: { plugins?: boolean } = {}): string[] {
    const ver = typeof version === "string" ? mustParseVersion(version) : version;
    return CATALOG_NAMES.filter((n) =>
        rangesFor(SETTINGS_CATALOG.entries[n], flavor).some(([, r]) => rangeHas(r, ver) && (opts.plugins !== false || !r.plugin)),
    );
}
