/**
 * TLS by flavour and version: the server variables, the protocol versions `tls_version` accepts, how a renewed
 * certificate is picked up, and how a replica and a client ask for a verified encrypted connection. Data only, in
 * the dialect table's shape (`Steps` per family, resolved with `resolveRow`); docs/compatibility.md#tls explains
 * the rows and cites the manuals.
 */
import type { Flavor } from "../spec/types";
import type { ServerVersion } from "../versions/version";
import { resolveRow, type DialectRow, type Steps } from "./dialect";
import { sqlString } from "./sql-quote";
import { MYSQL_TLS_PROTOCOLS_57, MYSQL_TLS_PROTOCOLS_80, MYSQL_ALTER_INSTANCE, MARIADB_TLS_VARIABLES, MARIADB_FLUSH } from "./manual-pages";

export const MYSQL_SECURE_TRANSPORT =
    "https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_require_secure_transport";

/** TLS facts of one server. */
export interface TlsDialect {
    /** The protocol versions `tls_version` may list; empty when the server has no `tls_version` variable. */
    protocols: readonly string[];
    /** Protocol versions this server once accepted and no longer does (a value naming one is refused or ignored). */
    removedProtocols: readonly string[];
    /** The `tls_version` Myriad renders: the protocols still considered safe that this server accepts, or null. */
    defaultTlsVersion: string | null;
    /** The variable that refuses unencrypted client connections, or null when the server has none. */
    requireSecureTransport: string | null;
    /** The statement that loads renewed certificate files without a restart, or null (a restart is needed). */
    reloadStatement: string | null;
    /** How the monitoring clients ask for an encrypted connection verified against the CA, as option-file keys. */
    clientVerifyOptions: readonly string[];
}

const always = <T>(value: T): Steps<T> => [["0.0.0", value]];

export const TLS_TABLE: { readonly [K in keyof TlsDialect]: DialectRow<TlsDialect[K]> } = {
    protocols: {
        mysql: [
            ["0.0.0", []],
            ["5.7.10", ["TLSv1", "TLSv1.1", "TLSv1.2"]],
            ["8.0.16", ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]],
            ["8.0.28", ["TLSv1.2", "TLSv1.3"]],
        ],
        mariadb: [
            ["0.0.0", []],
            ["10.4.6", ["TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"]],
        ],
        cite: `${MYSQL_TLS_PROTOCOLS_57} (tls_version 5.7.10, no TLSv1.3 on 5.7); ${MYSQL_TLS_PROTOCOLS_80} (TLSv1.3 8.0.16, TLSv1 and TLSv1.1 removed 8.0.28); ${MARIADB_TLS_VARIABLES} (tls_version 10.4.6, TLSv1.0 spelt with .0)`,
    },
    removedProtocols: {
        mysql: [
            ["0.0.0", []],
            ["8.0.28", ["TLSv1", "TLSv1.1"]],
        ],
        mariadb: always([]),
        cite: `${MYSQL_TLS_PROTOCOLS_80} (TLSv1 and TLSv1.1 removed 8.0.28)`,
    },
    defaultTlsVersion: {
        mysql: [
            ["0.0.0", null],
            ["5.7.10", "TLSv1.2"],
            ["8.0.16", "TLSv1.2,TLSv1.3"],
        ],
        mariadb: [
            ["0.0.0", null],
            ["10.4.6", "TLSv1.2,TLSv1.3"],
        ],
        cite: `${MYSQL_TLS_PROTOCOLS_80}; ${MARIADB_TLS_VARIABLES}`,
    },
    requireSecureTransport: {
        mysql: [
            ["0.0.0", null],
            ["5.7.8", "require_secure_transport"],
        ],
        mariadb: [
            ["0.0.0", null],
            ["10.5.2", "require_secure_transport"],
        ],
        cite: `${MYSQL_SECURE_TRANSPORT} (5.7.8); ${MARIADB_TLS_VARIABLES} (10.5.2)`,
    },
    reloadStatement: {
        mysql: [
            ["0.0.0", null],
            ["8.0.16", "ALTER INSTANCE RELOAD TLS"],
        ],
        mariadb: [
            ["0.0.0", null],
            ["10.4.0", "FLUSH SSL"],
        ],
        cite: `${MYSQL_ALTER_INSTANCE} (RELOAD TLS 8.0.16); ${MARIADB_FLUSH} (FLUSH SSL 10.4)`,
    },
    clientVerifyOptions: {
        mysql: always(["ssl-mode=VERIFY_CA"]),
        mariadb: always(["ssl", "ssl-verify-server-cert"]),
        cite: `${MYSQL_TLS_PROTOCOLS_80} (--ssl-mode, 5.7.11); ${MARIADB_TLS_VARIABLES} (--ssl, --ssl-verify-server-cert)`,
    },
};

/** The TLS facts of one server. */
export function tlsDialectFor(flavor: Flavor, version: string | ServerVersion): TlsDialect {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(TLS_TABLE) as (keyof TlsDialect)[]) {
        out[key] = resolveRow(TLS_TABLE[key] as DialectRow<unknown>, flavor, version);
    }
    return out as unknown as TlsDialect;
}

/** The replica's source options that encrypt replication and verify the source's certificate against the CA. */
export function sourceTlsOptions(prefix: "SOURCE" | "MASTER", caFile: string): string[] {
    return [`${prefix}_SSL=1`, `${prefix}_SSL_CA=${sqlString(caFile)}`, `${prefix}_SSL_VERIFY_SERVER_CERT=1`];
}

/** A `tls_version` value judged against one server: the protocols it refuses and the ones it no longer accepts. */
export interface TlsVersionVerdict {
    /** Listed protocols the server never knew (misspelt, or another flavour's spelling). */
    unknown: string[];
    /** Listed protocols the server removed. */
    removed: string[];
    /** True when nothing listed is still accepted (the server would offer no TLS at all). */
    nothingAccepted: boolean;
}

/** Judges a `tls_version` value (comma-separated) against one server's protocol list. */
export function judgeTlsVersion(value: string, flavor: Flavor, version: string | ServerVersion): TlsVersionVerdict {
    const d = tlsDialectFor(flavor, version);
    const listed = value
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
    const removed = listed.filter((p) => d.removedProtocols.includes(p));
    const unknown = listed.filter((p) => !d.protocols.includes(p) && !removed.includes(p));
    return { unknown, removed, nothingAccepted: listed.every((p) => !d.protocols.includes(p)) };
}
