/**
 * Asynchronous (and semi-synchronous) replication: is a source -> replica edge between two server versions
 * supported? Follows docs/compatibility.md#replication-between-versions (MySQL and Percona Server) and
 * docs/compatibility.md#mariadb exactly:
 *
 * - A newer source never replicates to an older replica, patch level included (docs/compatibility.md#replication-between-versions), in every flavour.
 * - Same series: the replica's patch must be at least the source's.
 * - 5.x: only to the next series (5.7 -> 8.0). 8.0 and later: only along a supported upgrade path (docs/compatibility.md#upgrade-paths):
 *   8.0 -> 8.1–8.3 and 8.4; an Innovation series -> later Innovation series before the next LTS and that LTS;
 *   an LTS -> the Innovation series before the next LTS and the next LTS; skipping an LTS or bugfix series is
 *   rejected; only 9.7 enters the calendar-versioned lineage.
 * - MariaDB -> MariaDB: the replica must be the same or a later version (patch included).
 * - MySQL 5.7 -> MariaDB 10.2+: supported by MariaDB with binlog file/position only. Myriad's replicas use
 *   GTID auto-positioning, which MariaDB cannot do against MySQL GTIDs, so for Myriad-managed clusters such an
 *   edge is rejected (option `gtidAutoPosition`); for hand-written workloads it is accepted.
 * - MySQL 8.0 -> MariaDB: only from MariaDB 10.6.21 / 10.11.11 / 11.4.5 / 11.7.2 (and later series), with
 *   conditions; the same GTID caveat applies. MySQL 8.4, 9.x and calendar versions -> MariaDB: undocumented,
 *   rejected. MariaDB -> MySQL or Percona: rejected.
 *
 * Percona Server versions are the MySQL base version (`8.0.36-28` is 8.0.36) and follow the MySQL rules (docs/compatibility.md#percona-server).
 */
import { compareVersions, formatVersion, seriesOf, type ServerVersion } from "../versions/version";
import { describeMember, finding, type Finding, type Member } from "./finding";
import { RULES } from "./references";
import { describeStation, isCalendar, stationOf, upgradePath } from "./release-model";

/** Options of {@link replicationEdge}. */
export interface EdgeOptions {
    /**
     * The replica is set up with MySQL GTID auto-positioning, as every replica of a Myriad-managed cluster is.
     * MySQL -> MariaDB edges then cannot work (MariaDB cannot auto-position on MySQL GTIDs). Default: true.
     */
    gtidAutoPosition?: boolean;
    /**
     * Newer source patch -> older replica patch inside one LTS series (8.4.3 -> 8.4.1). The manuals forbid a
     * later source for an earlier replica (`reject`, the default); docs/compatibility.md#replication-between-versions records evidence that
     * the LTS data format does not change inside a series but no text calling it supported, so `allow` is
     * an explicit opt-in.
     */
    ltsPatchDowngrade?: "reject" | "allow";
}

/** The outcome of judging one edge. */
export interface EdgeVerdict {
    supported: boolean;
    /** Present when the edge is not supported: why, quoting the rule, and what to do instead. */
    finding?: Finding;
}

function isMysqlLike(m: Member): boolean {
    return m.flavor === "mysql" || m.flavor === "percona";
}

function v(m: Member): string {
    return formatVersion(m.version);
}

/** `template 'canary-84'` or `'mysql-0'` for a member without template. */
export function where(m: Member): string {
    return m.template ? `template '${m.template}'` : `'${m.name}'`;
}

const OK: EdgeVerdict = { supported: true };

function reject(code: string, source: Member, replica: Member, problem: string, rule: Finding["rule"], fix: string): EdgeVerdict {
    return { supported: false, finding: finding({ code, severity: "error", members: [replica, source], problem, rule, fix }) };
}

function edgeText(source: Member, replica: Member): string {
    return `replica ${describeMember(replica)} replicates from source ${describeMember(source)}`;
}

/** `a` or `an` before a number as it is read aloud (`an 8.4`, `an 11.4`, `a 9.7`). */
export function article(numberText: string): "a" | "an" {
    return /^(8|11|18)(\D|$)/.test(numberText) || /^8\d/.test(numberText) ? "an" : "a";
}

/** The fix for a newer source: upgrade replicas first (or move the primary to the older template). */
function upgradeReplicasFirst(source: Member, replica: Member): string {
    const target = `${formatVersion(source.version)} or later`;
    return (
        `upgrade replicas first: move the primary to ${where(replica)} (${v(replica)}) so that the ${v(source)} instances replicate from it, ` +
        `or add ${article(seriesOf(source.version))} ${seriesOf(source.version)} template (${target}) for the replicas and switch over once it has caught up; ` +
        `never run a source newer than its replicas`
    );
}

/** MySQL/Percona source and replica. */
function mysqlEdge(source: Member, replica: Member, opts: EdgeOptions): EdgeVerdict {
    const cmp = compareVersions(source.version, replica.version);
    const sameSeries = source.version.major === replica.version.major && source.version.minor === replica.version.minor;
    if (cmp > 0) {
        const st = stationOf(source.version);
        if (sameSeries && st?.kind === "lts" && opts.ltsPatchDowngrade === "allow") return OK;
        const level = sameSeries ? "a later patch release" : "a later release series";
        return reject(
            "replication/newer-source",
            source,
            replica,
            `${edgeText(source, replica)}: the source runs ${level} than its replica`,
            RULES.noNewerSource,
            upgradeReplicasFirst(source, replica),
        );
    }
    if (sameSeries) return OK;
    const path = upgradePath(source.version, replica.version);
    if (path.supported) return OK;
    switch (path.reason) {
        case "skips-anchor":
            return reject(
                "replication/skips-series",
                source,
                replica,
                `${edgeText(source, replica)}: ${seriesOf(source.version)} -> ${seriesOf(replica.version)} skips ${describeStation(path.skipped)}`,
                RULES.noSkip,
                `replicate one supported step at a time (${path.steps.join(" -> ")}): keep ${where(replica)} on ${path.skipped.series} ` +
                    `until the source is on ${path.skipped.series}, or add an intermediate ${path.skipped.series} template and move the primary there first`,
            );
        case "innovation-cross-lts":
            return reject(
                "replication/innovation-skips-lts",
                source,
                replica,
                `${edgeText(source, replica)}: Innovation ${seriesOf(source.version)} -> Innovation ${seriesOf(replica.version)} crosses ${describeStation(path.lts)}`,
                RULES.innovationCrossLts,
                `go through the LTS (${path.steps.join(" -> ")}): run ${where(replica)} on ${path.lts.series} while the source is on ${seriesOf(source.version)}`,
            );
        case "calendar-entry":
            return reject(
                "replication/calendar-entry",
                source,
                replica,
                `${edgeText(source, replica)}: calendar-versioned ${v(replica)} cannot replicate from ${seriesOf(source.version)}`,
                RULES.calendarLineage,
                `reach ${v(replica)} through the 9.7 LTS series: run the source (or an intermediate template) on 9.7 first`,
            );
        case "undocumented":
            return reject(
                "replication/undocumented",
                source,
                replica,
                `${edgeText(source, replica)}: ${path.detail}`,
                RULES.undocumentedSeries,
                `use release series the manual documents and an upgrade path it lists (docs/compatibility.md#upgrade-paths), or keep every instance on the source's series`,
            );
    }
}

/** The first MariaDB versions that can replicate from MySQL 8.0, by MariaDB series (docs/compatibility.md#mariadb). */
export const MARIADB_FROM_MYSQL80: Readonly<Record<string, number>> = { "10.6": 21, "10.11": 11, "11.4": 5, "11.7": 2 };

/** True when this MariaDB version can be a replica of MySQL 8.0 at all (docs/compatibility.md#mariadb). */
export function mariadbAcceptsMysql80(version: ServerVersion): boolean {
    const min = MARIADB_FROM_MYSQL80[seriesOf(version)];
    if (min !== undefined) return version.patch >= min;
    // Series released after the fix (11.8 and later) carry it; other series never got it.
    return version.major > 11 || (version.major === 11 && version.minor >= 8);
}

function mysqlToMariadb(source: Member, replica: Member, opts: EdgeOptions): EdgeVerdict {
    const s = source.version;
    const gtid = opts.gtidAutoPosition ?? true;
    const gtidFix =
        "keep the cluster on one flavour (MySQL or Percona for every instance); migrate to MariaDB outside Myriad with binlog file/position replication (MASTER_USE_GTID=no)";
    if (s.major === 5 && s.minor === 7) {
        if (compareVersions(replica.version, { major: 10, minor: 2, patch: 0 }) < 0) {
            return reject(
                "replication/mysql-to-old-mariadb",
                source,
                replica,
                `${edgeText(source, replica)}: MariaDB replicas of MySQL 5.7 need MariaDB 10.2 or later`,
                RULES.mysql57ToMariadb,
                "use MariaDB 10.2 or later for the replica, or keep the replica on MySQL",
            );
        }
        if (gtid) {
            return reject(
                "replication/mysql-to-mariadb-gtid",
                source,
                replica,
                `${edgeText(source, replica)}: MariaDB supports this only with binlog file/position, but Myriad sets replicas up with GTID auto-positioning, which MariaDB cannot use on MySQL GTIDs`,
                RULES.mysql57ToMariadb,
                gtidFix,
            );
        }
        return OK;
    }
    if (s.major === 8 && s.minor === 0) {
        if (!mariadbAcceptsMysql80(replica.version)) {
            return reject(
                "replication/mysql80-to-mariadb",
                source,
                replica,
                `${edgeText(source, replica)}: MariaDB ${v(replica)} cannot replicate from MySQL 8.0`,
                RULES.mysql80ToMariadb,
                "use MariaDB 10.6.21+, 10.11.11+, 11.4.5+, 11.7.2+ or 11.8 and later for the replica (and meet the listed conditions), or keep the replica on MySQL",
            );
        }
        if (gtid) {
            return reject(
                "replication/mysql-to-mariadb-gtid",
                source,
                replica,
                `${edgeText(source, replica)}: MariaDB cannot use Myriad's GTID auto-positioning on MySQL GTIDs`,
                RULES.gtidAcrossFlavors,
                gtidFix,
            );
        }
        return OK;
    }
    return reject(
        "replication/mysql-to-mariadb-undocumented",
        source,
        replica,
        `${edgeText(source, replica)}: replication from ${isCalendar(s) ? "calendar-versioned MySQL" : `MySQL ${seriesOf(s)}`} to MariaDB is not documented`,
        s.major < 5 || (s.major === 5 && s.minor < 7) ? RULES.undocumentedSeries : RULES.mysqlNewToMariadb,
        "keep the cluster on one flavour; replicate to MariaDB only from MySQL 5.7 or 8.0 and outside Myriad",
    );
}

/**
 * Judges one replication edge. Returns `{ supported: true }` or the finding (severity `error`) explaining
 * why the manuals do not support it and what to do instead.
 */
export function replicationEdge(source: Member, replica: Member, opts: EdgeOptions = {}): EdgeVerdict {
    if (isMysqlLike(source) && isMysqlLike(replica)) return mysqlEdge(source, replica, opts);
    if (source.flavor === "mariadb" && replica.flavor === "mariadb") {
        if (compareVersions(source.version, replica.version) > 0) {
            return reject(
                "replication/newer-source",
                source,
                replica,
                `${edgeText(source, replica)}: the MariaDB source is newer than its replica`,
                RULES.mariadbNewer,
                `upgrade replicas first: move the primary to ${where(replica)} (${v(replica)}) or upgrade ${where(replica)} to ${v(source)} or later before the source`,
            );
        }
        return OK;
    }
    if (isMysqlLike(source) && replica.flavor === "mariadb") return mysqlToMariadb(source, replica, opts);
    return reject(
        "replication/mariadb-to-mysql",
        source,
        replica,
        `${edgeText(source, replica)}: a ${replica.flavor} replica cannot replicate from a MariaDB source`,
        RULES.mariadbToMysql,
        "keep the cluster on one flavour: make the replica MariaDB too, or the whole cluster MySQL",
    );
}

/**
 * Whether some member could be the source of every other member (used when the primary of a hand-written
 * cluster is unknown). Returns the members that could, best (lowest version) first.
 */
export function possibleSources(members: readonly Member[], opts: EdgeOptions = {}): Member[] {
    return members
        .filter((s) => members.every((r) => r === s || replicationEdge(s, r, opts).supported))
        .sort((a, b) => compareVersions(a.version, b.version));
}

/** One direction a failover can produce that the manuals do not support. */
export interface BlockedDirection {
    source: Member;
    replica: Member;
    finding: Finding;
}

/**
 * A cluster whose roles cannot be known (no role label, no source annotation, or an operator that assigns roles
 * at run time): a failover can make any member the source of every other, so every direction between two
 * members is judged, not only the one a reader would guess. Returns the directions the manuals do not support
 * (each with the edge's own finding), in member order.
 */
export function failoverDirections(members: readonly Member[], opts: EdgeOptions = {}): BlockedDirection[] {
    const out: BlockedDirection[] = [];
    for (const source of members) {
        for (const replica of members) {
            if (source === replica) continue;
            const verdict = replicationEdge(source, replica, opts);
            if (verdict.finding) out.push({ source, replica, finding: verdict.finding });
        }
    }
    return out;
}
