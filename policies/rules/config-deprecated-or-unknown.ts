/**
 * `mysql-config-deprecated-or-unknown` (stack policy, advisory by default).
 *
 * Advises on settings that work today but will not for long, or that the server may not know:
 * - deprecated settings (`log_slave_updates` from 8.0.26, `binlog_format` from 8.0.34, ...) with their
 *   replacement (docs/compatibility.md#renamed-and-removed-settings);
 * - settings written with the `loose-` prefix that the server's version does not have (mysqld ignores them
 *   with a warning, so they silently do nothing);
 * - names Myriad does not know for that server (a curated catalogue, not every variable of every version),
 *   with the closest known name. Add your own names with `knownSettings`.
 *
 * Settings the MySqlCluster component renders itself are not reported here.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { describeSettingVerdict } from "../../components/compat/settings";
import { configOf, requireWorkloads } from "../lib/policy";
import { extraKnownSettings, judgedSettings, SETTINGS_SOURCE } from "../lib/settings";

/** Policy name. */
export const NAME = "mysql-config-deprecated-or-unknown";

/** Configuration of the policy. */
export interface DeprecatedConfig {
    /** Setting names to treat as known (for example plugin variables). Default: none. */
    knownSettings: string[];
    /** Report unknown names. Default: true. */
    reportUnknown: boolean;
}

const DEFAULTS: DeprecatedConfig = { knownSettings: [], reportUnknown: true };

function validate(args: StackValidationArgs, report: ReportViolation): void {
    const cfg = configOf(args, DEFAULTS);
    const model = requireWorkloads(args);
    for (const j of judgedSettings(model, extraKnownSettings(cfg.knownSettings))) {
        if (j.managed || j.renderedByMyriad || j.fromComponent) continue;
        const v = j.verdict;
        const text = `${j.subject}: ${describeSettingVerdict(v, j.flavor, j.version)} (${j.origin})`;
        if (v.status === "deprecated") {
            report(
                `${text}. Rule: "deprecated settings are removed in a later release" (${v.row?.cite ?? SETTINGS_SOURCE}). ` +
                    `Instead: ${v.row?.replacement ? `use ${v.row.replacement}` : `remove '${j.rawName}'`} before upgrading past ${j.version.major}.${j.version.minor}.`,
                j.resource.urn,
            );
        } else if (v.loose && (v.status === "removed" || v.status === "not-yet-added" || v.status === "absent-in-flavor")) {
            report(
                `${text}; the loose- prefix makes the server skip it silently. Rule: "loose- options the server does not have are ignored with a warning" (https://dev.mysql.com/doc/refman/8.0/en/option-modifiers.html; ${v.row?.cite ?? SETTINGS_SOURCE}). ` +
                    `Instead: ${v.row?.replacement ? `use ${v.row.replacement}` : `remove '${j.rawName}'`}.`,
                j.resource.urn,
            );
        } else if (v.status === "unknown" && cfg.reportUnknown) {
            report(
                `${text}. Rule: "a server refuses to start with an unknown variable" (MySQL manual, option files). ` +
                    `Instead: check the spelling${v.suggestion ? ` ('${v.suggestion}'?)` : ""}, or add the name to this policy's knownSettings if it is a plugin or vendor variable.`,
                j.resource.urn,
            );
        }
    }
}

/** The policy. */
export const configDeprecatedOrUnknown: StackValidationPolicy & { enforcementLevel: "advisory" } = {
    name: NAME,
    description:
        "Advises on deprecated server settings, loose- settings the server version ignores, and setting names Myriad does not know.",
    enforcementLevel: "advisory",
    severity: "low",
    tags: ["mysql", "configuration"],
    remediationSteps: "Replace deprecated settings before upgrading, and fix misspelled names.",
    configSchema: {
        properties: {
            knownSettings: { type: "array", items: { type: "string" }, default: [], description: "Setting names to treat as known." },
            reportUnknown: { type: "boolean", default: true, description: "Report names Myriad does not know." },
        },
    },
    validateStack: validate,
};
