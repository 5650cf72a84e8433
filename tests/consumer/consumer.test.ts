/**
 * The published type declarations compile in a consumer's Pulumi program without `skipLibCheck`, under the
 * tsconfig of Pulumi's `typescript` template, current and older: strict, CommonJS, `moduleResolution: node`
 * (which ignores `exports`: `typesVersions` maps `myriad/components` to dist/). No dependency's types (zod's
 * in particular) may reach the public surface. Needs dist/ (`npm run build`, as `npm test` runs first).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, requireBuilt, tempDir } from "../cli/run-cli";

/** The `typescript` template's compilerOptions (https://github.com/pulumi/templates/tree/master/typescript). */
const TEMPLATE = {
    strict: true,
    outDir: "bin",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: false,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
};

const TSCONFIGS: Record<string, Record<string, unknown>> = {
    "current template (es2020)": { ...TEMPLATE, target: "es2020" },
    "older template (es2016)": { ...TEMPLATE, target: "es2016" },
};

describe.each(Object.entries(TSCONFIGS))("a consumer with the %s tsconfig", (_name, compilerOptions) => {
    test("type-checks against dist/ with no error and no zod declarations", () => {
        requireBuilt();
        const t = tempDir("myriad-consumer-");
        try {
            const modules = path.join(t.dir, "node_modules");
            fs.mkdirSync(path.join(modules, "@pulumi"), { recursive: true });
            fs.symlinkSync(ROOT, path.join(modules, "myriad"));
            fs.symlinkSync(path.join(ROOT, "node_modules", "@types"), path.join(modules, "@types"));
            fs.symlinkSync(path.join(ROOT, "node_modules", "@pulumi", "pulumi"), path.join(modules, "@pulumi", "pulumi"));
            fs.copyFileSync(path.join(__dirname, "index.ts.txt"), path.join(t.dir, "index.ts"));
            fs.writeFileSync(path.join(t.dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["index.ts"] }, null, 2));
            const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
            const r = spawnSync(process.execPath, [tsc, "-p", t.dir, "--noEmit", "--listFiles"], { encoding: "utf8", timeout: 120_000 });
            const errors = r.stdout.split("\n").filter((l) => l.includes("error TS"));
            expect(errors).toEqual([]);
            expect(r.status).toBe(0);
            const files = r.stdout.split("\n").filter((l) => l.includes("/myriad/") || l.startsWith(ROOT));
            expect(files.some((f) => f.endsWith("dist/components/index.d.ts"))).toBe(true);
            expect(files.filter((f) => /node_modules\/zod\//.test(f))).toEqual([]);
            // The sources are not what the consumer compiles.
            expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.startsWith(t.dir))).toEqual([]);
        } finally {
            t.cleanup();
        }
    });
});
