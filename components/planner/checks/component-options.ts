/** The component options of `MySqlClusterArgs`, which are not part of the cluster specification. */
import { structuralError, type StructuralError } from "../../spec/errors";
import { COMPONENT_DEFAULTS } from "../../spec/defaults";

/** `readyTimeoutSeconds`, when given, is a positive whole number of seconds. */
export function checkReadyTimeoutSeconds(value: unknown, path: string): StructuralError[] {
    if (value === undefined || (typeof value === "number" && Number.isInteger(value) && value >= 1)) return [];
    return [
        structuralError(
            path,
            value,
            "must be a positive whole number of seconds",
            `omit it (default ${COMPONENT_DEFAULTS.readyTimeoutSeconds}) or give e.g. 7200`,
        ),
    ];
}

/** `protect`, when given, is a boolean. */
export function checkProtect(value: unknown, path: string): StructuralError[] {
    if (value === undefined || typeof value === "boolean") return [];
    return [
        structuralError(path, value, "must be a boolean", `use ${COMPONENT_DEFAULTS.protect} (default) or ${!COMPONENT_DEFAULTS.protect}`),
    ];
}

/** The component options of `MySqlClusterArgs` (found at `root`, e.g. `args`). */
export function checkComponentOptions(options: { protect?: unknown; readyTimeoutSeconds?: unknown }, root: string): StructuralError[] {
    return [
        ...checkReadyTimeoutSeconds(options.readyTimeoutSeconds, `${root}.readyTimeoutSeconds`),
        ...checkProtect(options.protect, `${root}.protect`),
    ];
}
