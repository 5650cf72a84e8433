/**
 * `mysql-replication-authentication` (stack policy, advisory by default).
 *
 * What mixing versions means for authentication (docs/compatibility.md#authentication), per replication edge whose members
 * differ in series or flavour (`authenticationConsequences`) and per cluster (`clusterAuthentication`, the
 * dialect's `replicationAuth`: one replication account, created on the source, replicated everywhere):
 *
 * - accounts created on a source before 8.0.4 stay mysql_native_password on a newer replica;
 * - mysql_native_password is disabled by default on 8.4 (needs `mysql_native_password=ON`) and removed in 9.0,
 *   so native accounts stop working once an 8.4 or 9.x replica becomes the source;
 * - a MariaDB replica of MySQL 8.0 needs a native replication account before 11.4.9 / 11.8.4 / 12.1.1;
 * - when some replica forces a native replication account, whether the source's configuration enables it.
 *
 * A mix for which no plugin works is rejected by `mysql-replication-version-compatible`.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { authenticationConsequences, clusterAuthentication } from "../../components/compat/authentication";
import type { Member } from "../../components/compat/finding";
import { asBoolean } from "../lib/option-files";
import { memberOf, reportFinding, requireWorkloads } from "../lib/policy";
import { clusterTopology } from "../lib/topology";
import { setting, type MysqlWorkload } from "../lib/workloads";

/** Policy name. */
export const NAME = "mysql-replication-authentication";

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const model = requireWorkloads(args);
    for (const [, members] of model.clusters) {
        if (members.some((w) => w.mode === "group")) continue;
        const bySource = new Map<MysqlWorkload, { s: Member; replicas: Member[] }>();
        for (const e of clusterTopology(members).edges) {
            const s = memberOf(e.source),
                r = memberOf(e.replica);
            if (!s || !r) continue;
            for (const f of authenticationConsequences(s, r)) reportFinding(report, f, e.replica);
            const entry = bySource.get(e.source) ?? { s, replicas: [] };
            entry.replicas.push(r);
            bySource.set(e.source, entry);
        }
        for (const [source, { s, replicas }] of bySource) {
            const nativeOn = asBoolean(setting(source, "mysql_native_password")?.value);
            const known = nativeOn ?? (source.unreadableConfig.length ? undefined : false);
            for (const f of clusterAuthentication(s, replicas, known)) if (f.severity === "warning") reportFinding(report, f, source);
        }
    }
}

/** The policy. */
export const replicationAuthentication: StackValidationPolicy & { enforcementLevel: "advisory" } = {
    name: NAME,
    description:
        "Advises on the authentication consequences of mixing server versions in one replication topology, such as mysql_native_password accounts that newer versions disable or remove.",
    enforcementLevel: "advisory",
    severity: "medium",
    tags: ["mysql", "replication", "authentication"],
    remediationSteps:
        "Move replication and monitoring accounts to caching_sha2_password, or enable mysql_native_password where a replica needs it.",
    validateStack: validate,
};
