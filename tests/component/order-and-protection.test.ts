/**
 * Rollout order (one instance at a time, primary first) and data-safety options, observed two ways: the
 * resource options the component passes (a legacy `transformations` spy,
 * https://www.pulumi.com/docs/iac/concepts/options/transformations/) and what
 * reaches the engine (dependencies and `protect` of the registration requests recorded by the mocks runtime).
 */
import * as pulumi from "@pulumi/pulumi";
import { MySqlCluster, rolloutOrder, type MySqlClusterArgs } from "../../components/cluster/mysql-cluster";
import { planOrThrow } from "../../components/planner/plan";
import { runUnderMocks, type RecordedResource } from "../../infra/mock-engine/runtime";
import { heterogeneous } from "../helpers/clusters";

interface Seen {
    type: string;
    name: string;
    opts: pulumi.CustomResourceOptions;
}

async function spyRun(args: MySqlClusterArgs & { name: string }) {
    const seen: Seen[] = [];
    const names = new Map<pulumi.Resource, string>();
    const spy: pulumi.ResourceTransformation = (t) => {
        names.set(t.resource, t.name);
        seen.push({ type: t.type, name: t.name, opts: t.opts });
        return undefined;
    };
    const run = await runUnderMocks({}, () => {
        new MySqlCluster(args.name, args, { transformations: [spy] });
    });
    const dependsOnNames = (s: Seen) =>
        ([] as pulumi.Resource[]).concat((s.opts.dependsOn ?? []) as pulumi.Resource[]).map((r) => names.get(r) ?? "?");
    return { seen, run, dependsOnNames };
}

const STS = "kubernetes:apps/v1:StatefulSet";

describe("rollout order", () => {
    test("primary first, then online replicas by ordinal, offline instances last; each depends on the previous", async () => {
        const { seen, dependsOnNames, run } = await spyRun({ ...heterogeneous(), name: "orders" });
        const sts = seen.filter((s) => s.type === STS);
        expect(sts.map((s) => s.name)).toEqual(["orders-0", "orders-2", "orders-3", "orders-10", "orders-11", "orders-1"]);
        const chainOf = (s: Seen) => dependsOnNames(s).filter((n) => /^orders-\d+$/.test(n));
        expect(sts.map(chainOf)).toEqual([[], ["orders-0"], ["orders-2"], ["orders-3"], ["orders-10"], ["orders-11"]]);
        // Every StatefulSet also waits for what its pod mounts and for the headless Service.
        for (const s of sts) {
            const group =
                s.name === "orders-0" ? "main-primary" : ["orders-10", "orders-11"].includes(s.name) ? "canary-replica" : "main-replica";
            expect(dependsOnNames(s)).toEqual(
                expect.arrayContaining(["orders-credentials", "orders-scripts", `orders-${group}-config`, "orders-headless"]),
            );
        }
        // The engine receives the same dependencies (URNs).
        const byName = new Map(run.resources.map((r) => [r.name, r]));
        const recorded = (n: string): RecordedResource => byName.get(n)!;
        expect(recorded("orders-2").dependencies).toContain(recorded("orders-0").urn);
        expect(recorded("orders-1").dependencies).toContain(recorded("orders-11").urn);
        expect(recorded("orders-0").dependencies.filter((u) => u.includes("StatefulSet"))).toEqual([]);
    });

    test("a primary that is not the lowest ordinal still comes first", async () => {
        const spec = { ...heterogeneous({ primary: 10 }), name: "orders" };
        const { seen, dependsOnNames } = await spyRun(spec);
        const sts = seen.filter((s) => s.type === STS);
        expect(sts.map((s) => s.name)).toEqual(["orders-10", "orders-0", "orders-2", "orders-3", "orders-11", "orders-1"]);
        expect(dependsOnNames(sts[1]).filter((n) => /^orders-\d+$/.test(n))).toEqual(["orders-10"]);
        expect(rolloutOrder(planOrThrow(spec)).map((i) => i.ordinal)).toEqual([10, 0, 2, 3, 11, 1]);
    });

    test("the provider waits long enough for seeding: pulumi.com/timeoutSeconds on every StatefulSet", async () => {
        const { run } = await spyRun({ ...heterogeneous(), name: "orders" });
        const timeouts = run.resources
            .filter((r) => r.type === STS)
            .map((r) => (r.inputs.metadata as Record<string, any>).annotations["pulumi.com/timeoutSeconds"]);
        expect(new Set(timeouts)).toEqual(new Set(["3600"]));
        const custom = await spyRun({ ...heterogeneous(), name: "orders", readyTimeoutSeconds: 7200 });
        const customTimeouts = custom.run.resources
            .filter((r) => r.type === STS)
            .map((r) => (r.inputs.metadata as Record<string, any>).annotations["pulumi.com/timeoutSeconds"]);
        expect(new Set(customTimeouts)).toEqual(new Set(["7200"]));
        // The pod template does not carry it (changing the timeout must not restart pods).
        const podAnnotations = custom.run.resources
            .filter((r) => r.type === STS)
            .map((r) => (r.inputs.spec as Record<string, any>).template.metadata.annotations);
        for (const a of podAnnotations) expect(a["pulumi.com/timeoutSeconds"]).toBeUndefined();
    });
});

describe("data safety", () => {
    test("protect (default true) guards the StatefulSets, the passwords and the group name, not the rest", async () => {
        const { seen, run } = await spyRun({ ...heterogeneous({ mode: "group" }), name: "orders" });
        const guarded = seen.filter((s) => s.opts.protect === true).map((s) => s.type);
        expect(guarded.filter((t) => t === STS)).toHaveLength(6);
        expect(guarded.filter((t) => t === "random:index/randomPassword:RandomPassword")).toHaveLength(3);
        expect(guarded.filter((t) => t === "random:index/randomUuid:RandomUuid")).toHaveLength(1);
        expect(guarded).toHaveLength(10);
        // What reaches the engine.
        for (const r of run.resources) {
            const shouldProtect = [STS, "random:index/randomPassword:RandomPassword", "random:index/randomUuid:RandomUuid"].includes(
                r.type,
            );
            expect([r.type, r.name, r.options.protect === true]).toEqual([r.type, r.name, shouldProtect]);
        }
    });

    test("protect: false (development) leaves everything unprotected", async () => {
        const { seen, run } = await spyRun({ ...heterogeneous(), name: "orders", protect: false });
        expect(seen.filter((s) => s.opts.protect === true)).toEqual([]);
        expect(run.resources.filter((r) => r.options.protect === true)).toEqual([]);
    });

    test("every child is parented to the component; claims are retained by the StatefulSet policy", async () => {
        const { seen, run } = await spyRun({ ...heterogeneous(), name: "orders" });
        const component = run.resources.find((r) => r.type === "myriad:mysql:MySqlCluster")!;
        for (const s of seen.filter((x) => x.type !== "myriad:mysql:MySqlCluster")) {
            expect(s.opts.parent).toBeDefined();
        }
        for (const r of run.resources.filter((x) => x.parent && x.type !== "myriad:mysql:MySqlCluster"))
            expect(r.parent).toBe(component.urn);
        for (const r of run.resources.filter((x) => x.type === STS)) {
            expect((r.inputs.spec as Record<string, any>).persistentVolumeClaimRetentionPolicy).toEqual({
                whenDeleted: "Retain",
                whenScaled: "Retain",
            });
        }
    });
});

describe("createNamespace", () => {
    const NS = "kubernetes:core/v1:Namespace";

    test("creates the namespace first, protected and retained on delete; every namespaced object depends on it", async () => {
        const { run } = await spyRun({ ...heterogeneous(), name: "orders", namespace: "shop", createNamespace: true });
        const ns = run.resources.filter((r) => r.type === NS);
        expect(ns).toHaveLength(1);
        expect(ns[0].name).toBe("orders-namespace");
        expect(ns[0].options.protect).toBe(true);
        expect(ns[0].options.retainOnDelete).toBe(true);
        const k8sObjects = run.resources.filter((r) => r.type.startsWith("kubernetes:") && r.type !== NS);
        expect(k8sObjects.length).toBeGreaterThan(5);
        for (const r of k8sObjects) expect(r.dependencies).toContain(ns[0].urn);
    });

    test("still retained when protect is off (deleting the namespace would delete the claims in it)", async () => {
        const { run } = await spyRun({ ...heterogeneous(), name: "orders", namespace: "shop", createNamespace: true, protect: false });
        const ns = run.resources.find((r) => r.type === NS)!;
        expect(ns.options.retainOnDelete).toBe(true);
        expect(ns.options.protect).toBeFalsy();
    });

    test("by default no Namespace is created", async () => {
        const { run } = await spyRun({ ...heterogeneous(), name: "orders", namespace: "shop" });
        expect(run.resources.filter((r) => r.type === NS)).toEqual([]);
    });
});
