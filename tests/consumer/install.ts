/**
 * A consumer's project with the package installed as a dependency the way users install it: `npm pack` of this
 * checkout (dist/ as built) and `npm install` of the tarball into a temporary copy of tests/consumer/program/
 * (its own package.json, Pulumi.yaml, stack files; index.ts.txt becomes index.ts). The package then lives in
 * `node_modules/myriad` as real files, not a symlink, so module resolution and ts-node's node_modules rule
 * apply exactly as in a user's project. The install needs the npm registry (or a warm npm cache) for the
 * dependencies; it takes about a minute.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { requireBuilt, ROOT, tempDir } from "../cli/run-cli";

/** The fixture copied into the consumer's directory. */
export const CONSUMER_FIXTURE = path.join(__dirname, "program");

/** An installed consumer project. */
export interface Consumer {
    /** The project directory (package.json, Pulumi.yaml, index.ts, node_modules/). */
    dir: string;
    cleanup(): void;
}

function npm(args: string[], cwd: string): string {
    const r = spawnSync("npm", args, { cwd, encoding: "utf8", timeout: 300_000 });
    if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed in ${cwd} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
}

function copyDir(from: string, to: string): void {
    fs.mkdirSync(to, { recursive: true });
    for (const e of fs.readdirSync(from, { withFileTypes: true })) {
        const src = path.join(from, e.name);
        const dst = path.join(to, e.name.replace(/\.ts\.txt$/, ".ts"));
        if (e.isDirectory()) copyDir(src, dst);
        else fs.copyFileSync(src, dst);
    }
}

/** Packs this checkout and installs it into a fresh copy of the consumer fixture. */
export function installConsumer(): Consumer {
    requireBuilt();
    const t = tempDir("myriad-consumer-installed-");
    try {
        const packed = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", t.dir, ROOT], t.dir)) as {
            filename: string;
        }[];
        const dir = path.join(t.dir, "project");
        copyDir(CONSUMER_FIXTURE, dir);
        const pkgFile = path.join(dir, "package.json");
        const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { dependencies: Record<string, string> };
        pkg.dependencies.myriad = `file:../${path.basename(packed[0].filename)}`;
        fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
        npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], dir);
        return { dir, cleanup: t.cleanup };
    } catch (e) {
        t.cleanup();
        throw e;
    }
}
