/**
 * The installed package: `--stack NAME` falls back to the package's own stacks/ when no Pulumi.yaml is above
 * the working directory (`myriad --help` says so), so the package ships its Pulumi.yaml and stacks/.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { myriad, ROOT, tempDir } from "./run-cli";

describe("the published package", () => {
    test("ships Pulumi.yaml and every stack file the --stack fallback reads", () => {
        const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
        expect(r.status).toBe(0);
        const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
        const stacks = fs.readdirSync(path.join(ROOT, "stacks")).map((f) => `stacks/${f}`);
        expect(stacks.length).toBeGreaterThan(0);
        expect(files).toEqual(expect.arrayContaining(["Pulumi.yaml", "bin/myriad", "dist/infra/cli/main.js", ...stacks]));
    });

    test("--help states the fallback, and it works from a directory with no Pulumi.yaml above it", () => {
        expect(myriad(["--help"]).stdout).toContain("this package's stacks/ when there is none");
        const t = tempDir();
        try {
            const r = myriad(["plan", "--stack", "staging", "--format", "json"], t.dir);
            expect(r.stderr).toBe("");
            expect(r.code).toBe(0);
            expect((JSON.parse(r.stdout) as { clusters: { namespace: string }[] }).clusters[0].namespace).toBe("staging");
        } finally {
            t.cleanup();
        }
    });
});
