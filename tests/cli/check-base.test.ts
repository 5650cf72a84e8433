/**
 * `myriad check --base FILE | --base-ref REV | --base-state FILE` on the fixtures of tests/fixtures/transition:
 * each base form, the JSON shape of the change plan, exit codes, and the errors of each form. Most runs call
 * `runCheck` in-process (the same function the command runs); one runs the built command.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { runCheck, type CheckOptions } from "../../infra/cli/check";
import { stackExport } from "../helpers/stack-export";
import { planStack } from "../../components/planner/plan";
import { snapshotOfPlan, type ClusterSnapshot } from "../../components/planner/transition";
import { snapshotsOfExport } from "../../infra/transition/snapshots";
import { myriad, tempDir } from "./run-cli";

const FIXTURES = path.join(__dirname, "..", "fixtures", "transition");
const fx = (f: string) => path.join(FIXTURES, f);

async function check(opts: Partial<CheckOptions>, cwd = process.cwd()): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await runCheck({ format: "json", ...opts }, { out: (t) => (out += t), err: (t) => (err += t) }, cwd);
    return { code, out, err };
}

async function json(opts: Partial<CheckOptions>, cwd?: string) {
    const r = await check(opts, cwd);
    return { code: r.code, doc: JSON.parse(r.out) as Record<string, unknown> & { changes: Record<string, unknown>[] } };
}

const SIDE_KEYS = ["image", "role", "source", "state", "version"];

describe("--base FILE", () => {
    test("a canary added: the change plan in JSON, exit 0", async () => {
        const { code, doc } = await json({ config: fx("canary-1.yaml"), base: fx("v1.yaml") });
        expect(code).toBe(0);
        expect(doc.ok).toBe(true);
        expect(Object.keys(doc).sort()).toEqual(["base", "changes", "errors", "notes", "ok", "switchovers", "violations"]);
        expect(doc.switchovers).toEqual([]);
        const added = doc.changes.find((c) => c.name === "orders-10")!;
        expect(added).toMatchObject({ ordinal: 10, before: null, restart: true, order: 1, action: "add" });
        expect(Object.keys(added.after as object).sort()).toEqual(SIDE_KEYS);
        expect(added.after).toEqual({ image: "mysql:8.4.3", version: "8.4.3", role: "replica", source: 0, state: "online" });
        for (const c of doc.changes) {
            expect(Object.keys(c).sort()).toEqual([
                "action",
                "after",
                "before",
                "cluster",
                "name",
                "namespace",
                "order",
                "ordinal",
                "reason",
                "restart",
            ]);
            if (c.name !== "orders-10") expect(c).toMatchObject({ restart: false, order: null, action: "none", reason: "unchanged" });
        }
    });

    test("an in-place upgrade of the primary's template is a mandatory violation, exit 1", async () => {
        const { code, doc } = await json({ config: fx("in-place-primary.yaml"), base: fx("v1.yaml") });
        expect(code).toBe(1);
        expect(doc.ok).toBe(false);
        const v = (doc.violations as { policy: string; level: string; message: string }[]).filter((x) =>
            x.policy.startsWith("transition/"),
        );
        expect(v.map((x) => [x.policy, x.level])).toEqual([["transition/rollout-newer-source", "mandatory"]]);
        expect(doc.changes.map((c) => [c.name, c.order])).toEqual([
            ["orders-0", 1],
            ["orders-1", 2],
            ["orders-2", 3],
        ]);
    });

    test("the switch step: switchovers, stops after the restarts", async () => {
        const { code, doc } = await json({ config: fx("canary-3.yaml"), base: fx("canary-2.yaml") });
        expect(code).toBe(0);
        expect(doc.switchovers).toEqual([{ cluster: "orders", namespace: "shop", from: "orders-0", to: "orders-10" }]);
        const byName = Object.fromEntries(doc.changes.map((c) => [c.name, c]));
        expect(byName["orders-10"]).toMatchObject({ action: "update", restart: true, order: 1 });
        expect(byName["orders-0"]).toMatchObject({ action: "stop", restart: false, order: null });
        expect((byName["orders-0"].after as { state: string }).state).toBe("offline");
    });

    test("an invalid base is reported with its paths prefixed 'base', exit 2", async () => {
        const { dir, cleanup } = tempDir();
        try {
            const bad = path.join(dir, "bad.yaml");
            fs.writeFileSync(
                bad,
                YAML.stringify([{ name: "orders", namespace: "shop", templates: [{ name: "a", image: "mysql:8.0.40", replicas: -1 }] }]),
            );
            const { code, doc } = await json({ config: fx("v1.yaml"), base: bad });
            expect(code).toBe(2);
            expect((doc.errors as { path: string }[])[0].path).toMatch(/^base clusters\[0\]\.templates\[0\]\.replicas/);
        } finally {
            cleanup();
        }
    });

    test("text and Markdown print the change plan; the built command agrees", async () => {
        const md = await check({ config: fx("storage-and-removal.yaml"), base: fx("v1.yaml"), format: "markdown" });
        expect(md.code).toBe(0);
        expect(md.out).toContain("#### Change plan against base config file");
        expect(md.out).toContain("| 1 | `orders-0` | replace | mysql:8.0.40 primary | mysql:8.0.40 primary |");
        expect(md.out).toContain(
            "| - | `orders-2` | remove | mysql:8.0.40 replica of orders-0 | - | removed: the StatefulSet orders-2 is deleted",
        );
        const r = myriad(["check", "--config", fx("storage-and-removal.yaml"), "--base", fx("v1.yaml")], undefined, { COLUMNS: "200" });
        expect(r.code).toBe(0);
        expect(r.stdout).toContain("cluster shop/orders: 2 restarts, 2 StatefulSets replaced, 1 removed, no switchover");
        expect(r.stdout).toContain("  1. orders-0 replace: mysql:8.0.40 primary -> mysql:8.0.40 primary");
        expect(r.stdout).toMatch(/PASSED: no mandatory violation/);
    });

    test("two bases at once is a usage error", async () => {
        const r = await check({ config: fx("v1.yaml"), base: fx("v1.yaml"), baseState: fx("v1.state.json"), format: "text" });
        expect(r.code).toBe(2);
        expect(r.err).toContain("--base and --base-state were both given. Fix: pass only one base");
    });
});

describe("--base-state FILE (pulumi stack export)", () => {
    const v1 = () => (YAML.parse(fs.readFileSync(fx("v1.yaml"), "utf8")) as { config: Record<string, unknown> }).config;

    test("the fixture is a deployment v3 export of the program: the instance table and StatefulSets of v1.yaml", async () => {
        const file = fx("v1.state.json");
        // UPDATE_FIXTURES=1 regenerates it (then run prettier on it); it is the program's output, so it goes stale
        // only in the parts this test does not compare (the rendered scripts).
        if (process.env.UPDATE_FIXTURES === "1") fs.writeFileSync(file, `${JSON.stringify(await stackExport(v1(), "prod"), null, 2)}\n`);
        const doc = JSON.parse(fs.readFileSync(file, "utf8")) as {
            version: number;
            deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] };
        };
        expect(doc.version).toBe(3);
        const component = doc.deployment.resources.find((r) => r.type === "myriad:mysql:MySqlCluster")!;
        expect(Object.keys(component.outputs!)).toEqual(expect.arrayContaining(["instances", "writeEndpoint", "rootPassword"]));
        expect(doc.deployment.resources.filter((r) => r.type === "kubernetes:apps/v1:StatefulSet")).toHaveLength(3);
        // Secrets are exported as ciphertext, never in the clear.
        expect(JSON.stringify(doc)).not.toMatch(/MOCKPW/);
        const strip = (c: ClusterSnapshot) => ({
            ...c,
            mode: undefined,
            instances: c.instances.map((i) => ({ ...i, podTemplate: undefined, details: undefined })),
        });
        const fromExport = snapshotsOfExport(doc, "v1.state.json").map(strip);
        const fromPlan = planStack((v1()["myriad:clusters"] as unknown[]) ?? []).plans.map((p) => strip(snapshotOfPlan(p)));
        expect(fromExport).toEqual(fromPlan);
    });

    test("gives the same change plan as the configuration it was deployed from", async () => {
        const { dir, cleanup } = tempDir();
        try {
            const state = path.join(dir, "prod.json");
            fs.writeFileSync(state, JSON.stringify(await stackExport(v1(), "prod")));
            for (const head of ["in-place-primary.yaml", "storage-and-removal.yaml"]) {
                const fromState = await json({ config: fx(head), baseState: state });
                const fromFile = await json({ config: fx(head), base: fx("v1.yaml") });
                expect({ head, code: fromState.code, changes: fromState.doc.changes, switchovers: fromState.doc.switchovers }).toEqual({
                    head,
                    code: fromFile.code,
                    changes: fromFile.doc.changes,
                    switchovers: fromFile.doc.switchovers,
                });
                expect(fromState.doc.base).toEqual({ kind: "state", description: expect.stringContaining("stack export") });
            }
        } finally {
            cleanup();
        }
    }, 180_000);

    test("a file that is not a stack export: exit 2 naming the file and the fix", async () => {
        const r = await check({ config: fx("v1.yaml"), baseState: fx("v1.yaml"), format: "text" });
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/cannot parse the stack export .*v1\.yaml as JSON .*Fix: pass the file pulumi stack export writes/);
        const { dir, cleanup } = tempDir();
        try {
            fs.writeFileSync(path.join(dir, "x.json"), JSON.stringify({ version: 3, checkpoint: {} }));
            const r2 = await check({ config: fx("v1.yaml"), baseState: path.join(dir, "x.json"), format: "text" });
            expect(r2.code).toBe(2);
            expect(r2.err).toContain("is not a pulumi stack export: it has no deployment.resources list");
        } finally {
            cleanup();
        }
    });
});

describe("--base-ref REV (git)", () => {
    function repo(): { dir: string; cleanup: () => void; git: (...args: string[]) => string } {
        const t = tempDir("myriad-git-");
        const git = (...args: string[]) =>
            execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=ci", "-c", "init.defaultBranch=main", ...args], {
                cwd: t.dir,
                encoding: "utf8",
            });
        git("init", "-q");
        fs.writeFileSync(path.join(t.dir, "Pulumi.yaml"), "name: shop\nruntime: nodejs\nstackConfigDir: stacks\n");
        fs.mkdirSync(path.join(t.dir, "stacks"));
        fs.copyFileSync(fx("v1.yaml"), path.join(t.dir, "stacks", "Pulumi.prod.yaml"));
        git("add", "-A");
        git("commit", "-qm", "v1");
        return { ...t, git };
    }

    test("the stack file at the revision is the base", async () => {
        const { dir, cleanup, git } = repo();
        try {
            fs.copyFileSync(fx("canary-1.yaml"), path.join(dir, "stacks", "Pulumi.prod.yaml"));
            const { code, doc } = await json({ stack: "prod", baseRef: "HEAD" }, dir);
            expect(code).toBe(0);
            expect(doc.base).toEqual({
                kind: "config",
                description: expect.stringMatching(/^stacks\/Pulumi\.prod\.yaml at HEAD \([0-9a-f]{12}\)$/),
            });
            expect(doc.changes.filter((c) => c.action !== "none").map((c) => c.name)).toEqual(["orders-10"]);
            git("add", "-A");
            git("commit", "-qm", "canary");
            // The same file at the previous commit, and at the current one (no change).
            expect((await json({ stack: "prod", baseRef: "HEAD~1" }, dir)).doc.changes.filter((c) => c.action !== "none")).toHaveLength(1);
            expect((await json({ stack: "prod", baseRef: "HEAD" }, dir)).doc.changes.every((c) => c.action === "none")).toBe(true);
        } finally {
            cleanup();
        }
    });

    test("a stack file new at the revision has no base: the end state only, with a note", async () => {
        const { dir, cleanup } = repo();
        try {
            fs.copyFileSync(fx("canary-1.yaml"), path.join(dir, "stacks", "Pulumi.staging.yaml"));
            const { code, doc } = await json({ stack: "staging", baseRef: "HEAD" }, dir);
            expect(code).toBe(0);
            expect(doc.base).toMatchObject({ kind: "none" });
            expect(doc.notes).toEqual([
                expect.stringMatching(/^stacks\/Pulumi\.staging\.yaml did not exist at HEAD: it is new, so there is no base/),
            ]);
            expect(doc.changes.map((c) => [c.name, c.action, c.order].map(String).join(":"))).toEqual([
                "orders-0:add:1",
                "orders-1:add:2",
                "orders-2:add:3",
                "orders-10:add:4",
            ]);
        } finally {
            cleanup();
        }
    });

    test("an unknown revision and a directory outside git are usage errors naming the fix", async () => {
        const { dir, cleanup } = repo();
        try {
            const r = await check({ stack: "prod", baseRef: "origin/nope", format: "text" }, dir);
            expect(r.code).toBe(2);
            expect(r.err).toContain("--base-ref origin/nope: no such revision");
            expect(r.err).toContain("fetch-depth: 0");
        } finally {
            cleanup();
        }
        const plain = tempDir();
        try {
            fs.copyFileSync(fx("v1.yaml"), path.join(plain.dir, "c.yaml"));
            const r = await check({ config: path.join(plain.dir, "c.yaml"), baseRef: "HEAD", format: "text" }, plain.dir);
            expect(r.code).toBe(2);
            expect(r.err).toMatch(
                /--base-ref HEAD: .*c\.yaml is not in a git repository .*Fix: run the check in a clone, or pass --base FILE/,
            );
        } finally {
            plain.cleanup();
        }
    });
});
