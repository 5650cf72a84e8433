/**
 * The single table of version and flavour differences that Myriad's renderers, scripts, probes and policies
 * depend on. Every row cites its source, normally a section of `../shared/research/mysql-compat.md`
 * (§3 authentication, §4.1 statements, §4.2 variables and plugins, §4.3 status columns, §5 CLONE,
 * §6 MariaDB, §7 Percona). Rows that the research file does not cover cite the vendor manual directly.
 *
 * Percona Server follows the MySQL rows: its version is the MySQL base version plus a build suffix
 * (mysql-compat §7, "fully compatible drop-in replacement").
 *
 * Everything here is pure: no I/O, no Pulumi. `dialectFor`, `seedingMethod`, `logicalDumpOptions` and
 * `replicationAuth` are the functions the rest of the code base (and the policy pack) import.
 */
import type { Flavor } from "../spec/types";
import { compareVersions, formatVersion, mustParseVersion, sameSeries, type ServerVersion } from "../versions/version";

/** Value of a dialect property from a version on (inclusive). Steps are ordered by ascending version. */
export type Steps<T> = readonly (readonly [since: string, value: T])[];

/** One row of the table: the value per flavour family by version, and where the fact comes from. */
export interface DialectRow<T> {
    /** MySQL and Percona Server (mysql-compat §7: Percona follows MySQL). */
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
    /** Server program (the scripts fall back to `mysqld` when a MariaDB image lacks `mariadbd`). */
    server: string;
    /** How an empty data directory is initialised. */
    initialize: "mysqld --initialize-insecure" | "mariadb-install-db" | "mysql_install_db";
    /** Options of the MariaDB installer (root without password for the bootstrap to secure; no test schema). */
    initializeOptions: string;

    // ---- statements (mysql-compat §4.1) ----
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

    // ---- SHOW REPLICA/SLAVE STATUS columns (mysql-compat §4.3, §6) ----
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

    // ---- options (mysql-compat §4.2) ----
    logReplicaUpdates: string;
    skipReplicaStart: string;
    /** The variable that makes the server refuse writes (also blocking administrators where possible). */
    readOnly: "super_read_only" | "read_only";
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

    // ---- semi-synchronous replication (mysql-compat §4.2; MariaDB built in) ----
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

    // ---- CLONE (mysql-compat §5) ----
    /** Library of the CLONE plugin, or null where CLONE does not exist. */
    clonePlugin: string | null;

    // ---- Group Replication (mysql-compat §2, §4.2) ----
    /** Group Replication is available (MySQL/Percona 5.7.17+). */
    groupReplication: boolean;
    /** `group_replication_member_weight` exists (5.7.20+, 8.0.2+; §2.4). */
    groupMemberWeight: boolean;
    /** `group_replication_consistency` exists (8.0.14+; §2.5). */
    groupConsistency: boolean;
    /** `transaction_write_set_extraction` must be set to XXHASH64 for Group Replication (5.7 default OFF). */
    groupNeedsWriteSetExtraction: boolean;
    /** Group Replication requires `binlog_checksum=NONE` (before 8.0.21, WL#9038). */
    groupNeedsChecksumNone: boolean;
    /** `group_replication_recovery_get_public_key` exists (8.0.4+; §3). */
    groupRecoveryGetPublicKey: boolean;

    // ---- authentication (mysql-compat §3) ----
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
}

const always = <T>(value: T): Steps<T> => [["0.0.0", value]];

const MYSQL = "mysql-compat.md";

/**
 * THE table. Keys are the `Dialect` properties; each row gives the MySQL/Percona and the MariaDB values by
 * version and cites its source.
 */
export const DIALECT_TABLE: { readonly [K in keyof Dialect]: DialectRow<Dialect[K]> } = {
    client: {
        mysql: always("mysql"),
        mariadb: [["0.0.0", "mysql"], ["10.5.2", "mariadb"]],
        cite: "MariaDB KB 'mysql client': from 10.5.2 'mariadb' is the binary and 'mysql' a symlink; from 11.0.1 the symlinks are removed from the mariadb Docker Official Image (https://mariadb.com/kb/en/mysqldump/)",
    },
    admin: {
        mysql: always("mysqladmin"),
        mariadb: [["0.0.0", "mysqladmin"], ["10.5.2", "mariadb-admin"]],
        cite: "MariaDB KB 'mysqladmin': from 10.5.2 mariadb-admin is the program, mysqladmin a symlink (https://mariadb.com/kb/en/1632/)",
    },
    dump: {
        mysql: always("mysqldump"),
        mariadb: [["0.0.0", "mysqldump"], ["10.5.2", "mariadb-dump"]],
        cite: "MariaDB KB 'mysqldump': from 10.5.2 mariadb-dump is the program; 11.0.1 removes mysqldump from the Docker image (https://mariadb.com/kb/en/mysqldump/)",
    },
    server: {
        mysql: always("mysqld"),
        mariadb: [["0.0.0", "mysqld"], ["10.5.2", "mariadbd"]],
        cite: "MariaDB 10.5 changes: binaries named mariadb*, mysql* symlinked (https://mariadb.com/kb/en/changes-improvements-in-mariadb-105/#binaries-named-mariadb-mysql-symlinked)",
    },
    initialize: {
        mysql: always("mysqld --initialize-insecure"),
        mariadb: [["0.0.0", "mysql_install_db"], ["10.5.2", "mariadb-install-db"]],
        cite: "MySQL 5.7+/8.x manual 'Initializing the Data Directory' (mysqld --initialize-insecure, 5.7.6+); MariaDB 10.5 binary renames (mariadb-install-db)",
    },
    initializeOptions: {
        mysql: always(""),
        mariadb: [["0.0.0", ""], ["10.4.0", "--auth-root-authentication-method=normal"], ["10.5.2", "--auth-root-authentication-method=normal --skip-test-db"]],
        cite: "MariaDB KB mariadb-install-db: 10.4 made unix_socket the default root authentication (--auth-root-authentication-method=normal restores a passwordless root for the bootstrap to secure); --skip-test-db",
    },

    showReplicaStatus: {
        mysql: [["0.0.0", "SHOW SLAVE STATUS"], ["8.0.22", "SHOW REPLICA STATUS"]],
        mariadb: [["0.0.0", "SHOW SLAVE STATUS"], ["10.5.1", "SHOW REPLICA STATUS"]],
        cite: `${MYSQL} §4.1 (SHOW REPLICA STATUS 8.0.22, SHOW SLAVE STATUS removed 8.4.0); §6 (MariaDB synonyms from 10.5.1)`,
    },
    startReplica: {
        mysql: [["0.0.0", "START SLAVE"], ["8.0.22", "START REPLICA"]],
        mariadb: [["0.0.0", "START SLAVE"], ["10.5.1", "START REPLICA"]],
        cite: `${MYSQL} §4.1 (START REPLICA 8.0.22, START SLAVE removed 8.4.0); §6 (MariaDB synonyms from 10.5.1)`,
    },
    stopReplica: {
        mysql: [["0.0.0", "STOP SLAVE"], ["8.0.22", "STOP REPLICA"]],
        mariadb: [["0.0.0", "STOP SLAVE"], ["10.5.1", "STOP REPLICA"]],
        cite: `${MYSQL} §4.1 (STOP REPLICA 8.0.22, STOP SLAVE removed 8.4.0); §6 (MariaDB synonyms from 10.5.1)`,
    },
    resetReplicaAll: {
        mysql: [["0.0.0", "RESET SLAVE ALL"], ["8.0.22", "RESET REPLICA ALL"]],
        mariadb: always("RESET SLAVE ALL"),
        cite: `${MYSQL} §4.1 (RESET REPLICA 8.0.22, RESET SLAVE removed 8.4.0); MariaDB keeps RESET SLAVE (§6 lists only START/STOP/SHOW synonyms)`,
    },
    changeSource: {
        mysql: [["0.0.0", "CHANGE MASTER TO"], ["8.0.23", "CHANGE REPLICATION SOURCE TO"]],
        mariadb: always("CHANGE MASTER TO"),
        cite: `${MYSQL} §4.1 (CHANGE REPLICATION SOURCE TO 8.0.23, CHANGE MASTER removed 8.4.0); §6 (MariaDB documents only CHANGE MASTER)`,
    },
    sourceOptionPrefix: {
        mysql: [["0.0.0", "MASTER"], ["8.0.23", "SOURCE"]],
        mariadb: always("MASTER"),
        cite: `${MYSQL} §4.1 (SOURCE_* options with CHANGE REPLICATION SOURCE TO, 8.0.23); §6`,
    },
    gtidPositioning: {
        mysql: [["0.0.0", "MASTER_AUTO_POSITION=1"], ["8.0.23", "SOURCE_AUTO_POSITION=1"]],
        mariadb: always("MASTER_USE_GTID=slave_pos"),
        cite: `${MYSQL} §4.1 (SOURCE_AUTO_POSITION 8.0.23); §6 (MariaDB: CHANGE MASTER TO master_use_gtid=slave_pos)`,
    },
    getSourcePublicKey: {
        mysql: [["0.0.0", null], ["8.0.4", "GET_MASTER_PUBLIC_KEY=1"], ["8.0.23", "GET_SOURCE_PUBLIC_KEY=1"]],
        mariadb: always(null),
        cite: `${MYSQL} §3 (GET_MASTER_PUBLIC_KEY from 8.0.4, GET_SOURCE_PUBLIC_KEY from 8.0.23; needed for caching_sha2 without TLS)`,
    },
    showBinaryLogStatus: {
        mysql: [["0.0.0", "SHOW MASTER STATUS"], ["8.2.0", "SHOW BINARY LOG STATUS"]],
        mariadb: always("SHOW MASTER STATUS"),
        cite: `${MYSQL} §4.1 (SHOW BINARY LOG STATUS 8.2.0, SHOW MASTER STATUS removed 8.4.0)`,
    },
    resetBinaryLogs: {
        // RESET BINARY LOGS AND GTIDS is reported from 8.2.0 only by secondary sources [S]; RESET MASTER is
        // certain to work until its removal in 8.4.0, so the switch happens there.
        mysql: [["0.0.0", "RESET MASTER"], ["8.4.0", "RESET BINARY LOGS AND GTIDS"]],
        mariadb: always("RESET MASTER"),
        cite: `${MYSQL} §4.1 (RESET MASTER removed 8.4.0; new name 8.2.0 [S])`,
    },

    colIoRunning: {
        mysql: [["0.0.0", "Slave_IO_Running"], ["8.0.22", "Replica_IO_Running"]],
        mariadb: always("Slave_IO_Running"),
        cite: `${MYSQL} §4.3 (SHOW REPLICA STATUS columns 8.0.22; MariaDB keeps legacy names, §6)`,
    },
    colSqlRunning: {
        mysql: [["0.0.0", "Slave_SQL_Running"], ["8.0.22", "Replica_SQL_Running"]],
        mariadb: always("Slave_SQL_Running"),
        cite: `${MYSQL} §4.3; §6`,
    },
    colLag: {
        mysql: [["0.0.0", "Seconds_Behind_Master"], ["8.0.22", "Seconds_Behind_Source"]],
        mariadb: always("Seconds_Behind_Master"),
        cite: `${MYSQL} §4.3; §6`,
    },
    colSourceHost: {
        mysql: [["0.0.0", "Master_Host"], ["8.0.22", "Source_Host"]],
        mariadb: always("Master_Host"),
        cite: `${MYSQL} §4.3; §6`,
    },
    colSourcePort: {
        mysql: [["0.0.0", "Master_Port"], ["8.0.22", "Source_Port"]],
        mariadb: always("Master_Port"),
        cite: `${MYSQL} §4.3; §6`,
    },
    colLastIoErrno: { mysql: always("Last_IO_Errno"), mariadb: always("Last_IO_Errno"), cite: `${MYSQL} §4.3 (unchanged columns)` },
    colLastIoError: { mysql: always("Last_IO_Error"), mariadb: always("Last_IO_Error"), cite: `${MYSQL} §4.3 (unchanged columns)` },
    colLastSqlErrno: { mysql: always("Last_SQL_Errno"), mariadb: always("Last_SQL_Errno"), cite: `${MYSQL} §4.3 (unchanged columns)` },
    colLastSqlError: { mysql: always("Last_SQL_Error"), mariadb: always("Last_SQL_Error"), cite: `${MYSQL} §4.3 (unchanged columns)` },
    colAutoPosition: {
        // MySQL: Auto_Position 1 = GTID auto-positioning (5.6+), same name in SHOW SLAVE STATUS and SHOW REPLICA
        // STATUS. MariaDB: Using_Gtid No | Slave_Pos | Current_Pos (10.0.2+).
        mysql: always("Auto_Position"),
        mariadb: always("Using_Gtid"),
        cite: `${MYSQL} §4.3 (Auto_Position unchanged in SHOW REPLICA STATUS); §6 (MariaDB-only Using_Gtid); MySQL manual 'SHOW REPLICA STATUS' (https://dev.mysql.com/doc/refman/8.0/en/show-replica-status.html: "Auto_Position: 1 if GTID auto-positioning is in use for the channel, otherwise 0"); MariaDB KB 'SHOW REPLICA STATUS' (Using_Gtid: No, Slave_Pos or Current_Pos)`,
    },

    logReplicaUpdates: {
        mysql: [["0.0.0", "log_slave_updates"], ["8.0.26", "log_replica_updates"]],
        mariadb: always("log_slave_updates"),
        cite: `${MYSQL} §4.2 (log_replica_updates 8.0.26); §6 (MariaDB log_slave_updates, default OFF)`,
    },
    skipReplicaStart: {
        mysql: [["0.0.0", "skip_slave_start"], ["8.0.26", "skip_replica_start"]],
        mariadb: always("skip_slave_start"),
        cite: `${MYSQL} §4.2 (skip_slave_start -> skip_replica_start 8.0.26)`,
    },
    readOnly: {
        mysql: always("super_read_only"),
        mariadb: always("read_only"),
        cite: `${MYSQL} §4.2 (super_read_only 5.7.8); §6 (MariaDB has no super_read_only)`,
    },
    binlogExpiry: {
        mysql: [["0.0.0", { name: "expire_logs_days", unit: "days" }], ["8.0.1", { name: "binlog_expire_logs_seconds", unit: "seconds" }]],
        mariadb: [["0.0.0", { name: "expire_logs_days", unit: "days" }], ["10.6.1", { name: "binlog_expire_logs_seconds", unit: "seconds" }]],
        cite: `${MYSQL} §4.2 (binlog_expire_logs_seconds 8.0.1; expire_logs_days removed 8.2.0); MariaDB 10.6.1 release notes (binlog_expire_logs_seconds, MDEV-19371)`,
    },
    replicationRepositories: {
        mysql: [["0.0.0", true], ["8.3.0", false]],
        mariadb: always(false),
        cite: `${MYSQL} §4.2 (master_info_repository/relay_log_info_repository deprecated 8.0.23, removed 8.3.0 [S], absent from 9.5); MariaDB has neither`,
    },
    gtid: {
        mysql: always("mysql"),
        mariadb: always("mariadb"),
        cite: `${MYSQL} §6 (MariaDB GTID domain-server-seq, gtid_strict_mode; no gtid_mode/enforce_gtid_consistency)`,
    },
    bindAll: {
        mysql: always("*"),
        mariadb: always("0.0.0.0"),
        cite: "MySQL manual bind_address ('*' = every IPv4 and IPv6 interface); MariaDB KB bind_address (0.0.0.0 = every IPv4 interface)",
    },
    persistedVariables: {
        mysql: [["0.0.0", false], ["8.0.0", true]],
        mariadb: always(false),
        cite: "MySQL 8.0 manual 'SET PERSIST' / 'RESET PERSIST' (mysqld-auto.cnf, 8.0+); not in 5.7 or MariaDB",
    },

    semisyncPlugins: {
        mysql: [["0.0.0", ["semisync_master.so", "semisync_slave.so"]], ["8.0.26", ["semisync_source.so", "semisync_replica.so"]]],
        mariadb: [["0.0.0", ["semisync_master.so", "semisync_slave.so"]], ["10.3.3", []]],
        cite: `${MYSQL} §4.2 (semisync_source/semisync_replica 8.0.26; old plugins removed 9.5.0); MariaDB KB 'Semisynchronous Replication' (built in from 10.3.3)`,
    },
    semisyncSourceEnabled: {
        mysql: [["0.0.0", "rpl_semi_sync_master_enabled"], ["8.0.26", "rpl_semi_sync_source_enabled"]],
        mariadb: always("rpl_semi_sync_master_enabled"),
        cite: `${MYSQL} §4.2 (rpl_semi_sync_source_* 8.0.26, rpl_semi_sync_master_* removed 9.5.0); MariaDB KB semisync variables`,
    },
    semisyncReplicaEnabled: {
        mysql: [["0.0.0", "rpl_semi_sync_slave_enabled"], ["8.0.26", "rpl_semi_sync_replica_enabled"]],
        mariadb: always("rpl_semi_sync_slave_enabled"),
        cite: `${MYSQL} §4.2; MariaDB KB semisync variables`,
    },
    semisyncWaitPoint: {
        mysql: [["0.0.0", "rpl_semi_sync_master_wait_point"], ["8.0.26", "rpl_semi_sync_source_wait_point"]],
        mariadb: always("rpl_semi_sync_master_wait_point"),
        cite: `${MYSQL} §4.2; MariaDB KB rpl_semi_sync_master_wait_point (10.3.3+, default AFTER_COMMIT)`,
    },
    semisyncWaitForReplicaCount: {
        mysql: [["0.0.0", "rpl_semi_sync_master_wait_for_slave_count"], ["8.0.26", "rpl_semi_sync_source_wait_for_replica_count"]],
        mariadb: always(null),
        cite: `${MYSQL} §4.2; MariaDB KB 'Semisynchronous Replication' ("waits for just one replica"; no wait-count variable)`,
    },
    semisyncTimeout: {
        mysql: [["0.0.0", "rpl_semi_sync_master_timeout"], ["8.0.26", "rpl_semi_sync_source_timeout"]],
        mariadb: always("rpl_semi_sync_master_timeout"),
        cite: `${MYSQL} §4.2; MariaDB KB semisync variables`,
    },
    semisyncWaitNoReplica: {
        mysql: [["0.0.0", "rpl_semi_sync_master_wait_no_slave"], ["8.0.26", "rpl_semi_sync_source_wait_no_replica"]],
        mariadb: always("rpl_semi_sync_master_wait_no_slave"),
        cite: `${MYSQL} §4.2; MariaDB KB rpl_semi_sync_master_wait_no_slave`,
    },
    semisyncSourceStatus: {
        mysql: [["0.0.0", "Rpl_semi_sync_master_status"], ["8.0.26", "Rpl_semi_sync_source_status"]],
        mariadb: always("Rpl_semi_sync_master_status"),
        cite: `${MYSQL} §4.2 (Rpl_semi_sync_master_* status variables removed 9.5.0)`,
    },

    clonePlugin: {
        mysql: [["0.0.0", null], ["8.0.17", "mysql_clone.so"]],
        mariadb: always(null),
        cite: `${MYSQL} §5 (CLONE introduced 8.0.17)`,
    },

    groupReplication: {
        mysql: [["0.0.0", false], ["5.7.17", true]],
        mariadb: always(false),
        cite: `${MYSQL} §2 and issue 4 (Group Replication needs MySQL/Percona 5.7.17+; MariaDB has none)`,
    },
    groupMemberWeight: {
        mysql: [["0.0.0", false], ["5.7.20", true], ["8.0.0", false], ["8.0.2", true]],
        mariadb: always(false),
        cite: `${MYSQL} §2.4 (member weight added 8.0.2, backported to 5.7.20)`,
    },
    groupConsistency: {
        mysql: [["0.0.0", false], ["8.0.14", true]],
        mariadb: always(false),
        cite: `${MYSQL} §2.5 (group_replication_consistency added 8.0.14)`,
    },
    groupNeedsWriteSetExtraction: {
        mysql: [["0.0.0", true], ["8.0.0", false]],
        mariadb: always(false),
        cite: `${MYSQL} §4.2 (transaction_write_set_extraction deprecated 8.0.26, removed 8.3.0; 8.0 defaults to XXHASH64, 5.7 to OFF)`,
    },
    groupNeedsChecksumNone: {
        mysql: [["0.0.0", true], ["8.0.21", false]],
        mariadb: always(false),
        cite: "WL#9038 'Group Replication: Support Binary Log Checksums' (binlog_checksum=NONE required before 8.0.21)",
    },
    groupRecoveryGetPublicKey: {
        mysql: [["0.0.0", false], ["8.0.4", true]],
        mariadb: always(false),
        cite: `${MYSQL} §3 (group_replication_recovery_get_public_key added 8.0.4)`,
    },

    cachingSha2Default: {
        mysql: [["0.0.0", false], ["8.0.4", true]],
        mariadb: always(false),
        cite: `${MYSQL} §3 (caching_sha2_password default from 8.0.4)`,
    },
    nativePasswordAvailable: {
        mysql: [["0.0.0", true], ["9.0.0", false]],
        mariadb: always(true),
        cite: `${MYSQL} §3 (mysql_native_password deprecated 8.0.34, disabled by default 8.4.0, removed 9.0.0)`,
    },
    nativePasswordNeedsOption: {
        mysql: [["0.0.0", false], ["8.4.0", true], ["9.0.0", false]],
        mariadb: always(false),
        cite: `${MYSQL} §3 (8.4: re-enable with mysql_native_password=ON in [mysqld])`,
    },
    cachingSha2Client: {
        // 5.7's client library (5.7.23+) can do caching_sha2, but the manual guarantees caching_sha2
        // replication only when every server is 8.0.4+, so 5.7 replicas are treated as unable (§3 [derived]).
        mysql: [["0.0.0", false], ["8.0.4", true]],
        mariadb: [["0.0.0", false], ["11.4.9", true], ["11.5.0", false], ["11.8.4", true], ["11.9.0", false], ["12.1.1", true]],
        cite: `${MYSQL} §3 (caching_sha2 replication when all servers are 8.0.4+; MariaDB replicas from 11.4.9 / 11.8.4 / 12.1.1)`,
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
        mysql: [["0.0.0", false], ["8.0.17", true]],
        mariadb: always(false),
        cite: "MySQL 8.0 manual print_identified_with_as_hex (added 8.0.17; SHOW CREATE USER hashes as hex)",
    },

    dumpConsistentPositionOption: {
        // MySQL: commented (=2); the GTID state comes from --set-gtid-purged=ON. MariaDB: executed (=1) with
        // --gtid, which emits CHANGE MASTER TO MASTER_USE_GTID=slave_pos and a deferred SET GLOBAL gtid_slave_pos.
        mysql: [["0.0.0", "--master-data=2"], ["8.0.26", "--source-data=2"]],
        mariadb: always("--master-data=1"),
        cite: "MySQL 8.0.26 release notes (mysqldump --master-data renamed --source-data); MariaDB KB mariadb-dump --master-data and --gtid",
    },
    dumpHasColumnStatistics: {
        mysql: [["0.0.0", false], ["8.0.2", true]],
        mariadb: always(false),
        cite: "MySQL manual mysqldump --column-statistics (8.0.2+; fails against servers without INFORMATION_SCHEMA.COLUMN_STATISTICS)",
    },
};

/** A server: flavour and version (text `X.Y.Z[-suffix]` or parsed). */
export interface ServerRef {
    flavor: Flavor;
    version: string | ServerVersion;
}

function toVersion(v: string | ServerVersion): ServerVersion {
    return typeof v === "string" ? mustParseVersion(v) : v;
}

function family(flavor: Flavor): "mysql" | "mariadb" {
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
const resolved = new Map<string, Readonly<Record<string, unknown>>>();

function copyValue(value: unknown): unknown {
    return Array.isArray(value) ? value.slice() : value && typeof value === "object" ? { ...value } : value;
}

/** Resolves every row of `DIALECT_TABLE` for one server. Throws on a malformed version. Returns a fresh copy. */
export function dialectFor(flavor: Flavor, version: string | ServerVersion): Dialect {
    const v = toVersion(version);
    const cacheKey = `${family(flavor)}/${formatVersion(v)}`;
    let base = resolved.get(cacheKey);
    if (!base) {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(DIALECT_TABLE) as (keyof Dialect)[]) {
            out[key] = resolveRow(DIALECT_TABLE[key] as DialectRow<unknown>, flavor, v);
        }
        base = out;
        resolved.set(cacheKey, base);
    }
    const copy: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(base)) copy[k] = copyValue(value);
    return copy as unknown as Dialect;
}

/** Oldest versions the rendered configuration and scripts support (super_read_only 5.7.8; MariaDB 10.3.3 built-in semisync, SHOW CREATE USER). */
export const MINIMUM_SUPPORTED: Readonly<Record<"mysql" | "mariadb", string>> = { mysql: "5.7.8", mariadb: "10.3.3" };

/** Why a server version is below what Myriad renders for, or undefined when supported. */
export function unsupportedReason(flavor: Flavor, version: string | ServerVersion): string | undefined {
    const v = toVersion(version);
    const min = MINIMUM_SUPPORTED[family(flavor)];
    if (compareVersions(v, mustParseVersion(min)) < 0) {
        return `${flavor} ${formatVersion(v)} is older than ${min}, the oldest version Myriad configures (super_read_only, GTID auto-positioning and the bootstrap scripts need it)`;
    }
    return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Seeding a new replica (mysql-compat §5 CLONE, §1 logical copies, §6 MariaDB GTIDs)
// ---------------------------------------------------------------------------------------------------------

/** How a new replica gets its initial data from a donor. */
export type SeedingMethod = "clone" | "logical" | "none";

/** The seeding decision with the reason, for messages and docs. */
export interface SeedingDecision {
    method: SeedingMethod;
    reason: string;
}

/**
 * Whether CLONE can copy `donor` into `recipient` (mysql-compat §5): MySQL/Percona (same vendor; cross-vendor
 * cloning is not documented), both 8.0.17+, same series; and in 8.0, the same patch release if either side
 * is 8.0.36 or older. 8.4+ series clone in either direction within the series. Cross-series cloning (only
 * 9.7 LTS to the next LTS) is not used: the next LTS after 9.7 belongs to the calendar lineage whose rules
 * are only partly documented (§1.2 [U]).
 */
export function cloneAllowed(donor: ServerRef, recipient: ServerRef): SeedingDecision {
    const d = toVersion(donor.version), r = toVersion(recipient.version);
    if (donor.flavor === "mariadb" || recipient.flavor === "mariadb") {
        return { method: "none", reason: "MariaDB has no CLONE plugin (mysql-compat §5, §6)" };
    }
    if (donor.flavor !== recipient.flavor) {
        return { method: "none", reason: `CLONE between ${donor.flavor} and ${recipient.flavor} is not documented; the donor and recipient must have the same plugins active (mysql-compat §5)` };
    }
    const min = mustParseVersion("8.0.17");
    if (compareVersions(d, min) < 0 || compareVersions(r, min) < 0) {
        return { method: "none", reason: `CLONE needs 8.0.17+ on both sides (donor ${formatVersion(d)}, recipient ${formatVersion(r)}; mysql-compat §5)` };
    }
    if (!sameSeries(d, r)) {
        return { method: "none", reason: `CLONE needs the same release series (donor ${formatVersion(d)}, recipient ${formatVersion(r)}; mysql-compat §5)` };
    }
    const last836 = mustParseVersion("8.0.36");
    if (d.major === 8 && d.minor === 0 && (compareVersions(d, last836) <= 0 || compareVersions(r, last836) <= 0) && compareVersions(d, r) !== 0) {
        return { method: "none", reason: `CLONE within 8.0 needs the same point release when either side is 8.0.36 or older (donor ${formatVersion(d)}, recipient ${formatVersion(r)}; mysql-compat §5)` };
    }
    return { method: "clone", reason: `CLONE: same series ${d.major}.${d.minor}, 8.0.17+${d.major === 8 && d.minor === 0 ? ", patch rule satisfied" : ""} (mysql-compat §5)` };
}

/**
 * The method that seeds a new `recipient` replica from `donor` (its replication source):
 * - `clone` when CLONE allows the pair (`cloneAllowed`);
 * - `logical`, a consistent dump carrying the GTID state, when both are in the same flavour family
 *   (MySQL/Percona, or MariaDB) and the donor is not newer than the recipient: a dump loads from an older or
 *   equal version into a newer one (mysql-compat §1.2 "dump/load" on every allowed upgrade path);
 * - `none` otherwise: MySQL and MariaDB GTIDs are incompatible (§6), and a dump of a newer server does not
 *   load into an older one (§1.2: downgrades by dump are "rollback only").
 */
export function seedingDecision(donor: ServerRef, recipient: ServerRef): SeedingDecision {
    const clone = cloneAllowed(donor, recipient);
    if (clone.method === "clone") return clone;
    const d = toVersion(donor.version), r = toVersion(recipient.version);
    if (family(donor.flavor) !== family(recipient.flavor)) {
        return { method: "none", reason: `no supported seeding from ${donor.flavor} to ${recipient.flavor}: MariaDB GTIDs (domain-server-seq) and MySQL GTIDs (uuid:n) are incompatible and Myriad replicates with GTIDs only (mysql-compat §6)` };
    }
    if (compareVersions(d, r) > 0) {
        return { method: "none", reason: `the donor ${donor.flavor} ${formatVersion(d)} is newer than the recipient ${recipient.flavor} ${formatVersion(r)}: a dump of a newer server is not supported on an older one (mysql-compat §1.2, §1.3) and ${clone.reason}` };
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
    const opts = ["--single-transaction", tool.dumpConsistentPositionOption, "--routines", "--triggers", "--events", "--hex-blob", "--max-allowed-packet=1073741824"];
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

// ---------------------------------------------------------------------------------------------------------
// Authentication of the replication account (mysql-compat §3)
// ---------------------------------------------------------------------------------------------------------

/** How the replication account must be created for a cluster. */
export interface ReplicationAuth {
    /** `mysql_native_password` when a replica cannot use caching_sha2; null: the server default. */
    plugin: "mysql_native_password" | null;
    /** Replicas (by label) that force the choice. */
    forcedBy: string[];
    /** Set when no plugin works for every replica (e.g. a 9.x source with a 5.7 replica). */
    impossible?: string;
}

/**
 * The authentication plugin of the replication account. The account is created on the source and replicated
 * everywhere, so one choice serves the cluster: when the source creates caching_sha2_password accounts by
 * default (MySQL/Percona 8.0.4+) and some replica cannot authenticate with it (5.7 replicas [derived], MariaDB
 * replicas before 11.4.9 / 11.8.4 / 12.1.1), the account uses mysql_native_password; a 9.0+ source no longer
 * has it, which makes the mix impossible (§3 policy consequences).
 */
export function replicationAuth(source: ServerRef, replicas: readonly (ServerRef & { label?: string })[]): ReplicationAuth {
    const src = dialectFor(source.flavor, source.version);
    if (!src.cachingSha2Default) return { plugin: null, forcedBy: [] };
    const forcedBy = replicas
        .filter((r) => !dialectFor(r.flavor, r.version).cachingSha2Client)
        .map((r) => r.label ?? `${r.flavor} ${formatVersion(toVersion(r.version))}`);
    if (forcedBy.length === 0) return { plugin: null, forcedBy };
    if (!src.nativePasswordAvailable) {
        return {
            plugin: null, forcedBy,
            impossible: `the source ${source.flavor} ${formatVersion(toVersion(source.version))} has no mysql_native_password (removed in 9.0.0) and ${forcedBy.join(", ")} cannot authenticate with caching_sha2_password (mysql-compat §3)`,
        };
    }
    return { plugin: "mysql_native_password", forcedBy };
}
