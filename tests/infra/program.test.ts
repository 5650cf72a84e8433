/**
 * The program (infra/program/program.ts) under Pulumi mocks: every structural error of every cluster is reported
 * before any resource is registered; a valid configuration creates one MySqlCluster per cluster and exports
 * outputs keyed by cluster name.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { MySqlCluster } from "../../components/cluster/mysql-cluster";
import * as checks from "../../components/planner/checks";
import * as planner from "../../components/planner/plan";
import type { ClusterPlan } from "../../components/planner/types";
import { InvalidSpecError } from "../../components/spec/errors";
import { runUnderMocks, type RecordedResource } from "../../infra/mock-engine/runtime";
import { program } from "../../infra/program/program";

const ROOT = path.resolve(__dirname, "..", "..");

function stackClusters(stack: string): unknown {
    const doc = YAML.parse(fs.readFileSync(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8"));
    return doc.config["myriad:clusters"];
}

const valid = {
    name: "alpha",
    templates: [{ name: "main", image: "mysql:8.0.40", replicas: 2 }],
};
const invalid = {
    name: "beta",
    primary: 9,
    templates: [
        { name: "a", image: "mysql:8.0.40", replicas: 2, ordinals: { start: 0, end: 3 } },
        { name: "b", image: "mysql:8.4.3", replicas: 2, ordinals: { start: 3, end: 6 } },
    ],
};

describe("program: validation before any resource", () => {
    // A bare mock monitor that records every registration, so we can see that nothing was registered at all.
    const registered: string[] = [];
    beforeAll(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (a) => {
                    registered.push(`${a.type}::${a.name}`);
                    return { id: `${a.name}-id`, state: a.inputs };
                },
                call: (a) => a.inputs,
            },
            "myriad",
            "test",
            false,
        );
    });
    beforeEach(() => registered.splice(0));

    it("throws InvalidSpecError with the errors of every cluster and registers nothing, not even the valid cluster", () => {
        let thrown: unknown;
        try {
            program([valid, invalid, { ...valid, name: "gamma", templates: [] }]);
        } catch (e) {
            thrown = e;
        }
        expect(thrown).toBeInstanceOf(InvalidSpecError);
        const paths = (thrown as InvalidSpecError).errors.map((e) => e.path);
        expect(paths).toEqual(
            expect.arrayContaining(["clusters[1].templates[1].ordinals", "clusters[1].primary", "clusters[2].templates"]),
        );
        expect(paths.some((p) => p.startsWith("clusters[0]"))).toBe(false);
        expect((thrown as Error).message).toContain("Fix:");
        expect(registered).toEqual([]);
    });

    it("rejects two clusters with the same name in different namespaces (outputs are keyed by name)", () => {
        expect(() => program([valid, { ...valid, namespace: "other" }])).toThrow(InvalidSpecError);
        try {
            program([valid, { ...valid, namespace: "other" }]);
        } catch (e) {
            expect((e as InvalidSpecError).errors).toEqual([expect.objectContaining({ path: "clusters[1].name", value: "alpha" })]);
        }
        expect(registered).toEqual([]);
    });

    it("reads myriad:clusters from the stack configuration when no argument is given", () => {
        pulumi.runtime.setAllConfig({ "myriad:clusters": JSON.stringify([invalid]) });
        expect(() => program()).toThrow(/clusters\[0\]\.primary/);
        pulumi.runtime.setAllConfig({});
        expect(() => program()).toThrow(/myriad:clusters/);
        expect(registered).toEqual([]);
    });
});

describe("program: a valid configuration", () => {
    function components(resources: RecordedResource[]): RecordedResource[] {
        return resources.filter((r) => !r.custom && r.type !== "pulumi:pulumi:Stack");
    }

    it.each(["dev", "staging", "prod"])("stack %s: one MySqlCluster per cluster, outputs keyed by cluster name", async (stack) => {
        const clusters = stackClusters(stack) as { name: string }[];
        const run = await runUnderMocks({ "myriad:clusters": clusters }, () => program(), { stack });
        const top = components(run.resources).filter((r) => r.parent === run.resources[0].urn);
        expect(top.map((r) => r.name).sort()).toEqual(clusters.map((c) => c.name).sort());
        expect(Object.keys(run.outputs).sort()).toEqual(clusters.map((c) => c.name).sort());
        for (const c of clusters) {
            const out = run.outputs[c.name] as Record<string, unknown>;
            expect(Object.keys(out).sort()).toEqual(["instances", "namespace", "readEndpoint", "secretName", "writeEndpoint"]);
        }
    });

    it("every StatefulSet of a multi-cluster stack belongs to its own cluster's component", async () => {
        const clusters = [valid, { ...valid, name: "delta", namespace: "other" }];
        const run = await runUnderMocks({ "myriad:clusters": clusters }, () => program(), { stack: "multi" });
        const sts = run.resources.filter((r) => r.type === "kubernetes:apps/v1:StatefulSet");
        const names = sts.map((r) => (r.inputs.metadata as { name: string }).name).sort();
        expect(names).toEqual(["alpha-0", "alpha-1", "delta-0", "delta-1"]);
        for (const r of sts) {
            const cluster = (r.inputs.metadata as { name: string }).name.split("-")[0];
            expect(r.parent).toContain(`::${cluster}`);
        }
    });

    it("myriad:protect is passed to every cluster; without it the component's default (protected) applies", async () => {
        const statefulSets = async (config: Record<string, unknown>) =>
            (await runUnderMocks(config, () => program(), { stack: "protect" })).resources.filter(
                (r) => r.type === "kubernetes:apps/v1:StatefulSet",
            );
        const off = await statefulSets({ "myriad:clusters": [valid, { ...valid, name: "delta" }], "myriad:protect": false });
        expect(off).toHaveLength(4);
        for (const r of off) expect(r.options.protect).toBeFalsy();
        const byDefault = await statefulSets({ "myriad:clusters": [valid] });
        expect(byDefault).toHaveLength(2);
        for (const r of byDefault) expect(r.options.protect).toBe(true);
        await expect(
            runUnderMocks({ "myriad:clusters": [valid], "myriad:protect": "sometimes" }, () => program(), { stack: "protect" }),
        ).rejects.toThrow(/myriad:protect: must be true or false \(got "sometimes"\)\. Fix: /);
        // As `pulumi config set myriad:protect false` writes it: a string.
        const asString = await statefulSets({ "myriad:clusters": [valid], "myriad:protect": "false" });
        for (const r of asString) expect(r.options.protect).toBeFalsy();
    });
});

describe("program: every cluster is planned once", () => {
    afterEach(() => jest.restoreAllMocks());

    it("validates each cluster once and builds each component from the very plan planStack returned", async () => {
        const validate = jest.spyOn(checks, "validateCluster");
        const planStack = jest.spyOn(planner, "planStack");
        const fromPlan = jest.spyOn(MySqlCluster, "fromPlan");
        const clusters = [valid, { ...valid, name: "delta", namespace: "other" }];
        await runUnderMocks({ "myriad:clusters": clusters }, () => program(), { stack: "once" });
        expect(validate).toHaveBeenCalledTimes(clusters.length);
        expect(planStack).toHaveBeenCalledTimes(1);
        const plans = (planStack.mock.results[0].value as planner.PlanResult).plans;
        const built = fromPlan.mock.results.map((r) => (r.value as MySqlCluster).plan);
        expect(built).toHaveLength(plans.length);
        built.forEach((plan: ClusterPlan, i) => expect(plan).toBe(plans[i]));
    });

    it("MySqlCluster.fromPlan registers exactly what new MySqlCluster registers for the same specification", async () => {
        const strip = (run: {
            resources: { type: string; name: string; parent?: string; inputs: unknown; options: { protect?: boolean } }[];
        }) => run.resources.map((r) => ({ type: r.type, name: r.name, parent: r.parent, inputs: r.inputs, protect: r.options.protect }));
        const direct = await runUnderMocks(
            {},
            () => {
                new MySqlCluster("alpha", { ...valid, protect: false });
            },
            { stack: "same" },
        );
        const planned = await runUnderMocks(
            {},
            () => {
                MySqlCluster.fromPlan("alpha", { spec: valid, plan: planner.planOrThrow(valid) }, { protect: false });
            },
            { stack: "same" },
        );
        expect(strip(planned)).toEqual(strip(direct));
    });

    it("MySqlCluster.fromPlan refuses invalid options before registering anything", () => {
        const plan = planner.planOrThrow({ ...valid });
        expect(() => MySqlCluster.fromPlan("alpha", { spec: { ...valid }, plan }, { readyTimeoutSeconds: 0 })).toThrow(
            /options\.readyTimeoutSeconds: must be a positive whole number of seconds/,
        );
    });
});
