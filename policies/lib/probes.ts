/**
 * What a container's probes run: the exec command, plus the text of the mounted script files it runs and the
 * files those scripts `source` (the component's `bash /opt/myriad/bin/probe.sh readiness` sources lib.sh from
 * the same ConfigMap). HTTP and TCP probes have no text to inspect.
 */
import { arr, at, hasUnknownItems, obj, str } from "./resources";
import { mountedFiles, type ContainerRef, type MysqlWorkload, type StackIndex } from "./workloads";

/** The kinds of probes Kubernetes runs. */
export type ProbeKind = "startupProbe" | "livenessProbe" | "readinessProbe";

/** One probe of a container. */
export interface ProbeView {
    present: boolean;
    /** `exec`, `httpGet`, `tcpSocket`, `grpc`, or undefined when absent. */
    handler?: string;
    /** The exec command and the scripts it runs (empty for other handlers). */
    text: string;
    /** Part of the command or of a script it runs is unknown until deploy (preview). */
    incomplete?: boolean;
}

/** Reads one probe of a container, resolving the scripts it runs. */
export function probeOf(w: MysqlWorkload, c: ContainerRef, kind: ProbeKind, index: StackIndex): ProbeView {
    const p = obj(at(c.spec, kind));
    if (!p) return { present: false, text: "" };
    const handler = ["exec", "httpGet", "tcpSocket", "grpc"].find((h) => obj(at(p, h)) !== undefined);
    if (handler !== "exec") return { present: true, handler, text: "" };
    const rawCommand = at(p, "exec", "command");
    let incomplete = hasUnknownItems(rawCommand);
    const command = arr(rawCommand)
        .map((x) => str(x) ?? "")
        .join(" ");
    const files = mountedFiles(w.podTemplate, c, w.namespace, index);
    const tokens = new Set(command.split(/[\s;|&()"'`]+/).filter(Boolean));
    const parts = [command];
    const seen = new Set<string>();
    const include = (f: (typeof files)[number]) => {
        const id = `${f.configMap}/${f.key}`;
        if (seen.has(id)) return;
        if (f.content === undefined) {
            incomplete = true;
            return;
        }
        seen.add(id);
        parts.push(f.content);
        // Files the script sources: `source X` or `. X`, matched by base name within the same ConfigMap.
        for (const m of f.content.matchAll(/(?:^|[\s;])(?:source|\.)\s+["']?([^\s"';]+)/g)) {
            const base = m[1].split("/").pop();
            for (const g of files) if (g.configMap === f.configMap && g.path.split("/").pop() === base) include(g);
        }
    };
    for (const f of files) if (tokens.has(f.path)) include(f);
    return { present: true, handler, text: parts.join("\n"), incomplete };
}

/** The probe text checks both replication threads (IO/connection and SQL/applier). */
export function checksReplicationThreads(text: string): boolean {
    const io = /io_running|replication_connection_status/i.test(text);
    const sql = /sql_running|replication_applier_status/i.test(text);
    return io && sql;
}

/** The probe text checks the member's Group Replication state. */
export function checksGroupMembership(text: string): boolean {
    return /replication_group_members/i.test(text) && /member_state/i.test(text);
}
