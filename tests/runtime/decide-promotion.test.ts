/**
 * The decisions of a declared primary change, table-driven (the scripts sourced, their pure decisions called
 * with gathered facts): init.sh's decide_promotion (keep, switchover, failover, refuse a second writable
 * primary) and decide_promote (after each bounded wait: fence next, promote, or refuse naming the lag, the
 * errant GTIDs or the better candidate); post-start.sh's decide_replica_start (never re-attach a server
 * holding transactions its source lacks) and decide_group_primary (group_replication_set_as_primary, 8.0.13+);
 * probe.sh's replica readiness while writable. Real servers: tests/real/day2.test.ts.
 */
import { dialectFor } from "../../components/mysqld/dialect";
import { decide, decideFields } from "./decide";

const OLD = "shop-0-0.shop.db.svc.cluster.local:3306";
const ENV = { MYRIAD_SWITCHOVER_TIMEOUT_SECONDS: "60" };

describe("promotion.sh decide_promotion", () => {
    const run = (facts: Record<string, string>) =>
        decideFields(
            "promotion.sh",
            "decide_promotion",
            Object.entries(facts).map(([k, v]) => `${k}=${v}`),
        );

    it("no replication channel: the instance is the primary already", () => {
        expect(run({ channel: "", old: "-", writable: "" })).toEqual([
            "primary",
            "no replication source configured: this instance is the primary already",
        ]);
    });

    it("a channel whose source answers: switchover", () => {
        const [v, reason] = run({ channel: OLD, old: "answers", old_detail: "server_id 100, version 8.0.36", writable: "" });
        expect(v).toBe("switchover");
        expect(reason).toBe(
            `the planned primary replicates from ${OLD}, which answers (server_id 100, version 8.0.36): switchover (fence the old primary, apply everything it executed, promote)`,
        );
    });

    it("a channel whose source does not answer: failover", () => {
        const [v, reason] = run({ channel: OLD, old: "unanswered", old_detail: "ERROR 2003 connection refused", writable: "" });
        expect(v).toBe("failover");
        expect(reason).toMatch(
            /does not answer \(ERROR 2003 connection refused\): failover \(apply the relay log, promote only if no reachable replica is more advanced\)$/,
        );
    });

    it.each([
        ["with no channel (a stale primary restarting after another was promoted)", ""],
        ["with a channel", OLD],
    ])("another writable instance %s: refused, never a second writable primary", (_what, channel) => {
        const [v, reason] = run({ channel, old: channel ? "answers" : "-", writable: "10.0.0.7:3306 (server_id 102)" });
        expect(v).toBe("refuse");
        expect(reason).toBe(
            "another instance accepts writes: 10.0.0.7:3306 (server_id 102); refusing to become a second writable primary. Fix: if that instance is the primary, set primary: to its ordinal; otherwise restart it so that its bootstrap re-asserts its planned role (read-only)",
        );
    });
});

describe("promotion.sh decide_promote", () => {
    const run = (facts: Record<string, string>) =>
        decideFields("promotion.sh", "decide_promote", [`source=${OLD}`, ...Object.entries(facts).map(([k, v]) => `${k}=${v}`)], ENV);

    it("caught up before the fence: fence next; caught up after it: promote", () => {
        expect(run({ step: "catch-up", reached: "1" })).toEqual(["next", `caught up with the old primary ${OLD}: fencing it`]);
        expect(run({ step: "fenced", reached: "1" })).toEqual([
            "promote",
            `applied every transaction of the fenced old primary ${OLD}: promoting`,
        ]);
        expect(run({ step: "relay", reached: "1" })).toEqual([
            "promote",
            "applied the relay log and no reachable replica is more advanced: promoting",
        ]);
    });

    it.each([
        ["catch-up", "was not fenced and still accepts writes"],
        ["fenced", "was unfenced and accepts writes again"],
    ])("not caught up in time (%s): refused naming the lag and the fix; nothing promoted", (step, state) => {
        const [v, reason] = run({ step, reached: "0", lag: "42", missing: "3E11FA47-71CA-11E1-9E33-C80AA9429562:1000-1200" });
        expect(v).toBe("refuse");
        expect(reason).toBe(
            `switchover refused: this instance did not apply every transaction of the old primary ${OLD} within 60s (lag: 42 s behind, not applied yet: 3E11FA47-71CA-11E1-9E33-C80AA9429562:1000-1200); nothing was promoted and the old primary ${OLD} ${state}. Fix: let this replica catch up (lower the write load or fix its replication) and run the rollout again (the init container retries), raise MYRIAD_SWITCHOVER_TIMEOUT_SECONDS, or set primary: back to the old primary's ordinal`,
        );
    });

    it("errant transactions on the candidate: refused, the old primary unfenced", () => {
        const [v, reason] = run({ step: "fenced", reached: "1", errant: "0-101-7" });
        expect(v).toBe("refuse");
        expect(reason).toMatch(
            /^switchover refused: this instance holds transactions the old primary .* lacks \(errant: 0-101-7\); promoting it would hand them to every replica; nothing was promoted and the old primary .* was unfenced and accepts writes again\. Fix: re-seed this instance/,
        );
    });

    it("failover: a reachable replica more advanced is named as the better candidate", () => {
        const [v, reason] = run({ step: "relay", reached: "1", ahead: "10.0.0.9:3306 (server_id 105) has 0-100-42" });
        expect(v).toBe("refuse");
        expect(reason).toBe(
            "failover refused: a reachable replica is more advanced than this instance: 10.0.0.9:3306 (server_id 105) has 0-100-42; promoting this instance would lose those transactions; nothing was promoted. Fix: set primary: to the ordinal of that replica (server_id minus serverIdBase)",
        );
    });

    it("failover: the relay log not applied in time is refused", () => {
        const [v, reason] = run({ step: "relay", reached: "0", missing: "Reading event from the relay log", lag: "3" });
        expect(v).toBe("refuse");
        expect(reason).toMatch(
            /^failover refused: this instance did not apply its relay log within 60s \(not applied: Reading event from the relay log; lag 3 s\); nothing was promoted/,
        );
    });
});

describe("post-start.sh decide_replica_start", () => {
    const env = { MYRIAD_SOURCE_HOST: "shop-2-0.shop", MYRIAD_SOURCE_PORT: "3306" };
    it("starts when nothing is errant, or when the source cannot be asked (the probe compares later)", () => {
        expect(decideFields("post-start.sh", "decide_replica_start", ["", "1"], env)[0]).toBe("start");
        expect(decideFields("post-start.sh", "decide_replica_start", ["", "0"], env)).toEqual([
            "start",
            "the source shop-2-0.shop:3306 did not answer, so GTIDs were not compared before starting replication (the readiness probe compares them once it answers)",
        ]);
    });
    it("refuses to re-attach a server holding transactions its source lacks, naming them and the fixes", () => {
        const [a, reason] = decideFields("post-start.sh", "decide_replica_start", ["0-100-43", "1"], env);
        expect(a).toBe("refuse");
        expect(reason).toMatch(
            /^refusing to start replication from shop-2-0\.shop:3306: this server holds transactions its source lacks \(errant GTIDs: 0-100-43\); it stays not ready\. Fix: re-seed it .*keep its data aside for inspection/,
        );
    });
});

describe("post-start.sh decide_primary_writes: the primary starts read-only and opens writes only when no other instance accepts them", () => {
    it("opens writes when no other instance accepts them", () => {
        expect(decideFields("post-start.sh", "decide_primary_writes", [""])[0]).toBe("open");
    });
    it("holds read-only, naming the writable instance and the fix, when another instance accepts writes", () => {
        const [action, reason] = decideFields("post-start.sh", "decide_primary_writes", [
            "10.0.0.7:3306 (server_id 4097);10.0.0.8:3306 (server_id 4098)",
        ]);
        expect(action).toBe("hold");
        expect(reason).toContain("another instance accepts writes: 10.0.0.7:3306 (server_id 4097);10.0.0.8:3306 (server_id 4098)");
        expect(reason).toContain("set primary: to its ordinal");
        expect(reason).toContain("docs/runtime.md#a-restarted-primary-starts-read-only");
    });
});

describe("post-start.sh decide_group_primary", () => {
    it.each([
        ["0", "SECONDARY", "1", "none"],
        ["1", "PRIMARY", "1", "none"],
        ["1", "SECONDARY", "1", "set"],
        ["1", "SECONDARY", "0", "unsupported"],
    ])("planned=%s role=%s supported=%s -> %s", (planned, role, supported, action) => {
        expect(decideFields("post-start.sh", "decide_group_primary", [planned, role, supported])[0]).toBe(action);
    });
    it("group_replication_set_as_primary exists from 8.0.13", () => {
        expect(dialectFor("mysql", "8.0.12").groupSetAsPrimary).toBe(false);
        expect(dialectFor("mysql", "8.0.13").groupSetAsPrimary).toBe(true);
        expect(dialectFor("mariadb", "10.11.6").groupSetAsPrimary).toBe(false);
    });
});

describe("fencing: what read_only alone does not stop", () => {
    it.each([
        ["mysql", "5.7.29", []],
        ["mysql", "8.4.3", []],
        ["mariadb", "10.4.30", ["SUPER"]],
        ["mariadb", "10.6.16", ["READ_ONLY ADMIN", "SUPER"]],
        ["mariadb", "10.11.6", ["READ_ONLY ADMIN"]],
    ] as const)("%s %s: %j", (flavor, version, privs) => {
        expect(dialectFor(flavor, version).readOnlyBypassPrivileges).toEqual(privs);
    });
});

describe("probe.sh: a replica that accepts writes is not ready", () => {
    const env = {
        MYRIAD_SOURCE_HOST: "s",
        MYRIAD_SOURCE_PORT: "3306",
        MYRIAD_MAX_LAG_SECONDS: "30",
        MYRIAD_GTID: "mysql",
        MYRIAD_READ_ONLY_VAR: "super_read_only",
        MYRIAD_COL_AUTO_POSITION: "Auto_Position",
    };
    const healthy = ["host=s", "port=3306", "io=Yes", "sql=Yes", "io_errno=0", "sql_errno=0", "lag=0", "auto=1", "errant="];
    it("read_only OFF or super_read_only OFF: not ready, naming it", () => {
        expect(decide("probe.sh", "decide_replica_readiness", [...healthy, "read_only=1", "super_read_only=1"], env).status).toBe(0);
        const w = decide("probe.sh", "decide_replica_readiness", [...healthy, "read_only=0", "super_read_only=0"], env);
        expect(w.status).toBe(1);
        expect(w.out).toBe(
            "accepts writes (read_only=0) but the plan says replica: not ready while writable; fix: restart the pod (init.sh re-asserts the role), or SET GLOBAL read_only = ON",
        );
        const s = decide("probe.sh", "decide_replica_readiness", [...healthy, "read_only=1", "super_read_only=0"], env);
        expect(s.status).toBe(1);
        expect(s.out).toMatch(/^accepts writes from privileged accounts \(super_read_only=0\)/);
    });
});
