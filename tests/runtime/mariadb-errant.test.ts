/**
 * The MariaDB errant-transaction rule has two implementations, the pod scripts' `mariadb_errant` (lib.sh: the
 * readiness probe, post-start.sh before START REPLICA, init.sh's switchover) and `mariaErrant` (infra/verify/gtid.ts:
 * `myriad verify`). One case table, tests/fixtures/gtid/mariadb-errant.tsv, runs against both: re-seeded instances,
 * switchovers and failovers, real errant writes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { mariaErrant } from "../../infra/verify/gtid";
import { decide } from "./decide";

interface Case {
    name: string;
    replica: { binlogState: string; currentPos: string };
    source: { binlogState: string; currentPos: string; slavePos: string };
    errant: string;
}

function cases(): Case[] {
    const text = fs.readFileSync(path.join(__dirname, "..", "fixtures", "gtid", "mariadb-errant.tsv"), "utf8");
    const lines = text.split("\n").filter((l) => l && !l.startsWith("#"));
    const [header, ...rows] = lines;
    expect(header.split("\t")).toEqual([
        "case",
        "replica_binlog_state",
        "replica_current_pos",
        "source_binlog_state",
        "source_current_pos",
        "source_slave_pos",
        "errant",
    ]);
    return rows.map((l) => {
        const f = l.split("\t").map((v) => (v === "-" ? "" : v));
        if (f.length !== 7) throw new Error(`mariadb-errant.tsv: ${f.length} fields in '${l}'`);
        return {
            name: f[0],
            replica: { binlogState: f[1], currentPos: f[2] },
            source: { binlogState: f[3], currentPos: f[4], slavePos: f[5] },
            errant: f[6],
        };
    });
}

const CASES = cases();

test("the table covers re-seeding, switchovers, failovers and real errant writes", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
    expect(CASES.filter((c) => c.errant).length).toBeGreaterThanOrEqual(7);
    expect(CASES.filter((c) => c.source.slavePos && !c.errant).length).toBeGreaterThanOrEqual(5);
});

describe.each(CASES.map((c) => [c.name, c] as const))("%s", (_, c) => {
    test("mariaErrant (myriad verify)", () => {
        expect(
            mariaErrant(c.replica, c.source)
                .map((x) => x.gtid)
                .join(","),
        ).toBe(c.errant);
    });

    test("mariadb_errant (lib.sh)", () => {
        const r = decide("lib.sh", "mariadb_errant", [
            c.replica.binlogState,
            c.replica.currentPos,
            c.source.binlogState,
            c.source.currentPos,
            c.source.slavePos,
        ]);
        expect([r.status, r.out, r.err]).toEqual([0, c.errant, ""]);
    });
});

test("malformed text: the shell prints it and returns 2, the TypeScript rule throws naming it", () => {
    expect(decide("lib.sh", "mariadb_errant", ["0-100", "", "0-100-9", "0-100-9", ""])).toMatchObject({ status: 2, out: "0-100" });
    expect(decide("lib.sh", "mariadb_errant", ["", "", "0-100-9", "0-100-9", "x"])).toMatchObject({ status: 2, out: "x" });
    expect(() => mariaErrant({ binlogState: "0-100", currentPos: "" }, { binlogState: "", currentPos: "" })).toThrow(/'0-100'/);
    expect(() => mariaErrant({ binlogState: "", currentPos: "" }, { binlogState: "", currentPos: "", slavePos: "x" })).toThrow(/'x'/);
});
