/**
 * `myriad local stop|start|restart NAME`: one instance of a local run, the way Kubernetes handles one pod.
 *
 * - `stop`: clean shutdown of the mysqld that runs the instance (SIGTERM; the pod deleted, or scaled away).
 * - `start`: a new pod on the instance's data: `init.sh` (re-asserts accounts, role and source, or seeds an
 *   empty data directory), then mysqld, then `post-start.sh`; then it waits up to `waitSeconds` (60) for this
 *   instance's readiness probe, and for no other instance.
 * - `restart`: `stop`, then `start` (a new pod).
 * - `restart --crash`: what the kubelet does after the mysqld container crashed: SIGKILL, then mysqld and
 *   `post-start.sh` again, **without** `init.sh` (init containers do not run again on a container restart);
 *   InnoDB crash recovery and, on a replica, relay log recovery happen in mysqld itself.
 *
 * The state file is brought up to date first (a process that died or was started by hand is recorded as
 * such, `reconcileState`) and changed only for this instance (`updateInstances`), so operations on different
 * instances may run at the same time. Refused while `local up` or `local down` works on the directory.
 */
import { lookup, openRun, probeInstance, reconcileState, startInstance, stopInstance, killInstance, type ProbeResult } from "./runtime";
import { isAlive } from "./process";
import { dirLockHolder, lockDir } from "./state";

/** An operation on one instance. */
export type InstanceOperation = "stop" | "start" | "restart" | "restart-crash";

/** What an operation did. */
export interface OperationResult {
    instance: string;
    /** Lines describing each step, in order. */
    steps: string[];
    /** The readiness probe after a start (null after a stop). */
    readiness: ProbeResult | null;
}

/** Thrown for an operation that cannot be carried out (unknown instance, directory busy); nothing was changed. */
export class OperationRefused extends Error {
    constructor(message: string) {
        super(message);
        this.name = "OperationRefused";
    }
}

/** Runs `operation` on instance `name` of the local run in `dir`. A failing start step throws `StartError`. */
export async function operateInstance(
    dir: string,
    name: string,
    operation: InstanceOperation,
    opts: { timeoutSeconds?: number; waitSeconds?: number; log?: (line: string) => void } = {},
): Promise<OperationResult> {
    const run = openRun(dir);
    if (!run) throw new OperationRefused(`no local run in ${dir} ('myriad local up' creates one)`);
    let li;
    try {
        li = lookup(run, name).li;
    } catch (e) {
        throw new OperationRefused((e as Error).message);
    }
    const busy = dirLockHolder(dir);
    if (busy !== undefined)
        throw new OperationRefused(`${dir} is in use by 'myriad local up' or 'down' (pid ${busy}); wait for it to finish`);
    const release = (() => {
        try {
            return lockDir(li.dir);
        } catch (e) {
            throw new OperationRefused(`${name}: ${(e as Error).message.replace(li.dir, "this instance")}`);
        }
    })();
    const steps: string[] = [];
    const log = (line: string) => {
        steps.push(line);
        opts.log?.(line);
    };
    try {
        for (const changed of reconcileState(dir, run.state))
            if (changed.name === name && changed.outside)
                log(
                    changed.outside.event === "exited"
                        ? `${name}: mysqld (pid ${changed.outside.pid}) is no longer running (it died or was stopped outside myriad local)`
                        : `${name}: mysqld runs as pid ${changed.outside.pid}, started outside myriad local; recorded`,
                );
        const timeoutMs = (opts.timeoutSeconds ?? 300) * 1000;
        const stop = async () => {
            if (li.pid === null) return log(`${name}: not running`);
            const pid = li.pid;
            const r = await stopInstance(run, name);
            log(`${name}: ${r === "not-running" ? "not running" : `${r} (pid ${pid})`}`);
        };
        const start = async (withInit: boolean) => {
            if (li.pid !== null) return log(`${name}: already running (pid ${li.pid})`);
            await startInstance(run, name, { withInit, timeoutMs, log });
        };
        switch (operation) {
            case "stop":
                await stop();
                return { instance: name, steps, readiness: null };
            case "start":
                await start(true);
                break;
            case "restart":
                await stop();
                await start(true);
                break;
            case "restart-crash": {
                const pid = li.pid;
                if (pid === null) log(`${name}: not running; starting it as a crashed container restarts (no init.sh)`);
                else log(`${name}: ${(await killInstance(run, name)) ? "killed with SIGKILL" : "could not be killed"} (pid ${pid})`);
                await start(false);
                break;
            }
        }
        const deadline = Date.now() + (opts.waitSeconds ?? 60) * 1000;
        let readiness = await probeInstance(run, name, "readiness");
        while (!readiness.ok && Date.now() < deadline && isAlive(li.pid!)) {
            await new Promise((r) => setTimeout(r, 500));
            readiness = await probeInstance(run, name, "readiness");
        }
        log(`${name}: ${readiness.ok ? "ready" : `not ready yet: ${readiness.reason}`}`);
        return { instance: name, steps, readiness };
    } finally {
        release();
    }
}
