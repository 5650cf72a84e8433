/**
 * `myriad check --manifests PATH...` on hand-written and tool-written Kubernetes objects, with the verdict each
 * policy must give:
 *
 * - fixtures/tutorial/: the Kubernetes tutorial "Run a Replicated Stateful Application" (ConfigMap, two
 *   Services, the StatefulSet with `mysql:5.7` and server-id = 100 + ordinal);
 * - fixtures/second-template.yaml: that StatefulSet pinned to 5.7.44 plus a copy as a second template with
 *   `mysql:8.0.36` under the same governing Service, whose ordinal-derived server_ids collide;
 * - fixtures/helm-template.yaml: `helm template` output of a primary/secondary chart (comments, empty
 *   documents, kinds no policy reads).
 *
 * Also the other input shapes (kind: List as JSON on stdin, `kubectl get -o yaml`, a `renderYamlToDirectory`
 * tree), the errors (exit 2 naming the file and the document), and the agreement between the program check and
 * the check of `myriad render`'s output for every shipped stack.
 */
import { spawnSync } from "node:child_process";
import { runCheckCaptured } from "../helpers/capture-io";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { type CheckOptions, type CheckReport } from "../../infra/cli/check";
import { manifestFiles, parseManifests } from "../../infra/manifests/read";
import { BIN, myriad, ROOT, STACKS, tempDir } from "../cli/run-cli";

const FIXTURES = path.join(__dirname, "fixtures");
const TUTORIAL = path.join(FIXTURES, "tutorial");

// Messages are matched whole: no wrapping.
process.env.COLUMNS = "1000";

const run = (opts: Partial<CheckOptions>, cwd = ROOT) => runCheckCaptured(opts, cwd);

async function report(manifests: string[], cwd = ROOT): Promise<{ code: number; report: CheckReport }> {
    const r = await run({ manifests, format: "json" }, cwd);
    return { code: r.code, report: JSON.parse(r.out) as CheckReport };
}

/** `policy level` of every violation, sorted, to state a verdict whole. */
function verdict(rep: CheckReport): string[] {
    return rep.violations.map((v) => `${v.policy} ${v.level}`).sort();
}

function messages(rep: CheckReport, policy: string): string[] {
    return rep.violations.filter((v) => v.policy === policy).map((v) => v.message);
}

const tmp = tempDir("myriad-manifests-");
afterAll(() => tmp.cleanup());

function docsOf(file: string): Record<string, unknown>[] {
    return YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))
        .map((d) => d.toJS() as Record<string, unknown> | null)
        .filter((d): d is Record<string, unknown> => d !== null);
}

const tutorialObjects = () => fs.readdirSync(TUTORIAL).flatMap((f) => docsOf(path.join(TUTORIAL, f)));

describe("the Kubernetes tutorial's StatefulSet", () => {
    test("fails on its floating mysql:5.7 tag (init and server container) and is advised on probes, budget and metrics", async () => {
        const { code, report: rep } = await report([TUTORIAL]);
        expect(code).toBe(1);
        expect(rep.ok).toBe(false);
        expect(rep.errors).toEqual([]);
        expect(verdict(rep)).toEqual([
            "mysql-disruption-budget advisory",
            "mysql-image-version-pinned mandatory",
            "mysql-image-version-pinned mandatory",
            "mysql-metrics-present advisory",
            "mysql-probes-present advisory",
            "mysql-probes-present advisory",
        ]);
        expect(messages(rep, "mysql-image-version-pinned")).toEqual([
            expect.stringContaining("init container 'init-mysql': image 'mysql:5.7' uses the tag '5.7'"),
            expect.stringContaining("container 'mysql': image 'mysql:5.7' uses the tag '5.7'"),
        ]);
        // The tutorial's readiness probe is SELECT 1: it does not see replication break.
        expect(messages(rep, "mysql-probes-present").join("\n")).toContain("does not check replication health");
        expect(messages(rep, "mysql-disruption-budget")).toEqual([expect.stringContaining("cluster default/mysql (3 instances)")]);
        // Nothing is ignored: ConfigMap, Services and the StatefulSet are all read by policies.
        expect(rep.ignored).toEqual({});
        // The server_ids 100..102 are derived per pod and unique: no server_id violation.
        expect(messages(rep, "mysql-server-id-unique")).toEqual([]);
    });

    test("text names each object with the file and document it came from", async () => {
        const r = await run({ manifests: [path.relative(ROOT, TUTORIAL)] });
        expect(r.code).toBe(1);
        expect(r.out).toContain(
            "[MANDATORY] mysql-image-version-pinned - StatefulSet default/mysql (tests/manifests/fixtures/tutorial/mysql-statefulset.yaml document 1)",
        );
        expect(r.out).toContain(
            "myriad check: manifests tests/manifests/fixtures/tutorial: 18 policies of pack myriad-mysql over 4 resources",
        );
        expect(r.out).toContain("FAILED: 2 mandatory violations, 4 advisories.");
    });
});

describe("a second template copied from the first with another image", () => {
    const files = [
        path.join(TUTORIAL, "mysql-configmap.yaml"),
        path.join(TUTORIAL, "mysql-services.yaml"),
        path.join(FIXTURES, "second-template.yaml"),
    ];

    test("fails on the colliding ordinal-derived server_ids, and both StatefulSets are one cluster by their Service", async () => {
        const { code, report: rep } = await report(files);
        expect(code).toBe(1);
        expect(rep.violations.filter((v) => v.level === "mandatory").map((v) => v.policy)).toEqual([
            "mysql-replication-version-compatible",
            "mysql-server-id-unique",
        ]);
        const ids = messages(rep, "mysql-server-id-unique");
        expect(ids).toHaveLength(1);
        expect(ids[0]).toContain(
            "server_ids 100, 101 are used by 4 servers in the stack, across 2 StatefulSets (mysql, mysql-v8) within one topology (cluster default/mysql)",
        );
        expect(ids[0]).toContain("mysql-v8-0 from server-id=$((100 + $ordinal)) in the pod's script, derived from the pod ordinal 0");
        expect(ids[0]).not.toContain("102");
        // Both images are pinned; no role label says which is the primary, so a failover can make the 8.0 pods
        // the source of the 5.7 ones, which no manual supports.
        expect(messages(rep, "mysql-image-version-pinned")).toEqual([]);
        const versions = messages(rep, "mysql-replication-version-compatible");
        expect(versions).toEqual([
            expect.stringContaining("cluster default/mysql runs mysql (mysql 5.7.44), mysql-v8 (mysql 8.0.36) and its roles are unknown"),
        ]);
        expect(versions[0]).toContain("one is not supported: mysql-v8 as the source of mysql");
        expect(versions[0]).toContain(
            'Rule: "MySQL does not support replication from a source running a later release to a replica running an earlier release',
        );
        expect(versions[0]).toContain("Instead: run one version in the cluster");
        // One cluster of 3 + 2 instances (the governing Service `mysql`), not two clusters.
        expect(messages(rep, "mysql-disruption-budget")).toEqual([expect.stringContaining("cluster default/mysql (5 instances)")]);
    });

    test("cluster scope still sees the collision: the copy is a member of the same cluster", async () => {
        const cfg = path.join(tmp.dir, "scope.json");
        fs.writeFileSync(cfg, JSON.stringify({ "mysql-server-id-unique": { scope: "cluster" } }));
        const r = await run({ manifests: files, policyConfig: cfg, format: "json" });
        expect(r.code).toBe(1);
        expect(messages(JSON.parse(r.out) as CheckReport, "mysql-server-id-unique")).toHaveLength(1);
    });
});

describe("helm template output", () => {
    const helm = path.join(FIXTURES, "helm-template.yaml");

    test("passes: pinned images, distinct server_ids, a budget and exporters; NetworkPolicy and ServiceAccount are ignored and counted", async () => {
        const { code, report: rep } = await report([helm]);
        expect(code).toBe(0);
        expect(rep.ok).toBe(true);
        expect(verdict(rep)).toEqual([
            "mysql-config-deprecated-or-unknown advisory",
            "mysql-config-deprecated-or-unknown advisory",
            "mysql-probes-present advisory",
        ]);
        // The chart's primary (app.kubernetes.io/component: primary, MYSQL_REPLICATION_MODE=master) is not a replica.
        expect(messages(rep, "mysql-probes-present")).toEqual([
            expect.stringContaining("StatefulSet shop/db-mysql-secondary: the readiness probe of replica container 'mysql'"),
        ]);
        expect(messages(rep, "mysql-config-deprecated-or-unknown")[0]).toContain("'binlog_format' is deprecated since 8.0.34");
        expect(rep.ignored).toEqual({ NetworkPolicy: 1, ServiceAccount: 1 });
        const text = await run({ manifests: [helm] });
        expect(text.out).toContain("over 8 resources; ignored 2 objects of kinds no policy reads (NetworkPolicy 1, ServiceAccount 1)");
        const md = await run({ manifests: [helm], format: "markdown" });
        expect(md.out).toContain("ignored 2 objects of kinds no policy reads (NetworkPolicy 1, ServiceAccount 1)");
    });

    test("the same chart with a MariaDB secondary fails on the flavour mix", async () => {
        const file = path.join(tmp.dir, "helm-mariadb.yaml");
        const text = fs.readFileSync(helm, "utf8");
        const at = text.indexOf("# Source: mysql/templates/secondary/statefulset.yaml");
        fs.writeFileSync(file, text.slice(0, at) + text.slice(at).replace(/bitnami\/mysql:8\.0\.36/g, "mariadb:10.11.6"));
        const { code, report: rep } = await report([file]);
        expect(code).toBe(1);
        expect(rep.violations.filter((v) => v.level === "mandatory").map((v) => v.policy)).toContain("mysql-flavor-uniform");
    });
});

describe("input shapes", () => {
    test("kind: List as JSON on standard input (kubectl get -o json) gives the tutorial's verdict", () => {
        const list = { apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items: tutorialObjects() };
        const piped = spawnWithInput(["check", "--manifests", "-", "--format", "json"], JSON.stringify(list));
        expect(piped.code).toBe(1);
        const rep = JSON.parse(piped.stdout) as CheckReport;
        expect(verdict(rep)).toEqual([
            "mysql-disruption-budget advisory",
            "mysql-image-version-pinned mandatory",
            "mysql-image-version-pinned mandatory",
            "mysql-metrics-present advisory",
            "mysql-probes-present advisory",
            "mysql-probes-present advisory",
        ]);
    });

    test("kubectl get -o yaml (a List whose items carry status and server fields) gives the same verdict as the files", async () => {
        const items = tutorialObjects().map((o) => ({
            ...o,
            metadata: {
                ...(o.metadata as object),
                namespace: "default",
                uid: "0b6c",
                resourceVersion: "4711",
                managedFields: [{ manager: "kubectl" }],
            },
            status: { observedGeneration: 1 },
        }));
        const file = path.join(tmp.dir, "kubectl.yaml");
        fs.writeFileSync(file, YAML.stringify({ apiVersion: "v1", kind: "List", items, metadata: { resourceVersion: "" } }));
        const fromFiles = (await report([TUTORIAL])).report;
        const fromList = (await report([file])).report;
        expect(fromList.violations.map((v) => [v.policy, v.level, v.message])).toEqual(
            fromFiles.violations.map((v) => [v.policy, v.level, v.message]),
        );
    });

    test("a renderYamlToDirectory tree (0-crd/, 1-manifests/, one object per file) gives the same verdict", async () => {
        const dir = path.join(tmp.dir, "rendered");
        fs.mkdirSync(path.join(dir, "0-crd"), { recursive: true });
        fs.mkdirSync(path.join(dir, "1-manifests"), { recursive: true });
        for (const o of tutorialObjects()) {
            const md = o.metadata as { name: string };
            const gv = String(o.apiVersion).replace("/", "_");
            fs.writeFileSync(
                path.join(dir, "1-manifests", `${gv}-${String(o.kind).toLowerCase()}-default-${md.name}.yaml`),
                YAML.stringify(o),
            );
        }
        const fromFiles = (await report([TUTORIAL])).report;
        const fromTree = (await report([dir])).report;
        expect(fromTree.violations.map((v) => [v.policy, v.message])).toEqual(fromFiles.violations.map((v) => [v.policy, v.message]));
    });

    test("YAML 1.1 as Kubernetes reads it: unquoted on is a boolean, 0755 octal, and JSON reads the same", () => {
        const [yaml] = parseManifests("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  flag: on\n  mode: 0755\n", "c.yaml");
        expect(yaml.object.data).toEqual({ flag: true, mode: 493 });
        const [json] = parseManifests(
            JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { flag: "on" } }),
            "c.json",
        );
        expect(json.object.data).toEqual({ flag: "on" });
    });
});

describe("errors: exit 2 naming the file and the document", () => {
    function write(name: string, text: string): string {
        const file = path.join(tmp.dir, name);
        fs.writeFileSync(file, text);
        return file;
    }

    test("a document that is not YAML", async () => {
        const file = write("broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: [unclosed\n");
        const r = await run({ manifests: [file] });
        expect(r.code).toBe(2);
        expect(r.err).toContain(`cannot parse ${file} document 2 as YAML or JSON`);
        const json = await run({ manifests: [file], format: "json" });
        expect(json.code).toBe(2);
        const rep = JSON.parse(json.out) as CheckReport;
        expect(rep.ok).toBe(false);
        expect(rep.errors[0].path).toBe(`${file} document 2`);
    });

    test("a YAML document that is not a Kubernetes object (a Helm values file, a list, no name)", async () => {
        const values = write("values.yaml", "image:\n  repository: mysql\n  tag: 8.0.36\nreplicas: 3\n");
        let r = await run({ manifests: [values] });
        expect(r.code).toBe(2);
        expect(r.err).toContain(`${values} document 1 is not a Kubernetes object: no apiVersion and kind (got keys image, replicas)`);
        const list = write("list.yaml", "---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n- a\n- b\n");
        r = await run({ manifests: [list] });
        expect(r.code).toBe(2);
        expect(r.err).toContain(`${list} document 2 is not a Kubernetes object: not a mapping (got a list)`);
        const item = write(
            "items.yaml",
            "apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Service, metadata: {generateName: s-}}\n",
        );
        r = await run({ manifests: [item] });
        expect(r.code).toBe(2);
        expect(r.err).toContain(`${item} document 1, items[0]: Service has no metadata.name (only generateName 's-')`);
    });

    test("an unreadable path, the same object twice, and two sources", async () => {
        let r = await run({ manifests: [path.join(tmp.dir, "missing")] });
        expect(r.code).toBe(2);
        expect(r.err).toContain("no such file or directory");
        r = await run({ manifests: [TUTORIAL, path.join(TUTORIAL, "mysql-statefulset.yaml")] });
        expect(r.code).toBe(2);
        expect(r.err).toContain("StatefulSet default/mysql is defined twice");
        r = await run({ manifests: [TUTORIAL], stack: "dev" });
        expect(r.code).toBe(2);
        expect(r.err).toContain("--manifests and --stack name two things to check");
    });
});

describe("a directory with symbolic links", () => {
    /** d/a.yaml, d/sub/b.yaml, d/sub/up -> .. (a loop), d/self -> self (loops on itself), d/again -> sub. */
    function linked(): string {
        const d = path.join(tmp.dir, "linked");
        fs.mkdirSync(path.join(d, "sub"), { recursive: true });
        fs.copyFileSync(path.join(TUTORIAL, "mysql-statefulset.yaml"), path.join(d, "a.yaml"));
        fs.writeFileSync(path.join(d, "sub", "b.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
        fs.symlinkSync("..", path.join(d, "sub", "up"));
        fs.symlinkSync("self", path.join(d, "self"));
        fs.symlinkSync("sub", path.join(d, "again"));
        return d;
    }
    const d = linked();

    test("a loop is skipped with a note naming it; every file is read once", () => {
        const notes: string[] = [];
        const files = manifestFiles(d, ROOT, (n) => notes.push(n));
        expect(files).toEqual([path.join(d, "a.yaml"), path.join(d, "sub", "b.yaml")]);
        expect(notes).toEqual(
            expect.arrayContaining([
                `note: skipped ${path.join(d, "self")}: a symbolic link that loops (ELOOP)`,
                `note: skipped ${path.join(d, "sub", "up")}: a symbolic link to ${d}, a directory already read (a loop)`,
            ]),
        );
    });

    test("myriad check --manifests runs on: the note on stderr, the verdict on stdout", () => {
        const r = myriad(["check", "--manifests", d, "--format", "json"]);
        expect(r.stderr).toContain(`note: skipped ${path.join(d, "sub", "up")}: a symbolic link to ${d}`);
        expect(r.code).toBe(1);
        const rep = JSON.parse(r.stdout) as CheckReport;
        expect(rep.errors).toEqual([]);
        expect(rep.violations.map((v) => v.policy)).toContain("mysql-image-version-pinned");
    });
});

describe("what was found is stated, and finding no MySQL workload fails unless allowed", () => {
    const NOTHING = "myriad-mysql-workloads-found";
    const nginx = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web" },
        spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx:1.25.3" }] } } },
    };
    const inputs = (): [string, string][] => {
        const emptyFile = path.join(tmp.dir, "nothing.yaml");
        fs.writeFileSync(emptyFile, "# helm template rendered nothing\n---\n");
        const emptyDir = path.join(tmp.dir, "nothing-dir");
        fs.mkdirSync(emptyDir, { recursive: true });
        fs.writeFileSync(path.join(emptyDir, "README.md"), "not a manifest");
        const web = path.join(tmp.dir, "web.yaml");
        fs.writeFileSync(web, YAML.stringify(nginx));
        return [
            ["an empty file", emptyFile],
            ["an empty directory", emptyDir],
            ["an nginx Deployment", web],
        ];
    };

    test("an empty file, an empty directory and an nginx Deployment all fail with the same finding", async () => {
        for (const [what, file] of inputs()) {
            const { code, report: rep } = await report([file]);
            expect([what, code, rep.ok, verdict(rep)]).toEqual([what, 1, false, [`${NOTHING} mandatory`]]);
            expect(rep.found).toEqual({ workloads: 0, clusters: 0 });
            const [message] = messages(rep, NOTHING);
            expect(message).toContain(`no MySQL workload found in manifests ${file}`);
            expect(message).toContain("Rule: a check that judged nothing must not pass");
            expect(message).toContain("Instead: give the files or program that define the MySQL StatefulSets, or pass --allow-empty");
        }
        const web = inputs()[2][1];
        expect(messages((await report([web])).report, NOTHING)[0]).toContain("1 object read (Deployment 1), none of them a StatefulSet");
        const text = await run({ manifests: [web] });
        expect(text.code).toBe(1);
        expect(text.out).toContain("over 1 resource; found 0 MySQL workloads in 0 clusters");
    });

    test("--allow-empty passes them, still saying nothing was found", async () => {
        for (const [what, file] of inputs()) {
            const r = await run({ manifests: [file], allowEmpty: true, format: "json" });
            const rep = JSON.parse(r.out) as CheckReport;
            expect([what, r.code, rep.ok, rep.violations, rep.found]).toEqual([what, 0, true, [], { workloads: 0, clusters: 0 }]);
        }
    });

    test("a real input states its count and gets no such finding", async () => {
        const { report: rep } = await report([path.join(FIXTURES, "second-template.yaml")]);
        expect(rep.found).toEqual({ workloads: 2, clusters: 1 });
        expect(messages(rep, NOTHING)).toEqual([]);
        const text = await run({ manifests: [TUTORIAL] });
        expect(text.out).toContain("found 1 MySQL workload in 1 cluster");
    });
});

describe("myriad render's output checked with --manifests agrees with the program check", () => {
    test.each(STACKS)(
        "stack %s: the same violations from both paths",
        async (stack) => {
            const out = path.join(tmp.dir, `render-${stack}`);
            const rendered = myriad(["render", "--stack", stack, "--out", out]);
            expect(rendered.code).toBe(0);
            const program = await run({ stack, format: "json" });
            const files = await run({ manifests: [out], format: "json" });
            const a = JSON.parse(program.out) as CheckReport;
            const b = JSON.parse(files.out) as CheckReport;
            expect(files.code).toBe(program.code);
            const key = (v: CheckReport["violations"][number]) => `${v.policy} ${v.level} ${v.message}`;
            expect(b.violations.map(key).sort()).toEqual(a.violations.map(key).sort());
            expect(b.ok).toBe(a.ok);
            if (stack === "staging") expect(a.violations.length).toBeGreaterThan(0);
            // The marker file of the render is skipped; only kinds no policy reads are ignored.
            expect(Object.keys(b.ignored ?? {}).every((k) => ["Namespace", "ServiceMonitor", "PrometheusRule"].includes(k))).toBe(true);
        },
        120_000,
    );
});

function spawnWithInput(args: string[], input: string): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [BIN, ...args], {
        cwd: ROOT,
        input,
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, COLUMNS: "1000" },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
