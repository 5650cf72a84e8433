/**
 * The restore rule and the backup method (components/compat/backup.ts), table-driven against
 * docs/compatibility.md#restoring-a-backup.
 */
import { backupMethod, restoreFindings, restoreVerdict } from "../../components/compat/backup";
import type { Flavor } from "../../components/spec/types";

const v = (flavor: Flavor, version: string) => ({ flavor, version });

describe("restoreVerdict", () => {
    it.each<[string, [Flavor, string], [Flavor, string], string | null]>([
        ["mariadb-backup of 10.11 into 10.11", ["mariadb", "10.11.6"], ["mariadb", "10.11.6"], null],
        [
            "8.0.36 into 8.0.40",
            ["mysql", "8.0.36"],
            ["mysql", "8.0.40"],
            "the mysql 8.0.40 server upgrades the restored 8.0.36 data in place on its first start",
        ],
        [
            "8.0 into 8.4 along the upgrade path",
            ["mysql", "8.0.40"],
            ["mysql", "8.4.3"],
            "prepared with the 8.0 tool, then upgraded in place from 8.0 to 8.4 by the mysql 8.4.3 server on its first start (a supported upgrade path)",
        ],
    ])("%s: allowed", (_, s, t, step) => {
        expect(restoreVerdict(v(...s), v(...t))).toEqual({ allowed: true, step });
    });

    it.each<[string, [Flavor, string], [Flavor, string], string, string]>([
        [
            "into an older version",
            ["mysql", "8.0.40"],
            ["mysql", "8.0.36"],
            "a backup of mysql 8.0.40 cannot be restored into the older mysql 8.0.36",
            "restore into mysql 8.0.40 or later",
        ],
        [
            "8.4 into 8.0",
            ["mysql", "8.4.3"],
            ["mysql", "8.0.40"],
            "a backup of mysql 8.4.3 cannot be restored into the older mysql 8.0.40",
            "restore into mysql 8.4.3 or later",
        ],
        [
            "MariaDB into the next series",
            ["mariadb", "10.11.6"],
            ["mariadb", "11.4.2"],
            "mariadb-backup prepares a backup of mariadb 10.11.6 only with the 10.11 tool, so it cannot be restored into mariadb 11.4.2",
            "restore into mariadb 10.11, then upgrade that cluster in place to 11.4 (docs/upgrading.md)",
        ],
        [
            "5.7 into 8.4, skipping 8.0",
            ["mysql", "5.7.44"],
            ["mysql", "8.4.3"],
            "mysql 5.7.44 to mysql 8.4.3 is not a supported upgrade path",
            "restore into mysql 5.7 and upgrade one supported step at a time (5.7 -> 8.0 -> 8.4)",
        ],
        [
            "MariaDB into MySQL",
            ["mariadb", "10.11.6"],
            ["mysql", "8.0.40"],
            "a backup of mariadb 10.11.6 cannot be restored into mysql 8.0.40",
            "restore into mariadb 10.11 first, then change the flavour by replication (a new template seeded from it)",
        ],
    ])("%s: refused", (_, s, t, problem, fix) => {
        const verdict = restoreVerdict(v(...s), v(...t));
        expect(verdict).toMatchObject({ allowed: false, problem, fix });
    });

    it("reports a refused restore as an error finding naming the instance, the rule and the fix", () => {
        const findings = restoreFindings({ cluster: "orders", flavor: "mysql", version: "8.4.3" }, [
            { name: "copy-0", template: "main", flavor: "mysql", version: "8.0.40" },
        ]);
        expect(findings).toHaveLength(1);
        expect(findings[0].code).toBe("restore/version");
        expect(findings[0].severity).toBe("error");
        expect(findings[0].message).toContain("copy-0: a backup of mysql 8.4.3 cannot be restored into the older mysql 8.0.40");
        expect(findings[0].message).toContain("https://dev.mysql.com/doc/refman/8.4/en/downgrading.html");
        expect(findings[0].message).toContain("Instead: restore into mysql 8.4.3 or later.");
        expect(
            restoreFindings({ cluster: "orders", flavor: "mysql", version: "8.0.36" }, [
                { name: "copy-0", flavor: "mysql", version: "8.0.40" },
            ]),
        ).toEqual([]);
    });
});

describe("backupMethod", () => {
    it.each<[Flavor, string, "mariadb-backup" | "xtrabackup" | "none", string]>([
        ["mariadb", "10.11.6", "mariadb-backup", "mariadb-backup"],
        ["mariadb", "10.11.6", "none", "logical"],
        ["mysql", "8.0.40", "none", "logical"],
        ["mysql", "8.0.40", "xtrabackup", "xtrabackup"],
        ["percona", "8.4.3", "xtrabackup", "xtrabackup"],
        ["mysql", "9.1.0", "xtrabackup", "logical"],
        ["mysql", "8.0.40", "mariadb-backup", "logical"],
    ])("%s %s with %s: %s", (flavor, version, backupTool, method) => {
        expect(backupMethod({ flavor, version, backupTool })).toBe(method);
    });
});
