/**
 * seedingMethod(donor, recipient), logicalDumpOptions and replicationAuth: the pair decisions the scripts and
 * the policy pack share. Each row names its rule (docs/compatibility.md#seeding-new-replicas,
 * #upgrade-paths, #mariadb, #percona-server, #authentication).
 */
import { replicationAuth } from "../../components/compat/authentication";
import { cloneAllowed, logicalDumpOptions, seedingDecision, seedingMethod, type SeedingMethod } from "../../components/compat/seeding";
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
    ["mariadb", "10.11.6", "mariadb", "10.11.6", "logical", "MariaDB: no CLONE; dump with GTID"],
    ["mariadb", "10.11.6", "mariadb", "11.4.2", "logical", "MariaDB: replica same or later"],
    ["mariadb", "11.4.2", "mariadb", "10.11.6", "none", "MariaDB: newer primary -> older replica"],
    ["mysql", "5.7.29", "mariadb", "10.11.6", "none", "MariaDB: MySQL GTIDs unusable by MariaDB; Myriad replicates with GTIDs only"],
    ["mariadb", "10.11.6", "mysql", "8.0.36", "none", "MariaDB"],
];

describe("seedingMethod(donor, recipient)", () => {
    test.each(rows)("%s %s -> %s %s = %s (%s)", (df, dv, rf, rv, method, cite) => {
        expect(cite).toMatch(/CLONE|upgrade paths|MariaDB|Percona/);
        expect(seedingMethod({ flavor: df, version: dv }, { flavor: rf, version: rv })).toBe(method);
        const decision = seedingDecision({ flavor: df, version: dv }, { flavor: rf, version: rv });
        expect(decision.method).toBe(method);
        expect(decision.reason).toMatch(
            method === "clone" ? /^CLONE: same series/ : method === "logical" ? /^logical dump with GTID state/ : /\S/,
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
