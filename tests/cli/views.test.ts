/**
 * What the commands print for people, at 80 columns with ASCII borders (a pipe): every table goes through the
 * shared fitting (infra/cli/table.ts), cells wrap between words, widths are display widths, long heading lines
 * wrap, and `local down` prints its per-instance lines before its summary.
 */
import { clusterHeading } from "../../infra/cli/plan-view";
import { applyTable, downText } from "../../infra/cli/local-view";
import { reportText } from "../../infra/cli/verify-report";
import { displayWidth, fitTable, forceAscii, wrapCell, wrapParts } from "../../infra/cli/table";
import { planOrThrow } from "../../components/planner/plan";
import type { VerifyReport } from "../../infra/verify/verify";

const saved = process.env.COLUMNS;
beforeAll(() => {
    process.env.COLUMNS = "80";
    forceAscii(true);
});
afterAll(() => {
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
    forceAscii(false);
});

const lines = (text: string) => text.split("\n");
const words = (text: string) => text.split(/\s+/).filter(Boolean);

function expectFits(text: string, width = 80): void {
    for (const l of lines(text)) expect(displayWidth(l)).toBeLessThanOrEqual(width);
    expect(text).not.toMatch(/[│┌─┼└]/);
}

describe("the shared table", () => {
    it("wraps cells between words: every word that fits a column stays whole", () => {
        const why = "switchover: the primary moves from orders-0 to orders-2, which holds every transaction of orders-0";
        const fitted = fitTable(["STEP", "INSTANCE", "WHY"], [[1, "orders-2", why]], { width: 50, ascii: true });
        expectFits(fitted.text, 50);
        const cells = fitted.text.replace(/[|+-]{2,}|\|/g, " ");
        for (const w of words(why)) expect(words(cells)).toContain(w);
    });

    it("breaks only a word wider than its column, after punctuation where it can", () => {
        expect(wrapCell("see https://dev.mysql.com/doc/refman/8.4/en/", 20)).toBe("see\nhttps://dev.mysql.\ncom/doc/refman/8.4/\nen/");
        expect(wrapCell("abcdefgh", 3)).toBe("abc\ndef\ngh");
    });

    it("measures display width: a wide character takes two columns and the borders stay aligned", () => {
        const fitted = fitTable(["NAME", "NOTE"], [["数据库-0", "ready"]], { width: 40, ascii: true });
        const widths = new Set(lines(fitted.text).map(displayWidth));
        expect(widths.size).toBe(1);
        expect(fitted.text).toContain("数据库-0");
    });

    it("wraps a heading between its parts, then at words", () => {
        expect(wrapParts(["cluster a", "namespace b", "templates x, y, z"], 24)).toBe("cluster a | namespace b\n  templates x, y, z");
    });
});

describe("myriad plan: the cluster heading", () => {
    it("wraps to the width with many templates, naming every template", () => {
        const templates = Array.from({ length: 40 }, (_, i) => ({
            name: `template-${i}`,
            image: "mysql:8.0.40",
            replicas: 1,
            ordinals: { start: i * 10, end: i * 10 + 9 },
        }));
        const plan = planOrThrow({ name: "orders", templates });
        const heading = clusterHeading(plan, 80);
        expect(lines(heading).length).toBeGreaterThan(5);
        expectFits(heading);
        for (const t of templates) expect(heading).toMatch(new RegExp(`\\b${t.name}\\b`));
    });
});

describe("myriad verify: the report", () => {
    const instance = (name: string, ordinal: number): VerifyReport["instances"][number] => ({
        cluster: "shop",
        name,
        role: ordinal === 0 ? "primary" : "replica",
        endpoint: `127.0.0.${ordinal + 2}:44129`,
        reachable: true,
        findings: 0,
        facts: {
            versionText: "10.11.19-MariaDB-0+deb12u1-log",
            version: "10.11.19",
            flavor: "mariadb",
            serverId: 100 + ordinal,
            reportHost: `127.0.0.${ordinal + 2}`,
            readOnly: ordinal !== 0,
            superReadOnly: null,
            gtidExecuted: "0-100-7",
            replica:
                ordinal === 0
                    ? null
                    : {
                          sourceHost: "127.0.0.2",
                          sourcePort: 44129,
                          ioRunning: "Yes",
                          sqlRunning: "Yes",
                          lag: 0,
                          lastIoErrno: 0,
                          lastIoError: "",
                          lastSqlErrno: 0,
                          lastSqlError: "",
                          sourceServerId: 100,
                          gtidPositioning: true,
                      },
        },
    });
    const report: VerifyReport = {
        healthy: true,
        exitCode: 0,
        rounds: 1,
        instances: [instance("shop-0", 0), instance("shop-2", 2), instance("shop-5", 5)],
        findings: [],
        notes: ["shop-0 runs mariadb 10.11.19 locally in place of the planned 10.11.6 (patch difference reported by 'myriad local up')"],
    };

    it("fits 80 columns with ASCII borders, names the columns it left out, and keeps the replication cell", () => {
        const text = reportText(report);
        expectFits(text);
        expect(text).toMatch(/^\+-/);
        expect(text).toMatch(/not shown to fit the width: VERSION/);
        expect(words(text.replace(/\|/g, " "))).toEqual(expect.arrayContaining(["shop-5", "127.0.0.2:44129", "healthy:"]));
    });
});

describe("myriad local", () => {
    it("apply: the step table fits and keeps instance names whole", () => {
        const text = applyTable([
            {
                instance: "orders-2",
                action: "restart",
                reason: "the primary moves here from orders-0 (switchover: fence orders-0, catch up, promote orders-2)",
                outcome: "ready",
                seconds: 4.2,
            },
            { instance: "orders-10", action: "restart", reason: "image mysql:8.0.40 -> mysql:8.4.3", outcome: "not-reached" },
        ]);
        expectFits(text);
        const cells = words(text.replace(/\|/g, " "));
        expect(cells.filter((w) => w === "orders-2" || w === "orders-2)").length).toBe(2);
        expect(cells).toContain("orders-10");
    });

    it("down: one line per instance, then the summary, each ending in a newline", () => {
        const text = downText(
            {
                stopped: [
                    { name: "shop-0", pid: 11, outcome: "stopped" },
                    { name: "shop-2", pid: 12, outcome: "killed" },
                    { name: "shop-5", pid: 13, outcome: "not-ours" },
                    { name: "shop-6", pid: null, outcome: "not-running" },
                ],
                removed: false,
            },
            "run",
        );
        expect(text).toBe(
            [
                "shop-0: stopped (pid 11)",
                "shop-2: killed (pid 12)",
                "shop-5: pid 13 no longer runs this instance's mysqld; left alone",
                "stopped 2 server(s); data kept in run ('myriad local up' restarts it)",
                "",
            ].join("\n"),
        );
    });
});
