/**
 * In-place version changes (components/compat/in-place.ts): one row per upgrade-path edge of
 * docs/compatibility.md#upgrade-paths and docs/compatibility.md#mariadb, plus downgrades, skips and flavour changes;
 * and a property: for MySQL, an in-place change is supported exactly when replication from the old version to
 * the new one is (both follow the upgrade paths).
 */
import fc from "fast-check";
import { inPlaceVersionChange } from "../../components/compat/in-place";
import { replicationEdge } from "../../components/compat/replication";
import { RULES } from "../../components/compat/references";
import { STATIONS } from "../../components/compat/release-model";
import type { Flavor } from "../../components/spec/types";
import { mustParseVersion } from "../../components/versions/version";

function member(text: string, name = "orders-0") {
    const [flavor, version] = text.includes(" ") ? text.split(" ") : ["mysql", text];
    return { name, template: "main", flavor: flavor as Flavor, version: mustParseVersion(version) };
}

const ROWS: [string, string, string][] = [
    // before, after, expected (`patch`, `series`, `none` or the finding code)
    ["8.0.40", "8.0.40", "none"],
    ["5.7.29", "5.7.44", "patch"],
    ["8.0.36", "8.0.41", "patch"],
    ["8.4.0", "8.4.4", "patch"],
    ["5.5.62", "5.6.51", "series"],
    ["5.6.51", "5.7.44", "series"],
    ["5.7.44", "8.0.40", "series"],
    ["8.0.40", "8.4.3", "series"],
    ["8.0.34", "8.3.0", "series"],
    ["8.1.0", "8.3.0", "series"],
    ["8.3.0", "8.4.0", "series"],
    ["8.4.3", "9.0.1", "series"],
    ["8.4.3", "9.7.0", "series"],
    ["9.2.0", "9.6.0", "series"],
    ["9.5.0", "9.7.1", "series"],
    ["9.7.1", "26.7.0", "series"],
    ["percona 8.0.36", "percona 8.4.2", "series"],
    ["5.5.62", "5.7.44", "in-place/skips-series"],
    ["5.7.44", "8.4.3", "in-place/skips-series"],
    ["8.0.40", "9.1.0", "in-place/skips-series"],
    ["8.0.40", "9.7.0", "in-place/skips-series"],
    ["8.4.3", "26.7.0", "in-place/calendar-entry"],
    ["8.3.0", "9.0.0", "in-place/innovation-skips-lts"],
    ["8.4.3", "8.0.40", "in-place/downgrade"],
    // Downgrades the manuals' tables support in place: within an LTS series, within 8.0 from 8.0.35 on.
    ["8.0.41", "8.0.40", "downgrade"],
    ["8.0.36", "8.0.35", "downgrade"],
    ["8.4.4", "8.4.3", "downgrade"],
    ["8.4.3", "8.4.0", "downgrade"],
    ["9.7.2", "9.7.0", "downgrade"],
    ["percona 8.4.2", "percona 8.4.0", "downgrade"],
    ["8.0.35", "8.0.34", "in-place/downgrade-below-8.0.35"],
    ["8.0.41", "8.0.30", "in-place/downgrade-below-8.0.35"],
    ["9.5.1", "9.5.0", "in-place/downgrade"],
    ["8.3.0", "8.2.0", "in-place/downgrade"],
    ["8.0.40", "5.7.44", "in-place/downgrade"],
    ["26.7.0", "26.10.0", "in-place/undocumented"],
    ["mariadb 10.6.18", "mariadb 10.6.21", "patch"],
    ["mariadb 10.6.18", "mariadb 10.11.6", "series"],
    ["mariadb 10.3.39", "mariadb 11.4.5", "series"],
    ["mariadb 10.11.6", "mariadb 10.6.21", "in-place/downgrade"],
    ["mariadb 10.11.7", "mariadb 10.11.6", "in-place/downgrade"],
    ["8.0.40", "mariadb 11.4.5", "in-place/flavor-change"],
    ["mariadb 10.11.6", "8.0.40", "in-place/flavor-change"],
    ["8.0.40", "percona 8.0.40", "in-place/flavor-change"],
];

describe("inPlaceVersionChange", () => {
    test.each(ROWS)("%s -> %s: %s", (before, after, expected) => {
        const v = inPlaceVersionChange(member(before), member(after));
        if (v.supported) {
            expect(v.step).toBe(expected);
            expect(v.finding).toBeUndefined();
        } else {
            expect(v.finding?.code).toBe(expected);
            expect(v.finding?.severity).toBe("error");
            // The message names both versions, quotes the rule and says what to do instead.
            expect(v.finding?.message).toContain(mustParseVersion(before.split(" ").pop()!).major.toString());
            expect(v.finding?.message).toMatch(/Rule: ".+" \(.+\)\. Instead: /);
        }
    });

    test("skipping a series names the intermediate step", () => {
        const v = inPlaceVersionChange(member("5.7.44"), member("8.4.3"));
        expect(v.finding?.fix).toContain("5.7 -> 8.0 -> 8.4");
    });

    const arbMysql = fc
        .record({ s: fc.constantFrom(...STATIONS), patch: fc.integer({ min: 0, max: 45 }) })
        .map(({ s, patch }) => `${s.major}.${s.minor}.${patch}`);

    test("downgrades cite the downgrade rule they break, with the manual's URL and a fix", () => {
        const below = inPlaceVersionChange(member("8.0.36"), member("8.0.34")).finding!;
        expect(below.rule).toBe(RULES.inPlaceDowngrade80);
        expect(below.message).toContain("https://dev.mysql.com/doc/refman/8.0/en/downgrading.html");
        expect(below.fix).toContain("go back no further than 8.0.35 in place");
        const innovation = inPlaceVersionChange(member("9.5.1"), member("9.5.0")).finding!;
        expect(innovation.rule).toBe(RULES.inPlaceDowngrade);
        expect(innovation.fix).toContain("load a logical dump into a new cluster");
    });

    test("MySQL: supported in place exactly when replication from the old version to the new one is, or it is a downgrade the manuals' table supports in place", () => {
        fc.assert(
            fc.property(arbMysql, arbMysql, (a, b) => {
                const verdict = inPlaceVersionChange(member(a), member(b));
                const edge = replicationEdge(member(a, "src"), member(b, "dst")).supported;
                const va = mustParseVersion(a);
                const vb = mustParseVersion(b);
                const sameSeries = va.major === vb.major && va.minor === vb.minor;
                const lts = STATIONS.find((s) => s.major === vb.major && s.minor === vb.minor)?.kind === "lts";
                const tableDowngrade = sameSeries && vb.patch < va.patch && (lts || (vb.major === 8 && vb.minor === 0 && vb.patch >= 35));
                expect(verdict.supported).toBe(edge || tableDowngrade);
                expect(verdict.step === "downgrade").toBe(tableDowngrade);
            }),
        );
    });

    test("MariaDB: supported in place exactly when the new version is the same or later", () => {
        const arb = fc.tuple(fc.constantFrom(10, 11), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 30 }));
        fc.assert(
            fc.property(arb, arb, ([ma, mi, p], [mb, ni, q]) => {
                const a = `${ma}.${mi}.${p}`;
                const b = `${mb}.${ni}.${q}`;
                const later = ma * 10000 + mi * 100 + p <= mb * 10000 + ni * 100 + q;
                expect(inPlaceVersionChange(member(`mariadb ${a}`), member(`mariadb ${b}`)).supported).toBe(later);
            }),
        );
    });
});
