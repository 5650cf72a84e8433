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

/** Why a server version is below what Myriad renders for, or undefined when supported. */
export function unsupportedReason(flavor: Flavor, version: string | ServerVersion): string | undefined {
    const v = toVersion(version);
    const min = MINIMUM_SUPPORTED[family(flavor)];
    if (compareVersions(v, mustParseVersion(min)) < 0) {
        return `${flavor} ${formatVersion(v)} is older than ${min}, the oldest version Myriad configures (super_read_only, GTID auto-positioning and the bootstrap scripts need it)`;
    }
    return undefined;
}
