/**
 * Seeding a new replica: which method copies a donor's data into it (CLONE, a logical dump with the GTID state, or
 * none), the dump tool's options, and the findings the compatibility checks report. The one implementation: the
 * bootstrap scripts are rendered from `seedingDecision` and `logicalDumpOptions`, the policies and `myriad check`
 * report `seedingFor` (docs/compatibility.md#seeding-new-replicas).
 *
 * Findings of `seedingFor`:
 * - `clone`: nothing to report.
 * - `logical` while the versions differ: a warning naming the method and why CLONE cannot be used (a logical
 *   copy is slower and takes a brief global read lock on the donor).
 * - `none`: an error — no supported method can seed this replica. A compatible MySQL pair always has a
 *   logical copy (older to newer series), so this happens only for pairs the edge rules also reject (a newer
 *   donor, MySQL and MariaDB GTIDs).
 */
import { dialectFor, family, toVersion, type ServerRef } from "../mysqld/dialect";
import { compareVersions, formatVersion, mustParseVersion, sameSeries } from "../versions/version";
import { describeMember, finding, type Finding, type Member } from "./finding";
import { RULES } from "./references";

/** How a new replica gets its initial data from a donor. */
export type SeedingMethod = "clone" | "logical" | "none";

/** The seeding decision with the reason, for messages and docs. */
export interface SeedingDecision {
    method: SeedingMethod;
    reason: string;
}

/**
 * Whether CLONE can copy `donor` into `recipient` (https://dev.mysql.com/doc/refman/8.0/en/clone-plugin-limitations.html): MySQL/Percona (same vendor; cross-vendor
 * cloning is not documented), both 8.0.17+, same series; and in 8.0, the same patch release if either side
 * is 8.0.36 or older. 8.4+ series clone in either direction within the series. Cross-series cloning (only
 * 9.7 LTS to the next LTS) is not used: the next LTS after 9.7 belongs to the calendar lineage whose rules
 * are only partly documented (docs/compatibility.md#upgrade-paths).
 */
export function cloneAllowed(donor: ServerRef, recipient: ServerRef): SeedingDecision {
    const d = toVersion(donor.version),
        r = toVersion(recipient.version);
    if (donor.flavor === "mariadb" || recipient.flavor === "mariadb") {
        return { method: "none", reason: "MariaDB has no CLONE plugin (docs/compatibility.md#seeding-new-replicas)" };
    }
    if (donor.flavor !== recipient.flavor) {
        return {
            method: "none",
            reason: `CLONE between ${donor.flavor} and ${recipient.flavor} is not documented; the donor and recipient must have the same plugins active`,
        };
    }
    const min = mustParseVersion("8.0.17");
    if (compareVersions(d, min) < 0 || compareVersions(r, min) < 0) {
        return { method: "none", reason: `CLONE needs 8.0.17+ on both sides (donor ${formatVersion(d)}, recipient ${formatVersion(r)})` };
    }
    if (!sameSeries(d, r)) {
        return { method: "none", reason: `CLONE needs the same release series (donor ${formatVersion(d)}, recipient ${formatVersion(r)})` };
    }
    const last836 = mustParseVersion("8.0.36");
    if (
        d.major === 8 &&
        d.minor === 0 &&
        (compareVersions(d, last836) <= 0 || compareVersions(r, last836) <= 0) &&
        compareVersions(d, r) !== 0
    ) {
        return {
            method: "none",
            reason: `CLONE within 8.0 needs the same point release when either side is 8.0.36 or older (donor ${formatVersion(d)}, recipient ${formatVersion(r)})`,
        };
    }
    return {
        method: "clone",
        reason: `CLONE: same series ${d.major}.${d.minor}, 8.0.17+${d.major === 8 && d.minor === 0 ? ", patch rule satisfied" : ""}`,
    };
}

/**
 * The method that seeds a new `recipient` replica from `donor` (its replication source):
 * - `clone` when CLONE allows the pair (`cloneAllowed`);
 * - `logical`, a consistent dump carrying the GTID state, when both are in the same flavour family
 *   (MySQL/Percona, or MariaDB) and the donor is not newer than the recipient: a dump loads from an older or
 *   equal version into a newer one (dump and load is an upgrade method on every allowed path,
 *   https://dev.mysql.com/doc/refman/8.4/en/upgrade-paths.html);
 * - `none` otherwise: MySQL and MariaDB GTIDs are incompatible (https://mariadb.com/docs/server/ha-and-performance/standard-replication/gtid), and a dump of a
 *   newer server does not load into an older one (downgrades by dump are for rollback only,
 *   https://dev.mysql.com/doc/refman/8.4/en/downgrading.html).
 */
export function seedingDecision(donor: ServerRef, recipient: ServerRef): SeedingDecision {
    const clone = cloneAllowed(donor, recipient);
    if (clone.method === "clone") return clone;
    const d = toVersion(donor.version),
        r = toVersion(recipient.version);
    if (family(donor.flavor) !== family(recipient.flavor)) {
        return {
            method: "none",
            reason: `no supported seeding from ${donor.flavor} to ${recipient.flavor}: MariaDB GTIDs (domain-server-seq) and MySQL GTIDs (uuid:n) are incompatible and Myriad replicates with GTIDs only (docs/compatibility.md#mariadb)`,
        };
    }
    if (compareVersions(d, r) > 0) {
        return {
            method: "none",
            reason: `the donor ${donor.flavor} ${formatVersion(d)} is newer than the recipient ${recipient.flavor} ${formatVersion(r)}: a dump of a newer server is not supported on an older one (docs/compatibility.md#upgrade-paths) and ${clone.reason}`,
        };
    }
    return { method: "logical", reason: `logical dump with GTID state from ${formatVersion(d)} to ${formatVersion(r)} (${clone.reason})` };
}

/** The seeding method for a (donor, recipient) pair; see `seedingDecision`. */
export function seedingMethod(donor: ServerRef, recipient: ServerRef): SeedingMethod {
    return seedingDecision(donor, recipient).method;
}

/**
 * Options for the recipient's dump tool when it dumps the donor (the tool of the recipient's image runs
 * against the donor). Always: a consistent snapshot (`--single-transaction`) with the binary log position
 * read under a brief global read lock (`--source-data=2`/`--master-data=2`, commented), routines, triggers,
 * events, hex blobs. MySQL: `--set-gtid-purged=ON` (the dump sets gtid_purged); `--column-statistics=0`
 * when an 8.0+ mysqldump dumps a server without COLUMN_STATISTICS. MariaDB: `--gtid` so that the recorded
 * position is the GTID (`gtid_slave_pos`).
 */
export function logicalDumpOptions(donor: ServerRef, recipient: ServerRef): string[] {
    const tool = dialectFor(recipient.flavor, recipient.version);
    const opts = [
        "--single-transaction",
        tool.dumpConsistentPositionOption,
        "--routines",
        "--triggers",
        "--events",
        "--hex-blob",
        "--max-allowed-packet=1073741824",
    ];
    if (family(recipient.flavor) === "mariadb") {
        opts.push("--gtid");
    } else {
        opts.push("--set-gtid-purged=ON");
        const d = toVersion(donor.version);
        if (tool.dumpHasColumnStatistics && (family(donor.flavor) === "mariadb" || compareVersions(d, mustParseVersion("8.0.0")) < 0)) {
            opts.push("--column-statistics=0");
        }
    }
    return opts;
}

/** The seeding method of one replica and the finding to report, if any. */
export interface SeedingVerdict {
    method: SeedingMethod;
    /** Why (`seedingDecision`'s reason). */
    reason: string;
    finding?: Finding;
}

/** Seeding of `recipient` from `donor` (its replication source, or a group's bootstrap member). */
export function seedingFor(donor: Member, recipient: Member): SeedingVerdict {
    const d = seedingDecision({ flavor: donor.flavor, version: donor.version }, { flavor: recipient.flavor, version: recipient.version });
    if (d.method === "none") {
        return {
            ...d,
            finding: finding({
                code: "seeding/none",
                severity: "error",
                members: [recipient, donor],
                problem: `no supported method can seed ${describeMember(recipient)} from ${describeMember(donor)}: ${d.reason}`,
                rule: RULES.clone,
                fix: `seed ${recipient.name} from a donor of the same flavour that is not newer than it: keep the source on the oldest version of the cluster, or run ${recipient.name} on the source's flavour and version or later`,
            }),
        };
    }
    const sameVersion = donor.flavor === recipient.flavor && compareVersions(donor.version, recipient.version) === 0;
    if (d.method === "logical" && !sameVersion) {
        return {
            ...d,
            finding: finding({
                code: "seeding/logical",
                severity: "warning",
                members: [recipient, donor],
                problem: `${describeMember(recipient)} will be seeded from ${describeMember(donor)} by a logical copy (consistent dump with the GTID state, a brief global read lock on the donor, slower than CLONE for large data sets): ${d.reason}`,
                rule: RULES.clone,
                fix: `expect the first start of ${recipient.name} to take as long as a full dump and load; to seed with CLONE instead, add the replica on the donor's exact version first and upgrade it in place afterwards`,
            }),
        };
    }
    return d;
}
