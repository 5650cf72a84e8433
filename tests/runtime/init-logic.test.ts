/**
 * init.sh end to end against fake programs (no server): gathering, deciding and acting together. The peer check
 * before an empty planned primary (or the group's bootstrap member) initialises, through MYRIAD_PEERS (local
 * runs) and through the headless Service's DNS name with a fake `getent` (Kubernetes); and the re-assertion of
 * GTID auto-positioning when a replica's channel points at the planned source by binary log file/position.
 * The decisions alone, table-driven: decide-bootstrap.test.ts. Real servers: tests/real/*.test.ts.
 *
 * Fakes (on PATH or named by MYRIAD_CLIENT/MYRIAD_ADMIN/MYRIAD_SERVER_BIN):
 * - client: logs its arguments and SQL; over TCP it answers for a peer from peers/<host>_<port>.tsv (absent:
 *   "Can't connect", exit 1); on the temporary server's socket it prints status.tsv for the replication
 *   status statement and nothing otherwise;
 * - admin: `ping` always answers; server: `--initialize-insecure` creates <datadir>/mysql, otherwise it sleeps
 *   until init.sh stops it (the temporary server); mariadb-install-db: creates <datadir>/mysql;
 * - getent: prints getent.out (absent: exit 2, "not found") and logs the database it was asked.
 */
import { spawnSync } from "child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { instanceEnv } from "../../components/runtime/env";
import { dialectFor } from "../../components/mysqld/dialect";
import { planOrThrow } from "../../components/planner/plan";
import { scriptsSourceDir } from "../../components/runtime/scripts";
import type { Flavor, ReplicationMode } from "../../components/spec/types";

const dir = mkdtempSync(path.join(tmpdir(), "myriad-init-"));
const bin = path.join(dir, "bin");
const peersDir = path.join(dir, "peers");

function executable(name: string, text: string): void {
    writeFileSync(path.join(bin, name), text);
    chmodSync(path.join(bin, name), 0o755);
}

beforeAll(() => {
    mkdirSync(bin);
    executable(
        "client",
        `#!/usr/bin/env bash
sql=$(cat)
{ printf 'ARGS %s\\n' "$*"; printf '%s\\n' "$sql"; printf -- '---\\n'; } >> "$STUB_DIR/client.log"
host=""; port=""; tcp=0
for a in "$@"; do
  case "$a" in --host=*) host=\${a#--host=} ;; --port=*) port=\${a#--port=} ;; --protocol=TCP) tcp=1 ;; esac
done
if [ "$tcp" = 1 ]; then
  f="$STUB_DIR/peers/\${host}_\${port}.tsv"
  [ -f "$f" ] || { echo "ERROR 2003 (HY000): Can't connect to MySQL server on '$host:$port' (111)" >&2; exit 1; }
  cat "$f"
  exit 0
fi
case "$sql" in *STATUS*) cat "$STUB_DIR/status.tsv" 2>/dev/null ;; esac
exit 0
`,
    );
    executable("admin", "#!/usr/bin/env bash\nexit 0\n");
    executable(
        "server",
        `#!/usr/bin/env bash
for a in "$@"; do case "$a" in --datadir=*) d=\${a#--datadir=} ;; --initialize-insecure) init=1 ;; esac; done
if [ "\${init:-0}" = 1 ]; then mkdir -p "$d/mysql"; exit 0; fi
exec sleep 300
`,
    );
    executable(
        "mariadb-install-db",
        `#!/usr/bin/env bash
for a in "$@"; do case "$a" in --datadir=*) d=\${a#--datadir=} ;; esac; done
mkdir -p "$d/mysql"
`,
    );
    executable(
        "getent",
        `#!/usr/bin/env bash
printf '%s %s\\n' "$1" "$2" >> "$STUB_DIR/getent.log"
[ -f "$STUB_DIR/getent.out" ] || exit 2
cat "$STUB_DIR/getent.out"
`,
    );
    const secrets = path.join(dir, "secrets");
    mkdirSync(secrets);
    for (const f of ["root-password", "replication-password", "monitor-password"]) writeFileSync(path.join(secrets, f), `${f}-value`);
    writeFileSync(path.join(secrets, "root.cnf"), "[client]\nuser=root\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Fresh state per test: peers, status rows, logs, a new (absent) data directory. */
let n = 0;
let datadir = "";
beforeEach(() => {
    rmSync(peersDir, { recursive: true, force: true });
    mkdirSync(peersDir);
    for (const f of ["client.log", "getent.log", "getent.out", "status.tsv"]) rmSync(path.join(dir, f), { force: true });
    datadir = path.join(dir, `data-${++n}`);
});

const IMAGES: Record<Flavor, string> = { mysql: "mysql:5.7.29", percona: "percona:8.0.36-28", mariadb: "mariadb:10.11.6" };

function env(flavor: Flavor, ordinal: number, mode: ReplicationMode = "async", extra: Record<string, string> = {}): Record<string, string> {
    const plan = planOrThrow({
        name: "orders",
        namespace: "db",
        flavor,
        mode,
        templates: [{ name: "main", image: IMAGES[flavor], replicas: 3 }],
    });
    const inst = plan.instances.find((i) => i.ordinal === ordinal)!;
    return instanceEnv(plan, inst, {
        MYRIAD_CLIENT: path.join(bin, "client"),
        MYRIAD_ADMIN: path.join(bin, "admin"),
        MYRIAD_SERVER_BIN: path.join(bin, "server"),
        MYRIAD_SECRETS_DIR: path.join(dir, "secrets"),
        MYRIAD_DATADIR: datadir,
        MYRIAD_CONFIG: path.join(dir, "my.cnf"),
        MYRIAD_SOURCE_WAIT_INTERVAL_SECONDS: "1",
        MYRIAD_START_TIMEOUT_SECONDS: "10",
        MYRIAD_STOP_TIMEOUT_SECONDS: "10",
        ...extra,
    });
}

/** Local placement: 127.0.0.1, this instance on 23306, peers listed in MYRIAD_PEERS, no DNS. */
function local(
    flavor: Flavor,
    ordinal: number,
    peers: string[],
    mode: ReplicationMode = "async",
    extra: Record<string, string> = {},
): Record<string, string> {
    return env(flavor, ordinal, mode, {
        MYRIAD_HOST: "127.0.0.1",
        MYRIAD_PORT: "23306",
        MYRIAD_PEER_SERVICE: "",
        MYRIAD_PEERS: peers.join(" "),
        ...extra,
    });
}

function init(e: Record<string, string>) {
    const started = Date.now();
    const r = spawnSync("bash", [path.join(scriptsSourceDir(), "init.sh")], {
        env: { PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`, STUB_DIR: dir, TMPDIR: dir, HOME: dir, ...e },
        encoding: "utf8",
        timeout: 60000,
    });
    return { code: r.status, err: r.stderr, seconds: (Date.now() - started) / 1000 };
}

/** A peer's answer to init.sh's question: report_host, server_id, GTID set, user schemas. */
function peer(
    host: string,
    port: number | string,
    facts: { reportHost?: string; serverId: number; gtid?: string; schemas?: string },
): void {
    writeFileSync(
        path.join(peersDir, `${host}_${port}.tsv`),
        `${facts.reportHost ?? host}\t${facts.serverId}\t${facts.gtid ?? ""}\t${facts.schemas ?? ""}\n`,
    );
}

function clientCalls(): { args: string; sql: string }[] {
    if (!existsSync(path.join(dir, "client.log"))) return [];
    return readFileSync(path.join(dir, "client.log"), "utf8")
        .split("---\n")
        .filter(Boolean)
        .map((block) => {
            const [first, ...rest] = block.split("\n");
            return { args: first.replace(/^ARGS /, ""), sql: rest.join("\n") };
        });
}

const peerQueries = () => clientCalls().filter((c) => c.args.includes("--protocol=TCP"));

/** The data directory holds nothing (absent, or empty). */
function untouched(): boolean {
    return !existsSync(datadir) || readdirSync(datadir).length === 0;
}

const GTID = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-27";

describe("empty planned primary, local peers (MYRIAD_PEERS)", () => {
    test.each(["mysql", "mariadb"] as Flavor[])(
        "%s: a peer with data -> refused, naming the peer, what it holds and the fixes; nothing written",
        (flavor) => {
            const gtid = flavor === "mariadb" ? "0-100-27" : GTID;
            peer("127.0.0.1", 23307, { serverId: 101 });
            peer("127.0.0.1", 23308, { serverId: 102, gtid, schemas: "app,shop" });
            const r = init(local(flavor, 0, ["127.0.0.1:23306", "127.0.0.1:23307", "127.0.0.1:23308"]));
            expect(r.code).toBe(1);
            expect(r.err).toMatch(
                /FATAL: refusing to initialise an empty data directory as the planned primary: peer\(s\) hold the cluster's data: /,
            );
            expect(r.err).toContain(`127.0.0.1:23308 (report_host 127.0.0.1, server_id 102) holds GTID set ${gtid}; schemas app,shop`);
            expect(r.err).not.toMatch(/23307 \(report_host [^)]*\) holds/);
            expect(r.err).toMatch(
                /Fix: set 'primary:' to the ordinal of an instance that holds the data \(it is adopted, not re-initialised\), or restore this instance's data volume \(claim data-orders-0-0\)/,
            );
            expect(untouched()).toBe(true);
            // Asked as root (root.cnf) over TCP, for the GTID set of the flavour and the user schemas.
            const q = peerQueries();
            expect(q.length).toBeGreaterThanOrEqual(1);
            for (const c of q) {
                expect(c.args).toMatch(new RegExp(`^--defaults-extra-file=${path.join(dir, "secrets", "root.cnf")} `));
                expect(c.sql).toContain(flavor === "mariadb" ? "@@GLOBAL.gtid_current_pos" : "@@GLOBAL.gtid_executed");
                expect(c.sql).toMatch(/NOT IN \('mysql', 'sys', 'performance_schema', 'information_schema'/);
                expect(c.sql).toContain("NOT LIKE '#%'");
            }
            // Never asks itself.
            expect(q.some((c) => c.args.includes("--port=23306"))).toBe(false);
        },
    );

    test("a peer holding only a user schema (no GTID) holds data", () => {
        peer("127.0.0.1", 23307, { serverId: 101, schemas: "legacy" });
        const r = init(local("mysql", 0, ["127.0.0.1:23307"]));
        expect(r.code).toBe(1);
        expect(r.err).toContain("127.0.0.1:23307 (report_host 127.0.0.1, server_id 101) holds schemas legacy");
        expect(untouched()).toBe(true);
    });

    test("a long GTID set is truncated in the message", () => {
        const long = Array.from({ length: 10 }, (_, i) => `3e11fa47-71ca-11e1-9e33-c80aa94295${String(i).padStart(2, "0")}:1-1000`).join(
            ",",
        );
        peer("127.0.0.1", 23307, { serverId: 101, gtid: long });
        const r = init(local("mysql", 0, ["127.0.0.1:23307"]));
        expect(r.code).toBe(1);
        expect(r.err).toContain(`holds GTID set ${long.slice(0, 120)}... (truncated)`);
        expect(r.err).not.toContain(long);
    });

    test.each(["mysql", "mariadb"] as Flavor[])("%s: every peer answers and none holds data -> initialises", (flavor) => {
        peer("127.0.0.1", 23307, { serverId: 101 });
        peer("127.0.0.1", 23308, { serverId: 102 });
        const r = init(local(flavor, 0, ["127.0.0.1:23306", "127.0.0.1:23307", "127.0.0.1:23308"]));
        expect(r.err).toMatch(
            /every peer answered and none holds data \(127\.0\.0\.1:23307 127\.0\.0\.1:23308\); initialising as the planned primary/,
        );
        expect(r.err).toMatch(/bootstrap complete \(initialise\)/);
        expect(r.code).toBe(0);
        expect(existsSync(path.join(datadir, "mysql"))).toBe(true);
        expect(existsSync(path.join(datadir, "myriad-bootstrap.done"))).toBe(true);
    });

    test("no peer exists (first creation) -> initialises without asking anyone", () => {
        const r = init(local("mysql", 0, ["127.0.0.1:23306"]));
        expect(r.code).toBe(0);
        expect(r.err).toMatch(/no peer exists \(MYRIAD_PEERS\); initialising as the planned primary/);
        expect(peerQueries()).toEqual([]);
    });

    test("an unreachable peer -> retried for MYRIAD_PEER_WAIT_SECONDS, then refused ('cannot tell'); nothing written", () => {
        peer("127.0.0.1", 23307, { serverId: 101 });
        const r = init(local("mysql", 0, ["127.0.0.1:23307", "127.0.0.1:23399"], "async", { MYRIAD_PEER_WAIT_SECONDS: "2" }));
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/waiting for peer\(s\) 127\.0\.0\.1:23399 to answer whether they hold data \(attempt 1\): ERROR 2003/);
        expect(r.err).toMatch(
            /FATAL: refusing to initialise an empty data directory as the planned primary: cannot tell whether it holds data: peer\(s\) did not answer within 2s: 127\.0\.0\.1:23399 \(last error: ERROR 2003/,
        );
        expect(r.err).toMatch(/Fix: start it, or take it offline \(offlineInstances\) if it is gone/);
        expect(r.seconds).toBeGreaterThanOrEqual(2);
        expect(r.seconds).toBeLessThan(20);
        expect(untouched()).toBe(true);
        // The peer that answered is asked once; the unreachable one on every attempt.
        const q = peerQueries();
        expect(q.filter((c) => c.args.includes("--port=23307"))).toHaveLength(1);
        expect(q.filter((c) => c.args.includes("--port=23399")).length).toBeGreaterThanOrEqual(2);
    });

    test("a peer holding data ends the wait at once even while another does not answer", () => {
        peer("127.0.0.1", 23307, { serverId: 101, gtid: GTID });
        const r = init(local("mysql", 0, ["127.0.0.1:23399", "127.0.0.1:23307"], "async", { MYRIAD_PEER_WAIT_SECONDS: "30" }));
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/peer\(s\) hold the cluster's data: 127\.0\.0\.1:23307/);
        expect(r.seconds).toBeLessThan(10);
    });

    test("existing data: re-asserted; peers are asked only whether they accept writes (never two writable primaries), not whether they hold data", () => {
        mkdirSync(path.join(datadir, "mysql"), { recursive: true });
        const r = init(local("mysql", 0, ["127.0.0.1:23399"]));
        expect(r.code).toBe(0);
        expect(r.err).toMatch(/existing data directory/);
        expect(r.err).toMatch(/no replication source configured: this instance is the primary already/);
        expect(peerQueries().map((q) => q.sql.trim())).toEqual([
            "SELECT @@GLOBAL.server_id, @@GLOBAL.read_only, @@GLOBAL.super_read_only;",
        ]);
    });

    test("unknown files are refused before peers are asked", () => {
        mkdirSync(datadir);
        writeFileSync(path.join(datadir, "precious.dat"), "x");
        const r = init(local("mysql", 0, ["127.0.0.1:23399"]));
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/refusing to initialise over unknown files/);
        expect(peerQueries()).toEqual([]);
    });

    test("an empty replica seeds from its source: no peer check", () => {
        const r = init(
            local("mysql", 1, ["127.0.0.1:23399"], "async", {
                MYRIAD_SOURCE_HOST: "127.0.0.1",
                MYRIAD_SOURCE_PORT: "23398",
                MYRIAD_SOURCE_WAIT_SECONDS: "1",
            }),
        );
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/waiting for the source 127\.0\.0\.1:23398/);
        expect(r.err).not.toMatch(/peer/);
        expect(peerQueries().every((c) => c.args.includes("--port=23398"))).toBe(true);
    });
});

describe("empty planned primary, Kubernetes peers (headless Service DNS, fake getent)", () => {
    const POD_IP = "10.0.0.5";
    const k8s = (flavor: Flavor, ordinal: number, mode: ReplicationMode = "async", extra: Record<string, string> = {}) =>
        env(flavor, ordinal, mode, { MYRIAD_POD_IP: POD_IP, ...extra });
    /** getent ahosts output: each address three times (STREAM, DGRAM, RAW), the first line with the name. */
    const dns = (...addrs: string[]) =>
        writeFileSync(
            path.join(dir, "getent.out"),
            addrs
                .flatMap((a, i) => [
                    `${a}       STREAM ${i === 0 ? "orders.db.svc.cluster.local" : ""}`.trimEnd(),
                    `${a}       DGRAM`,
                    `${a}       RAW`,
                ])
                .join("\n") + "\n",
        );

    test("the Service name is resolved in the pod's address family; the pod's own address is excluded", () => {
        dns("10.0.0.7", POD_IP, "10.0.0.6");
        peer("10.0.0.6", 3306, { reportHost: "orders-1-0.orders.db.svc.cluster.local", serverId: 101 });
        peer("10.0.0.7", 3306, { reportHost: "orders-2-0.orders.db.svc.cluster.local", serverId: 102 });
        const r = init(k8s("mysql", 0));
        expect(r.code).toBe(0);
        expect(readFileSync(path.join(dir, "getent.log"), "utf8").trim().split("\n")[0]).toBe("ahostsv4 orders.db.svc.cluster.local");
        const hosts = peerQueries()
            .map((c) => /--host=(\S+) --port=(\d+)/.exec(c.args)!.slice(1).join(":"))
            .sort();
        expect(hosts).toEqual(["10.0.0.6:3306", "10.0.0.7:3306"]);
        expect(r.err).toMatch(/every peer answered and none holds data \(10\.0\.0\.6:3306 10\.0\.0\.7:3306\)/);
    });

    test("an IPv6 pod resolves AAAA records", () => {
        dns("fd00::5");
        const r = init(k8s("mysql", 0, "async", { MYRIAD_POD_IP: "fd00::5" }));
        expect(r.code).toBe(0);
        expect(readFileSync(path.join(dir, "getent.log"), "utf8")).toMatch(/^ahostsv6 /);
        expect(r.err).toMatch(/no peer exists \(orders\.db\.svc\.cluster\.local\)/);
    });

    test.each(["mysql", "mariadb"] as Flavor[])("%s: a peer with data -> refused, named by its address and report_host", (flavor) => {
        dns(POD_IP, "10.0.0.6");
        peer("10.0.0.6", 3306, {
            reportHost: "orders-1-0.orders.db.svc.cluster.local",
            serverId: 101,
            gtid: flavor === "mariadb" ? "0-100-9" : GTID,
            schemas: "app",
        });
        const r = init(k8s(flavor, 0));
        expect(r.code).toBe(1);
        expect(r.err).toContain("10.0.0.6:3306 (report_host orders-1-0.orders.db.svc.cluster.local, server_id 101) holds GTID set");
        expect(r.err).toMatch(/set 'primary:' to the ordinal of an instance that holds the data/);
        expect(untouched()).toBe(true);
    });

    test("only this pod behind the Service (first creation) -> initialises", () => {
        dns(POD_IP);
        const r = init(k8s("mysql", 0));
        expect(r.code).toBe(0);
        expect(peerQueries()).toEqual([]);
    });

    test("an unreachable peer -> refused after the bounded wait", () => {
        dns(POD_IP, "10.0.0.9");
        const r = init(k8s("mysql", 0, "async", { MYRIAD_PEER_WAIT_SECONDS: "2" }));
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/cannot tell whether it holds data: peer\(s\) did not answer within 2s: 10\.0\.0\.9:3306/);
        expect(r.err).toMatch(/take it offline \(offlineInstances\)/);
        expect(untouched()).toBe(true);
    });

    test("DNS that does not list this pod yet is not trusted: waits, then refuses", () => {
        dns("10.0.0.6");
        peer("10.0.0.6", 3306, { serverId: 101 });
        const r = init(k8s("mysql", 0, "async", { MYRIAD_PEER_WAIT_SECONDS: "2" }));
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/waiting for the peer Service orders\.db\.svc\.cluster\.local to list this pod \(10\.0\.0\.5\)/);
        expect(r.err).toMatch(/did not list this pod's address 10\.0\.0\.5 within 2s/);
        expect(untouched()).toBe(true);
    });

    test("a name that does not resolve at all is not trusted either", () => {
        const r = init(k8s("mysql", 0, "async", { MYRIAD_PEER_WAIT_SECONDS: "1" }));
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/cannot tell whether peers hold data: the peer Service/);
    });
});

describe("group mode", () => {
    const POD_IP = "10.0.0.5";
    const dns = (...addrs: string[]) =>
        writeFileSync(path.join(dir, "getent.out"), addrs.map((a) => `${a}       STREAM`).join("\n") + "\n");
    const group = (ordinal: number, extra: Record<string, string> = {}) =>
        env("mysql", ordinal, "group", { MYRIAD_POD_IP: POD_IP, ...extra });
    const marker = () => existsSync(path.join(datadir, "myriad-group-bootstrap"));

    test("bootstrap member, a peer holds the group's data -> initialises but never writes the bootstrap marker", () => {
        dns(POD_IP, "10.0.0.6", "10.0.0.7");
        peer("10.0.0.6", 3306, { serverId: 101, gtid: "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:1-40" });
        peer("10.0.0.7", 3306, { serverId: 102 });
        const r = init(group(0));
        expect(r.code).toBe(0);
        expect(r.err).toMatch(/a peer holds the group's data: 10\.0\.0\.6:3306 .*initialising WITHOUT bootstrapping a new group/);
        expect(r.err).toMatch(/not writing .*myriad-group-bootstrap: a peer holds the group's data/);
        expect(existsSync(path.join(datadir, "mysql"))).toBe(true);
        expect(marker()).toBe(false);
    });

    test("bootstrap member, no peer holds data -> bootstrap marker written", () => {
        dns(POD_IP, "10.0.0.6");
        peer("10.0.0.6", 3306, { serverId: 101 });
        const r = init(group(0));
        expect(r.code).toBe(0);
        expect(marker()).toBe(true);
    });

    test("bootstrap member, an unreachable peer -> refused", () => {
        dns(POD_IP, "10.0.0.9");
        const r = init(group(0, { MYRIAD_PEER_WAIT_SECONDS: "1" }));
        expect(r.code).toBe(1);
        expect(r.err).toMatch(
            /refusing to initialise an empty data directory as the group's bootstrap member: cannot tell whether it holds data/,
        );
        expect(untouched()).toBe(true);
    });

    test("other members are unaffected: no peer is asked, no marker", () => {
        dns(POD_IP, "10.0.0.9");
        const r = init(group(1));
        expect(r.code).toBe(0);
        expect(peerQueries()).toEqual([]);
        expect(marker()).toBe(false);
    });
});

describe("configure_source re-asserts GTID auto-positioning", () => {
    const SOURCE = "orders-0-0.orders.db.svc.cluster.local";

    /** SHOW REPLICA/SLAVE STATUS batch output (header + row) with the given positioning value. */
    function status(flavor: Flavor, host: string, port: string, auto: string): void {
        const d = dialectFor(flavor, IMAGES[flavor].split(":")[1]);
        const cols: [string, string][] = [
            [d.colSourceHost, host],
            [d.colSourcePort, port],
            [d.colIoRunning, "No"],
            [d.colAutoPosition, auto],
        ];
        writeFileSync(path.join(dir, "status.tsv"), `${cols.map((c) => c[0]).join("\t")}\n${cols.map((c) => c[1]).join("\t")}\n`);
    }

    const changeStatements = () =>
        clientCalls()
            .map((c) => c.sql)
            .filter((s) => s.includes("CHANGE MASTER TO"));

    type Row = [flavor: Flavor, auto: string, full: boolean];
    test.each<Row>([
        ["mysql", "0", true],
        ["mysql", "1", false],
        ["mariadb", "No", true],
        ["mariadb", "Slave_Pos", false],
        ["mariadb", "Current_Pos", false],
    ])("%s replica of the planned source with positioning %j -> full scope: %s", (flavor, auto, full) => {
        mkdirSync(path.join(datadir, "mysql"), { recursive: true });
        status(flavor, SOURCE, "3306", auto);
        const r = init(env(flavor, 1));
        expect(r.code).toBe(0);
        const [change] = changeStatements();
        expect(change).toBeDefined();
        expect(change).toMatch(/MASTER_USER='myriad_repl', MASTER_PASSWORD='replication-password-value'/);
        const col = flavor === "mariadb" ? "Using_Gtid" : "Auto_Position";
        if (full) {
            expect(r.err).toContain(
                `replication source is ${SOURCE}:3306 as planned, but positioned by binary log file/position (${col}=${auto}): re-asserting the full configuration with GTID auto-positioning`,
            );
            expect(change).toContain(`MASTER_HOST='${SOURCE}', MASTER_PORT=3306`);
            expect(change).toContain(flavor === "mariadb" ? "MASTER_USE_GTID=slave_pos" : "MASTER_AUTO_POSITION=1");
            expect(change.includes("SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_current_pos")).toBe(flavor === "mariadb");
        } else {
            expect(r.err).toMatch(/already .* as planned; refreshing its credentials/);
            expect(change).not.toMatch(/MASTER_HOST|AUTO_POSITION|USE_GTID|gtid_slave_pos/);
        }
    });

    test("another source is re-pointed with the full scope (unchanged behaviour)", () => {
        mkdirSync(path.join(datadir, "mysql"), { recursive: true });
        status("mysql", "orders-2-0.orders.db.svc.cluster.local", "3306", "1");
        const r = init(env("mysql", 1));
        expect(r.code).toBe(0);
        expect(r.err).toMatch(/re-pointing replication from orders-2-0/);
        expect(changeStatements()[0]).toContain(`MASTER_HOST='${SOURCE}'`);
    });
});
