/**
 * One list, registered once: the pack (policies/index.ts) and the offline check (infra/policy-check/check.ts) use the
 * list exported by policies/rules/index.ts. index.ts is read as text here, never imported (constructing a
 * PolicyPack starts a gRPC server); pack-process.test.ts runs it in a child process.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { validatePackConfig } from "../../policies/harness/config";
import { MYRIAD_POLICIES, PACK_NAME, POLICY_NAMES, policies } from "../../policies/rules";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), "utf8");

/**
 * Every registered policy, in the order the pack runs them, with its default enforcement level and severity:
 * mandatory where the manuals say "not supported" (the six first), advisory otherwise.
 */
const REGISTERED: [name: string, level: string, severity: string][] = [
    ["mysql-image-version-pinned", "mandatory", "high"],
    ["mysql-flavor-uniform", "mandatory", "critical"],
    ["mysql-replication-version-compatible", "mandatory", "critical"],
    ["mysql-group-replication-version-compatible", "mandatory", "critical"],
    ["mysql-server-id-unique", "mandatory", "critical"],
    ["mysql-config-valid-for-version", "mandatory", "high"],
    ["mysql-probes-present", "advisory", "high"],
    ["mysql-replica-seeding-method", "advisory", "low"],
    ["mysql-replication-authentication", "advisory", "medium"],
    ["mysql-group-replication-operations", "advisory", "medium"],
    ["mysql-config-deprecated-or-unknown", "advisory", "low"],
    ["mysql-durability-settings", "advisory", "high"],
    ["mysql-semisync-lossless", "advisory", "high"],
    ["mysql-claims-retained", "advisory", "high"],
    ["mysql-disruption-budget", "advisory", "medium"],
    ["mysql-explicit-names", "advisory", "medium"],
    ["mysql-metrics-present", "advisory", "medium"],
    ["mysql-tls-version-accepted", "advisory", "high"],
];

test("the pack constructs one PolicyPack from the shared list and defines no policy of its own", () => {
    const src = read("policies/index.ts");
    expect(src).toMatch(/import \{ PolicyPack \} from "@pulumi\/policy";/);
    expect(src).toMatch(/import \{ PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies \} from "\.\/rules";/);
    expect(src.match(/new PolicyPack\(/g)).toHaveLength(1);
    expect(src).toMatch(/new PolicyPack\(PACK_NAME, \{[\s\S]*\n\s+policies,\n\}\);/);
    expect(src).not.toMatch(/validateResource|validateStack|name:\s*"/);
});

test("the offline check runs the same list", () => {
    const src = read("infra/policy-check/check.ts");
    expect(src).toMatch(/import \{ MYRIAD_POLICIES, PACK_ENFORCEMENT_LEVEL \} from "\.\.\/\.\.\/policies\/rules";/);
    expect(src).toMatch(/runPolicies\(MYRIAD_POLICIES, /);
    expect(policies).toHaveLength(MYRIAD_POLICIES.length);
    policies.forEach((p, i) => expect(p).toBe(MYRIAD_POLICIES[i]));
});

test("nothing imports policies/index.ts (tests, CLI, bench, components, the rules)", () => {
    const target = path.join(ROOT, "policies", "index");
    const offenders: string[] = [];
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const abs = path.join(dir, e.name);
            if (e.isDirectory()) {
                if (e.name !== "node_modules") walk(abs);
                continue;
            }
            if (!e.name.endsWith(".ts") || abs === `${target}.ts`) continue;
            const text = fs.readFileSync(abs, "utf8");
            for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)["'](\.[^"']*)["']/g)) {
                const resolved = path.resolve(path.dirname(abs), m[1]).replace(/\.ts$/, "");
                if (resolved === target || resolved === path.dirname(target)) offenders.push(`${path.relative(ROOT, abs)} -> ${m[1]}`);
            }
        }
    };
    for (const d of ["tests", "infra", "bench", "components", "policies"]) walk(path.join(ROOT, d));
    expect(offenders).toEqual([]);
    // It is compiled (dist/policies/index.js) for the compiled pack directory, whose main is the only reference.
    expect(JSON.parse(read("tsconfig.build.json")).exclude).not.toContain("policies/index.ts");
    expect(JSON.parse(read("policies/compiled/package.json")).main).toBe("../../dist/policies/index.js");
    expect(JSON.parse(read("package.json")).exports["./policies"].default).toBe("./dist/policies/rules/index.js");
});

test("names: every registered policy, in order, unique, prefixed, and the pack name", () => {
    expect(PACK_NAME).toBe("myriad-mysql");
    expect(POLICY_NAMES).toEqual(REGISTERED.map(([n]) => n));
    expect(new Set(POLICY_NAMES).size).toBe(POLICY_NAMES.length);
    for (const n of POLICY_NAMES) expect(n).toMatch(/^mysql-[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(read("policies/PulumiPolicy.yaml")).toMatch(/^name: myriad-mysql$/m);
    expect(JSON.parse(read("policies/package.json")).version).toMatch(/^\d+\.\d+\.\d+$/);
});

test("defaults: mandatory where the manuals say 'not supported', advisory otherwise; each with its severity", () => {
    expect(MYRIAD_POLICIES.map((p) => [p.name, p.enforcementLevel, p.severity])).toEqual(REGISTERED);
});

test("every policy has a full-sentence description, metadata and an in-code default for every config property", () => {
    for (const p of MYRIAD_POLICIES) {
        expect(p.description).toMatch(/^[A-Z].{30,}[a-z)]\.$/);
        expect(p.description.split(/\s+/).length).toBeGreaterThanOrEqual(10);
        expect(p.remediationSteps).toMatch(/^[A-Z].{20,}/);
        const props = p.configSchema?.properties ?? {};
        expect(props).not.toHaveProperty("enforcementLevel");
        for (const [k, s] of Object.entries(props))
            expect({ k, hasDefault: (s as { default?: unknown }).default !== undefined }).toEqual({ k, hasDefault: true });
    }
});

test("one rule per file: every file of policies/rules (but index.ts) defines one registered policy", () => {
    const files = fs.readdirSync(path.join(ROOT, "policies", "rules")).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    expect(files).toHaveLength(MYRIAD_POLICIES.length);
    const declared = files.map((f) => /export const NAME = "([^"]+)";/.exec(read(path.join("policies", "rules", f)))?.[1]);
    expect(declared.sort()).toEqual([...POLICY_NAMES].sort());
});

test("policies/config.example.json is a valid pack configuration naming every policy", () => {
    const config = JSON.parse(read("policies/config.example.json"));
    expect(validatePackConfig(config, MYRIAD_POLICIES)).toEqual([]);
    for (const n of POLICY_NAMES) expect(config).toHaveProperty([n]);
});
