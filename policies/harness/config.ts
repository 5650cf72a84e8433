/**
 * Policy pack configuration, as `pulumi preview --policy-pack-config FILE` reads it and as `myriad check
 * --policy-config FILE` accepts it: `{ "all": LEVEL, "<policy>": LEVEL | { "enforcementLevel": LEVEL, ...props } }`
 * with LEVEL one of advisory, mandatory, remediate, disabled.
 *
 * Like the Pulumi CLI (pkg/resource/analyzer/config.go), the harness validates each policy's properties against
 * its `configSchema` and fills the schema's defaults; stricter than the CLI, it also refuses unknown policy
 * names and unknown properties (typos would otherwise silently do nothing).
 */
import type { EnforcementLevel, Policy } from "@pulumi/policy";

/** The pack configuration file's content. */
export type PackConfig = Record<string, unknown>;

/** A configuration problem, in the shape of the planner's structural errors. */
export interface ConfigError {
    path: string;
    value: unknown;
    message: string;
    fix: string;
}

/** Valid enforcement levels. */
export const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

function isLevel(v: unknown): v is EnforcementLevel {
    return typeof v === "string" && (LEVELS as readonly string[]).includes(v);
}

interface JsonSchema {
    type?: string | string[];
    enum?: unknown[];
    items?: JsonSchema;
    minimum?: number;
    maximum?: number;
    default?: unknown;
}

function typeMatches(value: unknown, schema: JsonSchema): string | undefined {
    const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.length) {
        const ok = types.some((t) => {
            switch (t) {
                case "string":
                    return typeof value === "string";
                case "boolean":
                    return typeof value === "boolean";
                case "integer":
                    return typeof value === "number" && Number.isInteger(value);
                case "number":
                    return typeof value === "number";
                case "array":
                    return Array.isArray(value);
                case "object":
                    return value !== null && typeof value === "object" && !Array.isArray(value);
                case "null":
                    return value === null;
                default:
                    return true;
            }
        });
        if (!ok) return `expected ${types.join(" or ")}`;
    }
    if (schema.enum && !schema.enum.some((e) => e === value))
        return `expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`;
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) return `expected at least ${schema.minimum}`;
        if (schema.maximum !== undefined && value > schema.maximum) return `expected at most ${schema.maximum}`;
    }
    if (Array.isArray(value) && schema.items) {
        for (let i = 0; i < value.length; i++) {
            const problem = typeMatches(value[i], schema.items);
            if (problem) return `item ${i}: ${problem}`;
        }
    }
    return undefined;
}

/** Validates a pack configuration against the policies; returns every problem. */
export function validatePackConfig(config: unknown, policies: readonly Policy[], where = "policy config"): ConfigError[] {
    const errors: ConfigError[] = [];
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
        return [
            {
                path: where,
                value: config,
                message: "expected a JSON object keyed by policy name",
                fix: 'write for example {"all": "advisory", "mysql-probes-present": "mandatory"}',
            },
        ];
    }
    const byName = new Map(policies.map((p) => [p.name, p]));
    for (const [key, value] of Object.entries(config as PackConfig)) {
        const path = `${where}.${key}`;
        if (key === "all") {
            if (!isLevel(value))
                errors.push({ path, value, message: "is not an enforcement level", fix: `use one of ${LEVELS.join(", ")}` });
            continue;
        }
        const policy = byName.get(key);
        if (!policy) {
            errors.push({
                path,
                value,
                message: `'${key}' is not a policy of this pack`,
                fix: `use one of: all, ${[...byName.keys()].join(", ")}`,
            });
            continue;
        }
        if (typeof value === "string") {
            if (!isLevel(value))
                errors.push({ path, value, message: "is not an enforcement level", fix: `use one of ${LEVELS.join(", ")}` });
            continue;
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            errors.push({
                path,
                value,
                message: "expected an enforcement level or an object",
                fix: 'write "mandatory" or {"enforcementLevel": "mandatory", ...}',
            });
            continue;
        }
        const props = (policy.configSchema?.properties ?? {}) as Record<string, JsonSchema>;
        for (const [prop, v] of Object.entries(value as Record<string, unknown>)) {
            if (prop === "enforcementLevel") {
                if (!isLevel(v))
                    errors.push({
                        path: `${path}.enforcementLevel`,
                        value: v,
                        message: "is not an enforcement level",
                        fix: `use one of ${LEVELS.join(", ")}`,
                    });
                continue;
            }
            const schema = props[prop];
            if (!schema) {
                const known = Object.keys(props);
                errors.push({
                    path: `${path}.${prop}`,
                    value: v,
                    message: `policy '${key}' has no property '${prop}'`,
                    fix: known.length ? `use one of: enforcementLevel, ${known.join(", ")}` : "this policy takes only enforcementLevel",
                });
                continue;
            }
            const problem = typeMatches(v, schema);
            if (problem)
                errors.push({
                    path: `${path}.${prop}`,
                    value: v,
                    message: problem,
                    fix: "correct the value as documented in docs/policies.md",
                });
        }
        for (const req of policy.configSchema?.required ?? []) {
            if (!(req in (value as Record<string, unknown>)))
                errors.push({ path: `${path}.${req}`, value: undefined, message: "is required", fix: "add it" });
        }
    }
    return errors;
}

/**
 * The effective enforcement level of a policy: the policy's own entry, else `all`, else the policy's
 * default, else the pack's. `remediate` counts as mandatory when a violation is still reported.
 */
export function effectiveLevel(policy: Policy, config: PackConfig, packLevel: EnforcementLevel): EnforcementLevel {
    const own = config[policy.name];
    const ownLevel =
        typeof own === "string" ? own : own && typeof own === "object" ? (own as Record<string, unknown>).enforcementLevel : undefined;
    if (isLevel(ownLevel)) return ownLevel;
    if (isLevel(config.all)) return config.all;
    return policy.enforcementLevel ?? packLevel;
}

/** The properties `getConfig()` returns for a policy: its entry without enforcementLevel, schema defaults filled when asked. */
export function policyProperties(policy: Policy, config: PackConfig, fillDefaults: boolean): Record<string, unknown> {
    const own = config[policy.name];
    const out: Record<string, unknown> = {};
    if (fillDefaults) {
        for (const [k, s] of Object.entries((policy.configSchema?.properties ?? {}) as Record<string, JsonSchema>)) {
            if (s.default !== undefined) out[k] = JSON.parse(JSON.stringify(s.default));
        }
    }
    if (own && typeof own === "object") {
        for (const [k, v] of Object.entries(own as Record<string, unknown>)) if (k !== "enforcementLevel") out[k] = v;
    }
    return out;
}
