/**
 * GTID comparisons for the errant-transaction check. MySQL GTID sets (`uuid:1-5:7,uuid2:1-3`) are
 * compared by the server itself (`GTID_SUBTRACT`, see ./inspect.ts); this module holds the MariaDB side,
 * whose GTIDs are `domain-server-seq` (https://mariadb.com/kb/en/gtid/) and whose servers have no set arithmetic.
 *
 * The MariaDB rule (the shell's `mariadb_errant` in components/runtime/scripts/lib.sh applies the same one; one case
 * table, tests/fixtures/gtid/mariadb-errant.tsv, runs against both). With `gtid_strict_mode` the sequence numbers
 * of a domain only grow along its history. For each GTID `d-s-n` of the replica's `gtid_binlog_state` (the last
 * GTID per domain and server_id in its binary log):
 *
 * - the source logged server `s` in domain `d`: errant when the source's last one there is below `n`;
 * - the source logged nothing of server `s` in domain `d`: a physical or logical seed copies the data, not the
 *   binary log, so a seeded source lacks the server ids of the transactions that came with its copy; its
 *   `gtid_slave_pos` says how far, per domain, the copy and its replication since reached. Errant when `n` is
 *   beyond that point, or when the source has no such point (never seeded: its binary log holds the whole history).
 *
 * Then, per domain, the replica's `gtid_current_pos` must not be ahead of the furthest point the source reached
 * (its `gtid_current_pos`, `gtid_slave_pos` or binary log state). The limit: a GTID of a server the source never
 * logged, at or below the source's `gtid_slave_pos` (its seed point; for a former primary, where it was demoted),
 * cannot be told from the seeded history (in strict mode such a write on a replica stops its replication at the
 * next transaction of the domain, which the probes report).
 */

/** One MariaDB GTID. */
export interface MariaGtid {
    domain: number;
    server: number;
    seq: number;
}

/** Parses a MariaDB GTID list (`0-100-7,1-200-3`); empty text gives an empty list. Throws on malformed text. */
export function parseMariaGtids(text: string | null | undefined): MariaGtid[] {
    const t = (text ?? "").trim();
    if (!t) return [];
    return t.split(",").map((part) => {
        const m = /^\s*(\d+)-(\d+)-(\d+)\s*$/.exec(part);
        if (!m) throw new Error(`not a MariaDB GTID: '${part}'`);
        return { domain: Number(m[1]), server: Number(m[2]), seq: Number(m[3]) };
    });
}

/** `d-s-n`. */
export function formatMariaGtid(g: MariaGtid): string {
    return `${g.domain}-${g.server}-${g.seq}`;
}

/** The state of one MariaDB server for the errant-transaction check. */
export interface MariaGtidState {
    /** `@@GLOBAL.gtid_binlog_state`: last seq per (domain, server_id) in the binary log. */
    binlogState: string;
    /** `@@GLOBAL.gtid_current_pos`: last GTID per domain applied or logged. */
    currentPos: string;
    /** `@@GLOBAL.gtid_slave_pos`: last GTID per domain replicated or copied by a seed (read on the source side). */
    slavePos?: string;
}

/** The highest sequence number per domain of GTID lists. */
function reachedByDomain(...lists: string[]): Map<number, number> {
    const out = new Map<number, number>();
    for (const list of lists) for (const g of parseMariaGtids(list)) out.set(g.domain, Math.max(out.get(g.domain) ?? 0, g.seq));
    return out;
}

/**
 * GTIDs the replica has that its source does not (empty when none), in the order of the replica's binary log
 * state then its current position. Each entry is `d-s-n` of the replica with the reason.
 */
export function mariaErrant(replica: MariaGtidState, source: MariaGtidState): { gtid: string; why: string }[] {
    const out: { gtid: string; why: string }[] = [];
    const srcState = new Map(parseMariaGtids(source.binlogState).map((g) => [`${g.domain}-${g.server}`, g.seq] as const));
    const seeded = reachedByDomain(source.slavePos ?? "");
    for (const g of parseMariaGtids(replica.binlogState)) {
        const have = srcState.get(`${g.domain}-${g.server}`);
        const seed = seeded.get(g.domain);
        if (have !== undefined ? have < g.seq : seed === undefined || seed < g.seq) {
            out.push({
                gtid: formatMariaGtid(g),
                why:
                    have !== undefined
                        ? `the source's last GTID from server ${g.server} in domain ${g.domain} is ${g.domain}-${g.server}-${have}`
                        : seed === undefined
                          ? `the source logged nothing from server ${g.server} in domain ${g.domain}`
                          : `the source logged nothing from server ${g.server} in domain ${g.domain} and its replicated or seeded position there is ${seed}`,
            });
        }
    }
    const reached = reachedByDomain(source.currentPos, source.slavePos ?? "", source.binlogState);
    for (const g of parseMariaGtids(replica.currentPos)) {
        const s = reached.get(g.domain);
        if (s === undefined || s < g.seq) {
            const gtid = formatMariaGtid(g);
            if (!out.some((o) => o.gtid === gtid))
                out.push({
                    gtid,
                    why:
                        s !== undefined
                            ? `ahead of the source's position ${s} in domain ${g.domain}`
                            : `the source has no position in domain ${g.domain}`,
                });
        }
    }
    return out;
}
