/** mysql-group-replication-version-compatible (mandatory) and mysql-group-replication-operations (advisory). */
import { componentResources } from "./fixtures/component";
import { rawConfigMap, rawStatefulSet } from "./fixtures/raw";
import { violationsOf } from "./fixtures/run";
import type { ClusterSpec } from "../../components/spec/types";

const COMPAT = "mysql-group-replication-version-compatible";
const OPS = "mysql-group-replication-operations";

function group(templates: [string, string, number?][], primary = 0, extra: Partial<ClusterSpec> = {}): ClusterSpec {
    return {
        name: "grp",
        namespace: "db",
        mode: "group",
        primary,
        templates: templates.map(([name, image, weight], t) => ({
            name,
            image,
            replicas: 1,
            weight,
            ordinals: { start: t * 10, end: t * 10 + 9 },
        })),
        ...extra,
    };
}

test("a uniform 8.0 group passes both policies (weights favour the primary)", async () => {
    const res = await componentResources(
        group([
            ["a", "mysql:8.0.40", 80],
            ["b", "mysql:8.0.40", 50],
            ["c", "mysql:8.0.40", 50],
        ]),
    );
    expect(await violationsOf(COMPAT, res)).toEqual([]);
    expect(await violationsOf(OPS, res)).toEqual([]);
});

test("a member lower than the bootstrap member cannot join (component labels the bootstrap primary)", async () => {
    const res = await componentResources(
        group([
            ["new", "mysql:8.0.40"],
            ["old", "mysql:8.0.36"],
        ]),
    );
    const v = await violationsOf(COMPAT, res);
    expect(v).toHaveLength(1);
    expect(v[0].level).toBe("mandatory");
    expect(v[0].resource).toMatch(/StatefulSet::grp-10$/);
    expect(v[0].message).toContain(
        "grp-10 (template old, mysql 8.0.36) cannot join a group bootstrapped by grp-0 (template new, mysql 8.0.40)",
    );
    expect(v[0].message).toContain("https://dev.mysql.com/doc/refman/8.0/en/group-replication-online-upgrade-combining-versions.html");
});

test("MariaDB members are rejected", async () => {
    const v = await violationsOf(
        COMPAT,
        await componentResources(
            group([
                ["a", "mariadb:10.11.6"],
                ["b", "mariadb:10.11.6"],
            ]),
        ),
    );
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining("is a MariaDB server in a Group Replication cluster"),
        expect.stringContaining("is a MariaDB server"),
    ]);
});

test("8.4 exception: an 8.4.0 member joins an 8.4.3 bootstrap member", async () => {
    expect(
        await violationsOf(
            COMPAT,
            await componentResources(
                group([
                    ["a", "mysql:8.4.3"],
                    ["b", "mysql:8.4.0"],
                ]),
            ),
        ),
    ).toEqual([]);
});

test("operations: the highest weight on a newer template cannot take effect; the lone 8.0 primary cannot rejoin", async () => {
    const res = await componentResources(
        group([
            ["stable", "mysql:8.0.40", 50],
            ["canary", "mysql:8.4.3", 90],
            ["canary2", "mysql:8.4.3", 90],
        ]),
    );
    expect(await violationsOf(COMPAT, res)).toEqual([]);
    const v = await violationsOf(OPS, res);
    expect(v.every((x) => x.level === "advisory")).toBe(true);
    const text = v.map((x) => x.message).join("\n");
    expect(text).toContain("have the highest weight (90) but the election prefers the lowest version first");
    expect(text).toContain("grp-0 (template stable, mysql 8.0.40) is the only member of its version: once it leaves the group");
});

test("raw: a group with a consistency level and an 8.0.13 member is rejected", async () => {
    const cnf =
        "[mysqld]\ngroup_replication_group_name=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\ngroup_replication_consistency=BEFORE_ON_PRIMARY_FAILOVER\n";
    const res = [
        rawConfigMap("gr-cnf", { "gr.cnf": cnf }),
        rawStatefulSet({
            name: "gr-a",
            instance: "gr",
            image: "mysql:8.0.13",
            configMap: "gr-cnf",
            labels: { "myriad.dev/role": "primary" },
        }),
        rawStatefulSet({ name: "gr-b", instance: "gr", image: "mysql:8.0.20", configMap: "gr-cnf" }),
    ];
    const v = await violationsOf(COMPAT, res);
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining(
            "group_replication_consistency=BEFORE_ON_PRIMARY_FAILOVER is configured, but gr-a (mysql 8.0.13) predates it",
        ),
    ]);
});

test("not applicable without a group cluster", async () => {
    expect(await violationsOf(COMPAT, [rawStatefulSet({ name: "x", image: "mysql:8.0.40" })])).toEqual([]);
});

test("a 5.7 primary with 8.0 members being upgraded passes: the default consistency is left out of the 5.7 member", async () => {
    const res = await componentResources(
        group([
            ["old", "mysql:5.7.44"],
            ["new", "mysql:8.0.36"],
        ]),
    );
    expect(await violationsOf(COMPAT, res)).toEqual([]);
});

test("a group of 5.7.21 with later members is rejected: they cannot join", async () => {
    const v = await violationsOf(
        COMPAT,
        await componentResources(
            group([
                ["old", "mysql:5.7.21"],
                ["new", "mysql:5.7.22"],
            ]),
        ),
    );
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining("runs 5.7.21 or earlier: those versions do not send lower_case_table_names"),
    ]);
});

test("raw: one StatefulSet of 10 group members is rejected (at most 9)", async () => {
    const cnf = "[mysqld]\ngroup_replication_group_name=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\n";
    const res = [
        rawConfigMap("gr-cnf", { "gr.cnf": cnf }),
        rawStatefulSet({ name: "gr", instance: "gr", image: "mysql:8.0.40", configMap: "gr-cnf", replicas: 10 }),
    ];
    const v = await violationsOf(COMPAT, res);
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining("a replication group has at most 9 members, and this one would have 10"),
    ]);
});

test("a 9.x Innovation member in an 8.0 group is rejected: 8.0 -> 9.x is no upgrade path", async () => {
    const v = await violationsOf(
        COMPAT,
        await componentResources(
            group([
                ["a", "mysql:8.0.40"],
                ["b", "mysql:8.0.40"],
                ["c", "mysql:9.1.0"],
            ]),
        ),
    );
    expect(v.map((x) => x.level)).toEqual(["mandatory"]);
    expect(v[0].message).toContain("grp-20 (template c, mysql 9.1.0) cannot be a member of a group whose lowest member is");
    expect(v[0].message).toContain("8.0 -> 9.1 is no upgrade path (it skips the 8.4 LTS series)");
    expect(v[0].message).toContain(
        'Rule: "The basic process of upgrading members of a group is the same as upgrading stand-alone instances',
    );
    expect(v[0].message).toContain("Instead: upgrade the group one supported step at a time (8.0 -> 8.4 -> 9.1)");
});
