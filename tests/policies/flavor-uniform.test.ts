/** mysql-flavor-uniform: MySQL and Percona mix, MariaDB never does. */
import { componentResources, mixedCluster } from "./fixtures/component";
import { rawStatefulSet } from "./fixtures/raw";
import { violationsOf } from "./fixtures/run";

const P = "mysql-flavor-uniform";

test("a MySQL-only component cluster passes", async () => {
    expect(await violationsOf(P, await componentResources(mixedCluster("80")))).toEqual([]);
});

test("a component cluster whose templates mix MySQL and MariaDB images is rejected", async () => {
    const spec = mixedCluster("80");
    spec.templates[1] = { ...spec.templates[1], image: "mariadb:10.11.6" };
    const v = await violationsOf(P, await componentResources(spec));
    expect(v).toHaveLength(1);
    expect(v[0].level).toBe("mandatory");
    expect(v[0].message).toContain(
        "cluster staging/orders mixes MariaDB (orders-10 (mariadb 10.11.6)) with MySQL/Percona (orders-0 (mysql 8.0.40), orders-1 (mysql 8.0.40))",
    );
    expect(v[0].message).toContain("MySQL cannot be a replica for a MariaDB primary");
    expect(v[0].resource).toMatch(/StatefulSet::orders-10$/);
});

test("raw: MySQL with Percona passes, MySQL with MariaDB in one cluster fails, separate clusters pass", async () => {
    expect(
        await violationsOf(P, [
            rawStatefulSet({ name: "a", instance: "db", image: "mysql:8.0.40" }),
            rawStatefulSet({ name: "b", instance: "db", image: "percona/percona-server:8.0.40-31" }),
        ]),
    ).toEqual([]);
    expect(
        await violationsOf(P, [
            rawStatefulSet({ name: "a", instance: "db", image: "mysql:8.0.40" }),
            rawStatefulSet({ name: "b", instance: "db", image: "mariadb:10.11.6" }),
        ]),
    ).toHaveLength(1);
    expect(
        await violationsOf(P, [
            rawStatefulSet({ name: "a", instance: "db1", image: "mysql:8.0.40" }),
            rawStatefulSet({ name: "b", instance: "db2", image: "mariadb:10.11.6" }),
        ]),
    ).toEqual([]);
});

test("a flavor label that contradicts the image is rejected", async () => {
    const v = await violationsOf(P, [rawStatefulSet({ name: "a", image: "mariadb:10.11.6", labels: { "myriad.dev/flavor": "mysql" } })]);
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining("the label myriad.dev/flavor=mysql contradicts the image 'mariadb:10.11.6'"),
    ]);
});
