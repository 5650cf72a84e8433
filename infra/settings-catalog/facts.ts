/**
 * The facts the settings catalog is generated from, one per line of a tab-separated file in
 * components/mysqld/catalog/sources/: which setting, which flavour, what happened (added, deprecated, removed,
 * present) in which version, whether it is dynamic there, and the vendor page that says so.
 *
 * Pure: parsing and formatting only.
 */

/** A flavour a fact is about. Percona facts are Percona Server's own additions on top of MySQL. */
export type FactFlavor = "mysql" | "percona" | "mariadb";

/** What a fact says. `present`: the setting exists in that version (seen in a server binary or a version's list). */
export type FactEvent = "added" | "deprecated" | "removed" | "present";

/** One fact. */
export interface Fact {
    /** Canonical name: lower case, `_` for `-`. */
    name: string;
    flavor: FactFlavor;
    event: FactEvent;
    /** `X.Y.Z`. */
    version: string;
    /** Whether `SET GLOBAL` can change it at run time, where the source says. */
    dynamic?: boolean;
    /** Loaded by a plugin or component, not built into the server binary. */
    plugin?: boolean;
    /** Vendor page (or the server binary) the fact comes from. */
    source: string;
}

/** Header line of every facts file. */
export const FACTS_HEADER = "name\tflavor\tevent\tversion\tdynamic\tplugin\tsource";

/** Canonical setting name (the server treats `-` and `_` alike). */
export function canonicalName(name: string): string {
    return name.trim().toLowerCase().replace(/-/g, "_");
}

/** Formats facts as a sorted, de-duplicated TSV file. */
export function formatFacts(facts: readonly Fact[]): string {
    const lines = new Set<string>();
    for (const f of facts) {
        const dyn = f.dynamic === undefined ? "-" : f.dynamic ? "yes" : "no";
        lines.add([f.name, f.flavor, f.event, f.version, dyn, f.plugin ? "plugin" : "-", f.source].join("\t"));
    }
    return `${FACTS_HEADER}\n${[...lines].sort().join("\n")}\n`;
}

/** Parses a facts file written by `formatFacts`. Throws naming the line on a malformed row. */
export function parseFacts(text: string, file = "facts"): Fact[] {
    const out: Fact[] = [];
    text.split("\n").forEach((line, i) => {
        if (!line.trim() || line.startsWith("#") || line === FACTS_HEADER) return;
        const cols = line.split("\t");
        const [name, flavor, event, version, dyn, plugin, source] = cols;
        if (
            cols.length !== 7 ||
            !/^[a-z0-9_.*]+$/.test(name) ||
            !["mysql", "percona", "mariadb"].includes(flavor) ||
            !["added", "deprecated", "removed", "present"].includes(event) ||
            !/^\d+\.\d+\.\d+$/.test(version)
        ) {
            throw new Error(`${file}:${i + 1}: malformed fact '${line}'`);
        }
        out.push({
            name,
            flavor: flavor as FactFlavor,
            event: event as FactEvent,
            version,
            dynamic: dyn === "yes" ? true : dyn === "no" ? false : undefined,
            plugin: plugin === "plugin" || undefined,
            source,
        });
    });
    return out;
}
