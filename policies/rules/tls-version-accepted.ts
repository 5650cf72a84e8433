/**
 * `mysql-tls-version-accepted` (stack policy, advisory by default; a stack makes it mandatory in the pack's
 * configuration).
 *
 * A `tls_version` that names a protocol the server removed (MySQL 8.0.28+: TLSv1, TLSv1.1) or never knew (another
 * flavour's spelling, TLSv1.3 on 5.7) is ignored or refused, and one that names only such protocols leaves the
 * server without TLS: encrypted clients and replicas can no longer connect. The facts are the TLS table
 * (components/mysqld/tls.ts, docs/compatibility.md#tls).
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { judgeTlsVersion, tlsDialectFor } from "../../components/mysqld/tls";
import { MARIADB_TLS_VARIABLES, MYSQL_TLS_PROTOCOLS_57, MYSQL_TLS_PROTOCOLS_80 } from "../../components/mysqld/manual-pages";
import { atLeast, formatVersion } from "../../components/versions/version";
import { requireWorkloads } from "../lib/policy";
import { setting } from "../lib/workloads";

/** Policy name. */
export const NAME = "mysql-tls-version-accepted";

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const model = requireWorkloads(args);
    for (const w of model.workloads) {
        if (!w.online || !w.version) continue;
        const entry = setting(w, "tls_version");
        if (!entry || entry.value === undefined) continue;
        const verdict = judgeTlsVersion(entry.value, w.flavor, w.version);
        if (!verdict.unknown.length && !verdict.removed.length) continue;
        const at = `${w.flavor} ${formatVersion(w.version)}`;
        const d = tlsDialectFor(w.flavor, w.version);
        const manual =
            w.flavor === "mariadb" ? MARIADB_TLS_VARIABLES : atLeast(w.version, "8.0.0") ? MYSQL_TLS_PROTOCOLS_80 : MYSQL_TLS_PROTOCOLS_57;
        const problems = [
            ...(verdict.removed.length ? [`${verdict.removed.join(", ")} ${verdict.removed.length === 1 ? "was" : "were"} removed`] : []),
            ...(verdict.unknown.length
                ? [`${verdict.unknown.join(", ")} ${verdict.unknown.length === 1 ? "is" : "are"} not a protocol of ${at}`]
                : []),
        ];
        report(
            `${w.display}: tls_version=${entry.value} (${entry.origin}): ${problems.join("; ")}` +
                `${verdict.nothingAccepted ? `, so ${at} offers no TLS protocol at all and encrypted clients and replicas cannot connect` : ""}. ` +
                `Rule: ${at} accepts ${d.protocols.length ? d.protocols.join(", ") : "no tls_version setting"} (${manual}). ` +
                `Instead: ${d.defaultTlsVersion ? `set tls_version=${d.defaultTlsVersion}` : "remove tls_version"}.`,
            w.resource.urn,
        );
    }
}

/** The policy. */
export const tlsVersionAccepted: StackValidationPolicy & { enforcementLevel: "advisory" } = {
    name: NAME,
    description:
        "Advises when tls_version names a TLS protocol the server version removed or does not know, which leaves encrypted connections without that protocol or without TLS at all.",
    enforcementLevel: "advisory",
    severity: "high",
    tags: ["mysql", "tls", "security"],
    remediationSteps:
        "List only protocols the server version accepts in tls_version (TLSv1.2,TLSv1.3 on MySQL 8.0.16+ and MariaDB; TLSv1.2 on 5.7).",
    validateStack: validate,
};
