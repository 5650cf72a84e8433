/**
 * The script files: syntax (`bash -n`), rendering into the ConfigMap, and loading from a compiled copy of the
 * package (what `node dist/...` does).
 */
import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "fs";
import * as path from "path";
import { renderScripts, SCRIPT_FILES, scriptSources, scriptsSourceDir } from "../../components/runtime/scripts";
import { probeSpecs, lifecycleSpec, initCommand, PROBE_TIMINGS } from "../../components/runtime/probes";
import { planOrThrow } from "../../components/planner/plan";

const ROOT = path.resolve(__dirname, "..", "..");
const plan = planOrThrow({ name: "orders", namespace: "db", templates: [{ name: "main", image: "mysql:8.0.36", replicas: 2 }] });

describe("script files", () => {
    test.each(SCRIPT_FILES)("%s passes bash -n", (file) => {
        expect(() => execFileSync("bash", ["-n", path.join(scriptsSourceDir(), file)], { stdio: "pipe" })).not.toThrow();
    });

    test.each(SCRIPT_FILES)("%s starts with a bash shebang and is not executable-dependent", (file) => {
        expect(scriptSources()[file].startsWith("#!/usr/bin/env bash\n")).toBe(true);
    });

    test("every file a script sources is a key of the ConfigMap, and every script file is shipped", () => {
        // A sourced file missing from SCRIPT_FILES would be absent from the pod (bash: No such file or directory).
        const sourced = SCRIPT_FILES.flatMap((f) =>
            [...scriptSources()[f].matchAll(/^\s*(?:\.|source)\s+.*\/([\w.-]+\.sh)"?\s*$/gm)].map((m) => ({ from: f, file: m[1] })),
        );
        expect(sourced.map((s) => s.file)).toEqual(expect.arrayContaining(["lib.sh", "bootstrap.sh", "promotion.sh", "seeding.sh"]));
        for (const s of sourced)
            expect({ ...s, shipped: (SCRIPT_FILES as readonly string[]).includes(s.file) }).toEqual({ ...s, shipped: true });
        expect([...readdirSync(scriptsSourceDir())].filter((f) => f.endsWith(".sh")).sort()).toEqual([...SCRIPT_FILES].sort());
    });

    test("no script puts a password on a command line", () => {
        for (const f of SCRIPT_FILES) {
            const text = scriptSources()[f];
            expect({ f, inline: /--password[= ]|-p\$|-p"\$/.test(text) }).toEqual({ f, inline: false });
        }
    });
});

describe("renderScripts(plan)", () => {
    test("one key per script, header naming the cluster after the shebang, body unchanged", () => {
        const out = renderScripts(plan);
        expect(Object.keys(out)).toEqual([...SCRIPT_FILES]);
        for (const f of SCRIPT_FILES) {
            const lines = out[f].split("\n");
            expect(lines[0]).toBe("#!/usr/bin/env bash");
            expect(lines[1]).toBe("# Rendered by Myriad for cluster 'orders' (namespace 'db'); do not edit.");
            expect(lines.slice(2).join("\n")).toBe(scriptSources()[f].split("\n").slice(1).join("\n"));
        }
    });

    test("rendered scripts still pass bash -n", () => {
        for (const [f, text] of Object.entries(renderScripts(plan))) {
            expect(() => execFileSync("bash", ["-n"], { input: text, stdio: "pipe" })).not.toThrow();
            expect(f.endsWith(".sh")).toBe(true);
        }
    });
});

describe("compiled package", () => {
    let out: string | undefined;
    afterAll(() => {
        if (out) rmSync(out, { recursive: true, force: true });
    });

    test("a compiled copy (like dist/) finds the .sh files from the package root", () => {
        // Compile into a directory inside the package so that module resolution matches dist/.
        out = mkdtempSync(path.join(ROOT, "out-mysqld-scripts-test-"));
        execFileSync(
            process.execPath,
            [
                path.join(ROOT, "node_modules", "typescript", "bin", "tsc"),
                "--outDir",
                out,
                "--rootDir",
                ROOT,
                "--module",
                "commonjs",
                "--target",
                "ES2022",
                "--esModuleInterop",
                "--skipLibCheck",
                "--types",
                "node",
                path.join(ROOT, "components", "runtime", "scripts.ts"),
            ],
            { stdio: "pipe" },
        );
        const compiled = path.join(out, "components", "runtime", "scripts.js");
        expect(existsSync(compiled)).toBe(true);
        expect(existsSync(path.join(out, "components", "runtime", "scripts"))).toBe(false);
        const result = execFileSync(
            process.execPath,
            [
                "-e",
                `const s = require(${JSON.stringify(compiled)}); const r = s.renderScripts({ name: "x", namespace: "y" }); console.log(JSON.stringify({ dir: s.scriptsSourceDir(), keys: Object.keys(r) }));`,
            ],
            { encoding: "utf8" },
        );
        const parsed = JSON.parse(result) as { dir: string; keys: string[] };
        expect(parsed.dir).toBe(path.join(ROOT, "components", "runtime", "scripts"));
        expect(parsed.keys).toEqual([...SCRIPT_FILES]);
    }, 60000);
});

describe("probes and lifecycle", () => {
    const inst = plan.instances[1];

    test("exec probes run probe.sh with the probe kind", () => {
        const p = probeSpecs(plan, inst);
        expect(p.startup.exec.command).toEqual(["bash", "/opt/myriad/bin/probe.sh", "startup"]);
        expect(p.liveness.exec.command).toEqual(["bash", "/opt/myriad/bin/probe.sh", "liveness"]);
        expect(p.readiness.exec.command).toEqual(["bash", "/opt/myriad/bin/probe.sh", "readiness"]);
        expect(initCommand()).toEqual(["bash", "/opt/myriad/bin/init.sh"]);
        expect(lifecycleSpec(plan, inst)).toEqual({ postStart: { exec: { command: ["bash", "/opt/myriad/bin/post-start.sh"] } } });
    });

    test("startup budget covers an hour of crash recovery or catching up; liveness is lenient; readiness is quick", () => {
        const p = probeSpecs(plan, inst);
        expect(p.startup.periodSeconds * p.startup.failureThreshold).toBeGreaterThanOrEqual(3600);
        expect(p.liveness.periodSeconds * p.liveness.failureThreshold).toBeGreaterThanOrEqual(60);
        expect(p.readiness.periodSeconds * p.readiness.failureThreshold).toBeLessThanOrEqual(15);
        for (const k of ["startup", "liveness", "readiness"] as const) {
            expect(p[k].timeoutSeconds).toBeGreaterThanOrEqual(5);
            expect(p[k]).toMatchObject(PROBE_TIMINGS[k]);
        }
    });
});
