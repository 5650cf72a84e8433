/**
 * The single table of version and flavour differences that Myriad's renderers, scripts, probes and policies
 * depend on: data only. Every row cites the vendor manual page it comes from; docs/compatibility.md explains the
 * rows (#statements-variables-and-status-columns, #renamed-and-removed-settings, #authentication,
 * #seeding-new-replicas, #group-replication, #mariadb, #percona-server).
 *
 * Percona Server follows the MySQL rows: its version is the MySQL base version plus a build suffix, and it is a
 * drop-in replacement for MySQL (https://docs.percona.com/percona-server/8.4/).
 *
 * Pure: no I/O, no Pulumi. The decisions built on the table (seeding, the replication account, the support
 * floor) live with the compatibility rules in components/compat/.
 */
import type { Flavor } from "../spec/types";
import { compareVersions, formatVersion, mustParseVersion, type ServerVersion } from "../versions/version";
import {
    CACHING_SHA2,
    CLONE,
    GR_COMBINING_80,
    GR_REQUIREMENTS_57,
    MARIADB_GTID,
    MARIADB_MYSQL_COMPAT,
    MARIADB_READ_ONLY_ADMIN,
    MARIADB_REPLICA_STATUS,
    MARIADB_SEMISYNC,
    MYSQL_CHANGES_80,
    MYSQL_CHANGES_95,
    NATIVE_84,
    SEMISYNC_80,
    SHOW_REPLICA_STATUS,
} from "./manual-pages";
import { addedIn, removedIn } from "./catalog";

/** Value of a dialect property from a version on (inclusive). Steps are ordered by ascending version. */
export type Steps<T> = readonly (readonly [since: string, value: T])[];

/** One row of the table: the value per flavour family by version, and where the fact comes from. */
export interface DialectRow<T> {
    /** MySQL and Percona Server (Percona follows MySQL). */
    mysql: Steps<T>;
    /** MariaDB. */
    mariadb: Steps<T>;
    /** The source of the fact. */
    cite: string;
}

/** Every version- or flavour-dependent decision, resolved for one server. */
export interface Dialect {
    // ---- client and server programs ----
    /** Command-line client. */
    client: string;
    /** Administration client (`ping`, `shutdown`). */
    admin: string;
    /** Logical dump tool. */
    dump: string;
    /** Binary-log reader (ships binary logs with `--read-from-remote-server --raw`, replays them on a restore). */
    binlog: string;
    /** Server program (the scripts fall back to `mysqld` when a MariaDB image lacks `mariadbd`). */
    server: string;
    /** How an empty data directory is initialised. */
    initialize: "mysqld --initialize-insecure" | "mariadb-install-db" | "mysql_install_db";
    /** Options of the MariaDB installer (root without password for the bootstrap to secure; no test schema). */
    initializeOptions: string;

    // ---- statements (docs/compatibility.md#statements-variables-and-status-columns) ----
    showReplicaStatus: string;
    startReplica: string;
    stopReplica: string;
    resetReplicaAll: string;
    /** Statement that configures the replication source. */
    changeSource: string;
    /** Prefix of the source options of `changeSource` (`SOURCE_HOST` vs `MASTER_HOST`). */
    sourceOptionPrefix: "SOURCE" | "MASTER";
    /** The GTID positioning clause of `changeSource`. */
    gtidPositioning: string;
    /** Option that makes the replica request the source's RSA key (caching_sha2_password), or null. */
    getSourcePublicKey: string | null;
    showBinaryLogStatus: string;
    /** Statement that clears binary logs and the executed GTID set. */
    resetBinaryLogs: string;

    // ---- SHOW REPLICA/SLAVE STATUS columns (docs/compatibility.md#statements-variables-and-status-columns) ----
    colIoRunning: string;
    colSqlRunning: string;
    colLag: string;
    colSourceHost: string;
    colSourcePort: string;
    colLastIoErrno: string;
    colLastIoError: string;
    colLastSqlErrno: string;
    colLastSqlError: string;
    /**
     * Column saying how the replica positions itself on the source: MySQL/Percona `Auto_Position` (1 = GTID
     * auto-positioning, 0 = binary log file/position), MariaDB `Using_Gtid` (`No` | `Slave_Pos` | `Current_Pos`).
     */
    colAutoPosition: string;

    // ---- options (docs/compatibility.md#renamed-and-removed-settings) ----
    logReplicaUpdates: string;
    skipReplicaStart: string;
    /** The variable that makes the server refuse writes (also blocking administrators where possible). */
    readOnly: "super_read_only" | "read_only";
    /**
     * How a replica refuses the administrator's writes: `super_read_only` (MySQL family, 5.7.8+); `revoke`
     * (MariaDB 10.11.0+: `READ_ONLY ADMIN` is no longer part of SUPER, MDEV-29596, so the administrator holds
     * every privilege but it and `read_only` binds it); `none` (older MariaDB: SUPER bypasses `read_only`).
     */
    replicaAdminWrites: "super_read_only" | "revoke" | "none";
    /** Binary log retention option and its unit. */
    binlogExpiry: { name: string; unit: "seconds" | "days" };
    /** `master_info_repository`/`relay_log_info_repository` exist (and accept TABLE). */
    replicationRepositories: boolean;
    /** GTID model: MySQL `gtid_mode` (uuid:n) or MariaDB domain-server-seq with `gtid_strict_mode`. */
    gtid: "mysql" | "mariadb";
    /** `bind_address` value that listens on every interface. */
    bindAll: string;
    /** `RESET PERSIST` exists (persisted variables in mysqld-auto.cnf could override my.cnf). */
    persistedVariables: boolean;

    // ---- semi-synchronous replication (MariaDB: built in) ----
    /** Plugin libraries to load (empty when built in). */
    semisyncPlugins: string[];
    semisyncSourceEnabled: string;
    semisyncReplicaEnabled: string;
    semisyncWaitPoint: string;
    /** null: the server waits for exactly one acknowledgement and cannot be configured (MariaDB). */
    semisyncWaitForReplicaCount: string | null;
    semisyncTimeout: string;
    semisyncWaitNoReplica: string;
    /** Status variable that says whether the source currently runs semi-synchronously. */
    semisyncSourceStatus: string;

    // ---- CLONE (docs/compatibility.md#seeding-new-replicas) ----
    /** Library of the CLONE plugin, or null where CLONE does not exist. */
    clonePlugin: string | null;

    // ---- Group Replication (docs/compatibility.md#group-replication) ----
    /** Group Replication is available (MySQL/Percona 5.7.17+). */
    groupReplication: boolean;
    /** `group_replication_member_weight` exists (5.7.20+, 8.0.2+). */
    groupMemberWeight: boolean;
    /** `group_replication_consistency` exists (8.0.14+). */
    groupConsistency: boolean;
    /** `transaction_write_set_extraction` must be set to XXHASH64 for Group Replication (5.7 default OFF). */
    groupNeedsWriteSetExtraction: boolean;
    /** Group Replication requires `binlog_checksum=NONE` (before 8.0.21, WL#9038). */
    groupNeedsChecksumNone: boolean;
    /** `group_replication_recovery_get_public_key` exists (8.0.4+). */
    groupRecoveryGetPublicKey: boolean;
    /** `group_replication_set_as_primary()` exists: a single-primary group's primary can be moved (8.0.13+). */
    groupSetAsPrimary: boolean;

    // ---- fencing a primary (docs/upgrading.md#switchover) ----
    /**
     * The global privileges that let an account write while `read_only` is ON, where no `super_read_only`
     * exists (MariaDB: SUPER before 10.5.2, READ_ONLY ADMIN from 10.5.2, which SUPER no longer includes from
     * 10.11.0). Empty where `super_read_only` stops every account (MySQL, Percona).
     */
    readOnlyBypassPrivileges: readonly string[];

    // ---- authentication (docs/compatibility.md#authentication) ----
    /** Default authentication plugin of new accounts is caching_sha2_password (8.0.4+). */
    cachingSha2Default: boolean;
    /** `mysql_native_password` can be used for new accounts (removed in 9.0.0). */
    nativePasswordAvailable: boolean;
    /** `mysql_native_password=ON` is needed in `[mysqld]` to use it (8.4: disabled by default). */
    nativePasswordNeedsOption: boolean;
    /** The replication client (IO thread) can authenticate with caching_sha2_password accounts. */
    cachingSha2Client: boolean;
    /** Privileges of the monitoring user besides SELECT on performance_schema. */
    monitorPrivileges: string;
    /** `SHOW CREATE USER` can print hashes as hex (`print_identified_with_as_hex`, 8.0.17+). */
    printIdentifiedAsHex: boolean;

    // ---- logical dump (the dump tool of this version) ----
    /** Option that records a consistent binary log position (takes a brief global read lock). */
    dumpConsistentPositionOption: string;
    /** The dump tool has `--column-statistics` (mysqldump 8.0.2+), which fails against older servers. */
    dumpHasColumnStatistics: boolean;

    // ---- physical backup (docs/compatibility.md#seeding-new-replicas) ----
    /** Program of the physical backup tool of this version: MariaDB's mariadb-backup, Percona XtraBackup. */
    backupProgram: string;
    /** The program that extracts its `--stream=xbstream` output. */
    backupStreamProgram: string;
    /** Files the tool writes with the binary log coordinates and the GTID position at the backup's consistent point, in preference order. */
    backupBinlogInfoFiles: string[];
}

const always = <T>(value: T): Steps<T> => [["0.0.0", value]];

const EXPIRE_DAYS: Dialect["binlogExpiry"] = { name: "expire_logs_days", unit: "days" };
const EXPIRE_SECONDS: Dialect["binlogExpiry"] = { name: "binlog_expire_logs_seconds", unit: "seconds" };

/**
 * The option-name rows are a view of the settings catalog (components/mysqld/catalog): the spelling switches
 * where the catalog says the new name was added, so the renderers and the policies read one source.
 */
function renamed(old: string, neu: string, family: "mysql" | "mariadb"): Steps<string> {
    const since = addedIn(neu, family);
    return since
        ? [
              ["0.0.0", old],
              [since, neu],
          ]
        : always(old);
}

/** `before` until the catalog's added-in of `name`, `after` from it. */
function fromAdded<T>(name: string, family: "mysql" | "mariadb", before: T, after: T): Steps<T> {
    const since = addedIn(name, family);
    return since
        ? [
              ["0.0.0", before],
              [since, after],
          ]
        : always(before);
}

/** `before` until the catalog's removed-in of `name`, `after` from it. */
function fromRemoved<T>(name: string, family: "mysql" | "mariadb", before: T, after: T): Steps<T> {
    const since = removedIn(name, family);
    return since
        ? [
              ["0.0.0", before],
              [since, after],
          ]
        : always(before);
}

/**
 * THE table. Keys are the `Dialect` properties; each row gives the MySQL/Percona and the MariaDB values by
 * version and cites its source.
 */
export const DIALECT_TABLE: { readonly [K in keyof Dialect]: DialectRow<Dialect[K]> } = {
    client: {
        mysql: always("mysql"),
        mariadb: [
            ["0.0.0", "mysql"],
            ["10.5.2", "mariadb"],
        ],
        cite: "MariaDB KB 'mysql client': from 10.5.2 'mariadb' is the binary and 'mysql' a symlink; from 11.0.1 the symlinks are removed from the mariadb Docker Official Image (https://mariadb.com/kb/en/mysqldump/)",
    },
    admin: {
        mysql: always("mysqladmin"),
        mariadb: [
            ["0.0.0", "mysqladmin"],
            ["10.5.2", "mariadb-admin"],
        ],
        cite: "MariaDB KB 'mysqladmin': from 10.5.2 mariadb-admin is the program, mysqladmin a symlink (https://mariadb.com/kb/en/1632/)",
    },
    dump: {
        mysql: always("mysqldump"),
        mariadb: [
            ["0.0.0", "mysqldump"],
            ["10.5.2", "mariadb-dump"],
        ],
        cite: "MariaDB KB 'mysqldump': from 10.5.2 mariadb-dump is the program; 11.0.1 removes mysqldump from the Docker image (https://mariadb.com/kb/en/mysqldump/)",
    },
    binlog: {
        mysql: always("mysqlbinlog"),
        mariadb: [
            ["0.0.0", "mysqlbinlog"],
            ["10.5.2", "mariadb-binlog"],
        ],
        cite: "MySQL manual 'mysqlbinlog' (--read-from-remote-server --raw --stop-never, https://dev.mysql.com/doc/refman/8.0/en/mysqlbinlog-backup.html); MariaDB KB 'mariadb-binlog': from 10.5.2 mariadb-binlog is the program (https://mariadb.com/kb/en/mariadb-binlog/)",
    },
    server: {
        mysql: always("mysqld"),
        mariadb: [
            ["0.0.0", "mysqld"],
            ["10.5.2", "mariadbd"],
        ],
        cite: "MariaDB 10.5 changes: binaries named mariadb*, mysql* symlinked (https://mariadb.com/kb/en/changes-improvements-in-mariadb-105/#binaries-named-mariadb-mysql-symlinked)",
    },
    initialize: {
        mysql: always("mysqld --initialize-insecure"),
        mariadb: [
            ["0.0.0", "mysql_install_db"],
            ["10.5.2", "mariadb-install-db"],
        ],
        cite: "MySQL manual 'Initializing the Data Directory' (mysqld --initialize-insecure, 5.7.6+; https://dev.mysql.com/doc/refman/8.0/en/data-directory-initialization.html); MariaDB 10.5 binary renames (mariadb-install-db, https://mariadb.com/kb/en/mariadb-install-db/)",
    },
    initializeOptions: {
        mysql: always(""),
        mariadb: [
            ["0.0.0", ""],
            ["10.4.0", "--auth-root-authentication-method=normal"],
            ["10.5.2", "--auth-root-authentication-method=normal --skip-test-db"],
        ],
        cite: "MariaDB KB mariadb-install-db (https://mariadb.com/kb/en/mariadb-install-db/): 10.4 made unix_socket the default root authentication (--auth-root-authentication-method=normal restores a passwordless root for the bootstrap to secure); --skip-test-db",
    },

    showReplicaStatus: {
        mysql: [
            ["0.0.0", "SHOW SLAVE STATUS"],
            ["8.0.22", "SHOW REPLICA STATUS"],
        ],
        mariadb: [
            ["0.0.0", "SHOW SLAVE STATUS"],
            ["10.5.1", "SHOW REPLICA STATUS"],
        ],
        cite: `${MYSQL_CHANGES_80} (SHOW REPLICA STATUS 8.0.22, SHOW SLAVE STATUS removed 8.4.0); ${MARIADB_MYSQL_COMPAT} (MariaDB synonyms from 10.5.1)`,
    },
    startReplica: {
        mysql: [
            ["0.0.0", "START SLAVE"],
            ["8.0.22", "START REPLICA"],
        ],
        mariadb: [
            ["0.0.0", "START SLAVE"],
            ["10.5.1", "START REPLICA"],
        ],
        cite: `${MYSQL_CHANGES_80} (START REPLICA 8.0.22, START SLAVE removed 8.4.0); ${MARIADB_MYSQL_COMPAT} (MariaDB synonyms from 10.5.1)`,
    },
    stopReplica: {
        mysql: [
            ["0.0.0", "STOP SLAVE"],
            ["8.0.22", "STOP REPLICA"],
        ],
        mariadb: [
            ["0.0.0", "STOP SLAVE"],
            ["10.5.1", "STOP REPLICA"],
        ],
        cite: `${MYSQL_CHANGES_80} (STOP REPLICA 8.0.22, STOP SLAVE removed 8.4.0); ${MARIADB_MYSQL_COMPAT} (MariaDB synonyms from 10.5.1)`,
    },
    resetReplicaAll: {
        mysql: [
            ["0.0.0", "RESET SLAVE ALL"],
            ["8.0.22", "RESET REPLICA ALL"],
        ],
        mariadb: always("RESET SLAVE ALL"),
        cite: `${MYSQL_CHANGES_80} (RESET REPLICA 8.0.22, RESET SLAVE removed 8.4.0); MariaDB keeps RESET SLAVE (${MARIADB_MYSQL_COMPAT} lists only START/STOP/SHOW synonyms)`,
    },
    changeSource: {
        mysql: [
            ["0.0.0", "CHANGE MASTER TO"],
            ["8.0.23", "CHANGE REPLICATION SOURCE TO"],
        ],
        mariadb: always("CHANGE MASTER TO"),
        cite: `${MYSQL_CHANGES_80} (CHANGE REPLICATION SOURCE TO 8.0.23, CHANGE MASTER removed 8.4.0); ${MARIADB_MYSQL_COMPAT} (MariaDB documents only CHANGE MASTER)`,
    },
    sourceOptionPrefix: {
        mysql: [
            ["0.0.0", "MASTER"],
            ["8.0.23", "SOURCE"],
        ],
        mariadb: always("MASTER"),
        cite: `${MYSQL_CHANGES_80} (SOURCE_* options with CHANGE REPLICATION SOURCE TO, 8.0.23); ${MARIADB_MYSQL_COMPAT}`,
    },
    gtidPositioning: {
        mysql: [
            ["0.0.0", "MASTER_AUTO_POSITION=1"],
            ["8.0.23", "SOURCE_AUTO_POSITION=1"],
        ],
        mariadb: always("MASTER_USE_GTID=slave_pos"),
        cite: `${MYSQL_CHANGES_80} (SOURCE_AUTO_POSITION 8.0.23); ${MARIADB_MYSQL_COMPAT} (MariaDB: CHANGE MASTER TO master_use_gtid=slave_pos)`,
    },
    getSourcePublicKey: {
        mysql: [
            ["0.0.0", null],
            ["8.0.4", "GET_MASTER_PUBLIC_KEY=1"],
            ["8.0.23", "GET_SOURCE_PUBLIC_KEY=1"],
        ],
        mariadb: always(null),
        cite: `${CACHING_SHA2} (GET_MASTER_PUBLIC_KEY from 8.0.4, GET_SOURCE_PUBLIC_KEY from 8.0.23; needed for caching_sha2 without TLS)`,
    },
    showBinaryLogStatus: {
        mysql: [
            ["0.0.0", "SHOW MASTER STATUS"],
            ["8.2.0", "SHOW BINARY LOG STATUS"],
        ],
        mariadb: always("SHOW MASTER STATUS"),
        cite: `${MYSQL_CHANGES_80} (SHOW BINARY LOG STATUS 8.2.0, SHOW MASTER STATUS removed 8.4.0)`,
    },
    resetBinaryLogs: {
        // RESET BINARY LOGS AND GTIDS is reported from 8.2.0 only by secondary sources; RESET MASTER is
        // certain to work until its removal in 8.4.0, so the switch happens there.
        mysql: [
            ["0.0.0", "RESET MASTER"],
            ["8.4.0", "RESET BINARY LOGS AND GTIDS"],
        ],
        mariadb: always("RESET MASTER"),
        cite: `${MYSQL_CHANGES_80} (RESET MASTER removed 8.4.0; RESET BINARY LOGS AND GTIDS, named from 8.2.0)`,
    },

    colIoRunning: {
        mysql: [
            ["0.0.0", "Slave_IO_Running"],
            ["8.0.22", "Replica_IO_Running"],
        ],
        mariadb: always("Slave_IO_Running"),
        cite: `${SHOW_REPLICA_STATUS} (SHOW REPLICA STATUS columns 8.0.22; MariaDB keeps legacy names, ${MARIADB_MYSQL_COMPAT})`,
    },
    colSqlRunning: {
        mysql: [
            ["0.0.0", "Slave_SQL_Running"],
            ["8.0.22", "Replica_SQL_Running"],
        ],
        mariadb: always("Slave_SQL_Running"),
        cite: `${SHOW_REPLICA_STATUS}; ${MARIADB_MYSQL_COMPAT}`,
    },
    colLag: {
        mysql: [
            ["0.0.0", "Seconds_Behind_Master"],
            ["8.0.22", "Seconds_Behind_Source"],
        ],
        mariadb: always("Seconds_Behind_Master"),
        cite: `${SHOW_REPLICA_STATUS}; ${MARIADB_MYSQL_COMPAT}`,
    },
    colSourceHost: {
        mysql: [
            ["0.0.0", "Master_Host"],
            ["8.0.22", "Source_Host"],
        ],
        mariadb: always("Master_Host"),
        cite: `${SHOW_REPLICA_STATUS}; ${MARIADB_MYSQL_COMPAT}`,
    },
    colSourcePort: {
        mysql: [
            ["0.0.0", "Master_Port"],
            ["8.0.22", "Source_Port"],
        ],
        mariadb: always("Master_Port"),
        cite: `${SHOW_REPLICA_STATUS}; ${MARIADB_MYSQL_COMPAT}`,
    },
    colLastIoErrno: {
        mysql: always("Last_IO_Errno"),
        mariadb: always("Last_IO_Errno"),
        cite: `${SHOW_REPLICA_STATUS} (unchanged columns)`,
    },
    colLastIoError: {
        mysql: always("Last_IO_Error"),
        mariadb: always("Last_IO_Error"),
        cite: `${SHOW_REPLICA_STATUS} (unchanged columns)`,
    },
    colLastSqlErrno: {
        mysql: always("Last_SQL_Errno"),
        mariadb: always("Last_SQL_Errno"),
        cite: `${SHOW_REPLICA_STATUS} (unchanged columns)`,
    },
    colLastSqlError: {
        mysql: always("Last_SQL_Error"),
        mariadb: always("Last_SQL_Error"),
        cite: `${SHOW_REPLICA_STATUS} (unchanged columns)`,
    },
    colAutoPosition: {
        // MySQL: Auto_Position 1 = GTID auto-positioning (5.6+), same name in SHOW SLAVE STATUS and SHOW REPLICA
        // STATUS. MariaDB: Using_Gtid No | Slave_Pos | Current_Pos (10.0.2+).
        mysql: always("Auto_Position"),
        mariadb: always("Using_Gtid"),
        cite: `${SHOW_REPLICA_STATUS} ("Auto_Position: 1 if GTID auto-positioning is in use for the channel, otherwise 0", unchanged in SHOW REPLICA STATUS); ${MARIADB_REPLICA_STATUS} (MariaDB-only Using_Gtid: No, Slave_Pos or Current_Pos)`,
    },

    logReplicaUpdates: {
        mysql: renamed("log_slave_updates", "log_replica_updates", "mysql"),
        mariadb: renamed("log_slave_updates", "log_replica_updates", "mariadb"),
        cite: `${MYSQL_CHANGES_80} (log_replica_updates 8.0.26); ${MARIADB_MYSQL_COMPAT} (MariaDB log_slave_updates, default OFF)`,
    },
    skipReplicaStart: {
        mysql: renamed("skip_slave_start", "skip_replica_start", "mysql"),
        mariadb: renamed("skip_slave_start", "skip_replica_start", "mariadb"),
        cite: `${MYSQL_CHANGES_80} (skip_slave_start -> skip_replica_start 8.0.26)`,
    },
    readOnly: {
        mysql: always("super_read_only"),
        mariadb: always("read_only"),
        cite: `${MYSQL_CHANGES_80} (super_read_only 5.7.8); ${MARIADB_MYSQL_COMPAT} (MariaDB has no super_read_only)`,
    },
    replicaAdminWrites: {
        mysql: always("super_read_only"),
        mariadb: [
            ["0.0.0", "none"],
            ["10.11.0", "revoke"],
        ],
        cite: `MySQL 5.7 manual super_read_only (https://dev.mysql.com/doc/refman/5.7/en/server-system-variables.html#sysvar_super_read_only); ${MARIADB_READ_ONLY_ADMIN} (READ_ONLY ADMIN, 10.5.2; no longer part of SUPER from 10.11.0, MDEV-29596)`,
    },
    binlogExpiry: {
        mysql: fromAdded("binlog_expire_logs_seconds", "mysql", EXPIRE_DAYS, EXPIRE_SECONDS),
        mariadb: fromAdded("binlog_expire_logs_seconds", "mariadb", EXPIRE_DAYS, EXPIRE_SECONDS),
        cite: `${MYSQL_CHANGES_80} (binlog_expire_logs_seconds 8.0.1; expire_logs_days removed 8.2.0); MariaDB 10.6.1 release notes (binlog_expire_logs_seconds, MDEV-19371; https://mariadb.com/kb/en/mariadb-1061-release-notes/)`,
    },
    replicationRepositories: {
        mysql: fromRemoved("master_info_repository", "mysql", true, false),
        mariadb: always(false),
        cite: `${MYSQL_CHANGES_80} (master_info_repository/relay_log_info_repository deprecated 8.0.23, removed 8.3.0, absent from 9.5; ${MYSQL_CHANGES_95}); MariaDB has neither`,
    },
    gtid: {
        mysql: always("mysql"),
        mariadb: always("mariadb"),
        cite: `${MARIADB_GTID} (MariaDB GTID domain-server-seq, gtid_strict_mode; no gtid_mode/enforce_gtid_consistency)`,
    },
    bindAll: {
        mysql: always("*"),
        mariadb: always("0.0.0.0"),
        cite: "MySQL manual bind_address ('*' = every IPv4 and IPv6 interface, https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_bind_address); MariaDB KB bind_address (0.0.0.0 = every IPv4 interface, https://mariadb.com/kb/en/server-system-variables/#bind_address)",
    },
    persistedVariables: {
        mysql: [
            ["0.0.0", false],
            ["8.0.0", true],
        ],
        mariadb: always(false),
        cite: "MySQL 8.0 manual 'Persisted System Variables' (SET PERSIST / RESET PERSIST, mysqld-auto.cnf, 8.0+; https://dev.mysql.com/doc/refman/8.0/en/persisted-system-variables.html); not in 5.7 or MariaDB",
    },

    semisyncPlugins: {
        mysql: [
            ["0.0.0", ["semisync_master.so", "semisync_slave.so"]],
            ["8.0.26", ["semisync_source.so", "semisync_replica.so"]],
        ],
        mariadb: [
            ["0.0.0", ["semisync_master.so", "semisync_slave.so"]],
            ["10.3.3", []],
        ],
        cite: `${SEMISYNC_80} (semisync_source/semisync_replica 8.0.26; old plugins removed 9.5.0, ${MYSQL_CHANGES_95}); ${MARIADB_SEMISYNC} (built in from 10.3.3)`,
    },
    semisyncSourceEnabled: {
        mysql: renamed("rpl_semi_sync_master_enabled", "rpl_semi_sync_source_enabled", "mysql"),
        mariadb: always("rpl_semi_sync_master_enabled"),
        cite: `${MYSQL_CHANGES_80} (rpl_semi_sync_source_* 8.0.26, rpl_semi_sync_master_* removed 9.5.0); ${MARIADB_SEMISYNC}`,
    },
    semisyncReplicaEnabled: {
        mysql: renamed("rpl_semi_sync_slave_enabled", "rpl_semi_sync_replica_enabled", "mysql"),
        mariadb: always("rpl_semi_sync_slave_enabled"),
        cite: `${MYSQL_CHANGES_80}; ${MARIADB_SEMISYNC}`,
    },
    semisyncWaitPoint: {
        mysql: renamed("rpl_semi_sync_master_wait_point", "rpl_semi_sync_source_wait_point", "mysql"),
        mariadb: always("rpl_semi_sync_master_wait_point"),
        cite: `${MYSQL_CHANGES_80}; ${MARIADB_SEMISYNC} (rpl_semi_sync_master_wait_point 10.3.3+, default AFTER_COMMIT)`,
    },
    semisyncWaitForReplicaCount: {
        mysql: renamed("rpl_semi_sync_master_wait_for_slave_count", "rpl_semi_sync_source_wait_for_replica_count", "mysql"),
        mariadb: always(null),
        cite: `${MYSQL_CHANGES_80}; ${MARIADB_SEMISYNC} ("waits for just one replica"; no wait-count variable)`,
    },
    semisyncTimeout: {
        mysql: renamed("rpl_semi_sync_master_timeout", "rpl_semi_sync_source_timeout", "mysql"),
        mariadb: always("rpl_semi_sync_master_timeout"),
        cite: `${MYSQL_CHANGES_80}; ${MARIADB_SEMISYNC}`,
    },
    semisyncWaitNoReplica: {
        mysql: renamed("rpl_semi_sync_master_wait_no_slave", "rpl_semi_sync_source_wait_no_replica", "mysql"),
        mariadb: always("rpl_semi_sync_master_wait_no_slave"),
        cite: `${MYSQL_CHANGES_80}; ${MARIADB_SEMISYNC} (rpl_semi_sync_master_wait_no_slave)`,
    },
    semisyncSourceStatus: {
        mysql: [
            ["0.0.0", "Rpl_semi_sync_master_status"],
            ["8.0.26", "Rpl_semi_sync_source_status"],
        ],
        mariadb: always("Rpl_semi_sync_master_status"),
        cite: `${MYSQL_CHANGES_80} (Rpl_semi_sync_master_* status variables removed 9.5.0)`,
    },

    clonePlugin: {
        mysql: [
            ["0.0.0", null],
            ["8.0.17", "mysql_clone.so"],
        ],
        mariadb: always(null),
        cite: `${CLONE} (CLONE introduced 8.0.17)`,
    },

    groupReplication: {
        mysql: [
            ["0.0.0", false],
            ["5.7.17", true],
        ],
        mariadb: always(false),
        cite: `${GR_REQUIREMENTS_57} (Group Replication needs MySQL/Percona 5.7.17+; MariaDB has none)`,
    },
    groupMemberWeight: {
        mysql: [
            ["0.0.0", false],
            ["5.7.20", true],
            ["8.0.0", false],
            ["8.0.2", true],
        ],
        mariadb: always(false),
        cite: `${GR_COMBINING_80} (member weight added 8.0.2, backported to 5.7.20)`,
    },
    groupConsistency: {
        mysql: fromAdded("group_replication_consistency", "mysql", false, true),
        mariadb: always(false),
        cite: `${GR_COMBINING_80} (group_replication_consistency added 8.0.14)`,
    },
    groupSetAsPrimary: {
        mysql: [
            ["0.0.0", false],
            ["8.0.13", true],
        ],
        mariadb: always(false),
        cite: "MySQL 8.0 manual 'Changing the Primary' (group_replication_set_as_primary(), 8.0.13; https://dev.mysql.com/doc/refman/8.0/en/group-replication-changing-primary-member.html)",
    },
    readOnlyBypassPrivileges: {
        mysql: always([]),
        mariadb: [
            ["0.0.0", ["SUPER"]],
            ["10.5.2", ["READ_ONLY ADMIN", "SUPER"]],
            ["10.11.0", ["READ_ONLY ADMIN"]],
        ],
        cite: "MariaDB KB GRANT, 'READ_ONLY ADMIN' (added 10.5.2; removed from SUPER in 10.11.0; https://mariadb.com/kb/en/grant/#global-privileges); MySQL super_read_only stops SUPER too (https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_super_read_only)",
    },
    groupNeedsWriteSetExtraction: {
        mysql: [
            ["0.0.0", true],
            ["8.0.0", false],
        ],
        mariadb: always(false),
        cite: `${MYSQL_CHANGES_80} (transaction_write_set_extraction deprecated 8.0.26, removed 8.3.0; 8.0 defaults to XXHASH64, 5.7 to OFF)`,
    },
    groupNeedsChecksumNone: {
        mysql: [
            ["0.0.0", true],
            ["8.0.21", false],
        ],
        mariadb: always(false),
        cite: "MySQL 8.0 manual 'Group Replication Requirements' (binlog_checksum=NONE required before 8.0.21, WL#9038; https://dev.mysql.com/doc/refman/8.0/en/group-replication-requirements.html)",
    },
    groupRecoveryGetPublicKey: {
        mysql: fromAdded("group_replication_recovery_get_public_key", "mysql", false, true),
        mariadb: always(false),
        cite: `${CACHING_SHA2} (group_replication_recovery_get_public_key added 8.0.4)`,
    },

    cachingSha2Default: {
        mysql: [
            ["0.0.0", false],
            ["8.0.4", true],
        ],
        mariadb: always(false),
        cite: `${CACHING_SHA2} (caching_sha2_password default from 8.0.4)`,
    },
    nativePasswordAvailable: {
        mysql: [
            ["0.0.0", true],
            ["9.0.0", false],
        ],
        mariadb: always(true),
        cite: `${NATIVE_84} (mysql_native_password deprecated 8.0.34, disabled by default 8.4.0, removed 9.0.0)`,
    },
    nativePasswordNeedsOption: {
        mysql: [
            ["0.0.0", false],
            ["8.4.0", true],
            ["9.0.0", false],
        ],
        mariadb: always(false),
        cite: `${NATIVE_84} (8.4: re-enable with mysql_native_password=ON in [mysqld])`,
    },
    cachingSha2Client: {
        // 5.7's client library (5.7.23+) can do caching_sha2, but the manual guarantees caching_sha2
        // replication only when every server is 8.0.4+, so 5.7 replicas are treated as unable.
        mysql: [
            ["0.0.0", false],
            ["8.0.4", true],
        ],
        mariadb: [
            ["0.0.0", false],
            ["11.4.9", true],
            ["11.5.0", false],
            ["11.8.4", true],
            ["11.9.0", false],
            ["12.1.1", true],
        ],
        cite: `${CACHING_SHA2} (caching_sha2 replication when all servers are 8.0.4+; MariaDB replicas from 11.4.9 / 11.8.4 / 12.1.1)`,
    },
    monitorPrivileges: {
        mysql: always("PROCESS, REPLICATION CLIENT"),
        mariadb: [
            ["0.0.0", "PROCESS, REPLICATION CLIENT"],
            // 10.5.2 split REPLICATION CLIENT (now BINLOG MONITOR); SHOW SLAVE STATUS needed REPLICATION SLAVE ADMIN
            ["10.5.2", "PROCESS, BINLOG MONITOR, REPLICATION SLAVE ADMIN"],
            // 10.5.9 added SLAVE MONITOR (alias REPLICA MONITOR) for SHOW SLAVE STATUS alone
            ["10.5.9", "PROCESS, BINLOG MONITOR, SLAVE MONITOR"],
        ],
        cite: "MariaDB docs: REPLICATION CLIENT is an alias of BINLOG MONITOR from 10.5 and no longer grants SHOW SLAVE STATUS; SLAVE MONITOR / REPLICA MONITOR does (https://mariadb.com/docs/server/ref/mdb/privileges/REPLICA_MONITOR)",
    },
    printIdentifiedAsHex: {
        mysql: [
            ["0.0.0", false],
            ["8.0.17", true],
        ],
        mariadb: always(false),
        cite: "MySQL 8.0 manual print_identified_with_as_hex (added 8.0.17; SHOW CREATE USER hashes as hex; https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_print_identified_with_as_hex)",
    },

    dumpConsistentPositionOption: {
        // MySQL: commented (=2); the GTID state comes from --set-gtid-purged=ON. MariaDB: executed (=1) with
        // --gtid, which emits CHANGE MASTER TO MASTER_USE_GTID=slave_pos and a deferred SET GLOBAL gtid_slave_pos.
        mysql: [
            ["0.0.0", "--master-data=2"],
            ["8.0.26", "--source-data=2"],
        ],
        mariadb: always("--master-data=1"),
        cite: "MySQL 8.0.26 release notes (mysqldump --master-data renamed --source-data; https://dev.mysql.com/doc/relnotes/mysql/8.0/en/news-8-0-26.html); MariaDB KB mariadb-dump --master-data and --gtid (https://mariadb.com/kb/en/mariadb-dump/)",
    },
    dumpHasColumnStatistics: {
        mysql: [
            ["0.0.0", false],
            ["8.0.2", true],
        ],
        mariadb: always(false),
        cite: "MySQL manual mysqldump --column-statistics (8.0.2+; fails against servers without INFORMATION_SCHEMA.COLUMN_STATISTICS; https://dev.mysql.com/doc/refman/8.0/en/mysqldump.html)",
    },

    backupProgram: {
        mysql: always("xtrabackup"),
        mariadb: [
            ["0.0.0", "mariabackup"],
            ["10.5.2", "mariadb-backup"],
        ],
        cite: "MariaDB KB 'mariadb-backup Overview' (mariadb-backup was previously called mariabackup; from 10.5.2 mariadb-backup is the program, mariabackup a symlink; https://mariadb.com/kb/en/mariabackup-overview/); Percona XtraBackup's program is xtrabackup (https://docs.percona.com/percona-xtrabackup/8.0/server-backup-version-comparison.html)",
    },
    backupStreamProgram: {
        mysql: always("xbstream"),
        mariadb: always("mbstream"),
        cite: "MariaDB KB 'mariadb-backup Overview' (xbstream is renamed mbstream; https://mariadb.com/kb/en/mariabackup-overview/); Percona XtraBackup xbstream (https://docs.percona.com/percona-xtrabackup/8.0/create-gtid-replica.html)",
    },
    backupBinlogInfoFiles: {
        mysql: always(["xtrabackup_binlog_info"]),
        mariadb: always(["mariadb_backup_binlog_info", "xtrabackup_binlog_info"]),
        cite: "MariaDB KB 'mariadb-backup --slave-info' (the xtrabackup_* files are named mariadb_backup_* in later releases, so both names are read; https://mariadb.com/kb/en/setting-up-a-replication-slave-with-mariabackup/); Percona XtraBackup 'How to create a new GTID-based replica' (xtrabackup_binlog_info holds the GTID; https://docs.percona.com/percona-xtrabackup/8.0/create-gtid-replica.html)",
    },
};

/** A server: flavour and version (text `X.Y.Z[-suffix]` or parsed). */
export interface ServerRef {
    flavor: Flavor;
    version: string | ServerVersion;
}

/** A version as parsed, from text or already parsed. */
export function toVersion(v: string | ServerVersion): ServerVersion {
    return typeof v === "string" ? mustParseVersion(v) : v;
}

/** The row column of a flavour: Percona Server follows MySQL. */
export function family(flavor: Flavor): "mysql" | "mariadb" {
    return flavor === "mariadb" ? "mariadb" : "mysql";
}

/** The value of a row for a version: the last step whose `since` is at or below it. */
export function resolveRow<T>(row: DialectRow<T>, flavor: Flavor, version: string | ServerVersion): T {
    const v = toVersion(version);
    const steps = row[family(flavor)];
    let value = steps[0][1];
    for (const [since, val] of steps) if (compareVersions(v, mustParseVersion(since)) >= 0) value = val;
    return value;
}

/** Resolved dialects by `family/X.Y.Z` (rendering a large cluster asks for the same few versions repeatedly). */
const resolved = new Map<string, Dialect>();
/** The same dialects by the `flavor/version` string a caller passed, so a repeated call parses nothing. */
const byInput = new Map<string, Dialect>();

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object" && !Object.isFrozen(value)) {
        for (const v of Object.values(value)) deepFreeze(v);
        Object.freeze(value);
    }
    return value;
}

/**
 * Resolves every row of `DIALECT_TABLE` for one server. Throws on a malformed version. The result is shared by
 * every caller asking for the same server and deeply frozen (a caller that needs to change a value copies it):
 * rendering a large fleet asks for the same few dialects thousands of times (docs/performance.md).
 */
export function dialectFor(flavor: Flavor, version: string | ServerVersion): Dialect {
    const inputKey = typeof version === "string" ? `${flavor}/${version}` : undefined;
    const hit = inputKey === undefined ? undefined : byInput.get(inputKey);
    if (hit) return hit;
    const v = toVersion(version);
    const cacheKey = `${family(flavor)}/${formatVersion(v)}`;
    let base = resolved.get(cacheKey);
    if (!base) {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(DIALECT_TABLE) as (keyof Dialect)[]) {
            out[key] = resolveRow(DIALECT_TABLE[key] as DialectRow<unknown>, flavor, v);
        }
        base = deepFreeze(out) as unknown as Dialect;
        resolved.set(cacheKey, base);
    }
    if (inputKey !== undefined) byInput.set(inputKey, base);
    return base;
}
