/**
 * seedingMethod(donor, recipient), logicalDumpOptions and replicationAuth: the pair decisions the scripts and
 * the policy pack share. Each row names its rule (docs/compatibility.md#seeding-new-replicas,
 * #upgrade-paths, #mariadb, #percona-server, #authentication).
 */
import { replicationAuth } from "../../components/compat/authentication";
import * as fc from "fast-check";
import {
    cloneAllowed,
    defaultBackupTool,
    isPhysicalStream,
    logicalDumpOptions,
    physicalAllowed,
    seedingDecision,
    seedingMethod,
    type BackupTool,
    type SeedingMethod,
} from "../../components/compat/seeding";
import type { Flavor } from "../../components/spec/types";

type Row = [donorFlavor: Flavor, donor: string, recipientFlavor: Flavor, recipient: string, method: SeedingMethod, cite: string];

const rows: Row[] = [
    // CLONE (CLONE)
    ["mysql", "8.0.36", "mysql", "8.0.36", "clone", "CLONE: same point release"],
    ["mysql", "8.0.17", "mysql", "8.0.17", "clone", "CLONE: introduced in 8.0.17"],
    ["mysql", "8.0.16", "mysql", "8.0.16", "logical", "CLONE: no CLONE before 8.0.17"],
    ["mysql", "8.0.35", "mysql", "8.0.36", "logical", "CLONE: before 8.0.37 the same point release is required"],
    ["mysql", "8.0.36", "mysql", "8.0.42", "logical", "CLONE: 'cloning 8.0.36 to 8.0.42 or vice-versa is not permitted'"],
    ["mysql", "8.0.37", "mysql", "8.0.41", "clone", "CLONE: 8.0.37 and 8.0.41 may be cloned"],
    [
        "mysql",
        "8.0.41",
        "mysql",
        "8.0.37",
        "clone",
        "CLONE: both directions from 8.0.37 (replication compatibility is the policy pack's concern)",
    ],
    ["mysql", "8.4.1", "mysql", "8.4.13", "clone", "CLONE: within 8.4 in either direction"],
    ["mysql", "8.4.13", "mysql", "8.4.1", "clone", "CLONE: within 8.4 in either direction"],
    ["mysql", "8.0.41", "mysql", "8.4.3", "logical", "CLONE: no 8.0<->8.4 clone; upgrade paths dump/load on the upgrade path"],
    ["mysql", "8.4.3", "mysql", "9.1.0", "logical", "CLONE: cross-series clone only 9.7 LTS -> next LTS"],
    ["mysql", "9.1.0", "mysql", "9.1.0", "clone", "CLONE: same series"],
    ["percona", "8.0.36-28", "percona", "8.0.36-28", "clone", "CLONE + Percona"],
    ["percona", "8.0.36-28", "mysql", "8.0.36", "logical", "CLONE: same plugins required; cross-vendor clone undocumented"],
    ["mysql", "8.0.36", "percona", "8.0.36-28", "logical", "CLONE, Percona"],
    // logical (upgrade paths dump/load on every allowed upgrade path)
    ["mysql", "5.7.29", "mysql", "5.7.29", "logical", "CLONE: no CLONE in 5.7"],
    ["mysql", "5.7.29", "mysql", "8.0.36", "logical", "upgrade paths: 5.7 -> 8.0 dump/load"],
    ["mysql", "5.7.44", "mysql", "5.7.29", "none", "upgrade paths: newer -> older not supported"],
    ["mysql", "8.4.3", "mysql", "8.0.41", "none", "upgrade paths: 8.4 -> 8.0 by dump is rollback-only"],
    ["mysql", "8.0.41", "mysql", "8.0.36", "none", "CLONE patch rule and upgrade paths newer -> older"],
    // MariaDB (MariaDB)
    ["mariadb", "10.11.6", "mariadb", "10.11.6", "mariadb-backup", "MariaDB: no CLONE; the official images carry mariadb-backup"],
    ["mariadb", "10.11.6", "mariadb", "10.11.9", "mariadb-backup", "MariaDB: same series, donor older: prepared by the series' tool"],
    ["mariadb", "10.11.9", "mariadb", "10.11.6", "none", "MariaDB: newer donor (no physical copy onto an older server, no dump)"],
    [
        "mariadb",
        "10.11.6",
        "mariadb",
        "11.4.2",
        "logical",
        "MariaDB: across series only a dump (the backup must be prepared by its series' tool)",
    ],
    ["mariadb", "11.4.2", "mariadb", "10.11.6", "none", "MariaDB: newer primary -> older replica"],
    ["mysql", "5.7.29", "mariadb", "10.11.6", "none", "MariaDB: MySQL GTIDs unusable by MariaDB; Myriad replicates with GTIDs only"],
    ["mariadb", "10.11.6", "mysql", "8.0.36", "none", "MariaDB"],
];

type ToolRow = [
    donorFlavor: Flavor,
    donor: string,
    donorTool: BackupTool,
    recipientFlavor: Flavor,
    recipient: string,
    recipientTool: BackupTool,
    method: SeedingMethod,
    cite: string,
];

const toolRows: ToolRow[] = [
    ["mariadb", "10.11.6", "none", "mariadb", "10.11.6", "mariadb-backup", "logical", "MariaDB: the donor image lacks the tool"],
    ["mariadb", "10.11.6", "mariadb-backup", "mariadb", "10.11.6", "none", "logical", "MariaDB: the recipient image lacks the tool"],
    ["mariadb", "10.11.6", "xtrabackup", "mariadb", "10.11.6", "xtrabackup", "logical", "MariaDB: XtraBackup does not back up MariaDB"],
    ["percona", "5.7.44-48", "xtrabackup", "percona", "5.7.44-48", "xtrabackup", "xtrabackup", "Percona XtraBackup 2.4 for 5.7"],
    ["percona", "5.7.40-43", "xtrabackup", "percona", "5.7.44-48", "xtrabackup", "xtrabackup", "Percona XtraBackup 2.4, donor older"],
    ["percona", "5.7.44-48", "none", "percona", "5.7.44-48", "none", "logical", "Percona: official images carry no XtraBackup"],
    [
        "percona",
        "8.0.30-22",
        "xtrabackup",
        "percona",
        "8.0.35-27",
        "xtrabackup",
        "xtrabackup",
        "Percona XtraBackup 8.0 where CLONE needs the same patch",
    ],
    ["percona", "8.0.36-28", "xtrabackup", "percona", "8.0.36-28", "xtrabackup", "clone", "CLONE first when it applies"],
    ["percona", "8.0.35-27", "xtrabackup", "percona", "8.0.30-22", "xtrabackup", "none", "Percona XtraBackup: newer donor refused"],
    ["percona", "8.0.41-32", "xtrabackup", "percona", "8.4.3-3", "xtrabackup", "logical", "Percona XtraBackup 8.4 backs up only 8.4"],
    ["mysql", "5.7.29", "xtrabackup", "percona", "5.7.29-32", "xtrabackup", "logical", "Percona XtraBackup: one vendor on both sides"],
    [
        "mysql",
        "5.7.29",
        "xtrabackup",
        "mysql",
        "5.7.29",
        "xtrabackup",
        "xtrabackup",
        "Percona XtraBackup 2.4 on a MySQL image that carries it",
    ],
    ["mysql", "9.1.0", "xtrabackup", "mysql", "9.2.0", "xtrabackup", "logical", "Percona XtraBackup: no Innovation series"],
    ["mysql", "5.7.29", "mariadb-backup", "mysql", "5.7.29", "mariadb-backup", "logical", "MariaDB: mariadb-backup is MariaDB's"],
];

describe("seedingDecision with the images' backup tools", () => {
    test.each(toolRows)("%s %s (%s) -> %s %s (%s) = %s (%s)", (df, dv, dt, rf, rv, rt, method, cite) => {
        expect(cite).toMatch(/CLONE|MariaDB|Percona/);
        const decision = seedingDecision({ flavor: df, version: dv, backupTool: dt }, { flavor: rf, version: rv, backupTool: rt });
        expect(decision.method).toBe(method);
        if (isPhysicalStream(method)) expect(decision.reason).toMatch(new RegExp(`^${method} stream: same series`));
    });

    test("defaultBackupTool: the MariaDB images carry mariadb-backup, the official MySQL and Percona images none", () => {
        expect(defaultBackupTool("mariadb")).toBe("mariadb-backup");
        expect(defaultBackupTool("mysql")).toBe("none");
        expect(defaultBackupTool("percona")).toBe("none");
    });

    const flavor = fc.constantFrom<Flavor>("mysql", "percona", "mariadb");
    const tool = fc.constantFrom<BackupTool>("mariadb-backup", "xtrabackup", "none");
    const version = fc.record({
        major: fc.constantFrom(5, 8, 10, 11),
        minor: fc.integer({ min: 0, max: 11 }),
        patch: fc.integer({ min: 0, max: 50 }),
    });
    test("property: a physical stream only between images carrying the same tool, one series, donor not newer; never instead of CLONE", () => {
        fc.assert(
            fc.property(flavor, version, tool, flavor, version, tool, (df, dv, dt, rf, rv, rt) => {
                const d = { flavor: df, version: dv, backupTool: dt },
                    r = { flavor: rf, version: rv, backupTool: rt };
                const m = seedingDecision(d, r).method;
                if (cloneAllowed(d, r).method === "clone") return m === "clone";
                if (!isPhysicalStream(m)) return physicalAllowed(d, r).method === "none" || m === "none";
                return (
                    m === dt &&
                    dt === rt &&
                    dv.major === rv.major &&
                    dv.minor === rv.minor &&
                    dv.patch <= rv.patch &&
                    (m === "mariadb-backup" ? df === "mariadb" && rf === "mariadb" : df === rf && df !== "mariadb")
                );
            }),
            { numRuns: 2000 },
        );
    });
});

describe("seedingMethod(donor, recipient)", () => {
    test.each(rows)("%s %s -> %s %s = %s (%s)", (df, dv, rf, rv, method, cite) => {
        expect(cite).toMatch(/CLONE|upgrade paths|MariaDB|Percona/);
        expect(seedingMethod({ flavor: df, version: dv }, { flavor: rf, version: rv })).toBe(method);
        const decision = seedingDecision({ flavor: df, version: dv }, { flavor: rf, version: rv });
        expect(decision.method).toBe(method);
        expect(decision.reason).toMatch(
            method === "clone"
                ? /^CLONE: same series/
                : method === "logical"
                  ? /^logical dump with GTID state/
                  : isPhysicalStream(method)
                    ? /^mariadb-backup stream: same series/
                    : /\S/,
        );
        expect(decision.reason).not.toMatch(/research|§/);
    });

    test("cloneAllowed explains why CLONE is not used", () => {
        expect(cloneAllowed({ flavor: "mysql", version: "8.0.35" }, { flavor: "mysql", version: "8.0.36" }).reason).toMatch(
            /same point release/,
        );
        expect(cloneAllowed({ flavor: "mysql", version: "8.0.41" }, { flavor: "mysql", version: "8.4.3" }).reason).toMatch(
            /same release series/,
        );
        expect(cloneAllowed({ flavor: "mysql", version: "5.7.29" }, { flavor: "mysql", version: "5.7.29" }).reason).toMatch(/8\.0\.17/);
        expect(cloneAllowed({ flavor: "mariadb", version: "10.11.6" }, { flavor: "mariadb", version: "10.11.6" }).reason).toMatch(
            /MariaDB has no CLONE/,
        );
    });

    test("accepts parsed versions as well as text", () => {
        expect(seedingMethod({ flavor: "mysql", version: { major: 8, minor: 0, patch: 36 } }, { flavor: "mysql", version: "8.0.36" })).toBe(
            "clone",
        );
    });
});

describe("logicalDumpOptions(donor, recipient)", () => {
    const has = (opts: string[], o: string) => opts.includes(o);

    test("MySQL 8.0.26+ tool: consistent snapshot, commented --source-data, GTID purged set", () => {
        const o = logicalDumpOptions({ flavor: "mysql", version: "8.0.30" }, { flavor: "mysql", version: "8.0.36" });
        expect(has(o, "--single-transaction")).toBe(true);
        expect(has(o, "--source-data=2")).toBe(true);
        expect(has(o, "--set-gtid-purged=ON")).toBe(true);
        expect(has(o, "--routines") && has(o, "--triggers") && has(o, "--events")).toBe(true);
        expect(has(o, "--column-statistics=0")).toBe(false);
        expect(has(o, "--gtid")).toBe(false);
    });

    test("an 8.0 mysqldump dumping 5.7 disables column statistics (5.7 has no COLUMN_STATISTICS)", () => {
        const o = logicalDumpOptions({ flavor: "mysql", version: "5.7.44" }, { flavor: "mysql", version: "8.0.36" });
        expect(has(o, "--column-statistics=0")).toBe(true);
        expect(has(o, "--source-data=2")).toBe(true);
    });

    test("a 5.7 mysqldump uses --master-data and has no --column-statistics", () => {
        const o = logicalDumpOptions({ flavor: "mysql", version: "5.7.29" }, { flavor: "mysql", version: "5.7.29" });
        expect(has(o, "--master-data=2")).toBe(true);
        expect(o.some((x) => x.startsWith("--column-statistics"))).toBe(false);
        expect(has(o, "--set-gtid-purged=ON")).toBe(true);
    });

    test("MariaDB: executed --master-data=1 with --gtid (sets gtid_slave_pos), no MySQL GTID option", () => {
        const o = logicalDumpOptions({ flavor: "mariadb", version: "10.11.6" }, { flavor: "mariadb", version: "11.4.2" });
        expect(has(o, "--master-data=1")).toBe(true);
        expect(has(o, "--gtid")).toBe(true);
        expect(o.some((x) => x.startsWith("--set-gtid-purged"))).toBe(false);
    });
});

describe("replicationAuth(source, replicas) (docs/compatibility.md#authentication)", () => {
    test("an 8.x source with 8.x replicas keeps the default plugin", () => {
        expect(replicationAuth({ flavor: "mysql", version: "8.0.36" }, [{ flavor: "mysql", version: "8.4.3" }])).toEqual({
            plugin: null,
            forcedBy: [],
        });
    });

    test("a 5.7 source creates native accounts anyway", () => {
        expect(replicationAuth({ flavor: "mysql", version: "5.7.29" }, [{ flavor: "mysql", version: "8.0.36" }]).plugin).toBeNull();
    });

    test("a 5.7 replica of an 8.0 source forces mysql_native_password", () => {
        const a = replicationAuth({ flavor: "mysql", version: "8.0.36" }, [{ flavor: "mysql", version: "5.7.44", label: "orders-2" }]);
        expect(a.plugin).toBe("mysql_native_password");
        expect(a.forcedBy).toEqual(["orders-2"]);
        expect(a.impossible).toBeUndefined();
    });

    test("a MariaDB replica before 11.4.9 of an 8.4 source forces mysql_native_password", () => {
        expect(replicationAuth({ flavor: "mysql", version: "8.4.3" }, [{ flavor: "mariadb", version: "11.4.2" }]).plugin).toBe(
            "mysql_native_password",
        );
        expect(replicationAuth({ flavor: "mysql", version: "8.4.3" }, [{ flavor: "mariadb", version: "11.4.9" }]).plugin).toBeNull();
    });

    test("a 9.x source cannot serve a 5.7 replica: no plugin works", () => {
        const a = replicationAuth({ flavor: "mysql", version: "9.1.0" }, [{ flavor: "mysql", version: "5.7.44" }]);
        expect(a.plugin).toBeNull();
        expect(a.impossible).toMatch(/removed in 9\.0\.0/);
    });
});
