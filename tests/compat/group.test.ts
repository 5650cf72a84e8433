/**
 * Group Replication rules (docs/compatibility.md#group-replication): availability, join policy with its granularity and
 * the 8.4 exception, consistency, election order, weights, group actions, rejoin.
 */
import { electionTiers, groupCompatibility, groupOperations, joinCompare, type GroupMember } from "../../components/compat/group";
import { RULES } from "../../components/compat/references";
import type { Flavor } from "../../components/spec/types";
import { mustParseVersion } from "../../components/versions/version";

function m(name: string, version: string, weight?: number, flavor: Flavor = "mysql"): GroupMember {
    return { name, template: `tpl-${name}`, flavor, version: mustParseVersion(version), weight };
}

const codes = (fs: { code: string }[]) => fs.map((f) => f.code).sort();

describe("join granularity (docs/compatibility.md#group-replication)", () => {
    test.each([
        ["8.0.16", "8.0.13", true, "≤8.0.16 compares the major version only: joins"],
        ["8.0.17", "8.0.13", true, "8.0.17 compares patch: higher, joins (read-only in multi-primary)"],
        ["5.7.30", "8.0.13", false, "5.7 joiner to an 8.0 group: lower major, does not join"],
        ["8.0.17", "8.0.20", false, "8.0.17+ lower patch: does not join"],
        ["8.0.16", "8.0.20", true, "≤8.0.16 joiner compares majors: equal, joins"],
    ])("joiner %s vs lowest %s -> joins=%s (%s)", (joiner, lowest, joins) => {
        expect(joinCompare(mustParseVersion(joiner), mustParseVersion(lowest)) >= 0).toBe(joins);
    });
});

describe("groupCompatibility", () => {
    test("a uniform 8.0 group passes", () => {
        expect(
            groupCompatibility([m("a", "8.0.40"), m("b", "8.0.40"), m("c", "8.0.40")], {
                bootstrap: "a",
                consistency: "BEFORE_ON_PRIMARY_FAILOVER",
            }),
        ).toEqual([]);
    });
    test("MariaDB members are rejected (Group Replication is MySQL/Percona only)", () => {
        const f = groupCompatibility([m("a", "10.11.6", undefined, "mariadb"), m("b", "10.11.6", undefined, "mariadb")], {
            bootstrap: "a",
        });
        expect(codes(f)).toEqual(["group/flavor", "group/flavor"]);
        expect(f[0].message).toContain("MariaDB");
    });
    test("members before 5.7.17 are rejected", () => {
        expect(codes(groupCompatibility([m("a", "5.7.16"), m("b", "5.7.30")], { bootstrap: "b" }))).toContain("group/too-old");
        expect(groupCompatibility([m("a", "5.7.17"), m("b", "5.7.17")], { bootstrap: "a" })).toEqual([]);
    });
    test("a joiner lower than the bootstrap member cannot join; the fix is to bootstrap on the lowest version", () => {
        const f = groupCompatibility([m("boot", "8.0.40"), m("old", "8.0.36"), m("new", "8.0.41")], { bootstrap: "boot" });
        expect(codes(f)).toEqual(["group/lower-joiner"]);
        expect(f[0].subjects[0]).toBe("old");
        expect(f[0].message).toContain("patch version");
        expect(f[0].message).toContain("make an instance of template 'tpl-old' the primary");
    });
    test("major-only granularity: an 8.0.16 joiner joins an 8.0.20 bootstrap member, a 5.7 joiner does not", () => {
        expect(groupCompatibility([m("boot", "8.0.20"), m("j", "8.0.16")], { bootstrap: "boot" })).toEqual([]);
        expect(codes(groupCompatibility([m("boot", "8.0.20"), m("j", "5.7.30")], { bootstrap: "boot" }))).toEqual(["group/lower-joiner"]);
    });
    test("joiners before 5.7.27 compare against every member, not only the lowest", () => {
        const f = groupCompatibility([m("boot", "5.7.22"), m("j", "5.7.25"), m("x", "8.0.20")], { bootstrap: "boot" });
        expect(f.find((x) => x.subjects[0] === "j")?.code).toBe("group/lower-joiner");
        expect(
            groupCompatibility([m("boot", "5.7.22"), m("j", "5.7.30"), m("x", "8.0.20")], { bootstrap: "boot" }).find(
                (x) => x.subjects[0] === "j",
            ),
        ).toBeUndefined();
    });
    test("8.4 exception (docs/compatibility.md#group-replication): any 8.4.x joins a group of 8.4.x members", () => {
        expect(groupCompatibility([m("boot", "8.4.2"), m("j", "8.4.0")], { bootstrap: "boot" })).toEqual([]);
        // Not when the group mixes series.
        expect(codes(groupCompatibility([m("boot", "8.4.2"), m("j", "8.4.0"), m("x", "9.1.0")], { bootstrap: "boot" }))).toEqual([
            "group/lower-joiner",
        ]);
    });
    test("a consistency level needs 8.0.14 on every member (EVENTUAL needs nothing)", () => {
        const ms = [m("a", "8.0.13"), m("b", "8.0.13")];
        expect(codes(groupCompatibility(ms, { bootstrap: "a", consistency: "BEFORE_ON_PRIMARY_FAILOVER" }))).toEqual(["group/consistency"]);
        expect(groupCompatibility(ms, { bootstrap: "a", consistency: "EVENTUAL" })).toEqual([]);
    });
});

describe("members must be upgradable to each other (a group mixes versions only while it is upgraded)", () => {
    test.each([
        [["8.0.40", "9.0.1"], "8.0 -> 9.0 is no upgrade path (it skips the 8.4 LTS series)", "8.0 -> 8.4 -> 9.0"],
        [["8.0.40", "8.4.3", "9.1.0"], "8.0 -> 9.1 is no upgrade path (it skips the 8.4 LTS series)", "8.0 -> 8.4 -> 9.1"],
        [["8.3.0", "9.0.1"], "8.3 -> 9.0 is no upgrade path (it skips the 8.4 LTS series)", "8.3 -> 8.4 -> 9.0"],
        [["5.7.44", "8.4.3"], "5.7 -> 8.4 is no upgrade path (it skips the 8.0 bugfix series)", "5.7 -> 8.0 -> 8.4"],
    ])("%j is rejected", (versions, problem, steps) => {
        const fs = groupCompatibility(versions.map((v, i) => m(`m${i}`, v)));
        const f = fs.filter((x) => x.code === "group/not-upgrade-path");
        expect(f).toHaveLength(1);
        expect(f[0].severity).toBe("error");
        expect(f[0].problem).toContain(problem);
        expect(f[0].rule).toBe(RULES.groupUpgradePath);
        expect(f[0].message).toContain("https://dev.mysql.com/doc/refman/8.4/en/group-replication-upgrade.html");
        expect(f[0].fix).toContain(`upgrade the group one supported step at a time (${steps})`);
    });

    test.each([
        [["8.0.40", "8.4.3"]],
        [["8.0.40", "8.3.0"]],
        [["8.4.3", "9.0.1"]],
        [["8.4.3", "9.7.0"]],
        [["5.7.44", "8.0.40"]],
        [["8.0.36", "8.0.40"]],
    ])("%j passes this rule", (versions) => {
        expect(codes(groupCompatibility(versions.map((v, i) => m(`m${i}`, v))))).not.toContain("group/not-upgrade-path");
    });
});

describe("election (docs/compatibility.md#group-replication) and operations", () => {
    test("tiers: lowest version first, then highest weight; with a 5.7 member only the major version counts and weights are ignored", () => {
        const tiers = electionTiers([m("a", "8.0.40", 50), m("b", "8.0.36", 10), m("c", "8.0.36", 90)]);
        expect(tiers.map((t) => t.map((x) => x.name))).toEqual([["c"], ["b"], ["a"]]);
        const with57 = electionTiers([m("a", "8.0.40", 90), m("b", "5.7.30", 10), m("c", "5.7.44", 50)]);
        expect(with57[0].map((x) => x.name).sort()).toEqual(["b", "c"]);
    });
    test("uniform group with the planned primary ranked first: no advice", () => {
        expect(groupOperations([m("p", "8.0.40", 80), m("b", "8.0.40", 50), m("c", "8.0.40", 50)], { bootstrap: "p" })).toEqual([]);
    });
    test("weights are ignored while a 5.7 member is present", () => {
        const f = groupOperations([m("p", "5.7.44", 80), m("b", "5.7.44", 50)], { bootstrap: "p" });
        expect(codes(f)).toContain("group/weights-ignored");
        expect(codes(f)).toContain("group/no-group-actions");
    });
    test("the highest weight on a newer member cannot take effect, and the planned primary on a newer version is not elected", () => {
        const f = groupOperations([m("p", "8.0.41", 90), m("b", "8.0.40", 50), m("c", "8.0.40", 50)], { bootstrap: "p" });
        expect(codes(f)).toEqual(["group/primary-not-elected", "group/set-primary-refused", "group/weights-outranked"]);
        const notElected = f.find((x) => x.code === "group/primary-not-elected")!;
        expect(notElected.message).toContain("lowest version (8.0.40)");
    });
    test("a lower weight on the planned primary: another member of its version is elected", () => {
        const f = groupOperations([m("p", "8.0.40", 10), m("b", "8.0.40", 60)], { bootstrap: "p" });
        expect(f.find((x) => x.code === "group/primary-not-elected")?.message).toContain("highest weight (60 against 10)");
    });
    test("a tie on version and weight is decided by server_uuid", () => {
        expect(codes(groupOperations([m("p", "8.0.40"), m("b", "8.0.40")], { bootstrap: "p" }))).toEqual(["group/election-tie"]);
    });
    test("a member alone on the lowest version cannot rejoin after a restart (unless every member is 8.4)", () => {
        const f = groupOperations([m("p", "8.0.40", 90), m("b", "8.4.3", 50), m("c", "8.4.3", 50)], { bootstrap: "p" });
        expect(f.find((x) => x.code === "group/cannot-rejoin")?.subjects[0]).toBe("p");
        expect(
            groupOperations([m("p", "8.4.1", 90), m("b", "8.4.3", 50)], { bootstrap: "p" }).some((x) => x.code === "group/cannot-rejoin"),
        ).toBe(false);
    });
    test("group actions need every member on 8.0.13+", () => {
        expect(codes(groupOperations([m("p", "8.0.12", 60), m("b", "8.0.12", 50)], { bootstrap: "p" }))).toEqual([
            "group/no-group-actions",
        ]);
    });
});

describe("group limits (table-driven, docs/compatibility.md#group-replication)", () => {
    const versions = (vs: string[]) => vs.map((v, i) => m(String.fromCharCode(97 + i), v));
    type Row = [name: string, members: GroupMember[], facts: Parameters<typeof groupCompatibility>[1], codes: string[]];
    const rows: Row[] = [
        ["9 members", versions(Array(9).fill("8.0.40")), { bootstrap: "a" }, []],
        ["10 members", versions(Array(10).fill("8.0.40")), { bootstrap: "a" }, ["group/too-many"]],
        [
            "3 StatefulSets of 4 pods (memberCount 12)",
            versions(Array(3).fill("8.0.40")),
            { bootstrap: "a", memberCount: 12 },
            ["group/too-many"],
        ],
        ["5.7.21 alone", versions(["5.7.21", "5.7.21"]), { bootstrap: "a" }, []],
        ["5.7.21 with a 5.7.22 member", versions(["5.7.21", "5.7.22"]), { bootstrap: "a" }, ["group/pre-5.7.22"]],
        ["5.7.17 with an 8.0.11 member", versions(["5.7.17", "8.0.11"]), { bootstrap: "a" }, ["group/pre-5.7.22"]],
        ["5.7.22 with 8.0 members (the supported upgrade)", versions(["5.7.22", "8.0.36", "8.0.36"]), { bootstrap: "a" }, []],
        [
            "5.7 primary, 8.0 members, the project's default consistency",
            versions(["5.7.44", "8.0.36", "8.0.36"]),
            { bootstrap: "a", consistency: "BEFORE_ON_PRIMARY_FAILOVER", consistencyIsDefault: true },
            [],
        ],
        [
            "5.7 primary, 8.0 members, a consistency the user configured",
            versions(["5.7.44", "8.0.36", "8.0.36"]),
            { bootstrap: "a", consistency: "BEFORE_ON_PRIMARY_FAILOVER" },
            ["group/consistency"],
        ],
        [
            "8.0.13 and 8.0.14, BEFORE configured",
            versions(["8.0.13", "8.0.14"]),
            { bootstrap: "a", consistency: "BEFORE" },
            ["group/consistency"],
        ],
        ["8.0.14 everywhere, AFTER configured", versions(["8.0.14", "8.0.14"]), { bootstrap: "a", consistency: "AFTER" }, []],
    ];
    test.each(rows)("%s", (_n, members, facts, expected) => {
        expect(codes(groupCompatibility(members, facts))).toEqual(expected);
    });
    test("the 5.7.21 rule names the later members and quotes the manual", () => {
        const [f] = groupCompatibility(versions(["5.7.21", "8.0.36"]), { bootstrap: "a" });
        expect(f.message).toContain(
            "b (template tpl-b, mysql 8.0.36) cannot join a group in which a (template tpl-a, mysql 5.7.21) runs 5.7.21 or earlier",
        );
        expect(f.message).toContain("https://dev.mysql.com/doc/refman/8.0/en/group-replication-online-upgrade-considerations.html");
    });
});
