/**
 * The package installed as a dependency of another project (./install.ts: `npm pack` + `npm install`), used the
 * ways such a project uses it:
 *
 * - the policy pack: `pulumi preview --policy-pack node_modules/myriad/policies/compiled`, started the way the
 *   Pulumi CLI starts a pack (../policies/analyzer-protocol.ts) and spoken to over the analyzer protocol. The
 *   TypeScript pack (`node_modules/myriad/policies`) cannot run there: ts-node skips files under node_modules.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzerProtocolTests } from "../policies/analyzer-protocol";
import { installConsumer, type Consumer } from "./install";

let consumer: Consumer | undefined;

beforeAll(() => {
    consumer = installConsumer();
}, 400_000);

afterAll(() => consumer?.cleanup());

const installed = (...p: string[]) => path.join(consumer!.dir, "node_modules", "myriad", ...p);

describe("the compiled policy pack inside node_modules/myriad/policies/compiled", () => {
    test("is installed as real files with its compiled entry, and its dependencies resolve from there", () => {
        expect(fs.lstatSync(installed()).isSymbolicLink()).toBe(false);
        expect(fs.existsSync(installed("policies", "compiled", "PulumiPolicy.yaml"))).toBe(true);
        expect(fs.existsSync(installed("dist", "policies", "index.js"))).toBe(true);
        for (const dep of ["@pulumi/policy", "@pulumi/pulumi/cmd/run-policy-pack"]) {
            const resolved = require.resolve(dep, { paths: [installed("policies", "compiled")] });
            expect(resolved.startsWith(path.join(consumer!.dir, "node_modules"))).toBe(true);
        }
    });

    analyzerProtocolTests(() => installed("policies", "compiled"));
});
