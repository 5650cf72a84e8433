/**
 * The seeding endpoint of a local instance (`seed-donor.sh`, the pods' `seed` sidecar): started beside every
 * instance whose image carries a physical backup tool, on its own loopback address and a free port, with the
 * instance's environment. A new replica's init.sh streams a donor's physical backup from it
 * (docs/runtime.md#physical-seeding). Tracked by process id like the exporters; the cluster's script path on
 * its command line (bash, then socat after `exec`) identifies it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isAlive, ownsProcess, startDetached, stopProcess } from "./process";
import type { LocalInstance } from "./state";

/** The endpoint script of the cluster of an instance (`<dir>/<cluster>/scripts/seed-donor.sh`): its process marker. */
export function seedScript(scripts: string): string {
    return path.join(scripts, "seed-donor.sh");
}

/** True when the recorded pid still runs a seeding endpoint of this instance's cluster. */
export function seedEndpointRunning(li: LocalInstance, scripts: string): boolean {
    return li.seedPid !== null && li.seedPid !== undefined && ownsProcess(li.seedPid, seedScript(scripts));
}

/** Starts the instance's endpoint (detached, output to `seed.log`) unless it runs already; records its pid. */
export function startSeedEndpoint(li: LocalInstance, scripts: string, env: Record<string, string>): number {
    if (seedEndpointRunning(li, scripts)) return li.seedPid!;
    if (li.seedPort === null || li.seedPort === undefined) throw new Error(`${li.name} has no seeding port`);
    // An instance new to the run (`local apply`) has no directory before its first step.
    fs.mkdirSync(li.dir, { recursive: true });
    const p = startDetached(
        seedScript(scripts),
        ["listen"],
        path.join(li.dir, "seed.log"),
        { ...env, MYRIAD_SEED_PORT: String(li.seedPort), MYRIAD_SEED_BIND: li.host },
        li.dir,
    );
    li.seedPid = p.pid;
    return p.pid;
}

/** Stops the instance's endpoint by its recorded pid (only when it is still ours). */
export async function stopSeedEndpoint(li: LocalInstance, scripts: string): Promise<string> {
    const pid = li.seedPid;
    if (pid === null || pid === undefined || !isAlive(pid)) return "not-running";
    const outcome = await stopProcess(pid, seedScript(scripts), 10000);
    li.seedPid = null;
    return outcome;
}
