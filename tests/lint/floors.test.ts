/**
 * The floor order is a lint rule (eslint.floors.js, docs/architecture.md "Floor order"): a wrong-way import fails
 * `npm run lint`. The rules are run here on fixture sources with ESLint's own Linter, and the repository's
 * configuration is asked which rule it applies to each folder.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { Linter } from "eslint";
import tseslint from "typescript-eslint";

const ROOT = path.join(__dirname, "..", "..");
interface Floors {
    TOP_FLOORS: string[];
    COMPONENT_FLOORS: string[];
    floorRules(): Linter.Config[];
}
const floors = jest.requireActual<Floors>(path.join(ROOT, "eslint.floors.js"));
const RULE = "@typescript-eslint/no-restricted-imports";

/** The messages of the floor rule on `source` as file `filename` (relative to the repository). */
function floorViolations(filename: string, source: string): string[] {
    const linter = new Linter({ configType: "flat", cwd: ROOT });
    const config: Linter.Config[] = [
        {
            files: ["**/*.ts"],
            languageOptions: { parser: tseslint.parser },
            plugins: { "@typescript-eslint": tseslint.plugin },
        },
        ...floors.floorRules(),
    ];
    return linter.verify(source, config, { filename: path.join(ROOT, filename) }).map((m) => {
        if (m.ruleId !== RULE) throw new Error(`unexpected ${m.ruleId ?? "parse error"}: ${m.message}`);
        return m.message;
    });
}

describe("the floor order of components/", () => {
    const F = floors.COMPONENT_FLOORS;
    const pairs = F.flatMap((low, i) => F.slice(i + 1).map((high) => [low, high] as const));

    test.each(pairs)("components/%s may not import components/%s by value", (low, high) => {
        const messages = floorViolations(`components/${low}/x.ts`, `import { a } from "../${high}/y";\nexport const b = a;\n`);
        expect(messages).toEqual([
            `'../${high}/y' import is restricted from being used by a pattern. components/${low}/ may not import ${F.slice(F.indexOf(low) + 1).join(", ")} (above it in the floor order, docs/architecture.md), nor infra, policies or bench; move what both need down`,
        ]);
    });

    test.each(pairs)("components/%s may import components/%s's types", (low, high) => {
        expect(floorViolations(`components/${low}/x.ts`, `import type { A } from "../${high}/y";\nexport type B = A;\n`)).toEqual([]);
    });

    test.each(pairs.map(([low, high]) => [high, low] as const))("components/%s may import components/%s", (high, low) => {
        expect(floorViolations(`components/${high}/x.ts`, `import { a } from "../${low}/y";\nexport const b = a;\n`)).toEqual([]);
    });

    test("a subfolder counts as its folder: components/mysqld/catalog may not import the planner", () => {
        expect(
            floorViolations("components/mysqld/catalog/x.ts", 'import { a } from "../../planner/y";\nexport const b = a;\n'),
        ).toHaveLength(1);
        expect(floorViolations("components/mysqld/catalog/x.ts", 'import { a } from "../dialect";\nexport const b = a;\n')).toEqual([]);
    });

    test.each(F.slice(0, -1))("components/%s may not import infra, policies or bench", (low) => {
        for (const top of ["infra", "policies", "bench"]) {
            expect(floorViolations(`components/${low}/x.ts`, `import { a } from "../../${top}/y";\nexport const b = a;\n`)).toHaveLength(1);
        }
    });
});

describe("the floor order of the top-level folders", () => {
    const T = floors.TOP_FLOORS;
    const pairs = T.flatMap((low, i) => T.slice(i + 1).map((high) => [low, high] as const));

    test.each(pairs)("%s/ may not import %s/", (low, high) => {
        expect(floorViolations(`${low}/sub/x.ts`, `import { a } from "../../${high}/y";\nexport const b = a;\n`)).toHaveLength(1);
        expect(floorViolations(`${high}/sub/x.ts`, `import { a } from "../../${low}/y";\nexport const b = a;\n`)).toEqual([]);
    });

    test("only bin/ (and bench/ above it) runs infra/cli; infra/cli imports the rest of infra", () => {
        expect(floorViolations("infra/local/x.ts", 'import { main } from "../cli/main";\nexport const m = main;\n')).toEqual([
            "'../cli/main' import is restricted from being used by a pattern. only bin/ runs infra/cli: import the error type and the Io from infra/base instead",
        ]);
        expect(
            floorViolations(
                "infra/cli/x.ts",
                'import { CliError } from "../base/exit";\nimport { run } from "./run";\nexport const c = [CliError, run];\n',
            ),
        ).toEqual([]);
        expect(floorViolations("bench/x.ts", 'import { planText } from "../infra/cli/plan-view";\nexport const p = planText;\n')).toEqual(
            [],
        );
    });
});

test("the repository's ESLint configuration applies the floor rule of each folder", () => {
    // Each file, and the glob of the floor rule that must apply to it (the most specific one).
    const governing: Record<string, string> = {
        ...Object.fromEntries(floors.COMPONENT_FLOORS.slice(0, -1).map((f) => [`components/${f}/x.ts`, `components/${f}/**/*.ts`])),
        "components/cluster/x.ts": "components/**/*.ts",
        "components/index.ts": "components/**/*.ts",
        "policies/rules/x.ts": "policies/**/*.ts",
        "infra/local/x.ts": "infra/**/*.ts",
        "infra/cli/x.ts": "infra/cli/**/*.ts",
    };
    const files = Object.keys(governing);
    // ESLint loads its ES-module configuration with import(), which jest's CommonJS sandbox cannot: ask a child node.
    const script = `const { ESLint } = require("eslint");
        (async () => {
            const e = new ESLint({ cwd: ${JSON.stringify(ROOT)} });
            const out = {};
            for (const f of ${JSON.stringify(files)}) out[f] = (await e.calculateConfigForFile(f)).rules[${JSON.stringify(RULE)}];
            process.stdout.write(JSON.stringify(out));
        })();`;
    const applied = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" })) as Record<string, unknown>;
    const rules = floors.floorRules();
    const expected = Object.fromEntries(
        files.map((f) => {
            const config = rules.find((c) => c.files![0] === governing[f])!;
            return [f, [2, (config.rules![RULE] as [string, unknown])[1]]];
        }),
    );
    expect(applied).toEqual(expected);
});
