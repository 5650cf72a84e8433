import { validateAccounts, type AccountServer } from "../../components/planner/accounts";
import type { AccountSpec } from "../../components/spec/accounts";
import { accountsSchema } from "../../components/spec/accounts";
import { mustParseVersion } from "../../components/versions/version";

const MYSQL80: AccountServer[] = [{ flavor: "mysql", version: mustParseVersion("8.0.36") }];
const MARIADB: AccountServer[] = [{ flavor: "mariadb", version: mustParseVersion("10.11.6") }];
const MYSQL57: AccountServer[] = [{ flavor: "mysql", version: mustParseVersion("5.7.29") }];
const MIXED: AccountServer[] = [...MYSQL57, ...MYSQL80];

const app = (extra: Partial<AccountSpec> = {}): AccountSpec => ({
    name: "orders_app",
    grants: [{ database: "orders", privileges: ["SELECT", "INSERT", "UPDATE", "DELETE"] }],
    ...extra,
});

const errorsOf = (accounts: AccountSpec[], servers = MYSQL80) => validateAccounts(accounts, "clusters[0].accounts", servers);

describe("declared accounts: validation", () => {
    test("an ordinary application account passes on every flavour", () => {
        for (const s of [MYSQL80, MARIADB, MYSQL57, MIXED]) expect(errorsOf([app()], s)).toEqual([]);
        expect(accountsSchema.safeParse([app()]).success).toBe(true);
    });

    test("the shape refuses unknown keys and an empty grant list", () => {
        expect(accountsSchema.safeParse([{ ...app(), superuser: true }]).success).toBe(false);
        expect(accountsSchema.safeParse([{ ...app(), grants: [] }]).success).toBe(false);
    });

    test("a misspelt privilege gets a did-you-mean naming the field", () => {
        const [e] = errorsOf([app({ grants: [{ database: "orders", privileges: ["SELCT"] }] })]);
        expect(e.path).toBe("clusters[0].accounts[0].grants[0].privileges[0]");
        expect(e.value).toBe("SELCT");
        expect(e.message).toContain("did you mean 'SELECT'?");
        expect(e.fix).toBe("write 'SELECT'");
    });

    test("a privilege the version lacks is named with the version, not suggested", () => {
        const grants = [{ database: "*", privileges: ["SHOW_ROUTINE"] }];
        expect(errorsOf([app({ grants })], MYSQL80)).toEqual([]);
        const errs = errorsOf([app({ grants })], MIXED);
        expect(errs).toHaveLength(1);
        expect(errs[0].message).toContain("not a privilege of mysql 5.7.29");
        expect(errs[0].fix).toBe("use a privilege every version of the cluster has");
    });

    test("global-only privileges are refused on a schema", () => {
        const [e] = errorsOf([app({ grants: [{ database: "orders", privileges: ["PROCESS"] }] })]);
        expect(e.message).toContain("PROCESS can only be granted on *.*");
        expect(e.fix).toBe("move it to a grant with database: '*'");
    });

    test.each([
        [MYSQL80, "SUPER"],
        [MYSQL80, "CONNECTION_ADMIN"],
        [MYSQL80, "REPLICATION SLAVE"],
        [MYSQL80, "replication client"],
        [MARIADB, "READ_ONLY ADMIN"],
        [MARIADB, "CONNECTION ADMIN"],
        [MARIADB, "BINLOG MONITOR"],
    ])("administrative privilege %#: %s needs the opt-in", (servers, privilege) => {
        const grants = [{ database: "*", privileges: [privilege] }];
        const [e] = errorsOf([app({ grants })], servers);
        expect(e.path).toBe("clusters[0].accounts[0].grants[0].privileges[0]");
        expect(e.fix).toContain("allowAdministrativePrivileges: true");
        expect(errorsOf([app({ grants, allowAdministrativePrivileges: true })], servers)).toEqual([]);
    });

    test("GRANT OPTION, ALL on *.* and grants on the mysql schema need the opt-in; ALL on a schema does not", () => {
        expect(errorsOf([app({ grants: [{ database: "orders", privileges: ["SELECT", "GRANT OPTION"] }] })])[0].message).toContain(
            "hand its privileges",
        );
        expect(errorsOf([app({ grants: [{ database: "*", privileges: ["ALL"] }] })])[0].message).toContain("includes SUPER");
        expect(errorsOf([app({ grants: [{ database: "mysql", privileges: ["SELECT"] }] })])[0].path).toBe(
            "clusters[0].accounts[0].grants[0].database",
        );
        expect(errorsOf([app({ grants: [{ database: "orders", privileges: ["ALL PRIVILEGES"] }] })])).toEqual([]);
    });

    test("names: grammar, length per flavour, Myriad's own accounts and the rotation's alternate user", () => {
        expect(errorsOf([app({ name: "o'app" })])[0].path).toBe("clusters[0].accounts[0].name");
        expect(errorsOf([app({ name: "a".repeat(32) })], MYSQL80)).toEqual([]);
        // 5.7 has no dual passwords: two characters stay free for the '_b' user of a rotation.
        expect(errorsOf([app({ name: "a".repeat(31) })], MYSQL57)[0].message).toContain("1 to 30 characters");
        expect(errorsOf([app({ name: "a".repeat(60) })], MARIADB)).toEqual([]);
        const [own] = errorsOf([app({ name: "myriad_repl" })]);
        expect(own.message).toContain("belongs to an account Myriad or the server manages");
        const swap = errorsOf([app(), app({ name: "orders_app_b" })], MARIADB);
        expect(swap).toHaveLength(1);
        expect(swap[0].message).toContain("the user this account's password rotation swaps to");
        expect(errorsOf([app(), app({ name: "orders_app_b" })], MYSQL80)).toEqual([]);
    });

    test("hosts, duplicates, schema and table names", () => {
        expect(errorsOf([app({ host: "10.0.%" }), app({ host: "app.example.com" })])).toEqual([]);
        expect(errorsOf([app({ host: "x' OR '1" })])[0].path).toBe("clusters[0].accounts[0].host");
        expect(errorsOf([app({ host: "h".repeat(61) })], MARIADB)[0].message).toContain("1 to 60 characters");
        expect(errorsOf([app({ host: "h".repeat(61) })], MYSQL80)).toEqual([]);
        const [dup] = errorsOf([app(), app({ host: "%" })]);
        expect(dup.path).toBe("clusters[0].accounts[1]");
        expect(dup.message).toContain("declared twice (first at clusters[0].accounts[0])");
        expect(errorsOf([app({ grants: [{ database: "*", table: "t", privileges: ["SELECT"] }] })])[0].path).toBe(
            "clusters[0].accounts[0].grants[0].table",
        );
        expect(errorsOf([app({ grants: [{ database: "orders ", privileges: ["SELECT"] }] })])[0].path).toBe(
            "clusters[0].accounts[0].grants[0].database",
        );
        expect(errorsOf([app({ grants: [{ database: "orders", table: "lines", privileges: ["SELECT"] }] })])).toEqual([]);
    });

    test("a named password Secret: name and key grammar, no generated rotation", () => {
        expect(errorsOf([app({ passwordSecret: { name: "orders-app", key: "pw" } })])).toEqual([]);
        const errs = errorsOf([app({ passwordSecret: { name: "Orders_App", key: "a b" }, passwordRotation: 1 })]);
        expect(errs.map((e) => e.path)).toEqual([
            "clusters[0].accounts[0].passwordSecret.name",
            "clusters[0].accounts[0].passwordSecret.key",
            "clusters[0].accounts[0].passwordRotation",
        ]);
    });
});
