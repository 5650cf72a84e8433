/**
 * Detached server processes keep none of the caller's file descriptors: a pipe handed to `myriad` (fd 3 here)
 * must not stay open in a server that outlives the command, or whoever waits on that pipe waits for the server.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { commandLine, isAlive } from "../../infra/local/process";
import { ROOT, requireBuilt, tempDir } from "../cli/run-cli";

test("a process started by startDetached has only stdin, stdout and stderr, and its own command line", () => {
    requireBuilt();
    const t = tempDir("myriad-fds-");
    const log = path.join(t.dir, "out.log");
    const script = `const { startDetached } = require(${JSON.stringify(path.join(ROOT, "dist", "infra", "local", "process.js"))});
        const p = startDetached("sleep", ["30"], ${JSON.stringify(log)}, process.env);
        process.stdout.write(String(p.pid));`;
    // fd 3 is a pipe of this test, inherited by the node process (not close-on-exec there).
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe", "pipe"], timeout: 20_000 });
    const pid = Number(r.stdout);
    try {
        expect(r.status).toBe(0);
        expect(isAlive(pid)).toBe(true);
        // The wrapper exec'd the command: same pid, the command line the ownership check expects.
        let argv = commandLine(pid);
        for (let i = 0; i < 50 && argv?.[0] !== "sleep"; i++) {
            spawnSync("sleep", ["0.1"]);
            argv = commandLine(pid);
        }
        expect(argv).toEqual(["sleep", "30"]);
        expect(fs.readdirSync(`/proc/${pid}/fd`).sort()).toEqual(["0", "1", "2"]);
    } finally {
        if (pid > 0) process.kill(pid, "SIGKILL");
        t.cleanup();
    }
});
