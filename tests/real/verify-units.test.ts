/**
 * The pure parts of verify and of the local runner, without servers: MariaDB errant-transaction rules,
 * option-file credentials and their precedence, the checks' findings, endpoint parsing, binary choice.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { chooseBinary, parseBanner, type ServerBinary } from "../../infra/local/binaries";
import { localSection, instancePaths } from "../../infra/local/instance";
import { checkInstance, checkServerIdsUnique, exitCodeOf, type VerifyTarget } from "../../infra/verify/checks";
import { checksumSelect } from "../../infra/verify/checksum";
import { credentialsFromFile, optionValue, parseOptionFile, resolveCredentials } from "../../infra/verify/credentials";
import { mariaErrant, parseMariaGtids } from "../../infra/verify/gtid";
import { normaliseReplicaStatus, type InstanceFacts } from "../../infra/verify/inspect";
import { parseHostPort, targetsFromEndpoints } from "../../infra/verify/targets";
import { planClusters } from "../../components/planner/plan";
import { removeDir, scratchDir } from "./harness";

describe("MariaDB errant transactions", () => {
    it("parses GTID lists", () => {
        expect(parseMariaGtids("0-100-7,1-200-3")).toEqual([
            { domain: 0, server: 100, seq: 7 },
            { domain: 1, server: 200, seq: 3 },
        ]);
        expect(parseMariaGtids("")).toEqual([]);
        expect(() => parseMariaGtids("0-100")).toThrow(/not a MariaDB GTID/);
    });

    it("a replica behind its source has none", () => {
        expect(mariaErrant({ binlogState: "0-100-5", currentPos: "0-100-5" }, { binlogState: "0-100-9", currentPos: "0-100-9" })).toEqual(
            [],
        );
    });

    it("a local write on the replica (its own server_id) is errant even when the source's sequence is higher", () => {
        const e = mariaErrant({ binlogState: "0-100-5,0-102-6", currentPos: "0-102-6" }, { binlogState: "0-100-9", currentPos: "0-100-9" });
        expect(e.map((x) => x.gtid)).toEqual(["0-102-6"]);
        expect(e[0].why).toMatch(/nothing from server 102/);
    });

    it("a replica ahead of the source in a domain is errant; an unknown domain too", () => {
        expect(
            mariaErrant({ binlogState: "", currentPos: "0-100-12" }, { binlogState: "0-100-9", currentPos: "0-100-9" }).map((x) => x.gtid),
        ).toEqual(["0-100-12"]);
        expect(mariaErrant({ binlogState: "", currentPos: "3-100-1" }, { binlogState: "0-100-9", currentPos: "0-100-9" })[0].why).toMatch(
            /no position in domain 3/,
        );
    });
});

describe("credentials", () => {
    let dir: string;
    beforeEach(() => {
        dir = scratchDir("cred");
    });
    afterEach(() => removeDir(dir));

    it("reads quoted and bare option-file values like the mysql client", () => {
        expect(optionValue(' "a\\"b#c" ')).toBe('a"b#c');
        expect(optionValue("'x y'")).toBe("x y");
        expect(optionValue("plain # comment")).toBe("plain");
        expect(parseOptionFile('[client]\nuser = u\npassword="p w"\n[mysqld]\nport=1\n')).toEqual({
            client: { user: "u", password: "p w" },
            mysqld: { port: "1" },
        });
    });

    it("takes --credentials first, then MYRIAD_USER/MYRIAD_PASSWORD, then DIR/client.cnf", () => {
        const file = path.join(dir, "a.cnf");
        fs.writeFileSync(file, "[client]\nuser=fileuser\npassword=filepw\n");
        const local = path.join(dir, "client.cnf");
        fs.writeFileSync(local, '[client]\nuser=root\npassword="localpw"\nhost=127.0.0.1\n');
        const env = { MYRIAD_USER: "envuser", MYRIAD_PASSWORD: "envpw" };
        expect(resolveCredentials({ credentialsFile: file, localClientCnf: local }, env)).toEqual(
            expect.objectContaining({ user: "fileuser", password: "filepw" }),
        );
        expect(resolveCredentials({ localClientCnf: local }, env)).toEqual(expect.objectContaining({ user: "envuser", password: "envpw" }));
        expect(resolveCredentials({ localClientCnf: local }, {})).toEqual(expect.objectContaining({ user: "root", password: "localpw" }));
        expect(() => resolveCredentials({}, {})).toThrow(/no credentials/);
        fs.writeFileSync(file, "[mysqld]\nuser=x\n");
        expect(() => credentialsFromFile(file)).toThrow(/no 'user' in a \[client\] group/);
    });
});

function target(over: Partial<VerifyTarget> = {}): VerifyTarget {
    return {
        cluster: "c",
        name: "c-1",
        ordinal: 1,
        role: "replica",
        serverId: 101,
        flavor: "mysql",
        version: "5.7.29",
        plannedVersion: "5.7.29",
        host: "127.0.0.1",
        port: 3307,
        reportHost: "c-1-0.c.default.svc.cluster.local",
        source: "c-0",
        sourceAddresses: ["c-0-0.c.default.svc.cluster.local:3306"],
        maxLagSeconds: 30,
        ...over,
    };
}

function facts(over: Partial<InstanceFacts> = {}): InstanceFacts {
    return {
        versionText: "5.7.29-log",
        version: "5.7.29",
        flavor: "mysql",
        serverId: 101,
        reportHost: "c-1-0.c.default.svc.cluster.local",
        readOnly: true,
        superReadOnly: true,
        gtidExecuted: "",
        replica: {
            sourceHost: "c-0-0.c.default.svc.cluster.local",
            sourcePort: 3306,
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
        ...over,
    };
}

describe("checks", () => {
    it("a healthy replica has no finding", () => {
        expect(checkInstance(target(), facts())).toEqual([]);
    });

    it("names what was expected and what was seen", () => {
        const f = checkInstance(
            target(),
            facts({
                serverId: 100,
                superReadOnly: false,
                reportHost: "other",
                replica: {
                    ...facts().replica!,
                    sourceHost: "elsewhere",
                    ioRunning: "No",
                    lastIoErrno: 1593,
                    lastIoError: "equal MySQL server ids",
                    gtidPositioning: false,
                },
            }),
        );
        expect(f).toEqual([
            { cluster: "c", instance: "c-1", check: "server_id", expected: "101", seen: "100" },
            { cluster: "c", instance: "c-1", check: "report_host", expected: "c-1-0.c.default.svc.cluster.local", seen: "other" },
            {
                cluster: "c",
                instance: "c-1",
                check: "super_read_only",
                expected: "super_read_only=ON (writes refused even to SUPER)",
                seen: "super_read_only=OFF",
            },
            {
                cluster: "c",
                instance: "c-1",
                check: "replication_source",
                expected: "c-0 at c-0-0.c.default.svc.cluster.local:3306",
                seen: "elsewhere:3306",
            },
            {
                cluster: "c",
                instance: "c-1",
                check: "gtid_positioning",
                expected: "MASTER_AUTO_POSITION=1",
                seen: "binlog file/position replication",
            },
            {
                cluster: "c",
                instance: "c-1",
                check: "io_thread",
                expected: "IO thread running (Yes)",
                seen: "No, error 1593: equal MySQL server ids",
            },
        ]);
    });

    it("marks lag and a still-connecting IO thread as transient, errors not", () => {
        const lag = checkInstance(target(), facts({ replica: { ...facts().replica!, lag: 31 } }));
        expect(lag).toEqual([expect.objectContaining({ check: "lag", seen: "31 s", transient: true })]);
        const connecting = checkInstance(target(), facts({ replica: { ...facts().replica!, ioRunning: "Connecting" } }));
        expect(connecting[0].transient).toBe(true);
        const refused = checkInstance(
            target(),
            facts({ replica: { ...facts().replica!, ioRunning: "Connecting", lastIoErrno: 1045, lastIoError: "Access denied" } }),
        );
        expect(refused[0].transient).toBeUndefined();
    });

    it("a primary must be writable and replicate from nobody", () => {
        const t = target({ name: "c-0", role: "primary", serverId: 100, source: null, sourceAddresses: [], reportHost: "h" });
        expect(checkInstance(t, facts({ serverId: 100, reportHost: "h", readOnly: false, superReadOnly: false, replica: null }))).toEqual(
            [],
        );
        const f = checkInstance(t, facts({ serverId: 100, reportHost: "h", readOnly: true, superReadOnly: true }));
        expect(f.map((x) => x.check)).toEqual(["writable", "writable", "primary_replicating"]);
    });

    it("server_id collisions are reported on every instance involved; unreachable means exit 2", () => {
        const t0 = target({ name: "c-0", role: "primary", serverId: 100 });
        const t5 = target({ name: "c-5", serverId: 105 });
        const f = checkServerIdsUnique(
            [t0, target(), t5],
            new Map([
                ["c-0", facts({ serverId: 100 })],
                ["c-1", facts()],
                ["c-5", facts({ serverId: 100 })],
            ]),
        );
        expect(f.map((x) => `${x.instance}: ${x.seen}`)).toEqual([
            "c-0: server_id 100 is also used by c-5",
            "c-5: server_id 100 is also used by c-0",
        ]);
        expect(exitCodeOf(f)).toBe(1);
        expect(exitCodeOf([...f, { cluster: "c", instance: "c-1", check: "reachable", expected: "", seen: "" }])).toBe(2);
        expect(exitCodeOf([])).toBe(0);
    });

    it("reads either spelling of the replication status columns", () => {
        const legacy = normaliseReplicaStatus({
            Master_Host: "h",
            Master_Port: "3306",
            Slave_IO_Running: "Yes",
            Slave_SQL_Running: "No",
            Seconds_Behind_Master: null,
            Last_IO_Errno: "0",
            Last_SQL_Errno: "1062",
            Last_SQL_Error: "dup",
            Master_Server_Id: "100",
            Auto_Position: "1",
        });
        const modern = normaliseReplicaStatus({
            Source_Host: "h",
            Source_Port: 3306,
            Replica_IO_Running: "Yes",
            Replica_SQL_Running: "No",
            Seconds_Behind_Source: null,
            Last_IO_Errno: 0,
            Last_SQL_Errno: 1062,
            Last_SQL_Error: "dup",
            Source_Server_Id: 100,
            Auto_Position: 1,
        });
        expect(modern).toEqual(legacy);
        expect(normaliseReplicaStatus({ Using_Gtid: "Slave_Pos" }).gtidPositioning).toBe(true);
        expect(normaliseReplicaStatus({ Using_Gtid: "No" }).gtidPositioning).toBe(false);
    });
});

describe("endpoints and targets", () => {
    it("parses host:port", () => {
        expect(parseHostPort("127.0.0.1:3306")).toEqual({ host: "127.0.0.1", port: 3306 });
        expect(parseHostPort("[::1]:13306")).toEqual({ host: "::1", port: 13306 });
        expect(parseHostPort("nohost")).toBeUndefined();
        expect(parseHostPort("h:99999")).toBeUndefined();
    });

    it("expects the planned DNS names of a real cluster and requires every online instance", () => {
        const { plans } = planClusters([
            {
                name: "orders",
                serverIdBase: 100,
                offlineInstances: [1],
                templates: [{ name: "main", image: "mysql:8.0.36", replicas: 2, ordinals: { start: 0, end: 3 } }],
            },
        ]);
        const t = targetsFromEndpoints(
            plans,
            new Map([
                ["orders-0", { host: "127.0.0.1", port: 13306 }],
                ["orders-2", { host: "127.0.0.1", port: 13308 }],
            ]),
        );
        expect(t.map((x) => x.name)).toEqual(["orders-0", "orders-2"]);
        expect(t[1]).toEqual(
            expect.objectContaining({
                reportHost: "orders-2-0.orders.default.svc.cluster.local",
                source: "orders-0",
                serverId: 102,
                sourceAddresses: ["orders-0-0.orders.default.svc.cluster.local:3306", "127.0.0.1:13306"],
            }),
        );
        expect(() => targetsFromEndpoints(plans, new Map([["orders-0", { host: "h", port: 1 }]]))).toThrow(/no endpoint for orders-2/);
        const group = planClusters([{ name: "g", mode: "group", templates: [{ name: "main", image: "mysql:8.0.36", replicas: 3 }] }]).plans;
        expect(() => targetsFromEndpoints(group, new Map())).toThrow(/mode 'group': myriad verify does not check Group Replication yet/);
    });
});

describe("local binaries and the local my.cnf section", () => {
    const maria: ServerBinary = {
        flavor: "mariadb",
        version: "10.11.19",
        series: "10.11",
        mysqld: "/usr/sbin/mariadbd",
        options: {},
        origin: "PATH",
        banner: "",
    };
    const my57: ServerBinary = {
        flavor: "mysql",
        version: "5.7.29",
        series: "5.7",
        mysqld: "/x/server/mysqld",
        options: { basedir: "/x/server", "lc-messages-dir": "/x/server/share/mysql" },
        origin: "npm",
        banner: "",
    };

    it("parses version banners", () => {
        expect(parseBanner("/usr/sbin/mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)")).toEqual({
            flavor: "mariadb",
            version: "10.11.19",
        });
        expect(parseBanner("mysqld  Ver 5.7.29 for Linux on x86_64 (MySQL Community Server (GPL))")).toEqual({
            flavor: "mysql",
            version: "5.7.29",
        });
        expect(parseBanner("mysqld  Ver 8.0.36-28 for Linux on x86_64 (Percona Server (GPL), Release 28)")).toEqual({
            flavor: "percona",
            version: "8.0.36",
        });
    });

    it("serves a template only from the same family and series, reporting a patch difference", () => {
        expect(chooseBinary([maria, my57], "mariadb", "10.11.19")).toEqual({ ok: true, binary: maria, difference: undefined });
        const patch = chooseBinary([maria, my57], "mariadb", "10.11.6");
        expect(patch.ok && patch.difference).toBe("runs 10.11.19 in place of the planned 10.11.6 (patch difference)");
        const refused = chooseBinary([maria, my57], "mysql", "8.4.3");
        expect(refused.ok).toBe(false);
        expect(!refused.ok && refused.message).toMatch(
            /no local server binary of the mysql 8\.4 series.*Available: mariadb 10\.11\.19 \(PATH: \/usr\/sbin\/mariadbd\); mysql 5\.7\.29/,
        );
        expect(chooseBinary([maria], "mysql", "10.11.19").ok).toBe(false);
    });

    it("appends only what a server outside its container needs", () => {
        const p = instancePaths("/run", "c", "c-0");
        const s = localSection(my57, p, { bufferPool: "16M" });
        expect(s).toContain("basedir = /x/server\n");
        expect(s).toContain("lc_messages_dir = /x/server/share/mysql\n");
        expect(s).toContain("innodb_buffer_pool_size = 16M\n");
        expect(s).not.toMatch(/server_id|report_host|read_only|gtid/);
    });

    it("checksums rows like pt-table-checksum (CRC32 per row, BIT_XOR, null flags)", () => {
        expect(
            checksumSelect([
                { name: "id", dataType: "int", nullable: false, columnType: "int(11)" },
                { name: "v", dataType: "varchar", nullable: true, columnType: "varchar(20)" },
            ]),
        ).toBe(
            "COUNT(*) AS cnt, COALESCE(LOWER(CONV(BIT_XOR(CAST(CRC32(CONCAT_WS('#', `id`, `v`, CONCAT(ISNULL(`v`)))) AS UNSIGNED)), 10, 16)), '0') AS crc",
        );
    });
});
