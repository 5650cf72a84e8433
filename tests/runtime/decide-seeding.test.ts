/**
 * The physical seeding decisions of the pod scripts, table-driven (sourced, no server, no program): which
 * candidate init.sh takes as the donor of a backup stream (decide_seed_donor: same release series as this
 * server, not a newer patch; a replica must replicate within the lag limit, the source only answer), and what
 * a donor's seeding endpoint answers a connection (decide_serve in seed-donor.sh: a wrong proof or a missing
 * tool is refused with the reason). The stream itself runs on real servers in tests/real/seeding.test.ts.
 */
import { decideFields } from "./decide";

const ENV = { MYRIAD_MAX_LAG_SECONDS: "30", MYRIAD_BACKUP_TOOL: "mariadb-backup", MYRIAD_BACKUP_STREAM: "mbstream" };
const OWN = "10.11.6";
const READY = { kind: "peer", answers: "1", version: "10.11.6-MariaDB-log", io: "Yes", sql: "Yes", lag: "0" };

describe("decide_seed_donor", () => {
    const rows: [string, Record<string, string>, string, RegExp][] = [
        ["a ready replica of the same version", READY, "use", /^a ready replica \(10\.11\.6-MariaDB-log, 0s behind\)$/],
        ["an older patch of the series (prepared by this server's tool)", { ...READY, version: "10.11.2-MariaDB" }, "use", /ready replica/],
        ["a newer patch", { ...READY, version: "10.11.9-MariaDB" }, "skip", /newer than this server \(10\.11\.6\)/],
        ["another series", { ...READY, version: "10.6.16-MariaDB" }, "skip", /another release series/],
        ["a peer that does not answer", { kind: "peer", answers: "0" }, "skip", /^does not answer$/],
        [
            "a peer that is not a replica (the primary by its pod address)",
            { ...READY, io: "", sql: "" },
            "skip",
            /not a running replica \(IO none, SQL none\)/,
        ],
        ["a replica whose SQL thread stopped", { ...READY, sql: "No" }, "skip", /not a running replica \(IO Yes, SQL No\)/],
        ["a replica lagging beyond maxReplicaLagSeconds", { ...READY, lag: "31" }, "skip", /lags 31s \(at most 30s\)/],
        ["a replica with unknown lag", { ...READY, lag: "NULL" }, "skip", /lags NULLs/],
        ["the source answers", { kind: "source", answers: "1", version: "10.11.6-MariaDB-0+deb12u1-log" }, "use", /^the source/],
        ["the source on a newer patch", { kind: "source", answers: "1", version: "10.11.7" }, "skip", /newer than this server/],
        ["an unreadable version", { ...READY, version: "unknown" }, "skip", /unreadable version/],
    ];
    test.each(rows)("%s", (_name, facts, verdict, reason) => {
        const args = [`own=${OWN}`, ...Object.entries(facts).map(([k, v]) => `${k}=${v}`)];
        const [v, r] = decideFields("seeding.sh", "decide_seed_donor", args, ENV);
        expect(v).toBe(verdict);
        expect(r).toMatch(reason);
    });
});

describe("decide_serve (seed-donor.sh)", () => {
    const rows: [string, [string, string, string], string, RegExp | undefined][] = [
        ["a valid proof with the tools", ["1", "1", "1"], "serve", undefined],
        ["a wrong proof, whatever the tools", ["1", "1", "0"], "refuse", /authentication failed/],
        ["no backup tool", ["0", "1", "1"], "refuse", /no mariadb-backup on PATH .*backupTool: none/],
        ["no stream program", ["1", "0", "1"], "refuse", /no mbstream on PATH/],
    ];
    test.each(rows)("%s", (_name, args, verdict, reason) => {
        const [v, r] = decideFields("seed-donor.sh", "decide_serve", args, ENV);
        expect(v).toBe(verdict);
        if (reason) expect(r).toMatch(reason);
    });
});
