/**
 * The catalog's source files (components/mysqld/catalog/sources/) read and written, and the catalog generated
 * from them. File work only; the parsing is ./facts.ts and ./extract.ts, the generation ./generate.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { SettingsCatalog } from "../../components/mysqld/catalog/types";
import { parseFacts, type Fact, type FactFlavor } from "./facts";
import { generateCatalog, type Advice, type Rename } from "./generate";

/** components/mysqld/catalog of the checkout this file belongs to (works from dist/ and from the sources). */
export function catalogDir(): string {
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, "package.json"))) {
        const up = path.dirname(dir);
        if (up === dir) throw new Error("settings catalog: project root not found");
        dir = up;
    }
    return path.join(dir, "components", "mysqld", "catalog");
}

/** The sources folder. */
export const sourcesDir = (): string => path.join(catalogDir(), "sources");

function tsvRows(text: string): string[][] {
    return text
        .split("\n")
        .filter((l) => l.trim() && !l.startsWith("#"))
        .map((l) => l.split("\t"))
        .slice(1);
}

/** Every fact of the sources folder. Curated facts (curated.tsv) are marked so that they take precedence. */
export function readFacts(dir = sourcesDir()): { facts: Fact[]; files: string[] } {
    const files = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".tsv") && f !== "renames.tsv" && f !== "notes.tsv")
        .sort();
    const facts: Fact[] = [];
    for (const f of files) {
        const parsed = parseFacts(fs.readFileSync(path.join(dir, f), "utf8"), f);
        facts.push(...(f === "curated.tsv" ? parsed.map((x) => ({ ...x, source: `curated:${x.source}` })) : parsed));
    }
    return { facts, files: [...files, "renames.tsv", "notes.tsv"] };
}

/** The renames of renames.tsv. */
export function readRenames(dir = sourcesDir()): Rename[] {
    return tsvRows(fs.readFileSync(path.join(dir, "renames.tsv"), "utf8")).map(([old, neu, flavor, version, source]) => ({
        old,
        neu,
        flavor: flavor as FactFlavor,
        version,
        source,
    }));
}

/** The advice of notes.tsv. */
export function readAdvice(dir = sourcesDir()): Advice[] {
    return tsvRows(fs.readFileSync(path.join(dir, "notes.tsv"), "utf8")).map(([name, flavor, advice, source]) => ({
        name,
        flavor: flavor as FactFlavor,
        advice,
        source,
    }));
}

/** The catalog the sources give. */
export function catalogFromSources(dir = sourcesDir()): SettingsCatalog {
    const { facts, files } = readFacts(dir);
    return generateCatalog(facts, readRenames(dir), readAdvice(dir), files);
}
