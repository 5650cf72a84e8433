import { everyPrivilegeName, normalizePrivilege, privilegeManual, privilegesOf } from "../../components/mysqld/privileges";
import type { Flavor } from "../../components/spec/types";

describe("privileges by flavour and version", () => {
    const has: [Flavor, string, string, boolean][] = [
        ["mysql", "5.7.29", "SELECT", true],
        ["mysql", "5.7.29", "CREATE ROLE", false],
        ["mysql", "8.0.13", "APPLICATION_PASSWORD_ADMIN", false],
        ["mysql", "8.0.14", "APPLICATION_PASSWORD_ADMIN", true],
        ["mysql", "8.0.20", "SHOW_ROUTINE", true],
        ["mysql", "8.0.36", "SET_USER_ID", true],
        ["mysql", "8.4.3", "SET_USER_ID", false],
        ["mysql", "8.4.3", "FLUSH_PRIVILEGES", true],
        ["mysql", "8.0.36", "READ_ONLY ADMIN", false],
        ["mariadb", "10.4.30", "READ_ONLY ADMIN", false],
        ["mariadb", "10.5.2", "READ_ONLY ADMIN", true],
        ["mariadb", "10.11.6", "BINLOG MONITOR", true],
        ["mariadb", "10.11.6", "SHOW_ROUTINE", false],
        ["mariadb", "10.11.6", "DELETE HISTORY", true],
        ["mariadb", "11.4.2", "SHOW CREATE ROUTINE", true],
    ];
    test.each(has)("%s %s has %s: %s", (flavor, version, name, expected) => {
        expect(privilegesOf(flavor, version).has(name)).toBe(expected);
        expect(everyPrivilegeName().has(name)).toBe(true);
    });

    test("the privileges that bypass Myriad's guarantees are marked", () => {
        const m = privilegesOf("mysql", "8.0.36");
        expect(m.get("SUPER")?.elevated).toBe("super");
        expect(m.get("CONNECTION_ADMIN")?.elevated).toBe("connection-admin");
        expect(m.get("REPLICATION SLAVE")?.elevated).toBe("replication");
        expect(m.get("GRANT OPTION")?.elevated).toBe("grant-option");
        expect(m.get("SELECT")?.elevated).toBeUndefined();
        expect(privilegesOf("mariadb", "10.11.6").get("READ_ONLY ADMIN")?.elevated).toBe("read-only-admin");
    });

    test("written forms normalise; each server cites its manual", () => {
        expect(normalizePrivilege("  create   temporary tables ")).toBe("CREATE TEMPORARY TABLES");
        expect(normalizePrivilege("all")).toBe("ALL PRIVILEGES");
        expect(privilegeManual("mysql", "5.7.29")).toContain("/5.7/");
        expect(privilegeManual("percona", "8.4.3")).toContain("/8.4/");
        expect(privilegeManual("mariadb", "10.11.6")).toContain("mariadb.com");
    });
});
