/**
 * `myriad local` and `myriad verify` at the command line, without starting a cluster: refusals that name
 * the available binaries, the JSON shape of an empty status, `down` leaving alone a process whose pid was
 * recorded but no longer runs our server, and verify's exit codes for bad input (2) and unreachable
 * instances (2).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../infra/cli/main";
import { runLocalDown, runLocalStatus, runLocalUp } from "../../infra/cli/local";
import { runVerify } from "../../infra/cli/verify";
import { CliError } from "../../infra/base/exit";
import { isAlive } from "../../infra/local/process";
import { freePort } from "../../infra/local/ports";
import { writeState, type LocalState } from "../../infra/local/state";
import { describeReal, mariadb, mysql57, removeDir, scratchDir } from "./harness";
import { captureIo, FIXTURES, writeConfig } from "./cluster";

jest.setTimeout(60000);

describeReal("myriad local / verify at the command line", ["mariadb", "mysql57"], () => {
    let dir: string;
    beforeEach(() => {
        dir = scratchDir("cli");
    });
    afterEach(() => removeDir(dir));

    it("refuses a template whose series has no local binary, naming the binaries that are available", async () => {
        const cfg = writeConfig(dir, "eight.yaml", [{ name: "orders", templates: [{ name: "main", image: "mysql:8.0.36", replicas: 2 }] }]);
        const io = captureIo();
        const code = await runLocalUp({ config: cfg, dir: path.join(dir, "run"), format: "text" }, io);
        expect(code).toBe(2);
        expect(io.stderr).toMatch(/orders-0 \(template 'main', mysql 8\.0\.36\): no local server binary of the mysql 8\.0 series/);
        expect(io.stderr).toContain(`mariadb ${mariadb!.version}`);
        expect(io.stderr).toContain(`mysql ${mysql57!.version}`);
        expect(fs.existsSync(path.join(dir, "run", "state.json"))).toBe(false);
    });

    it("refuses Group Replication and reports invalid configurations with exit 2", async () => {
        const group = writeConfig(dir, "group.yaml", [
            { name: "g", mode: "group", templates: [{ name: "main", image: "mysql:5.7.29", replicas: 3 }] },
        ]);
        const io = captureIo();
        expect(await runLocalUp({ config: group, dir: path.join(dir, "run"), format: "text" }, io)).toBe(2);
        expect(io.stderr).toMatch(/mode 'group' \(Group Replication\) is not run by myriad local/);
        const bad = writeConfig(dir, "bad.yaml", [
            { name: "x", templates: [{ name: "main", image: "mariadb:10.11.6", replicas: 1, config: { server_id: 7 } }] },
        ]);
        const io2 = captureIo();
        expect(await runLocalUp({ config: bad, dir: path.join(dir, "run"), format: "text" }, io2)).toBe(2);
        expect(io2.stderr).toMatch(/server_id.*managed by the component/);
    });

    it("status of a directory without a run is an empty list in JSON", async () => {
        const io = captureIo();
        expect(await runLocalStatus({ dir, format: "json" }, io)).toBe(0);
        expect(JSON.parse(io.stdout)).toEqual({ instances: [] });
    });

    it("down signals only processes that still run the recorded instance's my.cnf", async () => {
        const other = spawn("sleep", ["60"], { detached: true, stdio: "ignore" });
        try {
            const state: LocalState = {
                format: 1,
                createdAt: "",
                updatedAt: "",
                sourceDescription: "test",
                clusters: [],
                maxLagSeconds: {},
                instances: [
                    {
                        cluster: "c",
                        namespace: "default",
                        name: "c-0",
                        ordinal: 0,
                        template: "main",
                        serverId: 100,
                        role: "primary",
                        source: null,
                        host: "127.0.0.1",
                        port: 1,
                        pid: other.pid!,
                        flavor: "mariadb",
                        plannedVersion: "10.11.6",
                        version: "10.11.6",
                        binaryFlavor: "mariadb",
                        binary: "/usr/sbin/mariadbd",
                        dir: path.join(dir, "c", "c-0"),
                        dataDir: path.join(dir, "c", "c-0", "data"),
                        config: path.join(dir, "c", "c-0", "my.cnf"),
                        log: path.join(dir, "c", "c-0", "mysqld.log"),
                    },
                ],
            };
            writeState(dir, state);
            const io = captureIo();
            expect(await runLocalDown({ dir }, io)).toBe(0);
            expect(io.stderr).toMatch(/c-0: pid \d+ no longer runs this instance's mysqld \(it exited outside myriad local\); left alone/);
            expect(isAlive(other.pid!)).toBe(true);
        } finally {
            other.kill("SIGKILL");
        }
    });

    it("verify: no target or a mismatched endpoints file is bad input; an unreachable instance exits 2", async () => {
        await expect(runVerify({ format: "json" }, captureIo())).rejects.toThrow(CliError);
        const fixture = path.join(FIXTURES, "mysql57.yaml");
        const eps = path.join(dir, "endpoints.yaml");
        fs.writeFileSync(eps, "legacy-0: 127.0.0.1:1\nlegacy-9: 127.0.0.1:2\n");
        await expect(runVerify({ endpoints: eps, config: fixture, format: "json" }, captureIo())).rejects.toThrow(
            /'legacy-9' is not an online instance.*no endpoint for legacy-1/,
        );
        const [p0, p1, p2] = [await freePort(), await freePort(), await freePort()];
        fs.writeFileSync(eps, `legacy-0: 127.0.0.1:${p0}\nlegacy-1: "127.0.0.1:${p1}"\nlegacy-2: { host: 127.0.0.1, port: ${p2} }\n`);
        const cred = path.join(dir, "cred.cnf");
        fs.writeFileSync(cred, '[client]\nuser=root\npassword="x"\n', { mode: 0o600 });
        const io = captureIo();
        const code = await runVerify({ endpoints: eps, config: fixture, credentials: cred, wait: "0", format: "json" }, io);
        expect(code).toBe(2);
        const doc = JSON.parse(io.stdout);
        expect(doc.findings.map((f: { instance: string; check: string }) => `${f.instance} ${f.check}`)).toEqual([
            "legacy-0 reachable",
            "legacy-1 reachable",
            "legacy-2 reachable",
        ]);
        expect(io.stderr).toMatch(/credentials from option file/);
        expect(io.stdout + io.stderr).not.toContain("password");
    });

    it("the commands are registered on the myriad command line", async () => {
        const writes: string[] = [];
        const spy = jest.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
            writes.push(String(s));
            return true;
        });
        try {
            const code = await main(["node", "myriad", "local", "status", "--dir", dir, "--format", "json"]);
            expect(code).toBe(0);
        } finally {
            spy.mockRestore();
            process.exitCode = undefined;
        }
        expect(JSON.parse(writes.join(""))).toEqual({ instances: [] });
    });
});
