/**
 * `myriad local down`: stops exactly the processes a local run started, by the process ids recorded in
 * DIR/state.json (each checked to still run that instance's my.cnf before it is signalled) and their metrics
 * exporters (each checked to still run with that instance's exporter.cnf) and seeding endpoints, then removes
 * the run's files (data directories, secrets, client.cnf, state) unless `keep`. With `keep`, a later
 * `local up` on the same DIR restarts the instances on their data.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Io } from "../base/io";
import { stopServer } from "./instance";
import { reconcileState } from "./runtime";
import { stopExporter } from "./exporter";
import { stopSeedEndpoint } from "./seed-endpoint";
import { scriptsDir } from "./instance";
import { CLIENT_CNF, lockDir, LOCK_FILE, SECRETS_DIRNAME, STATE_FILE, writeState, type LocalState } from "./state";

/** What `down` did per instance. */
export interface DownResult {
    stopped: { name: string; pid: number | null; outcome: string }[];
    removed: boolean;
}

/** Stops every instance of `state`; removes DIR's run files unless `keep`. */
export async function localDown(dir: string, state: LocalState, keep: boolean, io: Io): Promise<DownResult> {
    const release = lockDir(dir);
    const stopped: DownResult["stopped"] = [];
    try {
        // What runs now, whoever started it (a mysqld restarted by hand is stopped too; one that died is not signalled).
        for (const li of reconcileState(dir, state)) {
            if (li.outside?.event === "exited")
                io.err(
                    `${li.name}: pid ${li.outside.pid} no longer runs this instance's mysqld (it exited outside myriad local); left alone\n`,
                );
            else if (li.outside?.event === "adopted")
                io.err(`${li.name}: mysqld runs as pid ${li.outside.pid}, started outside myriad local\n`);
        }
        // All at once (each is a clean shutdown; replicas resume from their crash-safe position on the next up).
        // In the state's order, whichever stops first (the caller prints one line per instance).
        stopped.push(
            ...(await Promise.all(state.instances.map(async (i) => ({ name: i.name, pid: i.pid, outcome: await stopServer(i) })))),
        );
        await Promise.all(state.instances.map((i) => stopExporter(i)));
        await Promise.all(state.instances.map((i) => stopSeedEndpoint(i, scriptsDir(dir, i.cluster))));
        if (keep) {
            for (const i of state.instances) i.pid = null;
            writeState(dir, state);
            return { stopped, removed: false };
        }
        const clusters = new Set(state.instances.map((i) => i.cluster));
        for (const c of clusters) fs.rmSync(path.join(dir, c), { recursive: true, force: true });
        for (const f of [SECRETS_DIRNAME, CLIENT_CNF, STATE_FILE]) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
        return { stopped, removed: true };
    } finally {
        release();
        if (!keep) {
            fs.rmSync(path.join(dir, LOCK_FILE), { force: true });
            try {
                fs.rmdirSync(dir);
            } catch {
                // DIR holds other files: leave it
            }
        }
    }
}
