/**
 * `mysql-config-deprecated-or-unknown` (stack policy, advisory by default).
 *
 * Advises on settings that work today but will not for long, or that the server skips:
 * - deprecated settings (`log_slave_updates` from 8.0.26, `binlog_format` from 8.0.34, ...) with their
 *   replacement (docs/compatibility.md#renamed-and-removed-settings);
 * - settings written with the `loose-` prefix that the server's version does not have, or that match no
 *   catalogued name (mysqld skips them with a warning, so they silently do nothing), with the closest name.
 *
 * Unknown names without `loose-` stop the server: `mysql-config-valid-for-version` rejects them. Settings the
 * MySqlCluster component renders itself are not reported here. A template's setting is advised once.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { describeSettingVerdict, REFUSED_STATUSES } from "../../components/compat/settings";
import { configOf, requireWorkloads } from "../lib/policy";
import { extraKnownSettings, judgedSettings } from "../lib/settings";

/** Policy name. */
export const NAME = "mysql-config-deprecated-or-unknown";

/** Configuration of the policy. */
export interface DeprecatedConfig {
    /** Setting names to treat as known (for example plugin variables). Default: none. */
    knownSettings: string[];
    /** Report loose- names that match no catalogued setting. Default: true. */
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
                `${text}. Rule: "deprecated settings are removed in a later release" (${v.cite}). ` +
                    `Instead: ${v.replacement && !v.replacement.startsWith("nothing") ? `use ${v.replacement}` : `remove '${j.rawName}'`} before upgrading past ${j.version.major}.${j.version.minor}.`,
                j.resource.urn,
            );
        } else if (v.loose && REFUSED_STATUSES.includes(v.status) && (v.status !== "unknown" || cfg.reportUnknown)) {
            report(
                `${text}; the loose- prefix makes the server skip it silently. Rule: "loose- options the server does not have are skipped with a warning" (https://dev.mysql.com/doc/refman/8.0/en/option-modifiers.html; ${v.cite}). ` +
                    `Instead: ${v.replacement && !v.replacement.startsWith("nothing") ? `use ${v.replacement}` : v.suggestion ? `write 'loose-${v.suggestion}' if that is what you meant, or remove '${j.rawName}'` : `remove '${j.rawName}'`}.`,
                j.resource.urn,
            );
        }
    }
}

/** The policy. */
export const configDeprecatedOrUnknown: StackValidationPolicy & { enforcementLevel: "advisory" } = {
    name: NAME,
    description: "Advises on deprecated server settings, and on loose- settings the server version does not have (it skips them).",
    enforcementLevel: "advisory",
    severity: "low",
    tags: ["mysql", "configuration"],
    remediationSteps: "Replace deprecated settings before upgrading, and fix misspelled loose- names.",
    configSchema: {
        properties: {
            knownSettings: { type: "array", items: { type: "string" }, default: [], description: "Setting names to treat as known." },
            reportUnknown: { type: "boolean", default: true, description: "Report loose- names that match no catalogued setting." },
        },
    },
    validateStack: validate,
};
