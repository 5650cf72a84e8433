import { judgeTlsVersion, sourceTlsOptions, tlsDialectFor } from "../../components/mysqld/tls";
import type { Flavor } from "../../components/spec/types";

describe("TLS facts by flavour and version", () => {
    const cases: [Flavor, string, string[], string | null, string | null, string | null][] = [
        // flavor, version, protocols, default tls_version, require_secure_transport, reload statement
        ["mysql", "5.7.9", [], null, "require_secure_transport", null],
        ["mysql", "5.7.29", ["TLSv1", "TLSv1.1", "TLSv1.2"], "TLSv1.2", "require_secure_transport", null],
        ["mysql", "8.0.15", ["TLSv1", "TLSv1.1", "TLSv1.2"], "TLSv1.2", "require_secure_transport", null],
        [
            "mysql",
            "8.0.16",
            ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"],
            "TLSv1.2,TLSv1.3",
            "require_secure_transport",
            "ALTER INSTANCE RELOAD TLS",
        ],
        ["mysql", "8.0.28", ["TLSv1.2", "TLSv1.3"], "TLSv1.2,TLSv1.3", "require_secure_transport", "ALTER INSTANCE RELOAD TLS"],
        ["percona", "8.4.3", ["TLSv1.2", "TLSv1.3"], "TLSv1.2,TLSv1.3", "require_secure_transport", "ALTER INSTANCE RELOAD TLS"],
        ["mariadb", "10.3.39", [], null, null, null],
        ["mariadb", "10.4.6", ["TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"], "TLSv1.2,TLSv1.3", null, "FLUSH SSL"],
        ["mariadb", "10.11.6", ["TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"], "TLSv1.2,TLSv1.3", "require_secure_transport", "FLUSH SSL"],
    ];
    test.each(cases)("%s %s", (flavor, version, protocols, def, secure, reload) => {
        const d = tlsDialectFor(flavor, version);
        expect(d.protocols).toEqual(protocols);
        expect(d.defaultTlsVersion).toBe(def);
        expect(d.requireSecureTransport).toBe(secure);
        expect(d.reloadStatement).toBe(reload);
        if (def !== null) expect(judgeTlsVersion(def, flavor, version)).toEqual({ unknown: [], removed: [], nothingAccepted: false });
    });

    test("TLSv1 and TLSv1.1 are removed from 8.0.28 on, not before", () => {
        expect(judgeTlsVersion("TLSv1,TLSv1.1", "mysql", "8.0.28")).toEqual({
            unknown: [],
            removed: ["TLSv1", "TLSv1.1"],
            nothingAccepted: true,
        });
        expect(judgeTlsVersion("TLSv1.1, TLSv1.2", "mysql", "8.0.28")).toEqual({
            unknown: [],
            removed: ["TLSv1.1"],
            nothingAccepted: false,
        });
        expect(judgeTlsVersion("TLSv1,TLSv1.1", "mysql", "8.0.27").removed).toEqual([]);
    });

    test("another flavour's spelling and 5.7's missing TLSv1.3 are unknown", () => {
        expect(judgeTlsVersion("TLSv1.0", "mysql", "8.0.20").unknown).toEqual(["TLSv1.0"]);
        expect(judgeTlsVersion("TLSv1", "mariadb", "10.11.6").unknown).toEqual(["TLSv1"]);
        expect(judgeTlsVersion("TLSv1.3", "mysql", "5.7.44")).toEqual({ unknown: ["TLSv1.3"], removed: [], nothingAccepted: true });
    });

    test("a replica's source options encrypt and verify the source against the CA, in the version's spelling", () => {
        expect(sourceTlsOptions("SOURCE", "/etc/myriad-tls/ca.crt")).toEqual([
            "SOURCE_SSL=1",
            "SOURCE_SSL_CA='/etc/myriad-tls/ca.crt'",
            "SOURCE_SSL_VERIFY_SERVER_CERT=1",
        ]);
        expect(sourceTlsOptions("MASTER", "/x/it's.crt")[1]).toBe("MASTER_SSL_CA='/x/it''s.crt'");
    });

    test("clients verify the CA with each flavour's options", () => {
        expect(tlsDialectFor("mysql", "5.7.29").clientVerifyOptions).toEqual(["ssl-mode=VERIFY_CA"]);
        expect(tlsDialectFor("mariadb", "10.11.6").clientVerifyOptions).toEqual(["ssl", "ssl-verify-server-cert"]);
    });
});
