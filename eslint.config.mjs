// ESLint (flat config): typescript-eslint's type-aware recommended rules on the TypeScript, ESLint's recommended
// rules on the few JavaScript files, eslint-config-prettier last so that no rule argues with the formatter.
// Run by `npm run lint` (part of `npm test`); `npm run format` applies the fixable ones.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";
import { floorRules } from "./eslint.floors.js";

export default defineConfig(
    // Golden files are rendered output pinned byte for byte: no fixer may touch them.
    globalIgnores(["dist/", "coverage/", ".myriad/", "**/node_modules/", "tests/**/golden/**"]),
    { linterOptions: { reportUnusedDisableDirectives: "error" } },
    js.configs.recommended,
    tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        rules: {
            // A leading underscore marks a parameter kept for the signature (`probeSpecs(_plan, _inst)`) or a
            // destructured name dropped on purpose (`{ kind: _k, ...rest }`).
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
            ],
        },
    },
    ...floorRules(),
    {
        // Tests walk untyped data on purpose: rendered Kubernetes objects, parsed CLI JSON, protobuf messages of the
        // policy analyzer. They reach into it through `any` and let `expect` check the shape; typing every fixture
        // would restate the schemas without catching anything. (These rules fired about 500 times, all in tests/.)
        files: ["tests/**/*.ts"],
        rules: {
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-return": "off",
        },
    },
    {
        // The JavaScript files: the CLI shim and jest's config (CommonJS), the manifest validator (ES module).
        files: ["**/*.js", "**/*.mjs", "bin/myriad"],
        extends: [tseslint.configs.disableTypeChecked],
        languageOptions: { globals: globals.node },
    },
    {
        files: ["**/*.js", "bin/myriad"],
        languageOptions: { sourceType: "commonjs" },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    prettier,
);
