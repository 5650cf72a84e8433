/**
 * The settings catalog (components/mysqld/catalog): the committed catalog.json is exactly what the generator
 * makes of the committed sources, every entry cites its sources, the generator's rules, the parsers of the
 * vendors' pages, and the dialect's option names as a view of the catalog.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { judgeSetting, refusesToStart } from "../../components/compat/settings";
import { renderMyCnf } from "../../components/runtime/my-cnf";
import { readOptionFile } from "../../components/mysqld/option-file";
import { planOrThrow } from "../../components/planner/plan";
import { mustParseVersion } from "../../components/versions/version";
import { addedIn, CATALOG_NAMES, lookupSetting, SETTINGS_CATALOG } from "../../components/mysqld/catalog";
import { dialectFor } from "../../components/mysqld/dialect";
import { parseHelpOptions } from "../../infra/settings-catalog/capture";
import { parseMariadbAdded, parseMariadbVariables, parseMysqlChanges, parsePerconaVariables } from "../../infra/settings-catalog/extract";
import { formatFacts, parseFacts, type Fact } from "../../infra/settings-catalog/facts";
import { formatCatalog, generateCatalog } from "../../infra/settings-catalog/generate";
import { catalogDir, catalogFromSources } from "../../infra/settings-catalog/sources";

test("catalog.json is the generator's output for the committed sources (regenerate: components/mysqld/catalog/README.md)", () => {
    const committed = fs.readFileSync(path.join(catalogDir(), "catalog.json"), "utf8");
    expect(committed === formatCatalog(catalogFromSources())).toBe(true);
});

test("every entry has a range per flavour with a vendor reference and its sources", () => {
    expect(CATALOG_NAMES.length).toBeGreaterThan(1500);
    const vendor = /^https:\/\/(dev\.mysql\.com|mariadb\.com|docs\.percona\.com)\//;
    const source = /^(https:\/\/(dev\.mysql\.com|mariadb\.com|docs\.percona\.com)\/|binary:(mysql|mariadb)-\d+\.\d+\.\d+$)/;
    const bad: string[] = [];
    for (const name of CATALOG_NAMES) {
        const e = SETTINGS_CATALOG.entries[name];
        const ranges = [e.mysql, e.percona, e.mariadb].filter((r) => r !== undefined);
        if (ranges.length === 0) bad.push(`${name}: no range`);
        for (const r of ranges) {
            if (!vendor.test(r.url)) bad.push(`${name}: url ${r.url}`);
            if (r.sources.length === 0 || r.sources.some((x) => !source.test(x))) bad.push(`${name}: sources ${r.sources.join(" ")}`);
        }
    }
    expect(bad).toEqual([]);
});

test("the facts format round-trips and refuses a malformed line", () => {
    const facts: Fact[] = [
        { name: "a_b", flavor: "mysql", event: "added", version: "8.0.26", dynamic: true, source: "https://dev.mysql.com/x" },
        { name: "c", flavor: "mariadb", event: "present", version: "10.11.19", plugin: true, source: "binary:mariadb-10.11.19" },
    ];
    expect(parseFacts(formatFacts(facts))).toEqual(facts);
    expect(() => parseFacts("x\tmysql\tadded\t8.0\t-\t-\tsrc\n", "f.tsv")).toThrow("f.tsv:1: malformed fact");
});

describe("generator rules", () => {
    const page = "https://dev.mysql.com/doc/refman/8.0/en/added-deprecated-removed.html";
    const gen = (facts: Fact[]) => generateCatalog(facts, [], [], []).entries;

    test("a binary is the final word on its own version: a page's later added-in or earlier removed-in is dropped", () => {
        const e = gen([
            { name: "opt", flavor: "mariadb", event: "added", version: "10.10.0", source: "https://mariadb.com/docs/p" },
            { name: "opt", flavor: "mariadb", event: "present", version: "10.6.5", source: "binary:mariadb-10.6.5" },
            { name: "gone", flavor: "mysql", event: "removed", version: "5.7.20", source: page },
            { name: "gone", flavor: "mysql", event: "present", version: "5.7.29", source: "binary:mysql-5.7.29" },
        ]);
        expect(e.opt.mariadb?.added).toBeUndefined();
        expect(e.gone.mysql?.removed).toBeUndefined();
    });

    test("a name a binary of a covered series does not know is absent in that series; plugin names are not", () => {
        const e = gen([
            { name: "known", flavor: "mysql", event: "present", version: "5.7.29", source: "binary:mysql-5.7.29" },
            { name: "windows_only", flavor: "mysql", event: "added", version: "5.7.1", source: page },
            { name: "later", flavor: "mysql", event: "added", version: "8.0.1", source: page },
            { name: "group_replication_x", flavor: "mysql", event: "added", version: "5.7.17", source: page },
        ]);
        expect(e.windows_only.mysql?.absentIn).toEqual(["5.7"]);
        expect(e.later.mysql?.absentIn).toBeUndefined();
        expect(e.group_replication_x.mysql).toMatchObject({ plugin: true });
        expect(e.group_replication_x.mysql?.absentIn).toBeUndefined();
    });

    test("Percona's range: from the first series that lists it to the first later series that does not", () => {
        const src = "https://docs.percona.com/percona-server/8.0/ps-variables.html";
        const e = gen([
            { name: "kept", flavor: "percona", event: "present", version: "5.7.0", source: src },
            { name: "kept", flavor: "percona", event: "present", version: "8.0.0", source: src },
            { name: "dropped", flavor: "percona", event: "present", version: "5.7.0", source: src },
            { name: "newer", flavor: "percona", event: "present", version: "8.0.0", source: src },
        ]);
        expect(e.kept.percona).not.toHaveProperty("added");
        expect(e.kept.percona).not.toHaveProperty("removed");
        expect(e.dropped.percona?.removed).toBe("8.0.0");
        expect(e.newer.percona?.added).toBe("8.0.0");
    });
});

describe("parsers of the vendors' pages and the binaries' help", () => {
    test("MySQL added/deprecated/removed lists: settings only, status variables skipped", () => {
        const text = [
            "* `Com_clone`: Count of CLONE statements. Added in MySQL 8.0.2.",
            "* `log_replica_updates`: Whether replica should log updates. Added in MySQL 8.0.26.",
            "* `expire_logs_days`: Purge binary logs after this many days. Deprecated in MySQL 8.0.3.",
            "* `query_cache_size`: Memory allocated. Removed in MySQL 8.0.3.",
        ].join("\n");
        expect(parseMysqlChanges(text, "8.0").map((f) => [f.name, f.event, f.version])).toEqual([
            ["log_replica_updates", "added", "8.0.26"],
            ["expire_logs_days", "deprecated", "8.0.3"],
            ["query_cache_size", "removed", "8.0.3"],
        ]);
    });

    test("MariaDB variable pages and added lists", () => {
        const page = [
            "#### `binlog_expire_logs_seconds`",
            "* Dynamic: Yes",
            "* Introduced: [MariaDB 10.6.1](https://x/10.6.1)",
            "#### `old_thing`",
            "* Dynamic: No",
            "* Removed: [MariaDB 10.3.0](https://x)",
            "#### `backported`",
            "* Introduced: [MariaDB 10.3.7](https://x), [MariaDB 10.2.15](https://y)",
        ].join("\n");
        expect(
            parseMariadbVariables(page, "server/x/replication-variables.md").map((f) => [f.name, f.event, f.version, f.dynamic]),
        ).toEqual([
            ["binlog_expire_logs_seconds", "added", "10.6.1", true],
            ["old_thing", "removed", "10.3.0", false],
            ["backported", "added", "10.2.15", undefined],
        ]);
        const list = "| [max\\_binlog\\_total\\_size](../x.md#max_binlog_total_size) | [MariaDB 11.4.0](https://x) |";
        expect(parseMariadbAdded(list, "https://mariadb.com/docs/y")).toEqual([
            { name: "max_binlog_total_size", flavor: "mariadb", event: "added", version: "11.4.0", source: "https://mariadb.com/docs/y" },
        ]);
    });

    test("Percona variable tables (system variables only)", () => {
        const text =
            "## System variables\n| Name | Cmd-Line | Option File | Var Scope | Dynamic |\n| innodb_show_locks_held | Yes | Yes | Global | Yes |\n## Status variables\n| Threadpool_idle | Yes | No | Global | No |\n";
        expect(parsePerconaVariables(text, "8.0", "u").map((f) => [f.name, f.version, f.dynamic])).toEqual([
            ["innodb_show_locks_held", "8.0.0", true],
        ]);
    });

    test("--verbose --help option lines", () => {
        const help =
            "  --abort-slave-event-count=# \n                      Option used by mysql-test\n  -a, --ansi          Use ANSI SQL syntax\n  --skip-grant-tables Start without grant tables\nVariables (--variable-name=--value)\n";
        expect([...parseHelpOptions(help)]).toEqual(["abort_slave_event_count", "ansi", "skip_grant_tables"]);
    });
});

test("the dialect's option names are a view of the catalog", () => {
    const since = addedIn("log_replica_updates", "mysql")!;
    expect(since).toBe("8.0.26");
    expect(dialectFor("mysql", "8.0.25").logReplicaUpdates).toBe("log_slave_updates");
    expect(dialectFor("mysql", since).logReplicaUpdates).toBe("log_replica_updates");
    expect(dialectFor("mariadb", "11.4.2").logReplicaUpdates).toBe("log_slave_updates");
    expect(dialectFor("mariadb", addedIn("binlog_expire_logs_seconds", "mariadb")!).binlogExpiry.name).toBe("binlog_expire_logs_seconds");
    expect(dialectFor("mysql", "8.3.0").replicationRepositories).toBe(false);
    // every option name a dialect renders exists, per the catalog, in the version it is rendered for
    for (const [flavor, version] of [
        ["mysql", "5.7.29"],
        ["mysql", "8.0.25"],
        ["mysql", "8.0.40"],
        ["mysql", "8.4.3"],
        ["percona", "8.0.36"],
        ["mariadb", "10.6.1"],
        ["mariadb", "10.11.6"],
    ] as const) {
        const d = dialectFor(flavor, version);
        for (const name of [d.logReplicaUpdates, d.skipReplicaStart, d.binlogExpiry.name, d.readOnly])
            expect([name, lookupSetting(name, flavor, version).status]).toEqual([name, "exists"]);
    }
});

describe("every setting Myriad renders exists, per the catalog, in the version it is rendered for", () => {
    const images = [
        "mysql:5.7.29",
        "mysql:5.7.44",
        "mysql:8.0.25",
        "mysql:8.0.40",
        "mysql:8.4.3",
        "mysql:9.1.0",
        "mysql:9.5.0",
        "percona/percona-server:8.0.36-28",
        "percona/percona-server:8.4.3-3",
        "mariadb:10.6.18",
        "mariadb:10.11.6",
        "mariadb:11.4.2",
        "mariadb:11.8.2",
    ];
    const modes = ["async", "semisync", "group"] as const;
    const cases = images.flatMap((image) =>
        modes
            .filter((m) => m !== "group" || !image.startsWith("mariadb"))
            // MariaDB before 10.11 runs no replica, so no semi-sync cluster either.
            .filter((m) => m === "async" || image !== "mariadb:10.6.18")
            .map((m) => [image, m] as const),
    );
    test.each(cases)("%s, mode %s", (image, mode) => {
        // Before 10.11 MariaDB runs no replica (read_only does not bind root there): its primary alone is rendered.
        const replicas = image === "mariadb:10.6.18" ? 1 : 3;
        const plan = planOrThrow({ name: "orders", namespace: "shop", mode, templates: [{ name: "main", image, replicas }] });
        const refused: string[] = [];
        for (const inst of plan.instances) {
            const cnf = readOptionFile(renderMyCnf(plan, inst, { groupName: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" }));
            for (const e of cnf.entries) {
                const v = judgeSetting(e.name, inst.flavor, mustParseVersion(inst.version));
                if (refusesToStart(v)) refused.push(`${inst.name}: ${e.name} (${v.status})`);
            }
        }
        expect(refused).toEqual([]);
    });
});
