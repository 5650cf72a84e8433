/**
 * GTID comparisons for the errant-transaction check. MySQL GTID sets (`uuid:1-5:7,uuid2:1-3`) are
 * compared by the server itself (`GTID_SUBTRACT`, see ./inspect.ts); this module holds the MariaDB side,
 * whose GTIDs are `domain-server-seq` (https://mariadb.com/docs/server/ha-and-performance/standard-replication/gtid) and whose servers have no set arithmetic.
 *
 * MariaDB rule used: a replica has an errant transaction when its binary log state holds, for some
 * (domain, server_id), a sequence number its source's binary log state does not reach: every transaction
 * a replica logs is either replicated (the source logged the same (domain, server_id, seq)) or its own.
 * In addition, per domain, the replica's current position must not be ahead of the source's.
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
}

/**
 * GTIDs the replica has that its source does not (empty when none). Each entry is `d-s-n` of the replica
 * with the reason.
 */
export function mariaErrant(replica: MariaGtidState, source: MariaGtidState): { gtid: string; why: string }[] {
    const out: { gtid: string; why: string }[] = [];
    const srcState = new Map(parseMariaGtids(source.binlogState).map((g) => [`${g.domain}-${g.server}`, g.seq] as const));
    for (const g of parseMariaGtids(replica.binlogState)) {
        const have = srcState.get(`${g.domain}-${g.server}`);
        if (have === undefined || have < g.seq) {
            out.push({
                gtid: formatMariaGtid(g),
                why:
                    have === undefined
                        ? `the source logged nothing from server ${g.server} in domain ${g.domain}`
                        : `the source's last GTID from server ${g.server} in domain ${g.domain} is ${g.domain}-${g.server}-${have}`,
            });
        }
    }
    const srcPos = new Map(parseMariaGtids(source.currentPos).map((g) => [g.domain, g] as const));
    for (const g of parseMariaGtids(replica.currentPos)) {
        const s = srcPos.get(g.domain);
        if (!s || s.seq < g.seq) {
            const gtid = formatMariaGtid(g);
            if (!out.some((o) => o.gtid === gtid))
                out.push({
                    gtid,
                    why: s
                        ? `ahead of the source's position ${formatMariaGtid(s)} in domain ${g.domain}`
                        : `the source has no position in domain ${g.domain}`,
                });
        }
    }
    return out;
}
