/**
 * `mysql-config-valid-for-version` (stack policy, mandatory by default).
 *
 * No `[mysqld]` setting that the server of that exact flavour and version does not have, judged against the
 * settings catalog (components/mysqld/catalog, docs/compatibility.md#settings-catalog): removed or renamed away
 * (`query_cache_*` from MySQL 8.0.3, `expire_logs_days` from 8.2.0, `default_authentication_plugin` from
 * 8.4.0, ...), not added yet (`replica_parallel_workers` before 8.0.26, `group_replication_consistency` before
 * 8.0.14, ...), of another flavour (`super_read_only` and `gtid_mode` on MariaDB, `gtid_strict_mode` on MySQL),
 * or matching no catalogued name at all (with the closest name); and no setting the MySqlCluster component
 * manages (`server_id`, `gtid_mode`, `read_only`, ... in a template's `config`); and no setting that switches off
 * authentication or networking or runs code at start-up (`skip_grant_tables`, `init_file`, ...: `REFUSED` in
 * components/mysqld/server-settings.ts) in a template's `config` or in the option files of a workload the
 * component created (read from manifests). A server refuses to start with
 * an option it does not know, so every one of these is a failed rollout. A template's setting is judged once,
 * naming the template and its StatefulSets.
 *
 * Settings written with the `loose-` prefix are skipped (with a warning) by servers that lack them: those are
 * advised by `mysql-config-deprecated-or-unknown`, never rejected here. `knownSettings` adds names the catalog
 * does not have (a plugin or a vendor build's own options).
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { describeSettingVerdict, refusesToStart } from "../../components/compat/settings";
import { configOf, requireWorkloads } from "../lib/policy";
import { extraKnownSettings, judgedSettings, SETTINGS_SOURCE } from "../lib/settings";

/** Policy name. */
export const NAME = "mysql-config-valid-for-version";

/** Configuration of the policy. */
export interface ValidForVersionConfig {
    /** Setting names to accept although the catalog does not have them (plugin or vendor options). Default: none. */
    knownSettings: string[];
}

const DEFAULTS: ValidForVersionConfig = { knownSettings: [] };

const RULE = `"a setting must exist in the server version and flavour that reads it: a server refuses to start with an option it does not know" (${SETTINGS_SOURCE})`;

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const cfg = configOf(args, DEFAULTS);
    const model = requireWorkloads(args);
    for (const j of judgedSettings(model, extraKnownSettings(cfg.knownSettings))) {
        if (j.unsafe) {
            report(
                `${j.subject}: '${j.rawName}' (${j.origin}) is refused: ${j.unsafe.reason}. ` +
                    `Rule: "settings that switch off authentication or networking, or run code at start-up, are refused" (components/mysqld/server-settings.ts REFUSED; docs/configuration.md). Instead: ${j.unsafe.fix.replace(/^remove it/, `remove '${j.rawName}' from ${j.template ? `template '${j.template}'` : "the option files"}`)}.`,
                j.resource.urn,
            );
            continue;
        }
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
        if (!refusesToStart(v)) continue;
        const version = `${j.flavor} ${j.version.major}.${j.version.minor}.${j.version.patch}`;
        const where = j.template ? `template '${j.template}'` : j.subject;
        const fix =
            v.status === "unknown"
                ? `${v.suggestion ? `write '${v.suggestion}' if that is what you meant, ` : "check the spelling, "}write it 'loose-${v.name}' to let ${version} skip it with a warning, or add '${v.name}' to this policy's knownSettings if it is a plugin or vendor option`
                : v.replacement && !v.replacement.startsWith("nothing")
                  ? `use ${v.replacement} in ${where} for ${version}, or remove '${j.rawName}'`
                  : `remove '${j.rawName}' from ${where} for ${version}`;
        const owner = j.renderedByMyriad ? " It is rendered by the MySqlCluster component: report it as a Myriad bug." : "";
        report(
            `${j.subject}: ${describeSettingVerdict(v, j.flavor, j.version)} (${j.origin}, value '${j.value}').${owner} ` +
                `Rule: ${RULE}${v.cite === SETTINGS_SOURCE ? "" : `; source: ${v.cite}`}. Instead: ${fix}.`,
            j.resource.urn,
        );
    }
}

/** The policy. */
export const configValidForVersion: StackValidationPolicy & { enforcementLevel: "mandatory" } = {
    name: NAME,
    description:
        "Rejects server settings that the instance's exact version or flavor does not have (removed, renamed away, not yet added, another flavor's, or unknown to the settings catalog), settings the MySqlCluster component manages, and settings that switch off authentication or networking or run code at start-up in its clusters.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["mysql", "configuration", "versions"],
    remediationSteps:
        "Use the setting's replacement for that version, fix the spelling, write it with the loose- prefix, or remove it; never override keys the component manages.",
    configSchema: {
        properties: {
            knownSettings: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Setting names to accept although the settings catalog does not have them (plugin or vendor options).",
            },
        },
    },
    validateStack: validate,
};
