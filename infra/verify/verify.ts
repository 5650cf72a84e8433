/**
 * `myriad verify`: connects to every online instance of the plan with mysql2 and checks the live cluster
 * against it (see ./checks.ts for each check, ./checksum.ts for `--checksum`).
 *
 * Waiting: verify polls (once a second, progress on stderr) while the only findings are transient ones
 * (an instance not reachable yet, lag above the threshold, an IO thread still connecting without error),
 * up to `waitSeconds`; any other finding ends the wait at once. The result is the last round's findings.
 * Exit: 0 healthy, 1 drift or unhealthy, 2 an instance cannot be reached (or bad input, in the CLI).
 */
import type { Flavor } from "../../components/spec/types";
import { checkInstance, checkServerIdsUnique, checkSourceIdentity, exitCodeOf, type Finding, type VerifyTarget } from "./checks";
import { checksumCluster, type ChecksumOptions, type TableChecksum } from "./checksum";
import type { Credentials } from "./credentials";
import { mariaErrant } from "./gtid";
import { connect, inspect, mysqlErrant, rows, text, type Connection, type InstanceFacts } from "./inspect";

/** Options of a verify run. */
export interface VerifyOptions {
    targets: VerifyTarget[];
    credentials: Credentials;
    /** Seconds to keep polling while only transient findings remain. Default 30. */
    waitSeconds?: number;
    /** Compare row data across instances (`--checksum`); false or undefined: no. */
    checksum?: ChecksumOptions | false;
    /** Progress lines (stderr in the CLI). */
    progress?: (line: string) => void;
    /** Connect timeout per attempt, ms. Default 3000. */
    connectTimeoutMs?: number;
}

/** What verify saw of one instance. */
export interface InstanceReport {
    cluster: string;
    name: string;
    role: string;
    endpoint: string;
    reachable: boolean;
    error?: string;
    facts?: InstanceFacts;
    /** Errant GTIDs (replicas). */
    errant?: string;
    findings: number;
}

/** The result of a verify run. */
export interface VerifyReport {
    healthy: boolean;
    exitCode: 0 | 1 | 2;
    rounds: number;
    instances: InstanceReport[];
    findings: Finding[];
    /**
     * Per cluster, when `--checksum` ran: the replicas compared, and those not compared with the reason (an
     * SQL thread that is not running: their rows stop at the failed transaction, so no position is reached).
     */
    checksum?: {
        cluster: string;
        primary: string;
        compared: string[];
        notCompared: { instance: string; reason: string }[];
        tables: TableChecksum[];
    }[];
    /** Remarks that are not findings (for example a local run on another patch level). */
    notes: string[];
}

function sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
}

function errText(e: unknown): string {
    const err = e as { code?: string; message?: string };
    return err.code ? `${err.code}: ${err.message}` : String(err.message ?? e);
}

/** Open connections by instance name; reconnects lost ones. */
class Pool {
    private conns = new Map<string, Connection>();
    constructor(
        private readonly cred: Credentials,
        private readonly timeoutMs: number,
    ) {}

    async get(t: VerifyTarget): Promise<Connection> {
        const have = this.conns.get(t.name);
        if (have) return have;
        const c = await connect(t.host, t.port, this.cred, this.timeoutMs);
        c.on("error", () => this.drop(t.name));
        this.conns.set(t.name, c);
        return c;
    }

    drop(name: string): void {
        const c = this.conns.get(name);
        this.conns.delete(name);
        c?.destroy();
    }

    async close(): Promise<void> {
        await Promise.all([...this.conns.values()].map((c) => c.end().catch(() => c.destroy())));
        this.conns.clear();
    }
}

interface Round {
    findings: Finding[];
    instances: InstanceReport[];
    facts: Map<string, InstanceFacts>;
}

async function round(targets: readonly VerifyTarget[], pool: Pool): Promise<Round> {
    const facts = new Map<string, InstanceFacts>();
    const errors = new Map<string, string>();
    await Promise.all(
        targets.map(async (t) => {
            try {
                const c = await pool.get(t);
                facts.set(t.name, await inspect(c));
            } catch (e) {
                pool.drop(t.name);
                errors.set(t.name, errText(e));
            }
        }),
    );
    const findings: Finding[] = [];
    const errant = new Map<string, string>();
    for (const t of targets) {
        const fa = facts.get(t.name);
        if (!fa) {
            findings.push({
                cluster: t.cluster,
                instance: t.name,
                check: "reachable",
                expected: `accepts connections on ${t.host}:${t.port}`,
                seen: errors.get(t.name) ?? "no answer",
                transient: true,
            });
            continue;
        }
        findings.push(...checkInstance(t, fa));
        const src = t.source ? targets.find((x) => x.name === t.source && x.cluster === t.cluster) : undefined;
        findings.push(...checkSourceIdentity(t, fa, src));
        // Errant transactions: the replica's executed set must be contained in its source's.
        if (src && facts.has(src.name)) {
            try {
                const sc = await pool.get(src);
                let extra = "";
                if (fa.flavor === "mariadb") {
                    const [now] = await rows<Record<string, unknown>>(
                        sc,
                        "SELECT @@GLOBAL.gtid_binlog_state AS st, @@GLOBAL.gtid_current_pos AS cur, @@GLOBAL.gtid_slave_pos AS sp",
                    );
                    const list = mariaErrant(
                        { binlogState: fa.gtidBinlogState ?? "", currentPos: fa.gtidExecuted },
                        { binlogState: text(now.st), currentPos: text(now.cur), slavePos: text(now.sp) },
                    );
                    extra = list.map((x) => `${x.gtid} (${x.why})`).join(", ");
                } else {
                    extra = fa.gtidExecuted ? await mysqlErrant(sc, fa.gtidExecuted) : "";
                }
                if (extra) {
                    errant.set(t.name, extra);
                    findings.push({
                        cluster: t.cluster,
                        instance: t.name,
                        check: "errant_transactions",
                        expected: `executed GTIDs contained in ${src.name}'s`,
                        seen: `not on ${src.name}: ${extra}`,
                    });
                }
            } catch (e) {
                pool.drop(src.name);
                findings.push({
                    cluster: t.cluster,
                    instance: src.name,
                    check: "reachable",
                    expected: `accepts connections on ${src.host}:${src.port}`,
                    seen: errText(e),
                    transient: true,
                });
            }
        }
    }
    findings.push(...checkServerIdsUnique(targets, facts));
    const instances: InstanceReport[] = targets.map((t) => ({
        cluster: t.cluster,
        name: t.name,
        role: t.role,
        endpoint: `${t.host}:${t.port}`,
        reachable: facts.has(t.name),
        ...(errors.has(t.name) ? { error: errors.get(t.name) } : {}),
        ...(facts.has(t.name) ? { facts: facts.get(t.name) } : {}),
        ...(errant.has(t.name) ? { errant: errant.get(t.name) } : {}),
        findings: findings.filter((x) => x.instance === t.name && x.cluster === t.cluster).length,
    }));
    return { findings, instances, facts };
}

function summary(findings: readonly Finding[]): string {
    return findings.map((x) => `${x.instance} ${x.check}: ${x.seen}`).join("; ");
}

/** Runs verify (see the module comment). Never throws for an unreachable server: that is a finding. */
export async function verify(opts: VerifyOptions): Promise<VerifyReport> {
    const progress = opts.progress ?? (() => undefined);
    const pool = new Pool(opts.credentials, opts.connectTimeoutMs ?? 3000);
    const deadline = Date.now() + (opts.waitSeconds ?? 30) * 1000;
    const notes: string[] = [];
    for (const t of opts.targets) {
        if (t.version !== t.plannedVersion)
            notes.push(
                `${t.name} runs ${t.flavor} ${t.version} locally in place of the planned ${t.plannedVersion} (patch difference reported by 'myriad local up'); checked against ${t.version}`,
            );
    }
    try {
        let r: Round;
        let n = 0;
        for (;;) {
            n++;
            r = await round(opts.targets, pool);
            const waiting = r.findings.length > 0 && r.findings.every((x) => x.transient);
            if (!waiting || Date.now() >= deadline) break;
            progress(`verify: waiting (${Math.max(0, Math.ceil((deadline - Date.now()) / 1000))} s left): ${summary(r.findings)}`);
            await sleep(1000);
        }
        const findings = r.findings.map(({ transient: _t, ...rest }) => rest as Finding);
        let checksum: VerifyReport["checksum"];
        if (opts.checksum && !findings.some((x) => x.check === "reachable")) {
            checksum = [];
            const clusters = [...new Set(opts.targets.map((t) => t.cluster))];
            for (const cluster of clusters) {
                const ts = opts.targets.filter((t) => t.cluster === cluster);
                const primary = ts.find((t) => t.role === "primary");
                if (!primary) continue;
                const flavor: Flavor = r.facts.get(primary.name)?.flavor ?? primary.flavor;
                progress(`verify: checksumming cluster ${cluster} (primary ${primary.name}, ${ts.length - 1} replica(s))`);
                // A replica whose SQL thread does not run never reaches the primary's position: it is reported at
                // once with the cause, not waited for table after table.
                const notCompared: { instance: string; reason: string }[] = [];
                for (const t of ts) {
                    if (t.name === primary.name) continue;
                    const rs = r.facts.get(t.name)?.replica;
                    if (!rs) notCompared.push({ instance: t.name, reason: "replication is not configured" });
                    else if (rs.sqlRunning !== "Yes")
                        notCompared.push({
                            instance: t.name,
                            reason: `its SQL thread is not running (${rs.sqlRunning}${rs.lastSqlErrno ? `, Last_SQL_Errno=${rs.lastSqlErrno}: ${rs.lastSqlError}` : ""})`,
                        });
                }
                const skipped = new Set(notCompared.map((x) => x.instance));
                for (const x of notCompared) {
                    progress(`verify: ${x.instance}: not checksummed: ${x.reason}`);
                    findings.push({
                        cluster,
                        instance: x.instance,
                        check: "checksum",
                        expected: `rows compared with ${primary.name}`,
                        seen: `not compared: ${x.reason}; the rows it has not applied cannot be compared`,
                    });
                }
                const members = await Promise.all(
                    ts.filter((t) => !skipped.has(t.name)).map(async (t) => ({ name: t.name, conn: await pool.get(t) })),
                );
                const replicas = members.filter((m) => m.name !== primary.name);
                const tables = await checksumCluster(
                    members.find((m) => m.name === primary.name)!,
                    replicas,
                    flavor,
                    {
                        ...opts.checksum,
                        progress: (l) => progress(`verify: ${l}`),
                    },
                );
                checksum.push({ cluster, primary: primary.name, compared: replicas.map((m) => m.name), notCompared, tables });
                for (const tb of tables) {
                    for (const inst of new Set(tb.diffs.map((d) => d.instance))) {
                        const ds = tb.diffs.filter((d) => d.instance === inst);
                        const pr = ds.reduce((a, d) => a + d.primary.rows, 0),
                            rr = ds.reduce((a, d) => a + d.replica.rows, 0);
                        findings.push({
                            cluster,
                            instance: inst,
                            check: "checksum",
                            expected: `rows of ${tb.schema}.${tb.table} identical to ${primary.name}`,
                            seen: `${ds.length} of ${tb.chunks} chunk(s) differ (${ds
                                .map((d) => d.range)
                                .slice(0, 3)
                                .join("; ")}${ds.length > 3 ? "; ..." : ""}): ${pr} row(s) on ${primary.name}, ${rr} here`,
                        });
                    }
                    for (const inst of tb.unstable) {
                        findings.push({
                            cluster,
                            instance: inst,
                            check: "checksum",
                            expected: `rows of ${tb.schema}.${tb.table} compared at one position`,
                            seen: `inconclusive: ${tb.unstableWhy[inst] ?? "no still position"} during every attempt; not compared, neither identical nor different`,
                        });
                    }
                }
            }
        } else if (opts.checksum) {
            notes.push("checksum skipped: not every instance is reachable");
        }
        const instances = r.instances.map((i) => ({
            ...i,
            findings: findings.filter((x) => x.instance === i.name && x.cluster === i.cluster).length,
        }));
        const exitCode = exitCodeOf(findings);
        return { healthy: exitCode === 0, exitCode, rounds: n, instances, findings, ...(checksum ? { checksum } : {}), notes };
    } finally {
        await pool.close();
    }
}
