/**
 * The stack configuration keys of the program's namespace (`myriad:`), checked once for every reader: the
 * program under `pulumi up` (from the engine's configuration, where every value is a string) and every `myriad`
 * command (from the stack file, where values are YAML values). Each error names the key, the value and the fix;
 * `myriad:clusters` itself is checked by the planner.
 */
import type { StructuralError } from "../../components/spec/errors";
import { CLUSTERS_CONFIG_KEY, CONFIG_NAMESPACE } from "./config-key";

/** `myriad:protect`: `protect` on every cluster's StatefulSets and generated passwords. */
export const PROTECT_CONFIG_KEY = `${CONFIG_NAMESPACE}:protect`;

/** Every key the program reads, with what it expects. */
export const STACK_KEYS: Readonly<Record<string, string>> = {
    [CLUSTERS_CONFIG_KEY]: "the list of clusters (docs/configuration.md)",
    [PROTECT_CONFIG_KEY]: "true or false",
};

/**
 * `myriad:protect` as a boolean: YAML `true`/`false`, or the strings `"true"`/`"false"` (what `pulumi config
 * set myriad:protect false` writes, and how the engine hands every value to the program). Undefined when unset
 * or invalid ({@link checkStackKeys} reports it).
 */
export function protectOf(config: Readonly<Record<string, unknown>>): boolean | undefined {
    const v = config[PROTECT_CONFIG_KEY];
    if (v === true || v === "true") return true;
    if (v === false || v === "false") return false;
    return undefined;
}

/** The errors of the `myriad:` keys of a stack configuration (`namespace:key` -> value), all at once. */
export function checkStackKeys(config: Readonly<Record<string, unknown>>): StructuralError[] {
    const errors: StructuralError[] = [];
    for (const [key, value] of Object.entries(config)) {
        if (!key.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
        if (!(key in STACK_KEYS)) {
            errors.push({
                path: key,
                value,
                message: "not a configuration key of this program",
                fix: `use one of ${Object.keys(STACK_KEYS).join(", ")}, or remove it`,
            });
        } else if (key === PROTECT_CONFIG_KEY && value !== undefined && value !== null && protectOf(config) === undefined) {
            errors.push({
                path: key,
                value,
                message: "must be true or false",
                fix: `write ${PROTECT_CONFIG_KEY}: true (the default: StatefulSets and passwords protected) or false (throw-away stacks only)`,
            });
        }
    }
    return errors;
}
