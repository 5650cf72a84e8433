/**
 * A sustained write load for the fault tests: `writers` connections insert rows `(writer, seq)` (the
 * primary key) one autocommit statement at a time into `table` on the primary, and record, per row, whether
 * the commit was acknowledged, refused, or in doubt (the connection died after the statement was sent: it
 * may or may not have committed). After a fault, the rows on the primary must contain every acknowledged row
 * and nothing outside acknowledged + in-doubt ("nothing lost"); the primary key makes a row applied twice
 * impossible to hide (the replica's SQL thread would stop on a duplicate key).
 */
import * as mysql from "mysql2/promise";

/** Where the load goes. */
export interface LoadTarget {
    /** Address of the primary (default 127.0.0.1). */
    host?: () => string;
    port: () => number;
    user: string;
    password: string;
    table: string;
}

/** What the load did. */
export interface LoadResult {
    acked: Set<string>;
    inDoubt: Set<string>;
    refused: number;
}

/** A running load; `stop()` ends it and returns the outcome. */
export class WriteLoad {
    private running = true;
    private readonly acked = new Set<string>();
    private readonly inDoubt = new Set<string>();
    private refused = 0;
    private readonly loops: Promise<void>[];
    private lastAck = 0;
    private longestPause = 0;
    /** Every acknowledged row with when its statement was sent and when its acknowledgement arrived (ms since the epoch). */
    readonly ackLog: { key: string; sentAt: number; ackedAt: number }[] = [];

    /**
     * `opts.reconnectOnReadOnly`: a writer whose statement is refused because the server is read-only (errno
     * 1290, 1836) drops its connection and connects again through `target` (an application behind a write
     * endpoint that moved). `opts.pauseMs`: each writer waits this long after an acknowledgement (a steady
     * application rate that replicas applying one transaction at a time keep up with on these machines).
     */
    constructor(
        private readonly target: LoadTarget,
        writers = 4,
        private readonly opts: { reconnectOnReadOnly?: boolean; pauseMs?: number } = {},
    ) {
        this.loops = Array.from({ length: writers }, (_, w) => this.loop(w));
    }

    /** The longest time between two consecutive acknowledgements (any writer) since the last `resetPause()`, in ms. */
    get longestPauseMs(): number {
        return this.longestPause;
    }

    /** Starts measuring the longest pause afresh. */
    resetPause(): void {
        this.longestPause = 0;
        this.lastAck = Date.now();
    }

    /** Rows acknowledged so far. */
    get ackedCount(): number {
        return this.acked.size;
    }

    private async loop(writer: number): Promise<void> {
        let conn: mysql.Connection | undefined;
        let seq = 0;
        while (this.running) {
            if (!conn) {
                try {
                    conn = await mysql.createConnection({
                        host: this.target.host?.() ?? "127.0.0.1",
                        port: this.target.port(),
                        user: this.target.user,
                        password: this.target.password,
                        connectTimeout: 2000,
                    });
                    conn.on("error", () => undefined);
                } catch {
                    // Not connected: nothing was sent, nothing is in doubt.
                    await new Promise((r) => setTimeout(r, 100));
                    continue;
                }
            }
            seq++;
            const key = `${writer}:${seq}`;
            try {
                const sentAt = Date.now();
                await conn.query(`INSERT INTO ${this.target.table} (writer, seq, payload) VALUES (?, ?, REPEAT('x', 200))`, [writer, seq]);
                this.acked.add(key);
                const now = Date.now();
                this.ackLog.push({ key, sentAt, ackedAt: now });
                if (this.lastAck) this.longestPause = Math.max(this.longestPause, now - this.lastAck);
                this.lastAck = now;
                if (this.opts.pauseMs) await new Promise((r) => setTimeout(r, this.opts.pauseMs));
            } catch (e) {
                const err = e as { errno?: number; fatal?: boolean; code?: string };
                if (err.fatal || !err.errno) {
                    // The connection died with the statement sent: committed or not, we cannot know.
                    this.inDoubt.add(key);
                    conn.destroy();
                    conn = undefined;
                } else {
                    this.refused++;
                    if (this.opts.reconnectOnReadOnly && (err.errno === 1290 || err.errno === 1836)) {
                        await conn.end().catch(() => conn?.destroy());
                        conn = undefined;
                        await new Promise((r) => setTimeout(r, 50));
                    }
                }
            }
        }
        if (conn) await conn.end().catch(() => conn.destroy());
    }

    /** Stops the writers and returns what they recorded. */
    async stop(): Promise<LoadResult> {
        this.running = false;
        await Promise.all(this.loops);
        return { acked: new Set(this.acked), inDoubt: new Set(this.inDoubt), refused: this.refused };
    }
}

/** Waits until `n` more rows have been acknowledged (throws after `timeoutMs`). */
export async function waitForAcks(load: WriteLoad, n: number, timeoutMs = 30000): Promise<void> {
    const target = load.ackedCount + n;
    const deadline = Date.now() + timeoutMs;
    while (load.ackedCount < target) {
        if (Date.now() > deadline)
            throw new Error(`the write load acknowledged only ${load.ackedCount} of ${target} rows in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
    }
}
