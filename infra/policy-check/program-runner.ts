/**
 * The child process of `myriad check --program DIR` (./program.ts starts it as `node program-runner.js REQUEST`
 * with DIR as working directory): runs another team's Pulumi program under the mock engine
 * (infra/mock-engine/runtime.ts) with the program's own node_modules, and writes every resource it registered
 * to the result file named in the request. Nothing here judges: the parent hands the resources to the policies.
 *
 * - **One Pulumi SDK.** The program registers its resources with its own `@pulumi/pulumi`; the mocks must be
 *   installed on that same copy. Every `@pulumi/pulumi` request is therefore resolved from DIR, including the
 *   mock engine's own (when the CLI runs from a checkout, its copy is another one).
 * - **TypeScript** is compiled the way Pulumi's Node.js runner does it (`@pulumi/pulumi/cmd/run/run.js` of the
 *   program's SDK): ts-node and typescript as the SDK's `tsutils` finds them (the program's, else the SDK's vendored
 *   copies), type-checked, the program's `tsconfig.json` when it has one, unless Pulumi.yaml sets
 *   `runtime.options.typescript: false`.
 * - **The program** is `require`d from `DIR/<main>` (Pulumi.yaml `main`, default `.`: package.json `main`, else
 *   `index`); an exported function (CommonJS `module.exports` or `export default`) is called, as Pulumi does.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** What the parent asks for (a JSON file). */
export interface ProgramRequest {
    /** `main` of Pulumi.yaml, relative to the working directory. */
    main: string;
    /** Pulumi.yaml `name`. */
    project: string;
    stack: string;
    /** Stack configuration (`namespace:key` -> value). */
    config: Record<string, unknown>;
    /** Configuration keys whose values are secure (given as placeholders). */
    secretKeys: string[];
    /** Compile TypeScript (Pulumi.yaml `runtime.options.typescript`, default true). */
    typescript: boolean;
    /** Where to write the {@link ProgramResult}. */
    result: string;
}

/** What the child writes. */
export type ProgramResult =
    | { ok: true; resources: unknown[] }
    | {
          ok: false;
          /** `setup`: no SDK or runner problem; `compile`: TypeScript errors; `spec`: InvalidSpecError; `throw`: anything else. */
          kind: "setup" | "compile" | "spec" | "throw";
          message: string;
          /** Structural errors of an InvalidSpecError (path, value, message, fix). */
          errors?: unknown[];
      };

type ResolveFilename = (this: unknown, request: string, parent: unknown, isMain: boolean, options?: { paths?: string[] }) => string;

/** Resolves every `@pulumi/pulumi` request from `dir`, so the program and the mock engine share one SDK. */
function shareProgramSdk(dir: string): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require("node:module") as { _resolveFilename: ResolveFilename };
    const original = Module._resolveFilename;
    Module._resolveFilename = function (this: unknown, request, parent, isMain, options) {
        if (request === "@pulumi/pulumi" || request.startsWith("@pulumi/pulumi/")) {
            return original.call(this, request, parent, isMain, { paths: [dir] });
        }
        return original.call(this, request, parent, isMain, options);
    };
}

/** Registers ts-node as `@pulumi/pulumi/cmd/run/run.js` does (3.248.0). */
function registerTypeScript(sdkDir: string): void {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const tsutils = require(path.join(sdkDir, "tsutils")) as {
        typeScriptRequireStrings(): { tsnodeRequire: string; typescriptRequire: string };
        loadTypeScriptCompilerOptions(file: string): Record<string, unknown>;
    };
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    const tsn = require(tsnodeRequire) as { register(o: unknown): void };
    const ts = require(typescriptRequire) as { version: string };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const [major, minor] = ts.version.split(".").map(Number);
    const nodeNext = major > 4 || (major === 4 && minor >= 7);
    tsn.register({
        typeCheck: true,
        skipProject: !fs.existsSync("tsconfig.json"),
        compiler: typescriptRequire,
        compilerOptions: {
            target: "ES2020",
            module: nodeNext ? "nodenext" : "commonjs",
            moduleResolution: nodeNext ? "nodenext" : "node",
            sourceMap: "true",
            ...tsutils.loadTypeScriptCompilerOptions("tsconfig.json"),
        },
    });
}

function write(file: string, result: ProgramResult): void {
    fs.writeFileSync(file, JSON.stringify(result));
}

function describeError(e: unknown): ProgramResult {
    const err = e as { name?: string; message?: string; stack?: string; errors?: unknown; diagnosticText?: string };
    if (err?.name === "TSError" || typeof err?.diagnosticText === "string") {
        return { ok: false, kind: "compile", message: (err.diagnosticText ?? err.message ?? String(e)).trim() };
    }
    if (err?.name === "InvalidSpecError" && Array.isArray(err.errors)) {
        return { ok: false, kind: "spec", message: err.message ?? "invalid specification", errors: err.errors as unknown[] };
    }
    const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { ok: false, kind: "throw", message: text.split("\n").slice(0, 12).join("\n") };
}

async function main(): Promise<void> {
    const req = JSON.parse(fs.readFileSync(process.argv[2], "utf8")) as ProgramRequest;
    const dir = process.cwd();
    // The SDK leaves unawaited rejections behind when a program throws (infra/cli/main.ts); the awaited error is
    // the one reported.
    process.on("unhandledRejection", () => undefined);
    let sdkDir: string;
    try {
        sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] }));
    } catch {
        write(req.result, {
            ok: false,
            kind: "setup",
            message: `@pulumi/pulumi is not installed in ${dir}. Fix: run npm install (or npm ci) in the program's directory first`,
        });
        return;
    }
    shareProgramSdk(dir);
    try {
        if (req.typescript) registerTypeScript(sdkDir);
    } catch (e) {
        write(req.result, { ok: false, kind: "setup", message: `cannot set up TypeScript for the program: ${(e as Error).message}` });
        return;
    }
    // Loaded after the SDK redirection, so the mock engine installs its mocks on the program's SDK.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runUnderMocks } = require("../mock-engine/runtime") as typeof import("../mock-engine/runtime");
    const entry = path.resolve(dir, req.main);
    try {
        const run = await runUnderMocks(
            req.config,
            async () => {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const m = require(entry) as unknown;
                const exported = m as { __esModule?: boolean; default?: unknown };
                const fn =
                    typeof m === "function"
                        ? m
                        : exported?.__esModule && typeof exported.default === "function"
                          ? exported.default
                          : undefined;
                return fn ? await (fn as () => unknown)() : m;
            },
            { project: req.project, stack: req.stack, secretKeys: req.secretKeys },
        );
        write(req.result, { ok: true, resources: run.resources });
    } catch (e) {
        write(req.result, describeError(e));
    }
}

if (require.main === module) {
    void main().then(
        () => process.exit(0),
        (e: unknown) => {
            process.stderr.write(`program runner failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
            process.exit(70);
        },
    );
}
