/**
 * `myriad check` end to end: the shipped stacks, a configuration with an 8.4 primary and 8.0 replicas (exit 1,
 * "upgrade replicas first"), an invalid configuration (exit 2), the JSON shape, Markdown, and policy
 * configuration overrides. Most runs call `runCheck` in-process; one runs the built `bin/myriad` as a user does.
 */
import * as fs from "node:fs";
import { runCheckCaptured } from "../helpers/capture-io";
import * as path from "node:path";
import * as YAML from "yaml";
import { type CheckOptions, type CheckReport } from "../../infra/cli/check";
import { myriad, ROOT, tempDir } from "../cli/run-cli";

const run = (opts: Partial<CheckOptions>) => runCheckCaptured(opts, ROOT);

// Messages are matched whole: no wrapping at the default 80 columns (tests/cli/table.test.ts covers wrapping).
process.env.COLUMNS = "1000";

const tmp = tempDir("myriad-check-");
afterAll(() => tmp.cleanup());

function writeConfig(name: string, clusters: unknown): string {
    const file = path.join(tmp.dir, name);
    fs.writeFileSync(file, YAML.stringify({ config: { "myriad:clusters": clusters } }));
    return file;
}

const primary84 = [
    {
        name: "orders",
        namespace: "staging",
        primary: 10,
        templates: [
            { name: "stable-80", image: "mysql:8.0.40", replicas: 3, ordinals: { start: 0, end: 9 } },
            { name: "lts-84", image: "mysql:8.4.3", replicas: 1, ordinals: { start: 10, end: 19 } },
        ],
    },
];

test.each(["dev", "staging", "prod"])("stack %s passes (exit 0) and its replication edges are compatible", async (stack) => {
    const r = await run({ stack, format: "json" });
    const report = JSON.parse(r.out) as CheckReport;
    expect(r.code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.errors).toEqual([]);
    expect(report.violations.filter((v) => v.level === "mandatory")).toEqual([]);
    expect(report.violations.filter((v) => v.policy === "mysql-replication-version-compatible")).toEqual([]);
});

test("staging: the 8.0 primary with the 8.4 canary replica passes, with advice on seeding and authentication", async () => {
    const r = await run({ stack: "staging" });
    expect(r.code).toBe(0);
    expect(r.out).toContain("PASSED: no mandatory violation, 2 advisories.");
    expect(r.out).toContain("[advisory] mysql-replica-seeding-method - StatefulSet staging/orders-10");
});

test("an 8.4 primary with 8.0 replicas exits 1 with the 'upgrade replicas first' message", async () => {
    const file = writeConfig("primary84.yaml", primary84);
    const text = await run({ config: file });
    expect(text.code).toBe(1);
    expect(text.out).toContain("[MANDATORY] mysql-replication-version-compatible - StatefulSet staging/orders-0");
    expect(text.out).toContain("upgrade replicas first: move the primary to template 'stable-80' (8.0.40)");
    expect(text.out).toMatch(/FAILED: 3 mandatory violations/);

    const json = await run({ config: file, format: "json" });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out) as CheckReport;
    expect(Object.keys(report)).toEqual(["ok", "violations", "errors"]);
    expect(report.ok).toBe(false);
    const mandatory = report.violations.filter((v) => v.level === "mandatory");
    expect(mandatory).toHaveLength(3);
    for (const v of mandatory) {
        expect(Object.keys(v)).toEqual(["policy", "level", "message", "resource"]);
        expect(v.policy).toBe("mysql-replication-version-compatible");
        expect(v.message).toContain("upgrade replicas first");
        expect(v.resource).toMatch(/^urn:pulumi:check::myriad::myriad:mysql:MySqlCluster\$kubernetes:apps\/v1:StatefulSet::orders-\d$/);
    }
});

test("markdown: a job summary with the verdict and each violation", async () => {
    const r = await run({ config: writeConfig("md.yaml", primary84), format: "markdown" });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^### Myriad policy check: `config file .*md\.yaml`\n\n\*\*Failed\*\*: 3 mandatory violations/);
    expect(r.out).toContain("#### Mandatory violations");
    // The three replicas of template stable-80 fail the same rule: one item naming them (per-template grouping).
    expect(r.out).toContain(
        "- **mysql-replication-version-compatible** on 3 instances of template `staging/orders template stable-80` (`orders-0`, `orders-1`, `orders-2`): replica orders-0",
    );
    const staging = await run({ stack: "staging", format: "markdown" });
    expect(staging.code).toBe(0);
    expect(staging.out).toMatch(/^### Myriad policy check: stack `staging`\n\n\*\*Passed\*\*: no mandatory violation, 2 advisories/);
    expect(staging.out).toContain("<details><summary>2 advisories</summary>");
});

test("an invalid configuration exits 2 with the planner's errors (text on stderr, JSON errors)", async () => {
    const bad = [
        {
            name: "orders",
            templates: [
                { name: "a", image: "mysql:8.0.40", replicas: 1, ordinals: { start: 0, end: 5 } },
                { name: "b", image: "mysql:8.0.40", replicas: 1, ordinals: { start: 3, end: 9 } },
            ],
        },
    ];
    const file = writeConfig("bad.yaml", bad);
    const text = await run({ config: file });
    expect(text.code).toBe(2);
    expect(text.out).toBe("");
    expect(text.err).toContain("clusters[0].templates[1].ordinals: range 3..9 of template 'b' overlaps range 0..5 of template 'a'");
    const json = await run({ config: file, format: "json" });
    expect(json.code).toBe(2);
    const report = JSON.parse(json.out) as CheckReport;
    expect(report).toMatchObject({ ok: false, violations: [] });
    expect(report.errors[0]).toMatchObject({ path: "clusters[0].templates[1].ordinals", value: { start: 3, end: 9 } });
});

test("--policy-config: the pack's configuration format changes enforcement; an invalid one exits 2", async () => {
    const cfg = path.join(tmp.dir, "policy.json");
    fs.writeFileSync(cfg, JSON.stringify({ "mysql-replication-version-compatible": "advisory" }));
    const r = await run({ config: writeConfig("p.yaml", primary84), policyConfig: cfg, format: "json" });
    expect(r.code).toBe(0);
    expect(
        (JSON.parse(r.out) as CheckReport).violations
            .filter((v) => v.policy === "mysql-replication-version-compatible")
            .map((v) => v.level),
    ).toEqual(["advisory", "advisory", "advisory"]);

    fs.writeFileSync(cfg, JSON.stringify({ all: "mandatory" }));
    expect((await run({ stack: "staging", policyConfig: cfg })).code).toBe(1);

    fs.writeFileSync(cfg, JSON.stringify({ "mysql-server-id-unique": { scope: "planet" } }));
    const bad = await run({ stack: "staging", policyConfig: cfg, format: "json" });
    expect(bad.code).toBe(2);
    expect((JSON.parse(bad.out) as CheckReport).errors[0].path).toMatch(/mysql-server-id-unique\.scope$/);

    expect((await run({ stack: "staging", policyConfig: path.join(ROOT, "policies", "config.example.json") })).code).toBe(0);
});

test("an unknown stack exits 2 (JSON errors with --format json)", async () => {
    const r = await run({ stack: "nope", format: "json" });
    expect(r.code).toBe(2);
    expect((JSON.parse(r.out) as CheckReport).errors[0].message).toContain("unknown stack 'nope'");
});

test("the built command: node bin/myriad check --stack staging --format json", () => {
    const r = myriad(["check", "--stack", "staging", "--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, errors: [] });
    const bad = myriad(["check", "--config", writeConfig("cli.yaml", primary84)]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("upgrade replicas first");
});
