/**
 * The settings catalog generator (see components/mysqld/catalog/README.md):
 *
 *   node dist/infra/settings-catalog/main.js extract DOCS   # vendor pages (Markdown) -> sources/manual-*.tsv
 *   node dist/infra/settings-catalog/main.js generate       # sources/*.tsv -> catalog.json
 *
 * DOCS holds `mysql/<series>.md` (the manuals' added/deprecated/removed pages), `mariadb/**.md` (the MariaDB
 * documentation's system-variable pages and "System Variables Added in" lists, in their documentation paths)
 * and `percona/<series>.md` (Percona Server's variable lists). The binaries' facts are captured by
 * `UPDATE_CATALOG=1 npx jest tests/real/settings-catalog`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatFacts, type Fact } from "./facts";
import { mysqlChangesUrl, parseMariadbAdded, parseMariadbVariables, parseMysqlChanges, parsePerconaVariables } from "./extract";
import { formatCatalog } from "./generate";
import { catalogDir, catalogFromSources, sourcesDir } from "./sources";

function walk(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function extract(docs: string): void {
    const mysql: Fact[] = [];
    for (const f of walk(path.join(docs, "mysql")).sort()) {
        const series = path.basename(f, ".md");
        mysql.push(...parseMysqlChanges(fs.readFileSync(f, "utf8"), series));
        process.stdout.write(`${mysqlChangesUrl(series)}: read\n`);
    }
    const mariadb: Fact[] = [];
    const root = path.join(docs, "mariadb");
    for (const f of walk(root).sort()) {
        const rel = path.relative(root, f);
        const text = fs.readFileSync(f, "utf8");
        if (/system-variables-added-in-/.test(rel))
            mariadb.push(...parseMariadbAdded(text, `https://mariadb.com/docs/${rel.replace(/\.md$/, "")}`));
        else mariadb.push(...parseMariadbVariables(text, rel));
    }
    const percona: Fact[] = [];
    for (const f of walk(path.join(docs, "percona")).sort()) {
        const series = path.basename(f, ".md");
        const url = `https://docs.percona.com/percona-server/${series}/${series === "8.4" ? "percona-server-system-variables" : "ps-variables"}.html`;
        percona.push(...parsePerconaVariables(fs.readFileSync(f, "utf8"), series, url));
    }
    for (const [file, facts] of [
        ["manual-mysql.tsv", mysql],
        ["manual-mariadb.tsv", mariadb],
        ["manual-percona.tsv", percona],
    ] as const) {
        fs.writeFileSync(path.join(sourcesDir(), file), formatFacts(facts));
        process.stdout.write(`${file}: ${facts.length} facts\n`);
    }
}

function generate(): void {
    const catalog = catalogFromSources();
    fs.writeFileSync(path.join(catalogDir(), "catalog.json"), formatCatalog(catalog));
    process.stdout.write(`catalog.json: ${Object.keys(catalog.entries).length} settings from ${catalog.generatedFrom.join(", ")}\n`);
}

const [cmd, arg] = process.argv.slice(2);
if (cmd === "extract" && arg) extract(arg);
else if (cmd === "generate") generate();
else {
    process.stderr.write("usage: main.js extract DOCS | generate\n");
    process.exitCode = 2;
}
