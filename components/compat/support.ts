/**
 * The support floor: the oldest server versions Myriad renders a configuration and scripts for
 * (docs/compatibility.md#supported-versions). Older servers lack super_read_only (MySQL 5.7.8,
 * https://dev.mysql.com/doc/refman/5.7/en/server-system-variables.html#sysvar_super_read_only) or the built-in
 * semi-synchronous replication and SHOW CREATE USER of MariaDB 10.3.3
 * (https://mariadb.com/kb/en/semisynchronous-replication/).
 */
import type { Flavor } from "../spec/types";
import { family, toVersion } from "../mysqld/dialect";
import { compareVersions, formatVersion, mustParseVersion, type ServerVersion } from "../versions/version";

/** Oldest versions the rendered configuration and scripts support (super_read_only 5.7.8; MariaDB 10.3.3 built-in semisync, SHOW CREATE USER). */
export const MINIMUM_SUPPORTED: Readonly<Record<"mysql" | "mariadb", string>> = { mysql: "5.7.8", mariadb: "10.3.3" };

/** What the floor of each family rests on (docs/compatibility.md#supported-versions). */
const SUPPORT_FLOOR_WHY: Readonly<Record<"mysql" | "mariadb", string>> = {
    mysql: "replicas are fenced with super_read_only, added in 5.7.8",
    mariadb: "semi-synchronous replication built into the server and SHOW CREATE USER, from 10.3.3",
};

/**
 * The oldest MariaDB whose replicas refuse the administrator's writes: from 10.11.0 SUPER no longer includes
 * READ_ONLY ADMIN (MDEV-29596, https://mariadb.com/kb/en/grant/#read_only-admin), so root can hold every other
 * privilege and still be bound by `read_only`. Before it, SUPER (which the administrator needs) bypasses `read_only`.
 */
export const MARIADB_REPLICA_FENCE = "10.11.0";

/**
 * Why `flavor` `version` cannot run as a replica that refuses every account's writes but replication's, or
 * undefined when it can (MySQL and Percona: super_read_only; MariaDB: from `MARIADB_REPLICA_FENCE`).
 */
export function replicaWriteFenceProblem(flavor: Flavor, version: string | ServerVersion): string | undefined {
    if (family(flavor) !== "mariadb") return undefined;
    const v = toVersion(version);
    if (compareVersions(v, mustParseVersion(MARIADB_REPLICA_FENCE)) >= 0) return undefined;
    return `on MariaDB ${formatVersion(v)} read_only does not stop accounts with SUPER (root), so a replica would accept the administrator's writes; replicas need MariaDB ${MARIADB_REPLICA_FENCE} or later, where SUPER no longer includes READ_ONLY ADMIN`;
}

/** Why a server version is below what Myriad renders for, or undefined when supported. */
export function unsupportedReason(flavor: Flavor, version: string | ServerVersion): string | undefined {
    const v = toVersion(version);
    const min = MINIMUM_SUPPORTED[family(flavor)];
    if (compareVersions(v, mustParseVersion(min)) < 0) {
        return `${flavor} ${formatVersion(v)} is older than ${min}, the oldest ${family(flavor) === "mariadb" ? "MariaDB" : "MySQL or Percona Server"} version Myriad configures (${SUPPORT_FLOOR_WHY[family(flavor)]})`;
    }
    return undefined;
}
