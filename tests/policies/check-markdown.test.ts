/**
 * The Markdown of `myriad check` as it goes to a pull-request comment and the job summary: findings repeated per
 * instance are grouped per template (a 300-instance cluster stays a few KB, far under GitHub's 1 MiB step-summary
 * limit), and a check that could not run (unknown stack, unreadable file) still says so in the Markdown.
 */
import * as fs from "node:fs";
import { runCheckCaptured } from "../helpers/capture-io";
import * as path from "node:path";
import * as YAML from "yaml";
import { type CheckOptions, type CheckReport } from "../../infra/cli/check";
import { groupPerTemplate } from "../../infra/cli/check-report";
import type { CheckOutcome } from "../../infra/policy-check/check";
import { ROOT, tempDir } from "../cli/run-cli";

const run = (opts: Partial<CheckOptions>) => runCheckCaptured(opts, ROOT);

const tmp = tempDir("myriad-check-md-");
afterAll(() => tmp.cleanup());

/** GitHub's limit for one step's summary (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#step-isolation-and-limits). */
const STEP_SUMMARY_LIMIT = 1024 * 1024;

test("a 300-instance template failing one rule is one grouped item: a few KB of Markdown, every violation still in JSON", async () => {
    const file = path.join(tmp.dir, "big.yaml");
    const clusters = [
        {
            name: "orders",
            namespace: "shop",
            primary: 300,
            templates: [
                { name: "stable-80", image: "mysql:8.0.40", replicas: 300, ordinals: { start: 0, end: 299 } },
                { name: "lts-84", image: "mysql:8.4.3", replicas: 1, ordinals: { start: 300, end: 300 } },
            ],
        },
    ];
    fs.writeFileSync(file, YAML.stringify({ config: { "myriad:clusters": clusters } }));
    const md = await run({ config: file, format: "markdown" });
    expect(md.code).toBe(1);
    const size = Buffer.byteLength(md.out);
    expect(size).toBeLessThan(16 * 1024);
    expect(size).toBeLessThan(STEP_SUMMARY_LIMIT / 50);
    expect(md.out).toContain("**Failed**: 300 mandatory violations");
    expect(md.out).toContain(
        "- **mysql-replication-version-compatible** on 300 instances of template `shop/orders template stable-80` (`orders-0`, `orders-1`,",
    );
    expect(md.out).toContain("`orders-9` and 290 more)");
    expect(md.out.match(/^- /gm)).toHaveLength(1);
    const json = await run({ config: file, format: "json" });
    expect((JSON.parse(json.out) as CheckReport).violations.filter((v) => v.level === "mandatory")).toHaveLength(300);
}, 180_000);

test("grouping keeps apart other templates, other policies and messages that differ beyond the instance name", () => {
    const v = (policy: string, resource: string, message: string) => ({ policy, level: "mandatory" as const, message, resource });
    const o: CheckOutcome = {
        errors: [],
        names: new Map(),
        resources: 5,
        policies: 1,
        violations: [],
        templates: new Map([
            ["u0", { template: "shop/orders template a", instance: "orders-0" }],
            ["u1", { template: "shop/orders template a", instance: "orders-1" }],
            ["u10", { template: "shop/orders template a", instance: "orders-10" }],
            ["u2", { template: "shop/orders template b", instance: "orders-2" }],
        ]),
    };
    const groups = groupPerTemplate(o, [
        v("p", "u0", "orders-0 replicates from orders-99"),
        v("p", "u1", "orders-1 replicates from orders-99"),
        v("p", "u10", "orders-10 replicates from orders-99"),
        v("p", "u2", "orders-2 replicates from orders-99"),
        v("q", "u1", "orders-1 replicates from orders-99"),
        v("p", "u1", "orders-1 has server_id 7"),
        v("p", "u0", "orders-0 has server_id 8"),
        { policy: "p", level: "mandatory", message: "stack-wide" },
    ]);
    expect(groups.map((g) => [g.first.policy, g.instances])).toEqual([
        ["p", ["orders-0", "orders-1", "orders-10"]],
        ["p", ["orders-2"]],
        ["q", ["orders-1"]],
        ["p", ["orders-1"]],
        ["p", ["orders-0"]],
        ["p", []],
    ]);
});

test("a check that cannot run (unknown stack, unreadable manifests) is reported in the Markdown too, exit 2", async () => {
    let r = await run({ stack: "nope", format: "markdown" });
    expect(r.code).toBe(2);
    expect(r.out).toContain("### Myriad policy check: `stack nope`");
    expect(r.out).toContain("**Not checked** (1 error); no policy was run.");
    expect(r.out).toContain("unknown stack 'nope'");
    expect(r.err).toContain("unknown stack 'nope'");
    r = await run({ manifests: [path.join(tmp.dir, "missing.yaml")], format: "markdown" });
    expect(r.code).toBe(2);
    expect(r.out).toContain("**Not checked**");
    expect(r.out).toContain("no such file or directory");
});
