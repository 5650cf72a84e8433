/** mysql-replication-version-compatible: component clusters and hand-written topologies. */
import { RULES } from "../../components/compat/references";
import { componentResources, mixedCluster } from "./fixtures/component";
import { rawStatefulSet } from "./fixtures/raw";
import { violationsOf } from "./fixtures/run";

const P = "mysql-replication-version-compatible";

test("staging shape: 8.0 primary with an 8.4 canary replica passes (8.0 -> 8.4 is an upgrade path)", async () => {
    expect(
        await violationsOf(
            P,
            await componentResources(
                mixedCluster("80", {
                    offlineInstances: [1],
                    templates: [
                        { name: "stable-80", image: "mysql:8.0.40", replicas: 3, ordinals: { start: 0, end: 9 } },
                        { name: "canary-84", image: "mysql:8.4.3", replicas: 1, ordinals: { start: 10, end: 19 } },
                    ],
                }),
            ),
        ),
    ).toEqual([]);
});

test("an 8.4 primary with 8.0 replicas is rejected for every 8.0 replica: upgrade replicas first", async () => {
    const v = await violationsOf(P, await componentResources(mixedCluster("84")));
    expect(v.map((x) => x.resource?.split("::").pop())).toEqual(["orders-0", "orders-1"]);
    for (const x of v) {
        expect(x.level).toBe("mandatory");
        expect(x.message).toContain("source orders-10 (template canary-84, mysql 8.4.3)");
        expect(x.message).toContain("upgrade replicas first: move the primary to template 'stable-80' (8.0.40)");
        expect(x.message).toContain("https://dev.mysql.com/doc/refman/8.4/en/replication-upgrade.html");
    }
});

test("a skipped series is rejected: 5.7 primary with an 8.4 template", async () => {
    const v = await violationsOf(
        P,
        await componentResources({
            name: "legacy",
            templates: [
                { name: "old", image: "mysql:5.7.44", replicas: 1, ordinals: { start: 0, end: 4 } },
                { name: "lts", image: "mysql:8.4.3", replicas: 1, ordinals: { start: 5, end: 9 } },
            ],
        }),
    );
    expect(v).toHaveLength(1);
    expect(v[0].message).toContain("5.7 -> 8.4 skips the 8.0 bugfix series");
    expect(v[0].message).toContain("5.7 -> 8.0 -> 8.4");
});

test("MariaDB clusters: same or later replicas pass, an older replica fails", async () => {
    const maria = (primary: number) => ({
        name: "maria",
        primary,
        templates: [
            { name: "a", image: "mariadb:10.11.6", replicas: 1, ordinals: { start: 0, end: 4 } },
            { name: "b", image: "mariadb:11.4.2", replicas: 1, ordinals: { start: 5, end: 9 } },
        ],
    });
    expect(await violationsOf(P, await componentResources(maria(0)))).toEqual([]);
    const v = await violationsOf(P, await componentResources(maria(5)));
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("the MariaDB source is newer than its replica")]);
});

test("raw: role labels decide the source", async () => {
    const primary84 = rawStatefulSet({ name: "db-new", instance: "db", image: "mysql:8.4.3", labels: { "myriad.dev/role": "primary" } });
    const replica80 = rawStatefulSet({ name: "db-old", instance: "db", image: "mysql:8.0.40" });
    const v = await violationsOf(P, [primary84, replica80]);
    expect(v.map((x) => x.resource)).toEqual([replica80.urn]);
    expect(v[0].message).toContain("upgrade replicas first: move the primary to 'db-old'");
});

describe("raw workloads without roles: a failover can make any member the source, so every direction is judged", () => {
    test("one version across the members passes", async () => {
        expect(
            await violationsOf(P, [
                rawStatefulSet({ name: "a", instance: "db", image: "mysql:8.0.40" }),
                rawStatefulSet({ name: "b", instance: "db", image: "mysql:8.0.40" }),
            ]),
        ).toEqual([]);
    });

    test("8.0.36 and 5.7.44 under one Service (instance templates): 8.0 as the source of 5.7 is rejected", async () => {
        const v = await violationsOf(P, [
            rawStatefulSet({ name: "db-a", instance: "db", image: "mysql:8.0.36" }),
            rawStatefulSet({ name: "db-b", instance: "db", image: "mysql:5.7.44" }),
        ]);
        expect(v.map((x) => x.level)).toEqual(["mandatory"]);
        const m = v[0].message;
        expect(m).toContain("cluster default/db runs db-a (mysql 8.0.36), db-b (mysql 5.7.44) and its roles are unknown");
        expect(m).toContain("every direction a failover can produce was judged, and one is not supported: db-a as the source of db-b");
        expect(m).toContain("only db-b can be the source of every other member");
        expect(m).toContain(`Rule: "${RULES.noNewerSource.quote}" (${RULES.noNewerSource.source})`);
        expect(m).toContain(
            "Instead: run one version in the cluster (upgrade the older members first), or label the primary's StatefulSet",
        );
    });

    test("8.4.3 and 8.0.40: the 8.4 member as a source of 8.0 is rejected too", async () => {
        const v = await violationsOf(P, [
            rawStatefulSet({ name: "a", instance: "db", image: "mysql:8.4.3" }),
            rawStatefulSet({ name: "b", instance: "db", image: "mysql:8.0.40" }),
        ]);
        expect(v).toHaveLength(1);
        expect(v[0].message).toContain("one is not supported: a as the source of b");
    });

    test("5.7.44 and 8.4.3: no direction works, and the fix says so", async () => {
        const v = await violationsOf(P, [
            rawStatefulSet({ name: "a", instance: "db", image: "mysql:5.7.44" }),
            rawStatefulSet({ name: "b", instance: "db", image: "mysql:8.4.3" }),
        ]);
        expect(v).toHaveLength(1);
        expect(v[0].message).toContain("2 are not supported");
        expect(v[0].message).toContain("skips the 8.0 bugfix series");
        expect(v[0].message).toContain("no member can be the source of all the others");
        expect(v[0].message).toContain("Instead: bring the members to versions one source can serve");
    });

    test("an operator that assigns roles at run time is named as the reason", async () => {
        const moco = { "app.kubernetes.io/created-by": "moco", "app.kubernetes.io/component": "mysqld" };
        const v = await violationsOf(P, [
            rawStatefulSet({ name: "a", instance: "db", image: "mysql:8.0.40", labels: moco }),
            rawStatefulSet({ name: "b", instance: "db", image: "mysql:8.0.39", labels: moco }),
        ]);
        expect(v.map((x) => x.message)).toEqual([expect.stringContaining("(MOCO assigns the primary role to pods at run time)")]);
    });

    test("a role the charts write settles the direction: Bitnami's primary on 5.7, secondary on 8.0 passes", async () => {
        for (const [primary, replica] of [
            [{ labels: { "app.kubernetes.io/component": "primary" } }, { labels: { "app.kubernetes.io/component": "secondary" } }],
            [{ env: { MYSQL_REPLICATION_MODE: "master" } }, { env: { MYSQL_REPLICATION_MODE: "slave" } }],
        ]) {
            expect(
                await violationsOf(P, [
                    rawStatefulSet({ name: "p", instance: "db", image: "mysql:5.7.44", ...primary }),
                    rawStatefulSet({ name: "s", instance: "db", image: "mysql:8.0.36", ...replica }),
                ]),
            ).toEqual([]);
            const v = await violationsOf(P, [
                rawStatefulSet({ name: "p", instance: "db", image: "mysql:8.0.36", ...primary }),
                rawStatefulSet({ name: "s", instance: "db", image: "mysql:5.7.44", ...replica }),
            ]);
            expect(v.map((x) => x.message)).toEqual([
                expect.stringContaining("replica s (mysql 5.7.44) replicates from source p (mysql 8.0.36)"),
            ]);
        }
    });
});

test("raw chained topology (source-host annotations) with three versions breaks the two-versions rule", async () => {
    const host = (sts: string) => `${sts}-0.db.default.svc.cluster.local`;
    const v = await violationsOf(P, [
        rawStatefulSet({ name: "a", instance: "db", image: "mysql:8.0.36", labels: { "myriad.dev/role": "primary" } }),
        rawStatefulSet({ name: "b", instance: "db", image: "mysql:8.0.38", annotations: { "myriad.dev/source-host": host("a") } }),
        rawStatefulSet({ name: "c", instance: "db", image: "mysql:8.0.40", annotations: { "myriad.dev/source-host": host("b") } }),
    ]);
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("this chained replication topology runs 3 distinct server versions")]);
});

test("ltsPatchDowngrade: allow accepts a newer 8.4 patch as source (configuration)", async () => {
    const res = [
        rawStatefulSet({ name: "a", instance: "db", image: "mysql:8.4.3", labels: { "myriad.dev/role": "primary" } }),
        rawStatefulSet({ name: "b", instance: "db", image: "mysql:8.4.1" }),
    ];
    expect(await violationsOf(P, res)).toHaveLength(1);
    expect(await violationsOf(P, res, { [P]: { ltsPatchDowngrade: "allow" } })).toEqual([]);
});

test("Group Replication clusters are left to the group policy", async () => {
    const spec = mixedCluster("84", { mode: "group" });
    expect(await violationsOf(P, await componentResources(spec))).toEqual([]);
});
