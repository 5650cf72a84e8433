/**
 * Where the Myriad package is installed. Its own module, without the YAML reader of ./load.ts, because
 * `myriad --version` needs it and nothing else.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The root of the Myriad package (the directory of its package.json), found from this file's location. */
export function packageRoot(): string {
    let dir = __dirname;
    for (;;) {
        const pkg = path.join(dir, "package.json");
        if (fs.existsSync(pkg)) {
            try {
                if ((JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: unknown }).name === "myriad") return dir;
            } catch {
                // not ours; keep walking up
            }
        }
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error(`cannot find the myriad package root above ${__dirname}`);
        dir = parent;
    }
}
