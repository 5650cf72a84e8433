/**
 * A failed script's summary leads with the server's own error line: a server refusing an option prints it once,
 * then pages of generic advice ("Installation of system tables failed!").
 */
import { failureTail } from "../../infra/local/instance";

const INSTALL_DB = [
    "2026-12-01 10:55:33 0 [ERROR] /usr/sbin/mariadbd: unknown variable 'max_connections_x=1'",
    "2026-12-01 10:55:33 0 [ERROR] Aborting",
    "",
    "Installation of system tables failed!  Examine the logs in",
    ...Array.from({ length: 30 }, (_, i) => `advice line ${i}`),
    "2026-12-01T10:54:33Z myriad shop/0 init: FATAL: initialisation failed",
].join("\n");

test("the server's error lines come first, then the last lines", () => {
    const t = failureTail(INSTALL_DB);
    expect(t.split("\n")[0]).toBe("server error: 2026-12-01 10:55:33 0 [ERROR] /usr/sbin/mariadbd: unknown variable 'max_connections_x=1'");
    expect(t).toContain("FATAL: initialisation failed");
    expect(t).not.toContain("advice line 0\n");
});

test("lines already marked by init.sh are not marked twice, and repeats are shown once", () => {
    const t = failureTail(`server error: 0 [ERROR] unknown option '--x'\n0 [ERROR] unknown option '--x'\nlast`);
    expect(t.split("\n")[0]).toBe("server error: 0 [ERROR] unknown option '--x'");
    expect(t.split("\n...\n")[0].match(/server error: /g)).toHaveLength(1);
});

test("without an error line, only the last lines", () => {
    expect(failureTail("a\nb\nc", 2)).toBe("b\nc");
});

test("runScript hands over the scripts' log lines as they come (local up's progress)", async () => {
    const { runScript } = await import("../../infra/local/instance");
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-progress-"));
    fs.writeFileSync(
        path.join(dir, "s.sh"),
        'echo "2026-01-01T00:00:00Z myriad shop/1 init: waiting for a peer" >&2\nsleep 0.3\necho noise\necho "2026-01-01T00:00:01Z myriad shop/1 init: seeding from shop-0" >&2\n',
    );
    const seen: { line: string; at: number }[] = [];
    const start = Date.now();
    const r = await runScript(dir, "s.sh", [], { PATH: process.env.PATH ?? "" }, undefined, 10000, undefined, (line) =>
        seen.push({ line, at: Date.now() - start }),
    );
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(0);
    expect(seen.map((s) => s.line)).toEqual(["init: waiting for a peer", "init: seeding from shop-0"]);
    // The first line arrived before the script went on (not in a burst at the end).
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(200);
});
