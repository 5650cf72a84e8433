// The folders' floor order as ESLint rules, in CommonJS so that both eslint.config.mjs and the test that proves the
// rules fire (tests/lint/floors.test.ts) load the same definition.
/**
 * The floor order (docs/architecture.md "Floor order"), lowest first: a folder imports the folders below it,
 * never one above. Type-only imports are exempt: they vanish from the emitted JavaScript and load nothing, so a
 * function below the planner may still take a plan as its argument.
 */
const TOP_FLOORS = ["components", "policies", "infra", "bench"];
const COMPONENT_FLOORS = ["spec", "versions", "mysqld", "compat", "runtime", "planner", "resources", "cluster"];

/** One `no-restricted-imports` pattern: a relative import that climbs (`../`) into one of `folders`. */
function climbsInto(folders, message) {
    return { regex: `^(\\.\\./)+(${folders.join("|")})(/|$)`, message, allowTypeImports: true };
}

/** Per folder, the imports it may not make: every folder above it, and `infra/cli` from the rest of infra. */
function floorRules() {
    const rule = (files, patterns) => ({ files, rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] } });
    const above = (floors, i) => floors.slice(i + 1);
    const topRule = (f, i, extra = []) =>
        rule(
            [`${f}/**/*.ts`],
            [
                climbsInto(
                    above(TOP_FLOORS, i),
                    `${f}/ may not import ${above(TOP_FLOORS, i).join(", ")}: above it in the floor order (docs/architecture.md)`,
                ),
                ...extra,
            ],
        );
    return [
        topRule("components", 0),
        topRule("policies", 1),
        topRule("infra", 2, [climbsInto(["cli"], "only bin/ runs infra/cli: import the error type and the Io from infra/base instead")]),
        // infra/cli itself may import the rest of infra.
        topRule("infra/cli", 2),
        ...COMPONENT_FLOORS.slice(0, -1).map((f, i) =>
            rule(
                [`components/${f}/**/*.ts`],
                [
                    climbsInto(
                        ["infra", "policies", "bench", ...above(COMPONENT_FLOORS, i)],
                        `components/${f}/ may not import ${above(COMPONENT_FLOORS, i).join(", ")} (above it in the floor order, docs/architecture.md), nor infra, policies or bench; move what both need down`,
                    ),
                ],
            ),
        ),
    ];
}

module.exports = { TOP_FLOORS, COMPONENT_FLOORS, floorRules };
