/**
 * `myriad render` end to end: the built CLI writes every Kubernetes object of the three shipped stacks, one
 * YAML file per object at a deterministic path, secrets redacted; bad input exits 2 and writes nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { myriad, STACKS, tempDir } from "./run-cli";

interface PlanDoc {
    clusters: {
        name: string;
        namespace: string;
        createNamespace: boolean;
        instances: { name: string; state: string; template: string; role: string }[];
    }[];
}

function plan(stack: string): PlanDoc {
    const r = myriad(["plan", "--stack", stack, "--format", "json"]);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
}

/** Every file under `dir` (relative, POSIX separators), sorted. */
function listFiles(dir: string): string[] {
    const out: string[] = [];
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const abs = path.join(d, e.name);
            if (e.isDirectory()) walk(abs);
            else out.push(path.relative(dir, abs).split(path.sep).join("/"));
        }
    };
    walk(dir);
    return out.sort();
}

/**
 * The ConfigMaps are content-addressed (`<prefix>-<hash>`: the scripts, and one configuration per template and
 * role): the file of `prefix` is found in the output, exactly once.
 */
function hashedFile(dir: string, ns: string, prefix: string): string {
    const re = new RegExp(`^configmap-${prefix}-[0-9a-f]{10}\\.yaml$`);
    const found = fs.existsSync(path.join(dir, ns)) ? fs.readdirSync(path.join(dir, ns)).filter((f) => re.test(f)) : [];
    expect(found).toHaveLength(1);
    return `${ns}/${found[0]}`;
}

function expectedFiles(doc: PlanDoc, dir: string): string[] {
    const files: string[] = [];
    for (const c of doc.clusters) {
        const ns = c.namespace;
        files.push(
            `${ns}/service-${c.name}.yaml`,
            `${ns}/service-${c.name}-primary.yaml`,
            `${ns}/service-${c.name}-replicas.yaml`,
            `${ns}/secret-${c.name}-credentials.yaml`,
            hashedFile(dir, ns, `${c.name}-scripts`),
            `${ns}/poddisruptionbudget-${c.name}.yaml`,
        );
        if (c.createNamespace) files.push(`_cluster/namespace-${ns}.yaml`);
        for (const i of c.instances) files.push(`${ns}/statefulset-${i.name}.yaml`);
        for (const g of new Set(c.instances.map((i) => `${i.template}-${i.role}`))) files.push(hashedFile(dir, ns, `${c.name}-${g}`));
    }
    return files.sort();
}

describe.each(STACKS)("myriad render --stack %s", (stack) => {
    const t = tempDir();
    const out = path.join(t.dir, "out");
    let doc: PlanDoc;
    let run: ReturnType<typeof myriad>;
    beforeAll(() => {
        doc = plan(stack);
        run = myriad(["render", "--stack", stack, "--out", out]);
    });
    afterAll(() => t.cleanup());

    it("exits 0 and writes exactly one file per object, at <namespace>/<kind>-<name>.yaml", () => {
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        expect(listFiles(out)).toEqual([".myriad-render.json", ...expectedFiles(doc, out)].sort());
        expect(run.stdout).toContain(`rendered ${expectedFiles(doc, out).length} objects from stack '${stack}'`);
    });

    it("every file parses as one YAML document naming the object its path names", () => {
        for (const rel of expectedFiles(doc, out)) {
            const text = fs.readFileSync(path.join(out, rel), "utf8");
            const docs = YAML.parseAllDocuments(text);
            expect(docs).toHaveLength(1);
            expect(docs[0].errors).toEqual([]);
            const m = docs[0].toJS();
            const [ns, file] = rel.split("/");
            expect(m.metadata.namespace ?? "_cluster").toBe(ns);
            expect(`${String(m.kind).toLowerCase()}-${m.metadata.name}.yaml`).toBe(file);
            expect(typeof m.apiVersion).toBe("string");
        }
    });

    it("StatefulSets run one pod per online instance and none for offline ones", () => {
        for (const c of doc.clusters) {
            for (const i of c.instances) {
                const sts = YAML.parse(fs.readFileSync(path.join(out, c.namespace, `statefulset-${i.name}.yaml`), "utf8"));
                expect(sts.spec.replicas).toBe(i.state === "online" ? 1 : 0);
            }
        }
    });

    it("no secret value is written: Secret values are redacted and no generated password appears anywhere", () => {
        for (const c of doc.clusters) {
            const secret = YAML.parse(fs.readFileSync(path.join(out, c.namespace, `secret-${c.name}-credentials.yaml`), "utf8"));
            const values = [...Object.values(secret.data ?? {}), ...Object.values(secret.stringData ?? {})];
            expect(values.length).toBeGreaterThan(0);
            for (const v of values) expect(v).toBe("<redacted>");
        }
        // Passwords generated under mocks start with MOCKPW (infra/mock-engine/runtime.ts mockPassword).
        for (const rel of expectedFiles(doc, out)) expect(fs.readFileSync(path.join(out, rel), "utf8")).not.toContain("MOCKPW");
    });

    it("is deterministic: a second render of the same stack writes identical files", () => {
        const again = path.join(t.dir, "again");
        expect(myriad(["render", "--stack", stack, "--out", again, "--format", "json"]).code).toBe(0);
        for (const rel of expectedFiles(doc, out)) {
            expect(fs.readFileSync(path.join(again, rel), "utf8")).toBe(fs.readFileSync(path.join(out, rel), "utf8"));
        }
    });
});

describe("myriad render: output directory handling", () => {
    it("re-rendering into its own directory replaces the previous render, removing objects that disappeared", () => {
        const t = tempDir();
        try {
            const out = path.join(t.dir, "out");
            expect(myriad(["render", "--stack", "staging", "--out", out]).code).toBe(0);
            expect(fs.existsSync(path.join(out, "staging", "statefulset-orders-10.yaml"))).toBe(true);
            const r = myriad(["render", "--stack", "dev", "--out", out, "--format", "json"]);
            expect(r.code).toBe(0);
            const written = JSON.parse(r.stdout);
            expect(written.out).toBe(out);
            expect(listFiles(out)).toEqual([".myriad-render.json", ...written.files].sort());
            expect(fs.existsSync(path.join(out, "staging"))).toBe(false);
            expect(written.files).toContain("default/statefulset-mysql-2.yaml");
        } finally {
            t.cleanup();
        }
    });

    it("refuses a non-empty directory that it did not write, and leaves it untouched", () => {
        const t = tempDir();
        try {
            fs.writeFileSync(path.join(t.dir, "notes.txt"), "mine");
            const r = myriad(["render", "--stack", "dev", "--out", t.dir]);
            expect(r.code).toBe(2);
            expect(r.stderr).toContain("is not empty and was not written by myriad render");
            expect(r.stderr).toContain("Fix: ");
            expect(fs.readdirSync(t.dir)).toEqual(["notes.txt"]);
        } finally {
            t.cleanup();
        }
    });

    it("invalid configuration exits 2 with every error and writes nothing", () => {
        const t = tempDir();
        try {
            const file = path.join(t.dir, "bad.yaml");
            fs.writeFileSync(
                file,
                YAML.stringify([{ name: "x", primary: 5, templates: [{ name: "a", image: "mysql:8.0.40", replicas: 2 }] }]),
            );
            const out = path.join(t.dir, "out");
            const r = myriad(["render", "--config", file, "--out", out]);
            expect(r.code).toBe(2);
            expect(r.stderr).toContain("clusters[0].primary: the primary must be an online instance");
            expect(r.stderr).toContain("(got 5). Fix: ");
            expect(fs.existsSync(out)).toBe(false);
            const j = myriad(["render", "--config", file, "--out", out, "--format", "json"]);
            expect(j.code).toBe(2);
            expect(JSON.parse(j.stdout).errors[0].path).toBe("clusters[0].primary");
        } finally {
            t.cleanup();
        }
    });

    it.each([
        [["render", "--stack", "dev"], "required option '-o, --out <dir>' not specified"],
        [["render", "--stack", "nope", "--out", "x"], "unknown stack 'nope'"],
        [["render", "--out", "x"], "no configuration given"],
    ])("myriad %j exits 2", (args, message) => {
        const r = myriad(args);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(message);
    });
});
