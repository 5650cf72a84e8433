/**
 * The Kubernetes fragments of a specification (components/spec/kubernetes.ts): the strict shapes of the scheduling
 * objects have exactly the fields of the Kubernetes API schemas (as shipped by the maintained `kubernetes-models`
 * package), the grammars accept and refuse what the API reference says, and a template using every fragment
 * renders manifests that validate against those schemas.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ZodOptional, type z } from "zod";
import {
    isLabelValue,
    isNonNegativeQuantity,
    isPositiveQuantity,
    isQualifiedName,
    isQuantity,
    isResourceName,
    SCHEDULING_SHAPES,
} from "../../components/spec/kubernetes";
import { planClusters } from "../../components/planner/plan";
import { single, runClusters } from "../helpers/clusters";
import { validateManifests } from "../helpers/k8s-schema";

const ROOT = path.resolve(__dirname, "..", "..", "node_modules");

/** The fields (name → required) and string enums of a kubernetes-models interface, read from its declaration file. */
function apiFields(kind: string): Map<string, { required: boolean; enumValues?: string[] }> {
    const file = kind.startsWith("LabelSelector")
        ? path.join(ROOT, "@kubernetes-models", "apimachinery", "apis", "meta", "v1", `${kind}.d.ts`)
        : path.join(ROOT, "kubernetes-models", "v1", `${kind}.d.ts`);
    const text = fs.readFileSync(file, "utf8");
    const start = text.indexOf(`export interface I${kind} {`);
    const body = text.slice(start, text.indexOf("\n}", start));
    const fields = new Map<string, { required: boolean; enumValues?: string[] }>();
    for (const m of body.matchAll(/^ {4}"(\w+)"(\??): ([^;]*);$/gm)) {
        const enums = [...m[3].matchAll(/"([^"]+)"/g)].map((e) => e[1]);
        fields.set(m[1], { required: m[2] !== "?", enumValues: enums.length ? enums : undefined });
    }
    return fields;
}

describe("the scheduling shapes follow the Kubernetes API schemas", () => {
    let enumsChecked = 0;
    afterAll(() => expect(enumsChecked).toBe(3));
    it.each(Object.entries(SCHEDULING_SHAPES))("%s", (kind, schema) => {
        const api = apiFields(kind);
        expect(api.size).toBeGreaterThan(0);
        const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
        expect(Object.keys(shape).sort()).toEqual([...api.keys()].sort());
        for (const [name, field] of Object.entries(shape)) {
            const spec = api.get(name)!;
            expect([name, field.safeParse(undefined).success]).toEqual([name, !spec.required]);
            const inner = (field instanceof ZodOptional ? field.unwrap() : field) as unknown as { options?: string[] };
            if (spec.enumValues) {
                // Every value allowed here is one the API allows (Myriad may allow fewer: no feature-gated operator).
                expect(inner.options).toBeDefined();
                expect(spec.enumValues).toEqual(expect.arrayContaining(inner.options!));
                enumsChecked++;
            }
        }
    });

    it("unknown keys are refused at every level", () => {
        const bad = [
            ["Toleration", { key: "a", operater: "Exists" }],
            ["Affinity", { podAntiAfinity: {} }],
            [
                "Affinity",
                {
                    podAntiAffinity: {
                        preferredDuringSchedulingIgnoredDuringExecution: [
                            { weight: 1, podAffinityTerm: { topologyKey: "x", labelSelecter: {} } },
                        ],
                    },
                },
            ],
            [
                "Affinity",
                {
                    nodeAffinity: {
                        requiredDuringSchedulingIgnoredDuringExecution: {
                            nodeSelectorTerms: [{ matchExpressions: [{ key: "a", operator: "In", value: ["b"] }] }],
                        },
                    },
                },
            ],
        ] as const;
        for (const [kind, value] of bad) {
            const r = SCHEDULING_SHAPES[kind].safeParse(value);
            expect(r.success).toBe(false);
            expect(r.error!.issues.map((i) => i.code)).toEqual(["unrecognized_keys"]);
        }
    });
});

describe("grammars", () => {
    it.each(["1", "0.5", ".5", "500m", "1Gi", "512Mi", "1e3", "1E-2", "10Ki", "2k", "1.5G", "+1", "100n"])("quantity %s", (q) => {
        expect(isQuantity(q)).toBe(true);
    });
    it.each(["lots", "1GB", "10 GB", "1 Gi", "Gi", "", "1gi", "1.2.3", "1Gi ", "0x10", "1Kb", "1e"])("not a quantity %j", (q) => {
        expect(isQuantity(q)).toBe(false);
    });
    it("signs and zero", () => {
        expect(isNonNegativeQuantity("-1")).toBe(false);
        expect(isNonNegativeQuantity("0")).toBe(true);
        expect(isPositiveQuantity("0")).toBe(false);
        expect(isPositiveQuantity("0.0Gi")).toBe(false);
        expect(isPositiveQuantity("0.1Gi")).toBe(true);
        expect(isPositiveQuantity("1e3")).toBe(true);
        expect(isPositiveQuantity("0e3")).toBe(false);
    });
    it("resource names, label keys and values", () => {
        for (const n of ["cpu", "memory", "ephemeral-storage", "hugepages-2Mi", "hugepages-1Gi", "nvidia.com/gpu"])
            expect(isResourceName(n)).toBe(true);
        for (const n of ["memroy", "CPU", "gpu", "hugepages-", "hugepages-big", "a b/c", "Example.com/gpu"])
            expect(isResourceName(n)).toBe(false);
        for (const k of ["disktype", "kubernetes.io/hostname", "a_b.c-d", "x".repeat(63)]) expect(isQualifiedName(k)).toBe(true);
        for (const k of ["", "disk type", "-a", "a/", "/a", "x".repeat(64), "a/b/c", "A.com/x"]) expect(isQualifiedName(k)).toBe(false);
        for (const v of ["", "ssd", "a.b_c-d"]) expect(isLabelValue(v)).toBe(true);
        for (const v of ["fast ssd", "a/b", "-a", "x".repeat(64)]) expect(isLabelValue(v)).toBe(false);
    });
});

describe("a template using every Kubernetes fragment", () => {
    const template = {
        name: "main",
        image: "registry.example.com:5000/team/mysql:8.0.36",
        replicas: 2,
        resources: { requests: { cpu: 0.5, memory: "1Gi" }, limits: { memory: "2Gi", "ephemeral-storage": "1Gi" } },
        storage: { size: "20Gi", storageClassName: "fast-ssd" },
        scheduling: {
            nodeSelector: { "kubernetes.io/arch": "amd64" },
            tolerations: [
                { key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule" },
                { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 },
            ],
            affinity: {
                nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: {
                        nodeSelectorTerms: [{ matchExpressions: [{ key: "disktype", operator: "In", values: ["ssd"] }] }],
                    },
                    preferredDuringSchedulingIgnoredDuringExecution: [
                        { weight: 10, preference: { matchFields: [{ key: "metadata.name", operator: "NotIn", values: ["n1"] }] } },
                    ],
                },
                podAntiAffinity: {
                    preferredDuringSchedulingIgnoredDuringExecution: [
                        {
                            weight: 100,
                            podAffinityTerm: {
                                topologyKey: "kubernetes.io/hostname",
                                labelSelector: { matchLabels: { "myriad.dev/cluster": "kfrag" } },
                            },
                        },
                    ],
                },
            },
            priorityClassName: "high-priority",
        },
    };

    it("plans (cpu: 0.5 is the quantity '0.5')", () => {
        const r = planClusters([{ name: "kfrag", templates: [template] }]);
        expect(r.errors).toEqual([]);
        expect(r.plans[0].instances[0].resources.requests).toEqual({ cpu: "0.5", memory: "1Gi" });
    });

    it("renders manifests that validate against the Kubernetes API schemas", async () => {
        const run = await runClusters([single("kfrag", template.image, 2, { templates: [template as never] })]);
        const sts = run.manifests.filter((m) => m.kind === "StatefulSet");
        expect(sts.length).toBe(2);
        const results = validateManifests(run.manifests);
        expect(results.filter((x) => x.errors.length).map((x) => `${x.kind}/${x.name}: ${x.errors.join("; ")}`)).toEqual([]);
        const pod = (sts[0] as unknown as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
        expect(pod.tolerations).toEqual(template.scheduling.tolerations);
        expect(pod.priorityClassName).toBe("high-priority");
    });
});
