import {
    accountStatements,
    grantTarget,
    hasDualPasswords,
    limitsClause,
    rotationSteps,
    rotationUser,
} from "../../components/mysqld/account-sql";
import type { AccountSpec } from "../../components/spec/accounts";

const app: AccountSpec = {
    name: "orders_app",
    grants: [
        { database: "orders", privileges: ["select", "INSERT"] },
        { database: "reports", table: "daily", privileges: ["SELECT", "GRANT OPTION"] },
    ],
    limits: { maxUserConnections: 20 },
};

describe("account statements", () => {
    test("create, align TLS and limits, replace the grants", () => {
        expect(accountStatements(app, "s3cr'et", { host: "%", requireTls: true })).toEqual([
            "CREATE USER IF NOT EXISTS 'orders_app'@'%' IDENTIFIED BY 's3cr''et' REQUIRE SSL WITH MAX_QUERIES_PER_HOUR 0 MAX_UPDATES_PER_HOUR 0 MAX_CONNECTIONS_PER_HOUR 0 MAX_USER_CONNECTIONS 20",
            "ALTER USER 'orders_app'@'%' IDENTIFIED BY 's3cr''et' REQUIRE SSL WITH MAX_QUERIES_PER_HOUR 0 MAX_UPDATES_PER_HOUR 0 MAX_CONNECTIONS_PER_HOUR 0 MAX_USER_CONNECTIONS 20",
            "REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'orders_app'@'%'",
            "GRANT SELECT, INSERT ON `orders`.* TO 'orders_app'@'%'",
            "GRANT SELECT ON `reports`.`daily` TO 'orders_app'@'%' WITH GRANT OPTION",
        ]);
        expect(accountStatements(app, "x", { host: "10.%", requireTls: false })[1]).toContain("REQUIRE NONE");
    });

    test("targets and limits", () => {
        expect(grantTarget({ database: "*" })).toBe("*.*");
        expect(grantTarget({ database: "we`ird", table: "*" })).toBe("`we``ird`.*");
        expect(limitsClause(undefined)).toBe(
            "WITH MAX_QUERIES_PER_HOUR 0 MAX_UPDATES_PER_HOUR 0 MAX_CONNECTIONS_PER_HOUR 0 MAX_USER_CONNECTIONS 0",
        );
    });
});

describe("password rotation", () => {
    test.each([
        ["mysql", "8.0.13", false],
        ["mysql", "8.0.14", true],
        ["percona", "8.4.3", true],
        ["mysql", "5.7.29", false],
        ["mariadb", "11.4.2", false],
    ] as const)("%s %s dual passwords: %s", (flavor, version, expected) => {
        expect(hasDualPasswords(flavor, version)).toBe(expected);
    });

    test("8.0.14+: retain the current password, roll the Secret, discard the old one", () => {
        const steps = rotationSteps(app, { host: "%", requireTls: true }, 0, 1, "mysql", "8.0.36");
        expect(steps.map((s) => s.statement).filter(Boolean)).toEqual([
            "ALTER USER 'orders_app'@'%' IDENTIFIED BY <new> RETAIN CURRENT PASSWORD",
            "ALTER USER 'orders_app'@'%' DISCARD OLD PASSWORD",
        ]);
        expect(steps[1].what).toContain("Secret rolls");
    });

    test("MariaDB and 5.7: swap to the other user of the pair, then drop the old one", () => {
        expect([0, 1, 2].map((r) => rotationUser("app", r))).toEqual(["app", "app_b", "app"]);
        const steps = rotationSteps(app, { host: "%", requireTls: true }, 0, 1, "mariadb", "10.11.6");
        expect(steps[0].statement).toBe(
            "CREATE USER IF NOT EXISTS 'orders_app_b'@'%' IDENTIFIED BY <new> REQUIRE SSL WITH MAX_QUERIES_PER_HOUR 0 MAX_UPDATES_PER_HOUR 0 MAX_CONNECTIONS_PER_HOUR 0 MAX_USER_CONNECTIONS 20",
        );
        expect(steps[1].what).toContain("clients reconnect as 'orders_app_b'");
        expect(steps[2].statement).toBe("DROP USER IF EXISTS 'orders_app'@'%'");
        const back = rotationSteps(app, { host: "%", requireTls: false }, 1, 2, "mysql", "5.7.29");
        expect(back[2].statement).toBe("DROP USER IF EXISTS 'orders_app_b'@'%'");
        const skip = rotationSteps(app, { host: "%", requireTls: false }, 0, 2, "mysql", "5.7.29");
        expect(skip).toHaveLength(1);
        expect(skip[0].what).toContain("step passwordRotation by one");
    });
});
