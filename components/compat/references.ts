/**
 * The rules the compatibility checks apply, quoted, each with its source: the vendor manual page(s) and the
 * section of docs/compatibility.md that explains it. One table so that the docs (docs/policies.md) and every
 * message quote the same text.
 */
import type { RuleRef } from "./finding";
import {
    CACHING_SHA2,
    CLONE_LIMITS_80,
    GR_COMBINING_80,
    GR_LIMITATIONS_80,
    GR_ONLINE_UPGRADE_80,
    GR_REQUIREMENTS_57,
    GR_UPGRADE_84,
    MARIADB_BACKUP_OVERVIEW,
    MARIADB_GTID,
    MARIADB_MYSQL_COMPAT,
    MARIADB_REPL_OVERVIEW,
    MARIADB_UPGRADE_MAJOR,
    MYSQL_2610_UPGRADE_PATHS,
    MYSQL_80_REPL_COMPAT,
    MYSQL_80_DOWNGRADING,
    MYSQL_84_DOWNGRADING,
    MYSQL_84_RELEASES,
    MYSQL_84_REPL_COMPAT,
    MYSQL_84_REPL_UPGRADE,
    MYSQL_84_UPGRADE_PATHS,
    NATIVE_84,
    PXB_VERSIONS,
    UPGRADING_80,
} from "../mysqld/manual-pages";

/** Every rule quoted by the compatibility checks. */
export const RULES = {
    /** Newer source, older replica (any level, patch included). */
    noNewerSource: {
        quote: "MySQL does not support replication from a source running a later release to a replica running an earlier release. You must therefore upgrade all of the replicas before you upgrade the source",
        source: `${MYSQL_84_REPL_UPGRADE}; docs/compatibility.md#replication-between-versions`,
    },
    /** 5.x to the next series. */
    nextSeries: {
        quote: "MySQL supports replication from one release series to the next higher release series (5.6 to 5.7, 5.7 to 8.0)",
        source: `${MYSQL_80_REPL_COMPAT}; docs/compatibility.md#replication-between-versions`,
    },
    /** 8.0 and later: replication follows the upgrade paths. */
    upgradePathRule: {
        quote: "MySQL supports replication from an older source to a newer replica for version combinations where we support upgrades from the source version to the replica version",
        source: `${MYSQL_84_REPL_COMPAT}; docs/compatibility.md#replication-between-versions`,
    },
    /** An LTS or bugfix series cannot be skipped. */
    noSkip: {
        quote: "A bugfix or LTS series cannot be skipped; upgrading to the next LTS series is supported, while skipping an LTS series is not supported",
        source: `${MYSQL_84_UPGRADE_PATHS}; docs/compatibility.md#upgrade-paths`,
    },
    /** Innovation to Innovation after the next LTS. */
    innovationCrossLts: {
        quote: "You cannot directly upgrade between an Innovation series of different major versions, such as 8.3.0 to 9.0.0. Instead, first upgrade to the nearest LTS series",
        source: `${MYSQL_84_RELEASES}; docs/compatibility.md#upgrade-paths`,
    },
    /** Calendar versions: only 9.7 enters the first lineage. */
    calendarLineage: {
        quote: "A sequential release can enter the first calendar-versioned lineage only from MySQL 9.7.x LTS",
        source: `${MYSQL_2610_UPGRADE_PATHS}; docs/compatibility.md#upgrade-paths`,
    },
    /** Series the manuals do not cover. */
    undocumentedSeries: {
        quote: "Replication is supported only for the upgrade paths the manual lists; a combination it does not list cannot be shown to be supported",
        source: `${MYSQL_84_UPGRADE_PATHS}; docs/compatibility.md#upgrade-paths`,
    },
    /** Chained or multi-source topologies. */
    twoVersions: {
        quote: "With several sources, or in chained or circular setups, no more than two MySQL Server versions may be in use, and this counts patch versions too (8.0.22, 8.0.24 and 8.0.28 cannot be used concurrently)",
        source: `${MYSQL_80_REPL_COMPAT}; docs/compatibility.md#replication-between-versions`,
    },
    /** MariaDB to MariaDB. */
    mariadbNewer: {
        quote: "The replica must be the same or a later version than the primary; the constraint also applies to minor/patch releases",
        source: `${MARIADB_REPL_OVERVIEW}; docs/compatibility.md#mariadb`,
    },
    /** MySQL 5.7 to MariaDB. */
    mysql57ToMariadb: {
        quote: "MySQL 5.7 to MariaDB 10.2 and later is supported; MariaDB does not support MySQL GTIDs, so the replica uses binlog file and position (MASTER_USE_GTID=no)",
        source: `${MARIADB_MYSQL_COMPAT}; docs/compatibility.md#mariadb`,
    },
    /** MySQL 8.0 to MariaDB. */
    mysql80ToMariadb: {
        quote: 'MySQL 8.0 to MariaDB is impossible before MariaDB 10.6.21, 10.11.11, 11.4.5 and 11.7.2; from those versions it works if MySQL has binlog_transaction_compression=0 and binlog-row-value-options="", there are no JSON columns, and before MariaDB 11.4.9, 11.8.4 and 12.1.1 the replication user uses mysql_native_password',
        source: `${MARIADB_MYSQL_COMPAT}; docs/compatibility.md#mariadb`,
    },
    /** MySQL 8.4 and later to MariaDB. */
    mysqlNewToMariadb: {
        quote: "Replication from MySQL 8.4 or 9.x to MariaDB is not documented",
        source: `${MARIADB_MYSQL_COMPAT}; docs/compatibility.md#mariadb`,
    },
    /** MariaDB to MySQL. */
    mariadbToMysql: {
        quote: "MySQL cannot be a replica for a MariaDB primary",
        source: `${MARIADB_GTID}; docs/compatibility.md#mariadb`,
    },
    /** GTID formats differ: Myriad's auto-positioning cannot cross flavours. */
    gtidAcrossFlavors: {
        quote: "MariaDB GTIDs (domain-server-seq) are incompatible with MySQL GTIDs (uuid:n); MariaDB has no gtid_mode and does not support MySQL GTIDs",
        source: `${MARIADB_GTID}; docs/compatibility.md#mariadb`,
    },
    /** Flavour mixing in one cluster (Myriad rule built on the facts above). */
    flavorUniform: {
        quote: "Percona Server is a fully compatible drop-in replacement for MySQL; MariaDB and MySQL GTIDs are incompatible and MySQL cannot be a replica for a MariaDB primary",
        source: `${MARIADB_GTID}; https://docs.percona.com/percona-server/8.4/; docs/compatibility.md#mariadb`,
    },
    /** Group Replication exists in MySQL (and Percona) 5.7.17 and later only. */
    groupAvailability: {
        quote: "Group Replication is a MySQL Server plugin available from MySQL 5.7.17; MariaDB does not ship it (MariaDB's multi-primary clustering is Galera)",
        source: `${GR_REQUIREMENTS_57}; docs/compatibility.md#group-replication`,
    },
    /** A joiner lower than the group's lowest version does not join. */
    groupLowerJoiner: {
        quote: "A server does not join a group if it is running a lower MySQL Server version than the lowest group member's version; members on 8.0.17 or later compare the patch version, members on 8.0.16 or earlier or 5.7 compare the major version only",
        source: `${GR_COMBINING_80}; docs/compatibility.md#group-replication`,
    },
    /** Mixed versions in a group exist only during an upgrade, which follows the stand-alone upgrade paths. */
    groupUpgradePath: {
        quote: "The basic process of upgrading members of a group is the same as upgrading stand-alone instances (Chapter 3, Upgrading MySQL); members with different MySQL Server versions run at the same time only while an online group is upgraded",
        source: `${GR_UPGRADE_84}; ${MYSQL_84_UPGRADE_PATHS}; docs/compatibility.md#group-replication`,
    },
    /** 8.4 LTS exception. */
    groupLtsException: {
        quote: "MySQL 8.4 allows all versions within the 8.4 series to join",
        source: `${GR_UPGRADE_84}; docs/compatibility.md#group-replication`,
    },
    /** Consistency levels. */
    /** Group size. */
    groupSize: {
        quote: "The maximum number of MySQL servers that can be members of a single replication group is 9. If further members attempt to join the group, their request is refused",
        source: `${GR_LIMITATIONS_80}; docs/compatibility.md#group-replication`,
    },
    /** 5.7.21 and earlier do not send lower_case_table_names. */
    group5721: {
        quote: "When MySQL 5.7.22 or MySQL 8.0.11 tries to join a group running MySQL 5.7.21 or lower it fails to join the group because MySQL 5.7.21 does not send its value of lower_case_table_names",
        source: `${GR_ONLINE_UPGRADE_80}; docs/compatibility.md#group-replication`,
    },
    groupConsistency: {
        quote: "group_replication_consistency was added in MySQL 8.0.14",
        source: `${GR_COMBINING_80}; docs/compatibility.md#group-replication`,
    },
    /** Group actions. */
    groupActions: {
        quote: "group_replication_set_as_primary(), group_replication_switch_to_single_primary_mode() and group_replication_switch_to_multi_primary_mode() are available from 8.0.13; the operation is rejected if any member runs 8.0.12 or lower",
        source: `${GR_COMBINING_80}; docs/compatibility.md#group-replication`,
    },
    /** set_as_primary from 8.0.17. */
    groupSetPrimaryLowest: {
        quote: "From 8.0.17, with all members on 8.0.17 or later, only a member running the lowest version (by patch) may be named primary",
        source: `${GR_COMBINING_80}; docs/compatibility.md#group-replication`,
    },
    /** Election order. */
    groupElection: {
        quote: "The primary is elected by lowest server version first (by patch version when every member is 8.0.17 or later, by major version when any member is 5.7 or 8.0.16 or earlier), then highest group_replication_member_weight (ignored while any 5.7 member is present), then lowest server_uuid",
        source: `${GR_COMBINING_80}; docs/compatibility.md#group-replication`,
    },
    /** caching_sha2_password across versions. */
    cachingSha2: {
        quote: "caching_sha2_password replication is documented for scenarios in which all servers have been upgraded to 8.0.4 or higher, and needs a secure connection or RSA key exchange: SOURCE_SSL=1 or GET_SOURCE_PUBLIC_KEY=1 (MASTER_SSL / GET_MASTER_PUBLIC_KEY before 8.0.23)",
        source: `${UPGRADING_80}; ${CACHING_SHA2}; docs/compatibility.md#authentication`,
    },
    /** mysql_native_password lifecycle. */
    nativePassword: {
        quote: "mysql_native_password is deprecated as of MySQL 8.0.34, disabled by default in MySQL 8.4 (re-enable with mysql_native_password=ON), and removed as of MySQL 9.0.0",
        source: `${NATIVE_84}; docs/compatibility.md#authentication`,
    },
    /** MariaDB and caching_sha2. */
    mariadbCachingSha2: {
        quote: "As a replica of MySQL 8.0, MariaDB does not support caching_sha2_password before 11.4.9, 11.8.4 and 12.1.1, so use a mysql_native_password replication user",
        source: `${MARIADB_MYSQL_COMPAT}; docs/compatibility.md#authentication`,
    },
    /** CLONE limits. */
    clone: {
        quote: "CLONE (8.0.17+) needs donor and recipient in the same series, and before 8.0.37 the same point release (still required if either side is 8.0.36 or lower); a replica on a different series cannot be seeded by CLONE before 9.7",
        source: `${CLONE_LIMITS_80}; docs/compatibility.md#seeding-new-replicas`,
    },
    /** In-place downgrades: not an upgrade path (rollback-only paths need a dump and load). */
    inPlaceDowngrade: {
        quote: "Downgrading to 5.7 or earlier is not supported; downgrades from 8.4 to 8.0 or 8.3, and within Innovation series, are supported only for rollback purposes, with a logical dump and load or replication",
        source: `${MYSQL_84_DOWNGRADING}; docs/compatibility.md#upgrade-paths`,
    },
    /** In-place downgrades the manuals support: within an LTS series. */
    inPlaceDowngradeLts: {
        quote: "Downgrade path within an LTS series (8.4.y LTS to 8.4.x LTS): in-place, logical dump and load, MySQL Clone, or by using replication",
        source: `${MYSQL_84_DOWNGRADING}; docs/compatibility.md#downgrades`,
    },
    /** In-place downgrades within 8.0: from 8.0.35 on only. */
    inPlaceDowngrade80: {
        quote: "In-place downgrades are supported from within the MySQL 8.0 series as of MySQL 8.0.35. Attempting to downgrade below MySQL 8.0.35 yields an error: Cannot boot server version 80034 on data directory built by version 80035. Downgrade is not supported",
        source: `${MYSQL_80_DOWNGRADING}; docs/compatibility.md#downgrades`,
    },
    /** MariaDB upgrades in place from any earlier MariaDB version. */
    mariadbUpgrade: {
        quote: "You should be able to trivially upgrade from ANY earlier MariaDB version to the latest one (for example MariaDB 10.3.x to MariaDB 10.11.x)",
        source: `${MARIADB_UPGRADE_MAJOR}; docs/compatibility.md#mariadb`,
    },
    /** A data directory belongs to one flavour (Myriad rule built on the facts above). */
    flavorInPlace: {
        quote: "MariaDB and MySQL GTIDs are incompatible and MySQL cannot be a replica for a MariaDB primary; the manuals document upgrades of a data directory within one product's release line",
        source: `${MARIADB_GTID}; ${MYSQL_84_UPGRADE_PATHS}; docs/compatibility.md#mariadb`,
    },
    physicalBackup: {
        quote: "a physical backup is prepared by the tool of the same MariaDB release series as the server it was taken from (mariadb-backup), or by the Percona XtraBackup series of the server (2.4 for 5.7, 8.0 for 8.0, 8.4 for 8.4); the backup records the GTID position of its consistent point, from which a new replica starts",
        source: `${MARIADB_BACKUP_OVERVIEW}; ${PXB_VERSIONS}; docs/compatibility.md#seeding-new-replicas`,
    },
    /** Restoring a backup (compat/backup.ts). */
    restoreMariadbSeries: {
        quote: "Upgrading between major MariaDB versions is done in place with mariadb-upgrade after the new server starts on the old data directory",
        source: `${MARIADB_UPGRADE_MAJOR}; docs/compatibility.md#restoring-a-backup`,
    },
    restoreUpgradePath: {
        quote: "A bugfix or LTS series cannot be skipped; upgrading to the next LTS series is supported, while skipping an LTS series is not supported",
        source: `${MYSQL_84_UPGRADE_PATHS}; docs/compatibility.md#restoring-a-backup`,
    },
    restoreNoDowngrade: {
        quote: "Downgrading a data directory to an older release is not supported in place",
        source: `${MYSQL_84_DOWNGRADING}; docs/compatibility.md#restoring-a-backup`,
    },
    restoreSameFlavor: {
        quote: "A physical backup holds the data files of one server; MariaDB, MySQL and Percona Server data directories are not interchangeable",
        source: `${MARIADB_BACKUP_OVERVIEW}; ${PXB_VERSIONS}; docs/compatibility.md#restoring-a-backup`,
    },
} as const satisfies Record<string, RuleRef>;
