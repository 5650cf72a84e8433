/**
 * Settings: a template's `config` keys and values, the mode-specific settings, and the metrics exporter's.
 */
import type { ClusterSpec } from "../../spec/types";
import { structuralError, type StructuralError } from "../../spec/errors";
import { DEFAULTS } from "../../spec/defaults";
import { managedReason } from "../../mysqld/managed-options";
import { isOptionName, isPrintableLine } from "../../mysqld/option-file";
import { GROUP_PORT, MYSQL_PORT } from "../../runtime/contract";
import { tplPath } from "./paths";

/** A template's `config` may not override an option the component manages. */
export function checkManagedOptions(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        Object.entries(tpl.config ?? {}).flatMap(([key, value]) => {
            // A key outside the option-name grammar is reported by checkOptionNames alone.
            const reason = isOptionName(key) ? managedReason(key) : undefined;
            return reason
                ? [
                      structuralError(
                          `${tplPath(path, t)}.config.${key}`,
                          value,
                          `'${key}' is managed by the component: ${reason}`,
                          `remove '${key}' from the template's config`,
                      ),
                  ]
                : [];
        }),
    );
}

/**
 * A `config` key follows the servers' option-name grammar, so that it is written as one option name and nothing
 * else: a key with a space, `=`, `#`, `[` or a line break would be read by the server as another option or group.
 */
export function checkOptionNames(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        Object.entries(tpl.config ?? {}).flatMap(([key, value]) =>
            isOptionName(key)
                ? []
                : [
                      structuralError(
                          `${tplPath(path, t)}.config.${JSON.stringify(key)}`,
                          value,
                          `${JSON.stringify(key)} is not an option name: the servers' option names are letters, digits, '_' and '-', starting with a letter`,
                          "write the option as in the server manual, for example max_connections or loose-plugin-option",
                      ),
                  ],
        ),
    );
}

/** A `config` value is one printable line: a line break (or another control character) is never part of a setting. */
export function checkOptionValues(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) =>
        Object.entries(tpl.config ?? {}).flatMap(([key, value]) =>
            typeof value !== "string" || isPrintableLine(value)
                ? []
                : [
                      structuralError(
                          `${tplPath(path, t)}.config.${key}`,
                          value,
                          "an option value must be one printable line, without line breaks or control characters",
                          "give the option a single value; set every other option as its own key of 'config'",
                      ),
                  ],
        ),
    );
}

/** `semisync` settings need mode semisync; `group` settings need mode group. */
export function checkModeSettings(spec: ClusterSpec, path: string): StructuralError[] {
    const mode = spec.mode ?? DEFAULTS.mode;
    const errors: StructuralError[] = [];
    if (spec.semisync && mode !== "semisync") {
        errors.push(
            structuralError(
                `${path}.semisync`,
                spec.semisync,
                `semisync settings apply only to mode semisync, but mode is ${mode}`,
                "remove 'semisync' or set 'mode: semisync'",
            ),
        );
    }
    if (spec.group && mode !== "group") {
        errors.push(
            structuralError(
                `${path}.group`,
                spec.group,
                `group settings apply only to mode group, but mode is ${mode}`,
                "remove 'group' or set 'mode: group'",
            ),
        );
    }
    return errors;
}

/** The exporter's port is none of the ports mysqld listens on in the pod (the containers share one network namespace). */
export function checkMetricsPort(spec: ClusterSpec, path: string): StructuralError[] {
    const port = spec.metrics?.port;
    if (port === undefined || (port !== MYSQL_PORT && port !== GROUP_PORT)) return [];
    return [
        structuralError(
            `${path}.metrics.port`,
            port,
            `port ${port} is taken by mysqld in the pod (${MYSQL_PORT} for clients, ${GROUP_PORT} for Group Replication)`,
            `leave metrics.port unset (${DEFAULTS.metricsPort}) or choose another port`,
        ),
    ];
}

/** The ServiceMonitor and the alert rules scrape the exporter, so they need it. */
export function checkMetricsServiceMonitor(spec: ClusterSpec, path: string): StructuralError[] {
    const m = spec.metrics;
    if (!m?.serviceMonitor || (m.enabled ?? DEFAULTS.metricsEnabled)) return [];
    return [
        structuralError(
            `${path}.metrics.serviceMonitor`,
            true,
            "a ServiceMonitor and its alert rules need the exporter, but metrics.enabled is false",
            "set metrics.enabled to true or metrics.serviceMonitor to false",
        ),
    ];
}
