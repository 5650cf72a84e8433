/**
 * The bootstrap and probe scripts (keys of the `<cluster>-scripts` ConfigMap). The sources are real files in
 * `components/runtime/scripts/*.sh` (so they can be linted, run and tested as such); this module reads them
 * relative to the package (the `components/` directory ships with the package, see package.json `files`),
 * which works from the TypeScript sources and from the compiled `dist/`.
 */
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import type { ClusterPlan } from "../planner/types";

/**
 * The script files, in ConfigMap key order. The entry points (init.sh, post-start.sh, probe.sh, seed-donor.sh, and
 * backup.sh and binlog-ship.sh of a cluster with backups) source lib.sh, and init.sh its concerns (accounts,
 * bootstrap, promotion, replication, seeding), the backup scripts backup-lib.sh, from their own directory: every
 * file one sources must be here (tests/runtime/scripts.test.ts checks it).
 */
export const SCRIPT_FILES = [
    "accounts.sh",
    "backup-lib.sh",
    "backup.sh",
    "binlog-ship.sh",
    "bootstrap.sh",
    "init.sh",
    "lib.sh",
    "post-start.sh",
    "probe.sh",
    "promotion.sh",
    "replication.sh",
    "restore.sh",
    "seed-donor.sh",
    "seeding.sh",
] as const;

/** A script file name. */
export type ScriptFile = (typeof SCRIPT_FILES)[number];

/**
 * Directory holding the script sources: next to this module when running from `components/runtime`; from a
 * compiled copy (`dist/components/runtime`), the nearest ancestor directory holding
 * `components/runtime/scripts` (the package root).
 */
export function scriptsSourceDir(): string {
    const candidates = [path.join(__dirname, "scripts")];
    for (let dir = path.resolve(__dirname, ".."); ; dir = path.dirname(dir)) {
        candidates.push(path.join(dir, "components", "runtime", "scripts"));
        if (path.dirname(dir) === dir) break;
    }
    const found = candidates.find((dir) => existsSync(path.join(dir, "init.sh")));
    if (!found)
        throw new Error(
            `Myriad scripts not found next to ${__dirname} or in any ancestor's components/runtime/scripts (is the package's components/ directory present?)`,
        );
    return found;
}

let cache: Record<ScriptFile, string> | undefined;

/** The unmodified script sources. */
export function scriptSources(): Record<ScriptFile, string> {
    if (!cache) {
        const dir = scriptsSourceDir();
        const out = {} as Record<ScriptFile, string>;
        for (const f of SCRIPT_FILES) out[f] = readFileSync(path.join(dir, f), "utf8");
        cache = out;
    }
    return cache;
}

/**
 * The scripts ConfigMap data of a cluster: every script with a header naming the cluster after the shebang.
 * The scripts carry no per-instance or per-version content (that comes from `instanceEnv`), so all instances
 * of a cluster share them and the ConfigMap changes only when Myriad's scripts do.
 */
export function renderScripts(plan: ClusterPlan): Record<string, string> {
    const sources = scriptSources();
    const out: Record<string, string> = {};
    for (const f of SCRIPT_FILES) {
        const text = sources[f];
        const nl = text.indexOf("\n");
        const shebang = text.slice(0, nl + 1);
        out[f] =
            `${shebang}# Rendered by Myriad for cluster '${plan.name}' (namespace '${plan.namespace}'); do not edit.\n${text.slice(nl + 1)}`;
    }
    return out;
}
