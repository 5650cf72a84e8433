/**
 * Per-edge consequences besides the version verdict: authentication (docs/compatibility.md#authentication), seeding (docs/compatibility.md#seeding-new-replicas through
 * the dialect's seedingDecision), the two-distinct-versions rule (docs/compatibility.md#replication-between-versions/docs/compatibility.md#replication-between-versions) and the release model (docs/compatibility.md#upgrade-paths).
 */
import { authenticationConsequences, clusterAuthentication } from "../../components/compat/authentication";
import { possibleSources } from "../../components/compat/replication";
import { stationOf, upgradePath } from "../../components/compat/release-model";
import { seedingFor } from "../../components/compat/seeding";
import { distinctVersionsRule, topologyShape } from "../../components/compat/topology";
import type { Flavor } from "../../components/spec/types";
import { mustParseVersion } from "../../components/versions/version";

function m(name: string, version: string, flavor: Flavor = "mysql") {
    return { name, flavor, version: mustParseVersion(version) };
}

describe("authentication (docs/compatibility.md#authentication)", () => {
    test("same series: nothing changes", () => {
        expect(authenticationConsequences(m("s", "8.0.36"), m("r", "8.0.40"))).toEqual([]);
    });
    test("8.0 -> 8.4: native accounts need mysql_native_password=ON once the 8.4 instance is a source", () => {
        const f = authenticationConsequences(m("s", "8.0.40"), m("r", "8.4.3"));
        expect(f.map((x) => x.code)).toEqual(["auth/native-disabled"]);
        expect(f[0].message).toContain("mysql_native_password=ON");
        expect(f[0].severity).toBe("warning");
    });
    test("8.4 -> 9.x: the plugin is gone", () => {
        expect(authenticationConsequences(m("s", "8.4.3"), m("r", "9.1.0")).map((x) => x.code)).toEqual(["auth/native-removed"]);
    });
    test("5.7 -> 8.0: accounts created on 5.7 stay mysql_native_password", () => {
        const f = authenticationConsequences(m("s", "5.7.44"), m("r", "8.0.40"));
        expect(f.map((x) => x.code)).toEqual(["auth/native-accounts-carried-over"]);
        expect(f[0].message).toContain("deprecated from 8.0.34");
    });
    test("MySQL 8.0 -> MariaDB before 11.4.9 needs a native replication account; 11.4.9 does not", () => {
        expect(authenticationConsequences(m("s", "8.0.40"), m("r", "11.4.5", "mariadb")).map((x) => x.code)).toEqual([
            "auth/mariadb-needs-native",
        ]);
        expect(authenticationConsequences(m("s", "8.0.40"), m("r", "11.4.9", "mariadb"))).toEqual([]);
    });
    test("cluster account: a MariaDB replica forces mysql_native_password; a 9.x source makes it impossible", () => {
        expect(clusterAuthentication(m("s", "8.0.40"), [m("r", "8.4.3")], false)).toEqual([]);
        expect(clusterAuthentication(m("s", "8.0.40"), [m("r", "11.4.5", "mariadb")], false).map((x) => x.code)).toEqual([
            "auth/native-replication-account",
        ]);
        const impossible = clusterAuthentication(m("s", "9.1.0"), [m("r", "11.4.5", "mariadb")], false);
        expect(impossible.map((x) => [x.code, x.severity])).toEqual([["auth/impossible", "error"]]);
    });
});

describe("seeding (docs/compatibility.md#seeding-new-replicas, dialect seedingDecision)", () => {
    test("same series from 8.0.37: CLONE, nothing to report", () => {
        const v = seedingFor(m("s", "8.0.37"), m("r", "8.0.40"));
        expect(v.method).toBe("clone");
        expect(v.finding).toBeUndefined();
    });
    test("before 8.0.37 CLONE needs the same patch: a logical copy is named", () => {
        const v = seedingFor(m("s", "8.0.35"), m("r", "8.0.36"));
        expect(v.method).toBe("logical");
        expect(v.finding?.code).toBe("seeding/logical");
        expect(v.finding?.message).toContain("logical copy");
    });
    test("across series (8.0 -> 8.4): logical copy", () => {
        expect(seedingFor(m("s", "8.0.40"), m("r", "8.4.3")).finding?.code).toBe("seeding/logical");
    });
    test("no method for a newer donor or across flavours: an error", () => {
        expect(seedingFor(m("s", "8.4.3"), m("r", "8.0.40")).finding).toMatchObject({ code: "seeding/none", severity: "error" });
        expect(seedingFor(m("s", "8.0.40"), m("r", "11.4.5", "mariadb")).finding?.severity).toBe("error");
    });
});

describe("two distinct versions in chained topologies (docs/compatibility.md#replication-between-versions)", () => {
    const a = m("a", "8.0.36"),
        b = m("b", "8.0.38"),
        c = m("c", "8.0.40"),
        d = m("d", "8.0.36");
    test("shapes", () => {
        expect(
            topologyShape([
                { source: a, replica: b },
                { source: a, replica: c },
            ]),
        ).toBe("star");
        expect(
            topologyShape([
                { source: a, replica: b },
                { source: b, replica: c },
            ]),
        ).toBe("chained");
        expect(
            topologyShape([
                { source: a, replica: c },
                { source: b, replica: c },
            ]),
        ).toBe("multi-source");
        expect(
            topologyShape([
                { source: a, replica: b },
                { source: b, replica: a },
            ]),
        ).toBe("circular");
    });
    test("a star may run three versions; a chain may not", () => {
        expect(
            distinctVersionsRule([
                { source: a, replica: b },
                { source: a, replica: c },
            ]),
        ).toEqual([]);
        const f = distinctVersionsRule([
            { source: a, replica: b },
            { source: b, replica: c },
        ]);
        expect(f.map((x) => x.code)).toEqual(["replication/too-many-versions"]);
        expect(f[0].message).toContain("3 distinct server versions");
        expect(f[0].message).toContain("mysql 8.0.36: a; mysql 8.0.38: b; mysql 8.0.40: c");
        expect(f[0].message).toContain("8.0.22, 8.0.24 and 8.0.28 cannot be used concurrently");
    });
    test("a chain with two versions passes", () => {
        expect(
            distinctVersionsRule([
                { source: a, replica: b },
                { source: b, replica: d },
            ]),
        ).toEqual([]);
    });
});

describe("release model (docs/compatibility.md#upgrade-paths)", () => {
    test("stations and their kinds", () => {
        expect(stationOf(mustParseVersion("8.0.40"))?.kind).toBe("bugfix");
        expect(stationOf(mustParseVersion("8.2.0"))?.kind).toBe("innovation");
        expect(stationOf(mustParseVersion("9.7.1"))?.kind).toBe("lts");
        expect(stationOf(mustParseVersion("8.5.0"))).toBeUndefined();
    });
    test("upgrade paths name the skipped series", () => {
        const v = upgradePath(mustParseVersion("8.0.40"), mustParseVersion("9.1.0"));
        expect(v.supported).toBe(false);
        if (!v.supported && v.reason === "skips-anchor") expect(v.skipped.series).toBe("8.4");
        else throw new Error(`unexpected verdict ${JSON.stringify(v)}`);
    });
    test("possibleSources: the oldest member that can serve every other one", () => {
        expect(possibleSources([m("new", "8.4.3"), m("old", "8.0.40")]).map((x) => x.name)).toEqual(["old"]);
        expect(possibleSources([m("a", "5.7.44"), m("b", "8.4.3")])).toEqual([]);
    });
});
