/** The vendor manual pages the compatibility rules, the dialect table and the settings table cite: one place per URL. */

export const CACHING_SHA2 = "https://dev.mysql.com/doc/refman/8.0/en/caching-sha2-pluggable-authentication.html";
export const CLONE = "https://dev.mysql.com/doc/refman/8.0/en/clone-plugin.html";
export const CLONE_LIMITS_80 = "https://dev.mysql.com/doc/refman/8.0/en/clone-plugin-limitations.html";
export const GR_COMBINING_80 = "https://dev.mysql.com/doc/refman/8.0/en/group-replication-online-upgrade-combining-versions.html";
export const GR_LIMITATIONS_80 = "https://dev.mysql.com/doc/refman/8.0/en/group-replication-limitations.html";
export const GR_ONLINE_UPGRADE_80 = "https://dev.mysql.com/doc/refman/8.0/en/group-replication-online-upgrade-considerations.html";
export const GR_REQUIREMENTS_57 = "https://dev.mysql.com/doc/refman/5.7/en/group-replication-requirements.html";
export const GR_UPGRADE_84 = "https://dev.mysql.com/doc/refman/8.4/en/group-replication-upgrade.html";
export const MARIADB_BACKUP_OVERVIEW = "https://mariadb.com/kb/en/mariabackup-overview/";
export const MARIADB_BACKUP_REPLICA = "https://mariadb.com/kb/en/setting-up-a-replication-slave-with-mariabackup/";
export const MARIADB_GTID = "https://mariadb.com/docs/server/ha-and-performance/standard-replication/gtid";
export const MARIADB_MYSQL_COMPAT =
    "https://mariadb.com/docs/release-notes/compatibility-and-differences/replication-compatibility-between-mariadb-and-mysql";
export const MARIADB_READ_ONLY_ADMIN = "https://mariadb.com/kb/en/grant/#read_only-admin";
export const MARIADB_REPLICA_STATUS = "https://mariadb.com/kb/en/show-replica-status/";
export const MARIADB_REPL_OVERVIEW =
    "https://mariadb.com/docs/server/ha-and-performance/standard-replication/replication-overview#cross-version-replication-compatibility";
export const MARIADB_UPGRADE_MAJOR =
    "https://mariadb.com/docs/server/server-management/install-and-upgrade-mariadb/upgrading/upgrading-between-major-mariadb-versions";
export const MARIADB_SEMISYNC = "https://mariadb.com/kb/en/semisynchronous-replication/";
export const MYSQL_2610_UPGRADE_PATHS = "https://dev.mysql.com/doc/refman/26.10/en/upgrade-paths.html";
export const MYSQL_80_REPL_COMPAT = "https://dev.mysql.com/doc/refman/8.0/en/replication-compatibility.html";
export const MYSQL_80_DOWNGRADING = "https://dev.mysql.com/doc/refman/8.0/en/downgrading.html";
export const MYSQL_84_DOWNGRADING = "https://dev.mysql.com/doc/refman/8.4/en/downgrading.html";
export const MYSQL_84_RELEASES = "https://dev.mysql.com/doc/refman/8.4/en/mysql-releases.html";
export const MYSQL_84_REPL_COMPAT = "https://dev.mysql.com/doc/refman/8.4/en/replication-compatibility.html";
export const MYSQL_84_REPL_UPGRADE = "https://dev.mysql.com/doc/refman/8.4/en/replication-upgrade.html";
export const MYSQL_84_UPGRADE_PATHS = "https://dev.mysql.com/doc/refman/8.4/en/upgrade-paths.html";
export const MYSQL_CHANGES_80 = "https://dev.mysql.com/doc/refman/8.0/en/added-deprecated-removed.html";
export const MYSQL_CHANGES_95 = "https://dev.mysql.com/doc/refman/9.5/en/added-deprecated-removed.html";
export const NATIVE_84 = "https://dev.mysql.com/doc/refman/8.4/en/native-pluggable-authentication.html";
export const PXB_GTID_REPLICA = "https://docs.percona.com/percona-xtrabackup/8.0/create-gtid-replica.html";
export const PXB_VERSIONS = "https://docs.percona.com/percona-xtrabackup/8.4/server-backup-version-comparison.html";
export const SEMISYNC_80 = "https://dev.mysql.com/doc/refman/8.0/en/replication-semisync-installation.html";
export const SHOW_REPLICA_STATUS = "https://dev.mysql.com/doc/refman/8.0/en/show-replica-status.html";
export const UPGRADING_80 = "https://dev.mysql.com/doc/refman/8.0/en/upgrading-from-previous-series.html";
export const MYSQL_TLS_PROTOCOLS_57 = "https://dev.mysql.com/doc/refman/5.7/en/encrypted-connection-protocols-ciphers.html";
export const MYSQL_TLS_PROTOCOLS_80 = "https://dev.mysql.com/doc/refman/8.0/en/encrypted-connection-protocols-ciphers.html";
export const MYSQL_ALTER_INSTANCE = "https://dev.mysql.com/doc/refman/8.0/en/alter-instance.html";
export const MARIADB_TLS_VARIABLES = "https://mariadb.com/kb/en/ssltls-system-variables/";
export const MARIADB_FLUSH = "https://mariadb.com/kb/en/flush/";
export const MYSQL_PRIVILEGES_57 = "https://dev.mysql.com/doc/refman/5.7/en/privileges-provided.html";
export const MYSQL_PRIVILEGES_80 = "https://dev.mysql.com/doc/refman/8.0/en/privileges-provided.html";
export const MYSQL_PRIVILEGES_84 = "https://dev.mysql.com/doc/refman/8.4/en/privileges-provided.html";
export const MARIADB_GRANT = "https://mariadb.com/kb/en/grant/";
