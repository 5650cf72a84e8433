/**
 * `myriad plan` end to end: the built CLI on the three shipped stacks, on config files, and on bad input.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { myriad, STACKS, tempDir } from "./run-cli";

const CLUSTER_KEYS = ["createNamespace", "instances", "mode", "name", "namespace", "primary"];
const INSTANCE_KEYS = [
    "backupTool",
    "flavor",
    "host",
    "image",
    "name",
    "ordinal",
    "role",
    "seeding",
    "serverId",
    "source",
    "state",
    "template",
    "version",
];

interface JsonInstance {
    name: string;
    ordinal: number;
    template: string;
    image: string;
    flavor: string;
    version: string;
    serverId: number;
    role: string;
    source: number | null;
    host: string;
    state: string;
}
interface JsonCluster {
    name: string;
    namespace: string;
    createNamespace: boolean;
    mode: string;
    primary: number;
    instances: JsonInstance[];
}

function planJson(args: string[]): { clusters: JsonCluster[] } {
    const r = myriad(["plan", ...args, "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
}

describe("myriad plan on the shipped stacks", () => {
    it.each(STACKS)("stack %s: JSON has exactly the documented shape and a coherent topology", (stack) => {
        const doc = planJson(["--stack", stack]);
        expect(Object.keys(doc)).toEqual(["clusters"]);
        expect(doc.clusters.length).toBeGreaterThan(0);
        for (const c of doc.clusters) {
            expect(Object.keys(c).sort()).toEqual(CLUSTER_KEYS);
            const ordinals = c.instances.map((i) => i.ordinal);
            expect(ordinals).toEqual([...ordinals].sort((a, b) => a - b));
            expect(new Set(ordinals).size).toBe(ordinals.length);
            expect(new Set(c.instances.map((i) => i.serverId)).size).toBe(c.instances.length);
            const primaries = c.instances.filter((i) => i.role === "primary");
            expect(primaries.map((p) => p.ordinal)).toEqual([c.primary]);
            expect(primaries[0].state).toBe("online");
            for (const i of c.instances) {
                expect(Object.keys(i).sort()).toEqual(INSTANCE_KEYS);
                expect(i.name).toBe(`${c.name}-${i.ordinal}`);
                expect(i.host).toBe(`${c.name}-${i.ordinal}-0.${c.name}.${c.namespace}.svc.cluster.local`);
                expect(i.version).toMatch(/^\d+\.\d+\.\d+$/);
                expect(["online", "offline"]).toContain(i.state);
                if (c.mode !== "group") expect(i.source).toBe(i.role === "primary" ? null : c.primary);
                // Every replica with a source names its seeding method and why; a primary or group member has none.
                const seeding = (i as unknown as { seeding: { method: string; reason: string } | null }).seeding;
                if (i.source === null) expect(seeding).toBeNull();
                else expect(seeding!.method).toMatch(/^(clone|mariadb-backup|xtrabackup|logical)$/);
            }
        }
    });

    it.each(STACKS)("stack %s: the table lists every instance with its template, server_id and state", (stack) => {
        const doc = planJson(["--stack", stack]);
        const r = myriad(["plan", "--stack", stack], undefined, { COLUMNS: "400" });
        expect(r.code).toBe(0);
        expect(r.stderr).toBe("");
        const rows = r.stdout.split("\n");
        for (const c of doc.clusters) {
            expect(r.stdout).toContain(
                `cluster ${c.name} | namespace ${c.namespace}${c.createNamespace ? " (created)" : ""} | mode ${c.mode}`,
            );
            for (const i of c.instances) {
                const row = rows.find((l) => l.startsWith(`| ${i.name} `));
                expect(row).toBeDefined();
                const cells = row!
                    .split("|")
                    .map((s) => s.trim())
                    .filter((s) => s.length > 0);
                expect(cells).toEqual([
                    i.name,
                    String(i.ordinal),
                    i.template,
                    i.image,
                    i.flavor,
                    i.version,
                    String(i.serverId),
                    i.role,
                    i.source === null ? "-" : `${c.name}-${i.source}`,
                    i.host,
                    i.state,
                ]);
            }
        }
    });

    it("dev: one template, three online instances, the first is the primary", () => {
        const [c] = planJson(["--stack", "dev"]).clusters;
        expect(c.instances.map((i) => [i.ordinal, i.template, i.role, i.state, i.serverId])).toEqual([
            // No serverIdBase: derived from default/mysql (docs/configuration.md#server_id).
            [0, "main", "primary", "online", 3304497152],
            [1, "main", "replica", "online", 3304497153],
            [2, "main", "replica", "online", 3304497154],
        ]);
    });

    it("staging: the failure that started the project: 8.0 primary, 8.4 canary replica, ordinal 1 offline mid-range", () => {
        const doc = planJson(["--stack", "staging"]);
        expect(doc.clusters).toHaveLength(1);
        const [c] = doc.clusters;
        expect(c.primary).toBe(0);
        expect(c.instances.map((i) => [i.ordinal, i.template, i.version, i.serverId, i.role, i.source, i.state])).toEqual([
            [0, "stable-80", "8.0.40", 100, "primary", null, "online"],
            [1, "stable-80", "8.0.40", 101, "replica", 0, "offline"],
            [2, "stable-80", "8.0.40", 102, "replica", 0, "online"],
            [3, "stable-80", "8.0.40", 103, "replica", 0, "online"],
            [10, "canary-84", "8.4.3", 110, "replica", 0, "online"],
        ]);
        // Seeding: CLONE within 8.0; the 8.4 canary across series by a logical copy, with the reason.
        const seeding = (i: JsonInstance) => (i as unknown as { seeding: { method: string; reason: string } | null }).seeding;
        expect(c.instances.map((i) => seeding(i)?.method ?? null)).toEqual([null, "clone", "clone", "clone", "logical"]);
        expect(seeding(c.instances[4])!.reason).toMatch(/CLONE needs the same release series/);
    });

    it("a MariaDB cluster: each replica is seeded by a mariadb-backup stream; backupTool none falls back to a logical copy", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-plan-seed-"));
        try {
            const file = path.join(dir, "c.yaml");
            fs.writeFileSync(
                file,
                [
                    "- name: shop",
                    "  templates:",
                    "    - { name: a, image: 'mariadb:10.11.6', replicas: 2, ordinals: { start: 0, end: 4 } }",
                    "    - { name: b, image: 'mariadb:10.11.6', replicas: 1, backupTool: none, ordinals: { start: 5, end: 9 } }",
                ].join("\n"),
            );
            const doc = planJson(["--config", file]);
            const rows = doc.clusters[0].instances.map((i) => {
                const x = i as unknown as { name: string; backupTool: string; seeding: { method: string } | null };
                return [x.name, x.backupTool, x.seeding?.method ?? null];
            });
            expect(rows).toEqual([
                ["shop-0", "mariadb-backup", null],
                ["shop-1", "mariadb-backup", "mariadb-backup"],
                ["shop-5", "none", "logical"],
            ]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("prod: three templates on pinned ranges, semisync, serverIdBase 1000", () => {
        const [c] = planJson(["--stack", "prod"]).clusters;
        expect(c.mode).toBe("semisync");
        expect(c.namespace).toBe("databases");
        const byTemplate = (t: string) => c.instances.filter((i) => i.template === t).map((i) => i.ordinal);
        expect(byTemplate("core")).toEqual([0, 1, 2]);
        expect(byTemplate("reporting")).toEqual([10, 11]);
        expect(byTemplate("dr")).toEqual([20]);
        expect(c.instances.map((i) => i.serverId)).toEqual([1000, 1001, 1002, 1010, 1011, 1020]);
    });
});

describe("myriad plan --config FILE", () => {
    const cluster = {
        name: "shop",
        namespace: "apps",
        templates: [
            { name: "a", image: "mysql:8.0.40", replicas: 2, ordinals: { start: 0, end: 4 } },
            { name: "b", image: "percona/percona-server:8.0.40-31", replicas: 1, ordinals: { start: 5, end: 9 } },
        ],
    };

    it("reads a bare YAML list, a stack-file layout and JSON to the same plan", () => {
        const t = tempDir();
        try {
            const bare = path.join(t.dir, "bare.yaml");
            const layout = path.join(t.dir, "layout.yml");
            const json = path.join(t.dir, "clusters.json");
            fs.writeFileSync(bare, YAML.stringify([cluster]));
            fs.writeFileSync(layout, YAML.stringify({ config: { "myriad:clusters": [cluster] } }));
            fs.writeFileSync(json, JSON.stringify([cluster]));
            const plans = [bare, layout, json].map((f) => planJson(["--config", f]));
            expect(plans[1]).toEqual(plans[0]);
            expect(plans[2]).toEqual(plans[0]);
            const [c] = plans[0].clusters;
            expect(c.instances.map((i) => [i.ordinal, i.flavor])).toEqual([
                [0, "mysql"],
                [1, "mysql"],
                [5, "percona"],
            ]);
        } finally {
            t.cleanup();
        }
    });

    it("plans several clusters in one file, each with its own table", () => {
        const t = tempDir();
        try {
            const file = path.join(t.dir, "two.yaml");
            const other = { ...cluster, name: "billing" };
            fs.writeFileSync(file, YAML.stringify([cluster, other]));
            expect(planJson(["--config", file]).clusters.map((c) => c.name)).toEqual(["shop", "billing"]);
            const r = myriad(["plan", "--config", file]);
            expect(r.code).toBe(0);
            expect(r.stdout).toContain("cluster shop |");
            expect(r.stdout).toContain("cluster billing |");
        } finally {
            t.cleanup();
        }
    });

    it("resolves --stack against the nearest Pulumi.yaml and its stackConfigDir", () => {
        const t = tempDir();
        try {
            fs.writeFileSync(path.join(t.dir, "Pulumi.yaml"), "name: other\nruntime: nodejs\nstackConfigDir: conf\n");
            fs.mkdirSync(path.join(t.dir, "conf"));
            fs.writeFileSync(path.join(t.dir, "conf", "Pulumi.qa.yaml"), YAML.stringify({ config: { "myriad:clusters": [cluster] } }));
            fs.mkdirSync(path.join(t.dir, "sub"));
            const r = myriad(["plan", "--stack", "qa", "--format", "json"], path.join(t.dir, "sub"));
            expect(r.code).toBe(0);
            expect(JSON.parse(r.stdout).clusters[0].name).toBe("shop");
            // That project has no stack 'dev': the package's own stacks are not consulted.
            const missing = myriad(["plan", "--stack", "dev"], t.dir);
            expect(missing.code).toBe(2);
            expect(missing.stderr).toContain("unknown stack 'dev'");
            expect(missing.stderr).toContain("qa");
        } finally {
            t.cleanup();
        }
    });

    it("without a Pulumi.yaml above the working directory, uses the package's own stacks", () => {
        const t = tempDir();
        try {
            const r = myriad(["plan", "--stack", "dev", "--format", "json"], t.dir);
            expect(r.code).toBe(0);
            expect(JSON.parse(r.stdout).clusters[0].name).toBe("mysql");
        } finally {
            t.cleanup();
        }
    });
});

describe("myriad plan on invalid configuration", () => {
    const bad = {
        config: {
            "myriad:clusters": [
                {
                    name: "orders",
                    primary: 7,
                    offlineInstances: [42],
                    templates: [
                        { name: "a", image: "mysql:8.0.40", replicas: 3, ordinals: { start: 0, end: 5 }, config: { server_id: 5 } },
                        { name: "b", image: "mysql:8.4.3", replicas: 2, ordinals: { start: 5, end: 9 } },
                    ],
                },
            ],
        },
    };

    function withFile(doc: unknown, fn: (file: string) => void): void {
        const t = tempDir();
        try {
            const file = path.join(t.dir, "bad.yaml");
            fs.writeFileSync(file, YAML.stringify(doc));
            fn(file);
        } finally {
            t.cleanup();
        }
    }

    it("exits 2 and prints every structural error on its own line with path, value and fix", () => {
        withFile(bad, (file) => {
            const r = myriad(["plan", "--config", file]);
            expect(r.code).toBe(2);
            expect(r.stdout).toBe("");
            const lines = r.stderr.trim().split("\n");
            expect(lines[0]).toMatch(/^invalid configuration in config file .*bad\.yaml: 4 errors$/);
            const errors = lines.slice(1);
            expect(errors).toHaveLength(4);
            for (const l of errors) expect(l).toMatch(/^clusters\[0\]\.\S+: .+ \((got .+|missing)\)\. Fix: .+$/);
            expect(errors).toEqual(
                expect.arrayContaining([
                    expect.stringMatching(/^clusters\[0\]\.templates\[0\]\.config\.server_id: .*\(got 5\)\. Fix: remove 'server_id'/),
                    expect.stringMatching(
                        /^clusters\[0\]\.templates\[1\]\.ordinals: range 5\.\.9 .* overlaps range 0\.\.5 .*\(got \{"start":5,"end":9\}\)\. Fix: /,
                    ),
                    expect.stringMatching(/^clusters\[0\]\.offlineInstances\[0\]: ordinal 42 is outside .*\(got 42\)\. Fix: /),
                    expect.stringMatching(/^clusters\[0\]\.primary: .*\(got 7\)\. Fix: choose one of the online ordinals/),
                ]),
            );
        });
    });

    it('with --format json prints {"errors":[...]} on stdout and exits 2', () => {
        withFile(bad, (file) => {
            const r = myriad(["plan", "--config", file, "--format", "json"]);
            expect(r.code).toBe(2);
            const doc = JSON.parse(r.stdout);
            expect(Object.keys(doc)).toEqual(["errors"]);
            expect(doc.errors).toHaveLength(4);
            for (const e of doc.errors) {
                expect(Object.keys(e).sort()).toEqual(["fix", "message", "path", "value"]);
            }
            expect(doc.errors).toEqual(
                expect.arrayContaining([{ path: "clusters[0].primary", value: 7, message: expect.any(String), fix: expect.any(String) }]),
            );
        });
    });

    it("reports unknown keys with their path and value", () => {
        withFile([{ name: "orders", replicas: 3, templates: [{ name: "a", image: "mysql:8.0.40", replicas: 1 }] }], (file) => {
            const r = myriad(["plan", "--config", file]);
            expect(r.code).toBe(2);
            expect(r.stderr).toContain("clusters[0].replicas: unknown key 'replicas' (got 3). Fix: ");
        });
    });

    it("exits 2 on a file without myriad:clusters, naming the keys it found", () => {
        withFile({ config: { "kubernetes:context": "kind" } }, (file) => {
            const r = myriad(["plan", "--config", file]);
            expect(r.code).toBe(2);
            expect(r.stderr).toContain("no 'myriad:clusters' key under 'config:' (keys found: 'kubernetes:context')");
            expect(r.stderr).toContain("Fix: ");
        });
    });

    it("exits 2 on an empty cluster list", () => {
        withFile({ config: { "myriad:clusters": [] } }, (file) => {
            const r = myriad(["plan", "--config", file]);
            expect(r.code).toBe(2);
            expect(r.stderr).toContain("clusters: expected a non-empty list of clusters (got []). Fix: ");
        });
    });

    it("exits 2 on YAML that does not parse, with the position", () => {
        const t = tempDir();
        try {
            const file = path.join(t.dir, "broken.yaml");
            fs.writeFileSync(file, "config:\n  myriad:clusters: [\n");
            const r = myriad(["plan", "--config", file]);
            expect(r.code).toBe(2);
            expect(r.stderr).toMatch(/cannot parse .*broken\.yaml as YAML or JSON/);
            expect(r.stderr).toMatch(/line \d+, column \d+/);
        } finally {
            t.cleanup();
        }
    });
});

describe("myriad plan usage errors", () => {
    it("an unknown stack exits 2, names the stack and lists the known ones", () => {
        const r = myriad(["plan", "--stack", "qa"]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr).toContain("unknown stack 'qa'");
        expect(r.stderr).toContain("stacks/Pulumi.qa.yaml");
        expect(r.stderr).toContain("(dev, prod, staging)");
        expect(r.stderr).toContain("Fix: ");
    });

    it("a missing config file exits 2 and names it", () => {
        const r = myriad(["plan", "--config", "no/such/file.yaml"]);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("no/such/file.yaml");
    });

    it.each([
        [["plan"], "no configuration given"],
        [["plan", "--stack", "dev", "--config", "x.yaml"], "both --stack 'dev' and --config 'x.yaml'"],
        [["plan", "--stack", "dev", "--format", "xml"], "'xml' is invalid"],
        [["plan", "--stack", "../etc"], "invalid stack name '../etc'"],
        [["plan", "--stack"], "argument missing"],
        [["plna", "--stack", "dev"], "unknown command 'plna'"],
        [["plan", "--stack", "dev", "--verbose"], "unknown option '--verbose'"],
    ])("myriad %j exits 2 with a message", (args, message) => {
        const r = myriad(args);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(message);
    });

    it("--help documents the commands, the configuration sources and the exit codes", () => {
        const r = myriad(["--help"]);
        expect(r.code).toBe(0);
        for (const s of ["plan", "render", "--stack NAME", "--config FILE", "Exit codes"]) expect(r.stdout).toContain(s);
        const p = myriad(["plan", "--help"]);
        expect(p.code).toBe(0);
        for (const s of ["--stack <name>", "--config <file>", "--format <format>", "table", "json"]) expect(p.stdout).toContain(s);
    });
});
