/**
 * The local runner's peers (infra/local/instance.ts): MYRIAD_PEERS lists only the other online instances that
 * exist (data in their local data directory, or a running mysqld), never this instance or offline ones, and
 * MYRIAD_PEER_SERVICE is cleared (no cluster DNS outside Kubernetes). A first `local up` starts the primary
 * before any replica exists, so its init.sh sees no peer and initialises.
 */
import { spawn } from "child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { planOrThrow } from "../../components/planner/plan";
import { instancePaths, localEnv, localPeers, dataDirHoldsData } from "../../infra/local/instance";

const plan = planOrThrow({
    name: "shop",
    flavor: "mariadb",
    offlineInstances: [1],
    templates: [{ name: "main", image: "mariadb:10.11.6", replicas: 3 }],
});
// Each instance on its own loopback address, as `myriad local up` places them.
const ports = new Map([
    [0, { host: "127.0.0.2", port: 24000 }],
    [2, { host: "127.0.0.4", port: 24002 }],
    [3, { host: "127.0.0.5", port: 24003 }],
]);
let root = "";
beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "myriad-local-peers-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const paths = (name: string) => instancePaths(root, "shop", name);
const inst = (ordinal: number) => plan.instances.find((i) => i.ordinal === ordinal)!;

test("first up: no other instance exists yet, so the primary has no peer", () => {
    expect(localPeers(plan, inst(0), ports, paths("shop-0"))).toBe("");
    const env = localEnv(
        plan,
        inst(0),
        ports,
        "/usr/sbin/mariadbd",
        paths("shop-0"),
        path.join(root, "secrets"),
        path.join(root, "scripts"),
    );
    expect(env.MYRIAD_PEERS).toBe("");
    // Its own address: report_host, the probes' address and the bind address.
    expect([env.MYRIAD_HOST, env.MYRIAD_LOCAL_ADDRESS]).toEqual(["127.0.0.2", "127.0.0.2"]);
    expect(localEnv(plan, inst(2), ports, "/usr/sbin/mariadbd", paths("shop-2"), root, root)).toEqual(
        expect.objectContaining({ MYRIAD_HOST: "127.0.0.4", MYRIAD_SOURCE_HOST: "127.0.0.2", MYRIAD_SOURCE_PORT: "24000" }),
    );
    expect(env.MYRIAD_PEER_SERVICE).toBe("");
    expect(Number(env.MYRIAD_PEER_WAIT_SECONDS)).toBeGreaterThan(0);
});

test("instances whose data directory holds data are peers; self, offline and empty ones are not", () => {
    mkdirSync(path.join(paths("shop-0").dataDir, "mysql"), { recursive: true });
    mkdirSync(path.join(paths("shop-1").dataDir, "mysql"), { recursive: true }); // offline: a retained claim, no pod
    mkdirSync(paths("shop-2").dataDir, { recursive: true });
    writeFileSync(path.join(paths("shop-2").dataDir, "myriad-bootstrap.done"), "method=logical\n");
    mkdirSync(path.join(paths("shop-3").dataDir, ".myriad-staging"), { recursive: true }); // seeding, holds nothing yet
    writeFileSync(path.join(paths("shop-3").dataDir, "myriad-bootstrap.pending"), "");
    expect(localPeers(plan, inst(0), ports, paths("shop-0"))).toBe("127.0.0.4:24002");
    expect(localPeers(plan, inst(3), ports, paths("shop-3"))).toBe("127.0.0.2:24000 127.0.0.4:24002");
    expect(dataDirHoldsData(paths("shop-3").dataDir)).toBe(false);
});

test("an instance whose mysqld runs (pid file naming a live process of that instance) is a peer", () => {
    // A stand-in server: a process whose command line names the instance's my.cnf (as mysqld --defaults-file=...).
    const p2 = paths("shop-2");
    mkdirSync(p2.dir, { recursive: true });
    const child = spawn("bash", ["-c", "sleep 30; true", `--defaults-file=${p2.config}`], { stdio: "ignore" });
    try {
        writeFileSync(path.join(p2.dir, "mysqld.pid"), `${child.pid}\n`);
        expect(localPeers(plan, inst(0), ports, paths("shop-0"))).toBe("127.0.0.4:24002");
        writeFileSync(path.join(p2.dir, "mysqld.pid"), `${process.pid}\n`); // a live pid of something else
        expect(localPeers(plan, inst(0), ports, paths("shop-0"))).toBe("");
    } finally {
        child.kill("SIGKILL");
    }
});
