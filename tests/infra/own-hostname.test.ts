/**
 * A local server under its own hostname (infra/local/process.ts): the wrapped command keeps the process id
 * startDetached returns, ends with exactly its own command line, sees the hostname it was given, and leaves the
 * machine's hostname alone; `MYRIAD_LOCAL_OWN_HOSTNAME=0` turns it off; `local status` notes shared hostnames.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { sharedHostnameNote } from "../../infra/cli/local-view";
import type { StatusInstance } from "../../infra/local/status";
import { testWhen } from "../helpers/requires";
import {
    commandLine,
    hostnameOf,
    isAlive,
    OWN_HOSTNAME_ENV,
    ownHostnameSupported,
    startDetached,
    waitForExit,
    withOwnHostname,
} from "../../infra/local/process";

const namespaces = {
    missing: ownHostnameSupported() ? [] : ["root with unshare --uts (a UTS namespace of its own)"],
    install: "run the tests as root on a kernel that allows unshare --uts (CI does)",
};

test("the wrapper: unshare --uts, the hostname set inside, then exec of the command; refuses a non-hostname", () => {
    const w = withOwnHostname("shop-1", "/usr/sbin/mariadbd", ["--defaults-file=/x/my.cnf"]);
    expect(w.file).toBe("unshare");
    expect(w.args.slice(0, 3)).toEqual(["--uts", "bash", "-c"]);
    expect(w.args.slice(4)).toEqual(["shop-1", "/usr/sbin/mariadbd", "--defaults-file=/x/my.cnf"]);
    expect(() => withOwnHostname("bad name; reboot", "x", [])).toThrow(/not a hostname/);
});

test("MYRIAD_LOCAL_OWN_HOSTNAME=0 turns it off", () => {
    expect(ownHostnameSupported({ [OWN_HOSTNAME_ENV]: "0" })).toBe(false);
});

testWhen(
    "the pid is the command's own, its command line its own, its hostname the given one; the machine's unchanged",
    namespaces,
    async () => {
        const machine = os.hostname();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-uts-"));
        const w = withOwnHostname("uts-probe-7", "sleep", ["30"]);
        const p = startDetached(w.file, w.args, path.join(dir, "log"), { PATH: process.env.PATH ?? "/usr/bin:/bin" });
        try {
            const deadline = Date.now() + 10000;
            while (commandLine(p.pid)?.[0] !== "sleep" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
            expect(commandLine(p.pid)).toEqual(["sleep", "30"]);
            expect(hostnameOf(p.pid)).toBe("uts-probe-7");
            expect(os.hostname()).toBe(machine);
            expect(hostnameOf(process.pid)).toBe(machine);
            process.kill(p.pid, "SIGKILL");
            expect(await waitForExit(p.pid, 10000)).toBe(true);
            expect(isAlive(p.pid)).toBe(false);
        } finally {
            if (isAlive(p.pid)) process.kill(p.pid, "SIGKILL");
            fs.rmSync(dir, { recursive: true, force: true });
        }
    },
);

test("status notes instances that share a hostname, and only those", () => {
    const inst = (name: string, hostname: string | null) => ({ name, hostname }) as StatusInstance;
    expect(sharedHostnameNote([inst("a-0", "a-0"), inst("a-1", "a-1"), inst("a-2", null)])).toBe("");
    const note = sharedHostnameNote([inst("a-0", "vm"), inst("a-1", "vm"), inst("a-2", "a-2")]);
    expect(note).toContain("note: a-0, a-1 share the hostname 'vm'");
    expect(note).not.toContain("a-2");
});
