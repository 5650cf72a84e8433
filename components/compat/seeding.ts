/**
 * Seeding a new replica: which method copies a donor's data into it (CLONE, a physical backup streamed by
 * mariadb-backup or Percona XtraBackup, a logical dump with the GTID state, or none), the dump tool's options,
 * and the findings the compatibility checks report. The one implementation: the bootstrap scripts are rendered
 * from `seedingDecision` and `logicalDumpOptions`, the policies, `myriad check` and `myriad plan` report
 * `seedingFor` (docs/compatibility.md#seeding-new-replicas). The decision is a function of the pair and of the
 * physical backup tool each image carries (`BackupTool`; `defaultBackupTool` for an image that declares none).
 *
 * Findings of `seedingFor`:
 * - `clone`, `mariadb-backup`, `xtrabackup`: nothing to report.
 * - `logical`: a warning naming the method and why no physical method applies (a logical copy is slower
 *   and takes a brief global read lock on the donor); the same version on a MySQL/Percona image without
 *   xtrabackup below CLONE's floor is reported too.
 * - `none`: an error — no supported method can seed this replica. A compatible MySQL pair always has a
 *   logical copy (older to newer series), so this happens only for pairs the edge rules also reject (a newer
 *   donor, MySQL and MariaDB GTIDs).
 */
import { dialectFor, family, toVersion, type ServerRef } from "../mysqld/dialect";
import type { BackupToolName, Flavor } from "../spec/types";
import { compareVersions, formatVersion, mustParseVersion, sameSeries } from "../versions/version";
import { describeMember, finding, type Finding, type Member } from "./finding";
import { RULES } from "./references";

/** How a new replica gets its initial data from a donor. */
export type SeedingMethod = "clone" | PhysicalBackupTool | "logical" | "none";

/** A physical backup tool that can seed a replica by a stream from a donor. */
export type PhysicalBackupTool = "mariadb-backup" | "xtrabackup";

/** The physical backup tool an image carries (`none`: it carries none). */
export type BackupTool = BackupToolName;

/** The backup tools a template may declare (`backupTool`), in documentation order. */
export const BACKUP_TOOLS: readonly BackupTool[] = ["mariadb-backup", "xtrabackup", "none"];

/**
 * The tool of an image that declares none: the MariaDB Docker Official Images install `mariadb-backup` (and
 * `socat`) beside the server; the official MySQL and Percona Server images carry no physical backup tool
 * (Percona XtraBackup is a separate image), so a template with an image that does declares `backupTool: xtrabackup`.
 */
export function defaultBackupTool(flavor: Flavor): BackupTool {
    return flavor === "mariadb" ? "mariadb-backup" : "none";
}

/** One side of a seeding: the server and the physical backup tool its image carries (default `defaultBackupTool`). */
export interface SeedingParty extends ServerRef {
    backupTool?: BackupTool;
}

/** True for the physical stream methods (a donor's seeding endpoint streams a backup). */
export function isPhysicalStream(method: SeedingMethod): method is PhysicalBackupTool {
    return method === "mariadb-backup" || method === "xtrabackup";
}

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

/** Release series Percona XtraBackup has a matching release for (2.4 for 5.7, 8.0 for 8.0, 8.4 for 8.4). */
const XTRABACKUP_SERIES = ["5.7", "8.0", "8.4"];

/**
 * Whether a physical backup streamed from `donor` can seed `recipient`: both images carry the same tool, the
 * tool applies to the flavour (mariadb-backup to MariaDB; XtraBackup to MySQL or Percona Server, the same
 * flavour on both sides), both servers are of the same release series (the backup is prepared by the
 * recipient's tool, which must be of the series the backup was taken from: MariaDB "mariadb-backup Overview",
 * https://mariadb.com/kb/en/mariabackup-overview/; XtraBackup backs up and prepares only its own series,
 * https://docs.percona.com/percona-xtrabackup/8.4/server-backup-version-comparison.html), XtraBackup only for
 * the series it has a release for, and the donor is not newer than the recipient (the prepared copy starts on
 * the recipient's server: a patch upgrade in place, never a downgrade).
 */
export function physicalAllowed(donor: SeedingParty, recipient: SeedingParty): SeedingDecision {
    const d = toVersion(donor.version),
        r = toVersion(recipient.version);
    const dt = donor.backupTool ?? defaultBackupTool(donor.flavor),
        rt = recipient.backupTool ?? defaultBackupTool(recipient.flavor);
    if (dt === "none" || rt === "none" || dt !== rt) {
        return {
            method: "none",
            reason: `no physical backup tool on both images (donor image: ${dt}, recipient image: ${rt}; set the templates' backupTool when the images carry one)`,
        };
    }
    if (dt === "mariadb-backup" && (donor.flavor !== "mariadb" || recipient.flavor !== "mariadb")) {
        return { method: "none", reason: "mariadb-backup backs up MariaDB servers only" };
    }
    if (dt === "xtrabackup" && (family(donor.flavor) !== "mysql" || donor.flavor !== recipient.flavor)) {
        return {
            method: "none",
            reason: `Percona XtraBackup copies between servers of one MySQL flavour (donor ${donor.flavor}, recipient ${recipient.flavor})`,
        };
    }
    const series = `${d.major}.${d.minor}`;
    if (!sameSeries(d, r)) {
        return {
            method: "none",
            reason: `${dt} prepares a backup only with the tool of the series it was taken from (donor ${formatVersion(d)}, recipient ${formatVersion(r)})`,
        };
    }
    if (dt === "xtrabackup" && !XTRABACKUP_SERIES.includes(series)) {
        return {
            method: "none",
            reason: `Percona XtraBackup has releases for the series ${XTRABACKUP_SERIES.join(", ")} only (not ${series})`,
        };
    }
    if (compareVersions(d, r) > 0) {
        return {
            method: "none",
            reason: `the donor ${formatVersion(d)} is newer than the recipient ${formatVersion(r)}: a prepared copy would start on an older server`,
        };
    }
    return {
        method: dt,
        reason: `${dt} stream: same series ${series}, donor ${formatVersion(d)} not newer than the recipient ${formatVersion(r)}, both images carry ${dt}`,
    };
}

/**
 * The method that seeds a new `recipient` replica from `donor` (its replication source):
 * - `clone` when CLONE allows the pair (`cloneAllowed`);
 * - `mariadb-backup` / `xtrabackup`, a physical backup streamed from a donor, when `physicalAllowed`;
 * - `logical`, a consistent dump carrying the GTID state, when both are in the same flavour family
 *   (MySQL/Percona, or MariaDB) and the donor is not newer than the recipient: a dump loads from an older or
 *   equal version into a newer one (dump and load is an upgrade method on every allowed path,
 *   https://dev.mysql.com/doc/refman/8.4/en/upgrade-paths.html);
 * - `none` otherwise: MySQL and MariaDB GTIDs are incompatible (https://mariadb.com/docs/server/ha-and-performance/standard-replication/gtid), and a dump of a
 *   newer server does not load into an older one (downgrades by dump are for rollback only,
 *   https://dev.mysql.com/doc/refman/8.4/en/downgrading.html).
 */
export function seedingDecision(donor: SeedingParty, recipient: SeedingParty): SeedingDecision {
    const clone = cloneAllowed(donor, recipient);
    if (clone.method === "clone") return clone;
    const physical = physicalAllowed(donor, recipient);
    if (physical.method !== "none") return physical;
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
    const why = family(donor.flavor) === "mariadb" ? physical.reason : `${clone.reason}; ${physical.reason}`;
    return { method: "logical", reason: `logical dump with GTID state from ${formatVersion(d)} to ${formatVersion(r)} (${why})` };
}

/** The seeding method for a (donor, recipient) pair; see `seedingDecision`. */
export function seedingMethod(donor: SeedingParty, recipient: SeedingParty): SeedingMethod {
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
export function seedingFor(donor: Member & { backupTool?: BackupTool }, recipient: Member & { backupTool?: BackupTool }): SeedingVerdict {
    const d = seedingDecision(
        { flavor: donor.flavor, version: donor.version, backupTool: donor.backupTool },
        { flavor: recipient.flavor, version: recipient.version, backupTool: recipient.backupTool },
    );
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
    const physicalWithTool = physicalAllowed(
        { flavor: donor.flavor, version: donor.version, backupTool: "xtrabackup" },
        { flavor: recipient.flavor, version: recipient.version, backupTool: "xtrabackup" },
    );
    // Same version and no image could do better (MariaDB without its tool is reported: its images normally carry it).
    const nothingBetter = sameVersion && family(donor.flavor) === "mysql" && physicalWithTool.method === "none";
    if (d.method === "logical" && !nothingBetter) {
        const physicalFix =
            family(recipient.flavor) === "mariadb"
                ? `to seed physically, use images that carry mariadb-backup (the MariaDB Docker Official Images do; backupTool: mariadb-backup) of one release series, the donor not newer than ${recipient.name}`
                : `to seed physically, add the replica on the donor's exact version first (CLONE) and upgrade it in place afterwards, or use images of one release series that carry Percona XtraBackup (backupTool: xtrabackup)`;
        return {
            ...d,
            finding: finding({
                code: "seeding/logical",
                severity: "warning",
                members: [recipient, donor],
                problem: `${describeMember(recipient)} will be seeded from ${describeMember(donor)} by a logical copy (consistent dump with the GTID state, a brief global read lock on the donor, slower than a physical copy for large data sets): ${d.reason}`,
                rule: family(recipient.flavor) === "mariadb" ? RULES.physicalBackup : RULES.clone,
                fix: `expect the first start of ${recipient.name} to take as long as a full dump and load; ${physicalFix}`,
            }),
        };
    }
    return d;
}
