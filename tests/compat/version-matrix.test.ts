/**
 * The version matrix of docs/compatibility.md#replication-between-versions (MySQL / Percona source x replica) and
 * docs/compatibility.md#mariadb, one row per cell with its source, against `replicationEdge`.
 */
import { replicationEdge } from "../../components/compat/replication";
import type { Flavor } from "../../components/spec/types";
import { mustParseVersion } from "../../components/versions/version";

interface Row {
    source: string;
    replica: string;
    /** Expected: `ok`, or the finding code of the rejection. */
    expect: string;
    /** Where the expectation comes from. */
    cite: string;
    /** Replica set up with GTID auto-positioning (Myriad-managed). Default: true. */
    gtid?: boolean;
}

function member(text: string, name: string) {
    const [flavor, version] = text.includes(" ") ? text.split(" ") : ["mysql", text];
    return { name, template: name === "src" ? "source-tpl" : "replica-tpl", flavor: flavor as Flavor, version: mustParseVersion(version) };
}

const MYSQL_ROWS: Row[] = [
    // Row 5.7
    {
        source: "5.7.30",
        replica: "5.7.30",
        expect: "ok",
        cite: "docs/compatibility.md#replication-between-versions 5.7/5.7: same series, replica patch >= source",
    },
    {
        source: "5.7.30",
        replica: "5.7.44",
        expect: "ok",
        cite: "docs/compatibility.md#replication-between-versions 5.7/5.7: replica patch >= source",
    },
    {
        source: "5.7.44",
        replica: "5.7.30",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#replication-between-versions: reject source.patch > replica.patch",
    },
    {
        source: "5.7.44",
        replica: "8.0.40",
        expect: "ok",
        cite: "docs/compatibility.md#replication-between-versions 5.7/8.0: next series (8.0 manual)",
    },
    {
        source: "5.7.44",
        replica: "8.2.0",
        expect: "replication/skips-series",
        cite: "docs/compatibility.md#replication-between-versions 5.7/8.1-8.3: skips the 8.0 bugfix series",
    },
    {
        source: "5.7.44",
        replica: "8.4.3",
        expect: "replication/skips-series",
        cite: "docs/compatibility.md#upgrade-paths '5.7 -> LTS: A bugfix or LTS series cannot be skipped'",
    },
    {
        source: "5.7.44",
        replica: "9.1.0",
        expect: "replication/skips-series",
        cite: "docs/compatibility.md#replication-between-versions 5.7/9.0-9.6",
    },
    {
        source: "5.7.44",
        replica: "9.7.0",
        expect: "replication/skips-series",
        cite: "docs/compatibility.md#replication-between-versions 5.7/9.7",
    },
    {
        source: "5.7.44",
        replica: "26.7.0",
        expect: "replication/calendar-entry",
        cite: "docs/compatibility.md#replication-between-versions 5.7/26.x; docs/compatibility.md#upgrade-paths calendar lineage only from 9.7",
    },
    // Row 8.0
    {
        source: "8.0.40",
        replica: "5.7.44",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#replication-between-versions 8.0/5.7: newer -> older",
    },
    {
        source: "8.0.36",
        replica: "8.0.40",
        expect: "ok",
        cite: "docs/compatibility.md#replication-between-versions 8.0/8.0: replica patch >= source",
    },
    {
        source: "8.0.40",
        replica: "8.0.36",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#replication-between-versions: strict patch rule inside 8.0",
    },
    {
        source: "8.0.34",
        replica: "8.3.0",
        expect: "ok",
        cite: "docs/compatibility.md#upgrade-paths 'LTS/bugfix -> Innovation before the next LTS: 8.0.34->8.3.0'",
    },
    {
        source: "8.0.37",
        replica: "8.4.0",
        expect: "ok",
        cite: "docs/compatibility.md#upgrade-paths 'LTS/bugfix -> next LTS: 8.0.37->8.4.x'",
    },
    { source: "8.0.40", replica: "8.4.3", expect: "ok", cite: "docs/compatibility.md#replication-between-versions 8.0/8.4 LTS" },
    {
        source: "8.0.40",
        replica: "9.0.0",
        expect: "replication/skips-series",
        cite: "docs/compatibility.md#replication-between-versions 8.0/9.0-9.6: would skip 8.4 LTS",
    },
    {
        source: "8.0.40",
        replica: "9.7.0",
        expect: "replication/skips-series",
        cite: "docs/compatibility.md#replication-between-versions 8.0/9.7: skips LTS",
    },
    {
        source: "8.0.40",
        replica: "26.7.0",
        expect: "replication/calendar-entry",
        cite: "docs/compatibility.md#replication-between-versions 8.0/26.x",
    },
    // Row 8.1-8.3 (Innovation)
    {
        source: "8.3.0",
        replica: "8.0.40",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#replication-between-versions 8.1-8.3/8.0",
    },
    {
        source: "8.1.0",
        replica: "8.3.0",
        expect: "ok",
        cite: "docs/compatibility.md#upgrade-paths 'Within Innovation releases before the next LTS: 8.1.0->8.3.0'",
    },
    {
        source: "8.3.0",
        replica: "8.1.0",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#replication-between-versions 8.1-8.3/8.1-8.3: replica >= source",
    },
    { source: "8.3.0", replica: "8.4.0", expect: "ok", cite: "docs/compatibility.md#upgrade-paths 'Innovation -> next LTS: 8.3.0->8.4'" },
    {
        source: "8.3.0",
        replica: "9.0.0",
        expect: "replication/innovation-skips-lts",
        cite: "docs/compatibility.md#upgrade-paths 'Innovation -> Innovation after the next LTS: not allowed'",
    },
    {
        source: "8.3.0",
        replica: "9.7.0",
        expect: "replication/skips-series",
        cite: "docs/compatibility.md#replication-between-versions 8.1-8.3/9.7",
    },
    // Row 8.4 LTS
    {
        source: "8.4.3",
        replica: "8.0.40",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#replication-between-versions 8.4/8.0: rollback-only downgrade path",
    },
    {
        source: "8.4.3",
        replica: "8.3.0",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#replication-between-versions 8.4/8.1-8.3: rollback-only",
    },
    {
        source: "8.4.1",
        replica: "8.4.3",
        expect: "ok",
        cite: "docs/compatibility.md#replication-between-versions 8.4/8.4: replica patch >= source",
    },
    {
        source: "8.4.3",
        replica: "8.4.1",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#replication-between-versions: strict engine rejects source.patch > replica.patch even inside an LTS",
    },
    {
        source: "8.4.0",
        replica: "9.0.0",
        expect: "ok",
        cite: "docs/compatibility.md#upgrade-paths 'LTS -> Innovation before the next LTS: 8.4.0->9.0.0'",
    },
    { source: "8.4.0", replica: "9.2.0", expect: "ok", cite: "docs/compatibility.md#upgrade-paths (9.7 manual: 8.4.0->9.2.0)" },
    {
        source: "8.4.3",
        replica: "9.7.0",
        expect: "ok",
        cite: "docs/compatibility.md#upgrade-paths 'Upgrading to the next LTS series is supported, such as 8.4.x LTS to 9.7.x LTS'",
    },
    {
        source: "8.4.3",
        replica: "26.7.0",
        expect: "replication/calendar-entry",
        cite: "docs/compatibility.md#replication-between-versions 8.4/26.x: only 9.7 enters the calendar lineage",
    },
    // Row 9.0-9.6 (Innovation)
    {
        source: "9.1.0",
        replica: "8.4.3",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#replication-between-versions 9.0-9.6/8.4: newer -> older",
    },
    {
        source: "9.1.0",
        replica: "9.3.0",
        expect: "ok",
        cite: "docs/compatibility.md#replication-between-versions 9.0-9.6/9.0-9.6: replica >= source",
    },
    {
        source: "9.3.0",
        replica: "9.1.0",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#replication-between-versions 9.0-9.6/9.0-9.6",
    },
    {
        source: "9.6.0",
        replica: "9.7.0",
        expect: "ok",
        cite: "docs/compatibility.md#replication-between-versions 9.0-9.6/9.7: Innovation -> next LTS",
    },
    {
        source: "9.3.0",
        replica: "26.7.0",
        expect: "replication/calendar-entry",
        cite: "docs/compatibility.md#replication-between-versions 9.0-9.6/26.x",
    },
    // Row 9.7 LTS
    {
        source: "9.7.0",
        replica: "9.6.0",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#replication-between-versions 9.7/9.0-9.6",
    },
    {
        source: "9.7.0",
        replica: "9.7.1",
        expect: "ok",
        cite: "docs/compatibility.md#replication-between-versions 9.7/9.7: replica patch >= source",
    },
    { source: "9.7.1", replica: "9.7.0", expect: "replication/newer-source", cite: "docs/compatibility.md#replication-between-versions" },
    {
        source: "9.7.0",
        replica: "26.7.0",
        expect: "ok",
        cite: "docs/compatibility.md#replication-between-versions 9.7/26.x: into the lineage anchored by 9.7.0 (details)",
    },
    // Calendar and unknown series
    {
        source: "26.7.0",
        replica: "26.10.0",
        expect: "replication/undocumented",
        cite: "docs/compatibility.md#upgrade-paths calendar lineage rules cut off",
    },
    {
        source: "8.0.40",
        replica: "10.0.0",
        expect: "replication/undocumented",
        cite: "docs/compatibility.md#upgrade-paths: only listed upgrade paths are supported",
    },
    // Percona follows MySQL (docs/compatibility.md#percona-server)
    {
        source: "percona 8.0.36",
        replica: "mysql 8.4.3",
        expect: "ok",
        cite: "docs/compatibility.md#percona-server: Percona follows MySQL; docs/compatibility.md#replication-between-versions 8.0/8.4",
    },
    {
        source: "percona 8.4.3",
        replica: "percona 8.0.40",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#percona-server; docs/compatibility.md#replication-between-versions 8.4/8.0",
    },
    {
        source: "mysql 8.0.40",
        replica: "percona 8.0.40",
        expect: "ok",
        cite: "docs/compatibility.md#percona-server drop-in replacement; docs/compatibility.md#replication-between-versions 8.0/8.0",
    },
];

const MARIADB_ROWS: Row[] = [
    {
        source: "mariadb 10.6.16",
        replica: "mariadb 10.11.6",
        expect: "ok",
        cite: "docs/compatibility.md#mariadb MariaDB <-> MariaDB: replica same or later",
    },
    {
        source: "mariadb 11.4.2",
        replica: "mariadb 11.8.1",
        expect: "ok",
        cite: "docs/compatibility.md#mariadb lower-triangular table supported",
    },
    {
        source: "mariadb 10.11.6",
        replica: "mariadb 10.6.16",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#mariadb newer primary -> older replica",
    },
    {
        source: "mariadb 10.11.6",
        replica: "mariadb 10.11.5",
        expect: "replication/newer-source",
        cite: "docs/compatibility.md#mariadb 'The constraint also applies to minor/patch releases'",
    },
    {
        source: "mysql 5.7.44",
        replica: "mariadb 10.11.6",
        expect: "ok",
        gtid: false,
        cite: "docs/compatibility.md#mariadb MySQL 5.7 -> MariaDB 10.2+: supported (file/pos)",
    },
    {
        source: "mysql 5.7.44",
        replica: "mariadb 10.11.6",
        expect: "replication/mysql-to-mariadb-gtid",
        cite: "docs/compatibility.md#mariadb: MariaDB does not support MySQL GTIDs; Myriad replicas use GTID auto-positioning",
    },
    {
        source: "mysql 5.7.44",
        replica: "mariadb 10.1.48",
        expect: "replication/mysql-to-old-mariadb",
        gtid: false,
        cite: "docs/compatibility.md#mariadb: MariaDB 10.2+ only",
    },
    {
        source: "mysql 8.0.40",
        replica: "mariadb 10.6.20",
        expect: "replication/mysql80-to-mariadb",
        gtid: false,
        cite: "docs/compatibility.md#mariadb: impossible before 10.6.21",
    },
    { source: "mysql 8.0.40", replica: "mariadb 10.6.21", expect: "ok", gtid: false, cite: "docs/compatibility.md#mariadb: from 10.6.21" },
    {
        source: "mysql 8.0.40",
        replica: "mariadb 10.11.10",
        expect: "replication/mysql80-to-mariadb",
        gtid: false,
        cite: "docs/compatibility.md#mariadb: impossible before 10.11.11",
    },
    {
        source: "mysql 8.0.40",
        replica: "mariadb 10.11.11",
        expect: "ok",
        gtid: false,
        cite: "docs/compatibility.md#mariadb: from 10.11.11",
    },
    {
        source: "mysql 8.0.40",
        replica: "mariadb 11.4.4",
        expect: "replication/mysql80-to-mariadb",
        gtid: false,
        cite: "docs/compatibility.md#mariadb: impossible before 11.4.5",
    },
    { source: "mysql 8.0.40", replica: "mariadb 11.4.5", expect: "ok", gtid: false, cite: "docs/compatibility.md#mariadb: from 11.4.5" },
    {
        source: "mysql 8.0.40",
        replica: "mariadb 11.7.1",
        expect: "replication/mysql80-to-mariadb",
        gtid: false,
        cite: "docs/compatibility.md#mariadb: impossible before 11.7.2",
    },
    { source: "mysql 8.0.40", replica: "mariadb 11.7.2", expect: "ok", gtid: false, cite: "docs/compatibility.md#mariadb: from 11.7.2" },
    {
        source: "mysql 8.0.40",
        replica: "mariadb 11.8.1",
        expect: "ok",
        gtid: false,
        cite: "docs/compatibility.md#mariadb: series released after the fix",
    },
    {
        source: "mysql 8.0.40",
        replica: "mariadb 10.9.8",
        expect: "replication/mysql80-to-mariadb",
        gtid: false,
        cite: "docs/compatibility.md#mariadb: series outside the fixed list never got the fix",
    },
    {
        source: "mysql 8.0.40",
        replica: "mariadb 11.4.5",
        expect: "replication/mysql-to-mariadb-gtid",
        cite: "docs/compatibility.md#mariadb GTID row: MySQL GTIDs are incompatible with MariaDB",
    },
    {
        source: "mysql 8.4.3",
        replica: "mariadb 11.8.1",
        expect: "replication/mysql-to-mariadb-undocumented",
        gtid: false,
        cite: "docs/compatibility.md#mariadb 'MySQL 8.4 / 9.x -> MariaDB: not documented', so reject",
    },
    {
        source: "mysql 9.1.0",
        replica: "mariadb 11.8.1",
        expect: "replication/mysql-to-mariadb-undocumented",
        gtid: false,
        cite: "docs/compatibility.md#mariadb",
    },
    {
        source: "mariadb 10.11.6",
        replica: "mysql 8.0.40",
        expect: "replication/mariadb-to-mysql",
        cite: "docs/compatibility.md#mariadb 'MySQL cannot be a replica for a MariaDB primary'",
    },
    {
        source: "mariadb 10.11.6",
        replica: "percona 8.0.40",
        expect: "replication/mariadb-to-mysql",
        cite: "docs/compatibility.md#mariadb, docs/compatibility.md#percona-server",
    },
];

describe.each([
    ["MySQL/Percona (docs/compatibility.md#replication-between-versions)", MYSQL_ROWS],
    ["MariaDB (docs/compatibility.md#mariadb)", MARIADB_ROWS],
])("%s", (_title, rows) => {
    test.each(rows.map((r) => [`${r.source} -> ${r.replica}: ${r.expect} (${r.cite})`, r] as const))("%s", (_label, row) => {
        const src = member(row.source, "src");
        const rep = member(row.replica, "rep");
        const verdict = replicationEdge(src, rep, { gtidAutoPosition: row.gtid ?? true });
        if (row.expect === "ok") {
            expect(verdict.finding).toBeUndefined();
            expect(verdict.supported).toBe(true);
            return;
        }
        expect(verdict.supported).toBe(false);
        expect(verdict.finding?.code).toBe(row.expect);
        const f = verdict.finding!;
        expect(f.severity).toBe("error");
        // The message names both instances, their templates and versions, quotes a sourced rule and says what to do.
        expect(f.subjects).toEqual(["rep", "src"]);
        expect(f.message).toContain(`rep (template replica-tpl, ${rep.flavor}`);
        expect(f.message).toContain("src (template source-tpl");
        expect(f.rule.source).toMatch(/^https:\/\/(dev\.mysql\.com|mariadb\.com|docs\.percona\.com)\/.*; docs\/compatibility\.md#[a-z-]+$/);
        expect(f.message).toContain(`Rule: "${f.rule.quote}"`);
        expect(f.message).toMatch(/Instead: .{20,}/);
    });
});

test("a newer source tells the user to upgrade replicas first and names the template to move the primary to", () => {
    const v = replicationEdge(member("8.4.3", "src"), member("8.0.40", "rep"));
    expect(v.finding?.message).toContain("upgrade replicas first: move the primary to template 'replica-tpl' (8.0.40)");
    expect(v.finding?.message).toContain("add an 8.4 template (8.4.3 or later)");
});

test("ltsPatchDowngrade: allow accepts a newer patch inside an LTS series only (docs/compatibility.md#replication-between-versions)", () => {
    expect(replicationEdge(member("8.4.3", "src"), member("8.4.1", "rep"), { ltsPatchDowngrade: "allow" }).supported).toBe(true);
    expect(replicationEdge(member("8.0.40", "src"), member("8.0.36", "rep"), { ltsPatchDowngrade: "allow" }).supported).toBe(false);
    expect(replicationEdge(member("8.4.3", "src"), member("8.0.40", "rep"), { ltsPatchDowngrade: "allow" }).supported).toBe(false);
});
