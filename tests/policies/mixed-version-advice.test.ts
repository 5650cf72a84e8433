/** mysql-replica-seeding-method and mysql-replication-authentication (advisory). */
import { componentResources, mixedCluster } from "./fixtures/component";
import { violationsOf } from "./fixtures/run";

const SEED = "mysql-replica-seeding-method";
const AUTH = "mysql-replication-authentication";

test("a uniform cluster gets no advice", async () => {
    const res = await componentResources({ name: "u", templates: [{ name: "m", image: "mysql:8.0.40", replicas: 3 }] });
    expect(await violationsOf(SEED, res)).toEqual([]);
    expect(await violationsOf(AUTH, res)).toEqual([]);
});

test("staging: the 8.4 canary is seeded by a logical copy (CLONE needs the same series)", async () => {
    const v = await violationsOf(SEED, await componentResources(mixedCluster("80")));
    expect(v.map((x) => [x.level, x.resource?.split("::").pop()])).toEqual([["advisory", "orders-10"]]);
    expect(v[0].message).toContain(
        "orders-10 (template canary-84, mysql 8.4.3) will be seeded from orders-0 (template stable-80, mysql 8.0.40) by a logical copy",
    );
    expect(v[0].message).toContain("https://dev.mysql.com/doc/refman/8.0/en/clone-plugin-limitations.html");
});

test("8.0 patches before 8.0.37 need the same patch for CLONE", async () => {
    const v = await violationsOf(
        SEED,
        await componentResources({
            name: "p",
            templates: [
                { name: "a", image: "mysql:8.0.35", replicas: 1, ordinals: { start: 0, end: 4 } },
                { name: "b", image: "mysql:8.0.36", replicas: 1, ordinals: { start: 5, end: 9 } },
            ],
        }),
    );
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("the same point release when either side is 8.0.36 or older")]);
});

test("MariaDB of one series: physical seeding (the pods run the seeding sidecar), no advice; backupTool none is advised", async () => {
    const physical = await componentResources({ name: "m", templates: [{ name: "a", image: "mariadb:10.11.6", replicas: 3 }] });
    expect(await violationsOf(SEED, physical)).toEqual([]);
    const v = await violationsOf(
        SEED,
        await componentResources({
            name: "m",
            templates: [
                { name: "a", image: "mariadb:10.11.6", replicas: 1, ordinals: { start: 0, end: 4 } },
                { name: "b", image: "mariadb:10.11.6", replicas: 1, backupTool: "none", ordinals: { start: 5, end: 9 } },
            ],
        }),
    );
    expect(v.map((x) => x.resource?.split("::").pop())).toEqual(["m-5"]);
    expect(v[0].message).toContain("by a logical copy");
    expect(v[0].message).toContain("donor image: mariadb-backup, recipient image: none");
    expect(v[0].message).toContain("https://mariadb.com/kb/en/mariabackup-overview/");
});

test("MariaDB across series (10.6 -> 10.11): a logical copy, the backup must be prepared by its series' tool", async () => {
    const v = await violationsOf(
        SEED,
        await componentResources({
            name: "s",
            templates: [
                { name: "a", image: "mariadb:10.6.16", replicas: 1, ordinals: { start: 0, end: 4 } },
                { name: "b", image: "mariadb:10.11.6", replicas: 1, ordinals: { start: 5, end: 9 } },
            ],
        }),
    );
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining("prepares a backup only with the tool of the series it was taken from"),
    ]);
});

test("MySQL 5.7 on the official image: a logical copy is advised (no XtraBackup in the image)", async () => {
    const v = await violationsOf(
        SEED,
        await componentResources({ name: "o", templates: [{ name: "a", image: "mysql:5.7.44", replicas: 2 }] }),
    );
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("backupTool: xtrabackup")]);
});

test("staging: native accounts stop working once the 8.4 canary is a source", async () => {
    const v = await violationsOf(AUTH, await componentResources(mixedCluster("80")));
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("unless mysql_native_password=ON is set")]);
    expect(v[0].message).toContain("https://dev.mysql.com/doc/refman/8.4/en/native-pluggable-authentication.html");
});

test("5.7 -> 8.0: accounts created on 5.7 stay native", async () => {
    const v = await violationsOf(
        AUTH,
        await componentResources({
            name: "up",
            templates: [
                { name: "old", image: "mysql:5.7.44", replicas: 1, ordinals: { start: 0, end: 4 } },
                { name: "new", image: "mysql:8.0.40", replicas: 1, ordinals: { start: 5, end: 9 } },
            ],
        }),
    );
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("use mysql_native_password and replicate to up-5")]);
});
