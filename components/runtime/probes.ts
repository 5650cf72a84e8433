/**
 * Kubernetes probe and lifecycle objects of the mysqld container (plain objects shaped like the core/v1
 * `Probe` and `LifecycleHandler`). The checks themselves live in probe.sh; docs/probes.md explains each one.
 */
import type { ClusterPlan, InstancePlan } from "../planner/types";
import { SCRIPTS_DIR } from "./contract";

/** A core/v1 `Probe` with an exec handler. */
export interface ExecProbe {
    exec: { command: string[] };
    initialDelaySeconds: number;
    periodSeconds: number;
    timeoutSeconds: number;
    failureThreshold: number;
    successThreshold: number;
}

/** The three probes of the mysqld container. */
export interface ProbeSpecs {
    startup: ExecProbe;
    liveness: ExecProbe;
    readiness: ExecProbe;
}

/**
 * Probe timings. Startup: every 10 s for up to 1 hour (360 failures), enough for InnoDB crash recovery of a
 * large redo log or for a replica catching up after seeding; liveness is only checked after startup succeeded.
 * Liveness: restart after 6 missed answers (1 minute) so that a server busy under load is not killed.
 * Readiness: every 5 s, out of the Services after 2 failures (10 s), back after 1 success.
 */
export const PROBE_TIMINGS = {
    startup: { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 360, successThreshold: 1 },
    liveness: { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6, successThreshold: 1 },
    readiness: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 2, successThreshold: 1 },
} as const;

/** `["bash", "/opt/myriad/bin/<file>", ...args]`. */
export function scriptCommand(file: string, ...args: string[]): string[] {
    return ["bash", `${SCRIPTS_DIR}/${file}`, ...args];
}

/**
 * The startup, liveness and readiness probes of `inst`'s mysqld container. The probe script reads the
 * version-dependent statements and column names from the container's MYRIAD_* environment
 * (`instanceEnv`), so the objects are the same for every version; `plan` and `inst` are taken so that the
 * signature can carry version-specific timings without changing callers.
 */
export function probeSpecs(_plan: ClusterPlan, _inst: InstancePlan): ProbeSpecs {
    const probe = (kind: keyof typeof PROBE_TIMINGS): ExecProbe => ({
        exec: { command: scriptCommand("probe.sh", kind) },
        ...PROBE_TIMINGS[kind],
    });
    return { startup: probe("startup"), liveness: probe("liveness"), readiness: probe("readiness") };
}

/**
 * The mysqld container's `lifecycle`: post-start.sh starts replication (replicas) or Group Replication
 * (group members) once mysqld answers. Required: the rendered my.cnf sets skip_replica_start and
 * group_replication_start_on_boot=OFF, so without this hook replication never starts.
 */
export function lifecycleSpec(_plan: ClusterPlan, _inst: InstancePlan): { postStart: { exec: { command: string[] } } } {
    return { postStart: { exec: { command: scriptCommand("post-start.sh") } } };
}

/** Command of the init container that prepares the data directory. */
export function initCommand(): string[] {
    return scriptCommand("init.sh");
}

/** The seeding endpoint's command (the `seed` sidecar): `seed-donor.sh listen` (docs/runtime.md#physical-seeding). */
export function seedCommand(): string[] {
    return [...scriptCommand("seed-donor.sh"), "listen"];
}
