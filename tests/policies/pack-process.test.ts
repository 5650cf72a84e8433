/**
 * The policy pack started the way the Pulumi CLI starts it, without the CLI (./analyzer-protocol.ts): the
 * TypeScript pack of a checkout (policies/, loaded through ts-node, type-checked), and the compiled pack
 * (policies/compiled/, dist/policies/index.js) that a project using the package as a dependency runs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzerProtocolTests } from "./analyzer-protocol";

const ROOT = path.resolve(__dirname, "..", "..");

describe("the TypeScript pack of a checkout (policies/)", () => {
    analyzerProtocolTests(() => path.join(ROOT, "policies"));
});

describe("the compiled pack (policies/compiled/)", () => {
    test("has the pack's name and version, and its main is the compiled policies/index.ts", () => {
        const read = (p: string) => fs.readFileSync(path.join(ROOT, p), "utf8");
        const pkg = JSON.parse(read("policies/compiled/package.json")) as { name: string; version: string; main: string };
        const ts = JSON.parse(read("policies/package.json")) as { name: string; version: string };
        expect([pkg.name, pkg.version]).toEqual([ts.name, ts.version]);
        expect(path.resolve(ROOT, "policies/compiled", pkg.main)).toBe(path.join(ROOT, "dist", "policies", "index.js"));
        const yaml = (p: string) => read(p).replace(/^#.*\n/gm, "");
        expect(yaml("policies/compiled/PulumiPolicy.yaml")).toBe(yaml("policies/PulumiPolicy.yaml"));
    });
    analyzerProtocolTests(() => path.join(ROOT, "policies", "compiled"));
});
