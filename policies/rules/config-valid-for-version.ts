/**
 * `mysql-config-valid-for-version` (stack policy, mandatory by default).
 *
 * No `[mysqld]` setting that the server of that exact flavour and version does not have: removed
 * (`query_cache_*` from MySQL 8.0.3, `expire_logs_days` from 8.2.0, `default_authentication_plugin` from 8.4.0,
 * `master_info_repository` from 8.3.0, ...), renamed away or not added yet (`replica_parallel_workers` before
 * 8.0.26, `group_replication_consistency` before 8.0.14, ...), or absent from the flavour (`super_read_only` and
 * `gtid_mode` on MariaDB); and no setting the MySqlCluster component manages (`server_id`, `gtid_mode`,
 * `read_only`, ... in a template's `config`). A server refuses to start with an unknown variable, so every one
 * of these is a failed rollout. The table is components/compat/settings.ts (docs/compatibility.md#renamed-and-removed-settings).
 *
 * Settings written with the `loose-` prefix are ignored (with a warning) by servers that lack them; those, and
 * deprecated or unknown names, are advised by `mysql-config-deprecated-or-unknown`.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { describeSettingVerdict } from "../../components/compat/settings";
import { requireWorkloads } from "../lib/policy";
import { judgedSettings, SETTINGS_SOURCE } from "../lib/settings";

/** Policy name. */
export const NAME = "mysql-config-valid-for-version";

const RULE = `"a setting must exist in the server version that reads it: removed and renamed settings stop the server at startup" (${SETTINGS_SOURCE})`;

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const model = requireWorkloads(args);
    for (const j of judgedSettings(model)) {
        if (j.managed) {
            report(
                `${j.subject}: '${j.rawName}' (${j.origin}) is managed by the MySqlCluster component: ${j.managed}. ` +
                    `Rule: "server_id and the other keys the component manages are refused" (components/mysqld/managed-options.ts; docs/configuration.md). Instead: remove '${j.rawName}' from the template's config.`,
                j.resource.urn,
            );
            continue;
        }
        if (j.fromComponent) continue; // judged in the rendered my.cnf of the template's instances
        const v = j.verdict;
        if (v.loose) continue;
        if (v.status !== "removed" && v.status !== "not-yet-added" && v.status !== "absent-in-flavor") continue;
        const fix = v.row?.replacement ? `use ${v.row.replacement}` : `remove '${j.rawName}'`;
        const owner = j.renderedByMyriad ? " It is rendered by the MySqlCluster component: report it as a Myriad bug." : "";
        report(
            `${j.subject}: ${describeSettingVerdict(v, j.flavor, j.version)} (${j.origin}, value '${j.value}').${owner} ` +
                `Rule: ${RULE}; source: ${v.row?.cite ?? SETTINGS_SOURCE}. Instead: ${fix} for ${j.flavor} ${j.version.major}.${j.version.minor}.${j.version.patch}.`,
            j.resource.urn,
        );
    }
}

/** The policy. */
export const configValidForVersion: StackValidationPolicy & { enforcementLevel: "mandatory" } = {
    name: NAME,
    description:
        "Rejects server settings that the instance's exact version or flavor does not have (removed, renamed away, not yet added) and settings the MySqlCluster component manages.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["mysql", "configuration", "versions"],
    remediationSteps: "Use the setting's replacement for that version, or remove it; never override keys the component manages.",
    validateStack: validate,
};
