/**
 * What `myriad local up` and `myriad local status` print: the instances of a local run (infra/local/status.ts)
 * as a table.
 */
import Table from "cli-table3";
import type { StatusInstance } from "../local/status";

/** The status as a table. */
export function statusTable(instances: readonly StatusInstance[]): string {
    const t = new Table({
        head: ["NAME", "ROLE", "SOURCE", "SERVER ID", "VERSION", "ENDPOINT", "PID", "METRICS", "STATE"],
        style: { head: [], border: [] },
    });
    for (const i of instances) {
        const state = (!i.running ? "stopped" : i.ready ? "ready" : `not ready: ${i.reason ?? "?"}`) + (i.outside ? ` (${i.outside})` : "");
        const version =
            i.version === i.plannedVersion ? `${i.flavor} ${i.version}` : `${i.flavor} ${i.version} (planned ${i.plannedVersion})`;
        const metrics = i.metricsPort === null ? "-" : `http://${i.host}:${i.metricsPort}/metrics`;
        t.push([i.name, i.role, i.source ?? "-", i.serverId, version, `${i.host}:${i.port}`, i.pid ?? "-", metrics, state]);
    }
    return t.toString();
}
