/**
 * What `myriad local up` and `myriad local status` print: the instances of a local run (infra/local/status.ts)
 * as a table.
 */
import { fitTable } from "./table";
import type { StatusInstance } from "../local/status";

/** The status as a table. */
export function statusTable(instances: readonly StatusInstance[]): string {
    const rows: unknown[][] = [];
    for (const i of instances) {
        const state = (!i.running ? "stopped" : i.ready ? "ready" : `not ready: ${i.reason ?? "?"}`) + (i.outside ? ` (${i.outside})` : "");
        const version =
            i.version === i.plannedVersion ? `${i.flavor} ${i.version}` : `${i.flavor} ${i.version} (planned ${i.plannedVersion})`;
        const metrics = i.metricsPort === null ? "-" : `http://127.0.0.1:${i.metricsPort}/metrics`;
        rows.push([i.name, i.role, i.source ?? "-", i.serverId, version, `${i.host}:${i.port}`, i.pid ?? "-", metrics, state]);
    }
    // Dropped first: PID, SERVER ID, VERSION, METRICS; the state (with its reason) wraps.
    return (
        fitTable(["NAME", "ROLE", "SOURCE", "SERVER ID", "VERSION", "ENDPOINT", "PID", "METRICS", "STATE"], rows, { drop: [6, 3, 4, 7] })
            .text + sharedHostnameNote(instances)
    );
}

/**
 * A note when running instances share a hostname (no UTS namespace here: not root, or no `unshare`), since tools
 * that name servers by `@@hostname` (pt-table-checksum) then print them alike; empty otherwise.
 */
export function sharedHostnameNote(instances: readonly StatusInstance[]): string {
    const byHost = new Map<string, string[]>();
    for (const i of instances) if (i.hostname) byHost.set(i.hostname, [...(byHost.get(i.hostname) ?? []), i.name]);
    const shared = [...byHost].filter(([, names]) => names.length > 1);
    return shared
        .map(
            ([host, names]) =>
                `\nnote: ${names.join(", ")} share the hostname '${host}' (own hostnames need root and unshare --uts), so tools that name servers by @@hostname (pt-table-checksum) print them alike; their report_host addresses still differ`,
        )
        .join("");
}
