/**
 * Output of `myriad verify`: a readable summary (instance table, then one line per finding, then the
 * checksum table) or the JSON document:
 *
 *   {"healthy", "exitCode", "instances": [{"cluster","name","role","endpoint","reachable","error"?,
 *     "version"?,"flavor"?,"serverId"?,"reportHost"?,"readOnly"?,"superReadOnly"?,"replication"?,"gtidExecuted"?,
 *     "errant"?,"findings"}],
 *    "findings": [{"cluster","instance","check","expected","seen"}],
 *    "checksum"?: [{"cluster","primary","compared","notCompared","tables":[{"schema","table","chunks","rows","diffs","unstable","unstableWhy","behind"}]}],
 *    "notes": [...]}
 */
import { fitTable, outputWidth, tableWithDropped, wrapParts, wrapText } from "./table";
import type { VerifyReport } from "../verify/verify";
import { tableVerdict } from "../verify/checksum";

/** The JSON document of a verify report. */
export function reportJson(r: VerifyReport): unknown {
    return {
        healthy: r.healthy,
        exitCode: r.exitCode,
        instances: r.instances.map((i) => ({
            cluster: i.cluster,
            name: i.name,
            role: i.role,
            endpoint: i.endpoint,
            reachable: i.reachable,
            ...(i.error ? { error: i.error } : {}),
            ...(i.facts
                ? {
                      version: i.facts.versionText,
                      flavor: i.facts.flavor,
                      serverId: i.facts.serverId,
                      reportHost: i.facts.reportHost,
                      readOnly: i.facts.readOnly,
                      superReadOnly: i.facts.superReadOnly,
                      replication: i.facts.replica,
                      gtidExecuted: i.facts.gtidExecuted,
                  }
                : {}),
            ...(i.errant ? { errant: i.errant } : {}),
            findings: i.findings,
        })),
        findings: r.findings,
        ...(r.checksum ? { checksum: r.checksum } : {}),
        notes: r.notes,
    };
}

function replicationCell(i: VerifyReport["instances"][number]): string {
    const r = i.facts?.replica;
    if (!i.facts) return "-";
    if (!r) return i.role === "primary" ? "(primary)" : "not configured";
    const lag = r.lag === null ? "lag ?" : `lag ${r.lag}s`;
    return `${r.sourceHost}:${r.sourcePort} IO ${r.ioRunning} SQL ${r.sqlRunning} ${lag}`;
}

/** Columns of the instance table, and the ones dropped first to fit the width: VERSION, READ ONLY, SERVER ID, ENDPOINT. */
const INSTANCE_HEAD = ["INSTANCE", "ROLE", "ENDPOINT", "VERSION", "SERVER ID", "READ ONLY", "REPLICATION", "STATUS"];
const INSTANCE_DROP = [3, 5, 4, 2];

/** The readable report: the tables fitted to the width like every table of the CLI (./table.ts). */
export function reportText(r: VerifyReport): string {
    const rows = r.instances.map((i) => {
        const f = i.facts;
        const ro = f ? `${f.readOnly ? "ON" : "OFF"}${f.superReadOnly === null ? "" : ` (super ${f.superReadOnly ? "ON" : "OFF"})`}` : "-";
        const status = !i.reachable ? `UNREACHABLE: ${i.error ?? ""}` : i.findings ? `${i.findings} finding(s)` : "OK";
        return [i.name, i.role, i.endpoint, f?.versionText ?? "-", f?.serverId ?? "-", ro, replicationCell(i), status];
    });
    const lines = [tableWithDropped(fitTable(INSTANCE_HEAD, rows, { drop: INSTANCE_DROP }))];
    if (r.findings.length) {
        lines.push("", "Findings:");
        for (const f of r.findings)
            lines.push(wrapText(`${f.instance}: ${f.check}: expected ${f.expected}; seen ${f.seen}`, outputWidth(), "  "));
    }
    if (r.checksum) {
        const rows: unknown[][] = [];
        for (const cl of r.checksum) {
            for (const tb of cl.tables) {
                const skipped = cl.notCompared.map((x) => x.instance);
                const verdict = tableVerdict(tb, cl.compared);
                const result = skipped.length
                    ? `${verdict === "identical" ? `identical on ${cl.compared.join(", ") || "no replica"}` : verdict}; NOT COMPARED on ${skipped.join(", ")}`
                    : verdict;
                rows.push([cl.cluster, `${tb.schema}.${tb.table}`, tb.chunks, tb.rows, result]);
            }
        }
        const checksum = fitTable(["CLUSTER", "TABLE", "CHUNKS", "ROWS", "RESULT"], rows, { drop: [2, 3] });
        lines.push("", `Checksum (against each cluster's primary):`, tableWithDropped(checksum));
    }
    for (const n of r.notes) lines.push(wrapParts([`note: ${n}`], outputWidth()));
    lines.push(
        "",
        r.healthy
            ? "healthy: the cluster matches the plan"
            : r.exitCode === 2
              ? "cannot verify: some instances are unreachable"
              : `unhealthy: ${r.findings.length} finding(s)`,
    );
    return `${lines.join("\n")}\n`;
}
