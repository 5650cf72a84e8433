/**
 * init.sh's decisions, table-driven: the script is sourced and each pure decision called with gathered facts
 * (no server, no fake programs). What gathers the facts and acts on the verdicts (peer survey, source wait,
 * initialisation, seeding, adoption) is exercised end to end by init-logic.test.ts and the real-server suites.
 */
import { decide, decideFields } from "./decide";

/** The planned configuration the decisions read (an async cluster "orders" in namespace "db"). */
const CONFIG: Record<string, string> = {
    MYRIAD_DATADIR: "/var/lib/mysql/",
    MYRIAD_ROLE: "primary",
    MYRIAD_MODE: "async",
    MYRIAD_CLUSTER: "orders",
    MYRIAD_ORDINAL: "0",
    MYRIAD_SERVER_ID: "101",
    MYRIAD_PEER_SERVICE: "orders.db.svc.cluster.local",
    MYRIAD_POD_IP: "10.0.0.5",
    MYRIAD_PEER_WAIT_SECONDS: "300",
    MYRIAD_SOURCE_HOST: "orders-0-0.orders.db.svc.cluster.local",
    MYRIAD_SOURCE_PORT: "3306",
    MYRIAD_SOURCE_WAIT_SECONDS: "600",
};

const HOLDER =
    "10.0.0.6:3306 (report_host orders-1-0.orders.db.svc.cluster.local, server_id 101) holds GTID set 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-27; schemas app";
const FIX =
    "Fix: set 'primary:' to the ordinal of an instance that holds the data (it is adopted, not re-initialised), or restore this instance's data volume (claim data-orders-0-0).";

describe("decide_bootstrap", () => {
    type Row = [
        name: string,
        facts: Record<string, string>,
        verdict: string,
        how: string,
        reason: string | RegExp,
        config?: Record<string, string>,
    ];
    const rows: Row[] = [
        // ---- the data directory decides first ----
        [
            "existing data, planned primary -> adopt",
            { datadir: "existing", role: "primary" },
            "adopt",
            "-",
            "existing data directory: re-asserting accounts, role (primary) and replication source; no data is copied",
        ],
        [
            "existing data, replica -> adopt (never re-seeded, the source is not asked)",
            { datadir: "existing", role: "replica", seeding: "clone" },
            "adopt",
            "-",
            "existing data directory: re-asserting accounts, role (replica) and replication source; no data is copied",
            { MYRIAD_ROLE: "replica" },
        ],
        [
            "existing data, a peer holds data -> adopt (an adopted volume is never checked)",
            { datadir: "existing", role: "primary", peers: "holds", peer_detail: HOLDER },
            "adopt",
            "-",
            /^existing data directory/,
        ],
        [
            "unknown files -> refuse, naming them",
            { datadir: "unknown", entries: "precious.dat notes", role: "primary" },
            "refuse",
            "-",
            "the data directory /var/lib/mysql has no 'mysql' schema but contains: precious.dat notes; refusing to initialise over unknown files (move them away, or restore the data directory)",
        ],
        [
            "unknown files on a replica -> refuse as well",
            { datadir: "unknown", entries: "x", role: "replica", seeding: "logical" },
            "refuse",
            "-",
            /refusing to initialise over unknown files/,
        ],
        // ---- empty, planned primary: the peers decide ----
        [
            "empty primary, no peer exists -> initialise",
            { datadir: "empty", role: "primary", peers: "none" },
            "initialise",
            "primary",
            "no peer exists (orders.db.svc.cluster.local); initialising as the planned primary",
        ],
        [
            "empty primary, no peer exists, local run (MYRIAD_PEERS) -> initialise",
            { datadir: "empty", role: "primary", peers: "none" },
            "initialise",
            "primary",
            "no peer exists (MYRIAD_PEERS); initialising as the planned primary",
            { MYRIAD_PEER_SERVICE: "" },
        ],
        [
            "empty primary, every peer answered empty -> initialise",
            { datadir: "empty", role: "primary", peers: "empty", peer_detail: "10.0.0.6:3306 10.0.0.7:3306" },
            "initialise",
            "primary",
            "every peer answered and none holds data (10.0.0.6:3306 10.0.0.7:3306); initialising as the planned primary",
        ],
        [
            "empty primary, a peer holds data -> refuse, naming it and the fixes",
            { datadir: "empty", role: "primary", peers: "holds", peer_detail: HOLDER },
            "refuse",
            "-",
            `refusing to initialise an empty data directory as the planned primary: peer(s) hold the cluster's data: ${HOLDER}; a new, empty primary would make the replicas follow an empty server. ${FIX.replace(/\.$/, "")}. Nothing was written to /var/lib/mysql.`,
        ],
        [
            "empty primary, a peer never answered -> refuse ('cannot tell')",
            { datadir: "empty", role: "primary", peers: "unanswered", peer_detail: "10.0.0.9:3306 (last error: ERROR 2003)" },
            "refuse",
            "-",
            `refusing to initialise an empty data directory as the planned primary: cannot tell whether it holds data: peer(s) did not answer within 300s: 10.0.0.9:3306 (last error: ERROR 2003). Fix: start it, or take it offline (offlineInstances) if it is gone; if it holds the cluster's data, ${FIX.slice(5, -1)}. Nothing was written to /var/lib/mysql.`,
        ],
        [
            "empty primary, DNS never listed this pod -> refuse",
            { datadir: "empty", role: "primary", peers: "unlisted" },
            "refuse",
            "-",
            "refusing to initialise an empty data directory as the planned primary: cannot tell whether peers hold data: the peer Service orders.db.svc.cluster.local did not list this pod's address 10.0.0.5 within 300s (cluster DNS not answering or not up to date). Fix: check the headless Service and cluster DNS; the init container retries. Nothing was written to /var/lib/mysql.",
        ],
        [
            "empty primary, peers not asked -> refuse (never initialise blind)",
            { datadir: "empty", role: "primary" },
            "refuse",
            "-",
            "internal error: the peers were not asked",
        ],
        [
            "the claim in the fix names this instance",
            { datadir: "empty", role: "primary", peers: "holds", peer_detail: HOLDER },
            "refuse",
            "-",
            /restore this instance's data volume \(claim data-shop-2-0\)/,
            { MYRIAD_CLUSTER: "shop", MYRIAD_ORDINAL: "2" },
        ],
        // ---- empty, group ----
        [
            "group bootstrap member, no peer -> initialise a new group",
            { datadir: "empty", role: "group-bootstrap", peers: "none" },
            "initialise",
            "group-bootstrap",
            "no peer exists (orders.db.svc.cluster.local); initialising as the group's bootstrap member",
        ],
        [
            "group bootstrap member, peers empty -> initialise a new group",
            { datadir: "empty", role: "group-bootstrap", peers: "empty", peer_detail: "10.0.0.6:3306" },
            "initialise",
            "group-bootstrap",
            /^every peer answered and none holds data \(10\.0\.0\.6:3306\); initialising as the group's bootstrap member$/,
        ],
        [
            "group bootstrap member, a peer holds the group's data -> initialise but join",
            { datadir: "empty", role: "group-bootstrap", peers: "holds", peer_detail: HOLDER },
            "initialise",
            "group-join",
            `this data directory is empty but a peer holds the group's data: ${HOLDER}; initialising WITHOUT bootstrapping a new group (this member joins the existing group by distributed recovery)`,
        ],
        [
            "group bootstrap member, a peer never answered -> refuse",
            { datadir: "empty", role: "group-bootstrap", peers: "unanswered", peer_detail: "10.0.0.9:3306 (last error: x)" },
            "refuse",
            "-",
            /^refusing to initialise an empty data directory as the group's bootstrap member: cannot tell whether it holds data: peer\(s\) did not answer within 300s: 10\.0\.0\.9:3306/,
        ],
        [
            "other group member -> initialise and join, no peer check",
            { datadir: "empty", role: "group-member" },
            "initialise",
            "group-join",
            /joins the group by distributed recovery/,
        ],
        // ---- empty, replica: the seeding method and the source decide ----
        [
            "replica, CLONE, the source answers -> seed clone",
            { datadir: "empty", role: "replica", seeding: "clone", source: "answers", source_server_id: "100", source_detail: "8.0.36" },
            "seed",
            "clone",
            "seeding from orders-0-0.orders.db.svc.cluster.local:3306 (server_id 100) by clone copy",
            { MYRIAD_ROLE: "replica" },
        ],
        [
            "replica, logical copy, the source answers -> seed logical",
            { datadir: "empty", role: "replica", seeding: "logical", source: "answers", source_server_id: "100" },
            "seed",
            "logical",
            /by logical copy$/,
            { MYRIAD_ROLE: "replica" },
        ],
        [
            "replica without a seeding method -> refuse with the planner's reason",
            { datadir: "empty", role: "replica", seeding: "none", seeding_reason: "the source is newer than the recipient" },
            "refuse",
            "-",
            "no seeding method for this replica: the source is newer than the recipient",
        ],
        [
            "replica, seeding absent -> refuse ('unknown')",
            { datadir: "empty", role: "replica" },
            "refuse",
            "-",
            "no seeding method for this replica: unknown",
        ],
        [
            "replica, the source never answered -> refuse, Kubernetes retries",
            {
                datadir: "empty",
                role: "replica",
                seeding: "clone",
                source: "unanswered",
                source_detail: "ERROR 2003 (HY000): Can't connect",
            },
            "refuse",
            "-",
            "the source orders-0-0.orders.db.svc.cluster.local:3306 did not answer within 600s (last error: ERROR 2003 (HY000): Can't connect); exiting so that Kubernetes retries",
        ],
        [
            "replica, the source has this instance's server_id -> refuse before copying",
            { datadir: "empty", role: "replica", seeding: "logical", source: "answers", source_server_id: "101" },
            "refuse",
            "-",
            "the source has the same server_id 101 as this instance: replication would fail with 'equal server ids'",
        ],
        [
            "replica, source not asked -> refuse",
            { datadir: "empty", role: "replica", seeding: "clone" },
            "refuse",
            "-",
            "internal error: the source was not asked",
        ],
        // ---- malformed input never initialises ----
        [
            "an unknown data directory state -> refuse",
            { datadir: "weird", role: "primary" },
            "refuse",
            "-",
            "internal error: unknown data directory state 'weird'",
        ],
        [
            "no data directory state -> refuse",
            { role: "primary", peers: "none" },
            "refuse",
            "-",
            "internal error: unknown data directory state ''",
        ],
        [
            "an unknown role -> refuse",
            { datadir: "empty", role: "arbiter", peers: "none" },
            "refuse",
            "-",
            "internal error: unknown role 'arbiter'",
        ],
        [
            "an unknown fact -> refuse",
            { datadir: "empty", role: "primary", peers: "none", colour: "blue" },
            "refuse",
            "-",
            "internal error: unknown fact 'colour=blue'",
        ],
    ];

    test.each(rows)("%s", (_name, facts, verdict, how, reason, config = {}) => {
        const args = Object.entries(facts).map(([k, v]) => `${k}=${v}`);
        const [v, h, r, ...rest] = decideFields("bootstrap.sh", "decide_bootstrap", args, { ...CONFIG, ...config });
        expect({ verdict: v, how: h, rest }).toEqual({ verdict, how, rest: [] });
        if (typeof reason === "string") expect(r).toBe(reason);
        else expect(r).toMatch(reason);
    });
});

describe("planned_role", () => {
    test.each([
        ["async", "primary", "", "primary"],
        ["semisync", "replica", "", "replica"],
        ["async", "replica", "", "replica"],
        ["group", "primary", "1", "group-bootstrap"],
        ["group", "replica", "0", "group-member"],
        ["group", "replica", "", "group-member"],
    ])("mode %s, role %s, group bootstrap %j -> %s", (mode, role, bootstrap, expected) => {
        const env: Record<string, string> = { MYRIAD_MODE: mode, MYRIAD_ROLE: role };
        if (bootstrap) env.MYRIAD_GROUP_BOOTSTRAP = bootstrap;
        expect(decide("bootstrap.sh", "planned_role", [], env).out).toBe(expected);
    });
});

describe("facts_needed: only the waits the decision needs", () => {
    test.each([
        ["empty", "primary", "", "peers"],
        ["empty", "group-bootstrap", "", "peers"],
        ["empty", "group-member", "", ""],
        ["empty", "replica", "clone", "source"],
        ["empty", "replica", "logical", "source"],
        ["empty", "replica", "none", ""],
        ["existing", "primary", "", ""],
        ["existing", "replica", "clone", ""],
        ["unknown", "primary", "", ""],
    ])("%s data directory, %s, seeding %j -> %j", (datadir, role, seeding, expected) => {
        expect(decide("bootstrap.sh", "facts_needed", [datadir, role, seeding])).toEqual({ status: 0, out: expected, err: "" });
    });
});

describe("decide_peer_wait: one attempt of the peer survey", () => {
    type Row = [name: string, facts: { listed: number; peers: number; holders: number; pending: number; expired: number }, verdict: string];
    test.each<Row>([
        ["no peer exists", { listed: 1, peers: 0, holders: 0, pending: 0, expired: 0 }, "none"],
        ["every peer answered, none holds data", { listed: 1, peers: 2, holders: 0, pending: 0, expired: 0 }, "empty"],
        ["a peer holds data", { listed: 1, peers: 2, holders: 1, pending: 0, expired: 0 }, "holds"],
        ["a holder ends the wait while another does not answer", { listed: 1, peers: 2, holders: 1, pending: 1, expired: 0 }, "holds"],
        ["a peer does not answer yet", { listed: 1, peers: 2, holders: 0, pending: 1, expired: 0 }, "wait"],
        ["a peer never answered", { listed: 1, peers: 2, holders: 0, pending: 1, expired: 1 }, "unanswered"],
        ["the list is not trusted yet", { listed: 0, peers: 0, holders: 0, pending: 0, expired: 0 }, "wait"],
        ["the list was never trusted", { listed: 0, peers: 0, holders: 0, pending: 0, expired: 1 }, "unlisted"],
        ["all answered at the deadline", { listed: 1, peers: 1, holders: 0, pending: 0, expired: 1 }, "empty"],
    ])("%s -> %s", (_name, facts, verdict) => {
        expect(
            decide(
                "bootstrap.sh",
                "decide_peer_wait",
                Object.entries(facts).map(([k, v]) => `${k}=${v}`),
            ).out,
        ).toBe(verdict);
    });
});

describe("decide_source_scope: what configure_source asserts", () => {
    const SOURCE = "orders-0-0.orders.db.svc.cluster.local";
    const config = (gtid: string): Record<string, string> => ({
        MYRIAD_SOURCE_HOST: SOURCE,
        MYRIAD_SOURCE_PORT: "3306",
        MYRIAD_GTID: gtid,
        MYRIAD_COL_AUTO_POSITION: gtid === "mariadb" ? "Using_Gtid" : "Auto_Position",
    });
    type Row = [gtid: string, host: string, port: string, auto: string, scope: string, reason: string];
    test.each<Row>([
        ["mysql", "", "", "", "full", `configuring replication from ${SOURCE}:3306 (GTID auto-positioning)`],
        [
            "mysql",
            SOURCE,
            "3306",
            "1",
            "credentials",
            `replication source is already ${SOURCE}:3306 as planned; refreshing its credentials`,
        ],
        [
            "mysql",
            SOURCE,
            "3306",
            "0",
            "full",
            `replication source is ${SOURCE}:3306 as planned, but positioned by binary log file/position (Auto_Position=0): re-asserting the full configuration with GTID auto-positioning`,
        ],
        [
            "mysql",
            SOURCE,
            "3306",
            "",
            "full",
            `replication source is ${SOURCE}:3306 as planned, but positioned by binary log file/position (Auto_Position=absent): re-asserting the full configuration with GTID auto-positioning`,
        ],
        [
            "mysql",
            "orders-2-0.orders.db.svc.cluster.local",
            "3306",
            "1",
            "full",
            `re-pointing replication from orders-2-0.orders.db.svc.cluster.local:3306 to the planned source ${SOURCE}:3306`,
        ],
        ["mysql", SOURCE, "3307", "1", "full", `re-pointing replication from ${SOURCE}:3307 to the planned source ${SOURCE}:3306`],
        [
            "mariadb",
            SOURCE,
            "3306",
            "Slave_Pos",
            "credentials",
            `replication source is already ${SOURCE}:3306 as planned; refreshing its credentials`,
        ],
        [
            "mariadb",
            SOURCE,
            "3306",
            "Current_Pos",
            "credentials",
            `replication source is already ${SOURCE}:3306 as planned; refreshing its credentials`,
        ],
        [
            "mariadb",
            SOURCE,
            "3306",
            "No",
            "full",
            `replication source is ${SOURCE}:3306 as planned, but positioned by binary log file/position (Using_Gtid=No): re-asserting the full configuration with GTID auto-positioning`,
        ],
    ])("%s: channel %j:%j positioning %j -> %s", (gtid, host, port, auto, scope, reason) => {
        expect(decideFields("replication.sh", "decide_source_scope", [host, port, auto], config(gtid))).toEqual([scope, reason]);
    });
});

test.each(["init.sh", "accounts.sh", "bootstrap.sh", "promotion.sh", "replication.sh", "seeding.sh"] as const)(
    "sourcing %s runs nothing: no log line, no requirement checked",
    (file) => {
        expect(decide(file, "true", [])).toEqual({ status: 0, out: "", err: "" });
    },
);

describe("decide_account_role: root enables the replica-writer role before re-asserting the accounts", () => {
    // MariaDB 10.11.0+ (MYRIAD_ADMIN_REVOKE set): re-granting ALL PRIVILEGES needs the READ_ONLY ADMIN root gave up,
    // which the role holds; a root created before Myriad revoked it does not hold the role yet and needs none.
    const rows: [name: string, revoke: string, granted: string, mode: string][] = [
        ["MariaDB 10.11+, root holds the role", "READ_ONLY ADMIN", "1", "with-role"],
        ["MariaDB 10.11+, root from an earlier Myriad (no role yet)", "READ_ONLY ADMIN", "0", ""],
        ["MySQL (super_read_only, nothing revoked)", "", "0", ""],
        ["MySQL, whatever the role count says", "", "1", ""],
    ];
    it.each(rows)("%s", (_name, revoke, granted, mode) => {
        const r = decide("accounts.sh", "decide_account_role", [revoke, granted]);
        expect([r.status, r.out, r.err]).toEqual([0, mode, ""]);
    });
});
