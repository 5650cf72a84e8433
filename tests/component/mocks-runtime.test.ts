/**
 * infra/mock-engine: running programs under Pulumi mocks (several runs per process, concurrent callers, config,
 * completion, engine emulation) and turning recorded resources into manifests.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { isSecretEnvelope, mockPassword, mockUuid, runUnderMocks } from "../../infra/mock-engine/runtime";
import { kindOfType, manifestFileName, REDACTED, toManifests } from "../../infra/mock-engine/manifests";

function configMapProgram(prefix: string, count: number) {
    return () => {
        const cfg = new pulumi.Config("myriad");
        const names = cfg.requireObject<string[]>("names");
        const maps = names
            .slice(0, count)
            .map((n) => new k8s.core.v1.ConfigMap(`${prefix}-${n}`, { metadata: { name: n }, data: { v: cfg.require("value") } }));
        return { names: maps.map((m) => m.metadata.name), value: cfg.require("value") };
    };
}

test("config is set for the run: structured values as JSON, plain keys get the project namespace", async () => {
    const r = await runUnderMocks({ "myriad:names": ["a", "b"], value: "x" }, configMapProgram("cm", 2));
    expect(r.outputs).toEqual({ names: ["a", "b"], value: "x" });
    expect(r.resources.map((x) => x.type)).toEqual(["pulumi:pulumi:Stack", "kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:ConfigMap"]);
});

test("several runs in one process, even concurrent, are independent and deterministic", async () => {
    const [a, b, c] = await Promise.all([
        runUnderMocks({ names: ["a", "b", "c"], value: "1" }, configMapProgram("p", 3), { stack: "one" }),
        runUnderMocks({ names: ["d"], value: "2" }, configMapProgram("q", 1), { stack: "two" }),
        runUnderMocks({ names: ["a", "b", "c"], value: "1" }, configMapProgram("p", 3), { stack: "one" }),
    ]);
    expect(a.resources.filter((r) => r.custom).map((r) => r.name)).toEqual(["p-a", "p-b", "p-c"]);
    expect(b.resources.filter((r) => r.custom).map((r) => r.name)).toEqual(["q-d"]);
    expect(b.outputs).toEqual({ names: ["d"], value: "2" });
    expect(b.resources[0].urn).toBe("urn:pulumi:two::myriad::pulumi:pulumi:Stack::myriad-two");
    expect(c.resources).toEqual(a.resources);
    // A later run does not see the previous run's config.
    await expect(runUnderMocks({}, configMapProgram("z", 1))).rejects.toThrow(/names/);
});

test("the engine's additionalSecretOutputs and the provider's computed values are emulated", async () => {
    const r = await runUnderMocks({}, () => {
        const pw = new random.RandomPassword("pw", { length: 20, special: false });
        const id = new random.RandomUuid("id", {});
        const cm = new k8s.core.v1.ConfigMap("unnamed", { data: { a: "b" } });
        return { pw: pw.result, id: id.result, cmName: cm.metadata.name };
    });
    expect(isSecretEnvelope(r.outputs.pw)).toBe(true);
    expect((r.outputs.pw as { value: string }).value).toBe(mockPassword("pw", 20));
    expect(mockPassword("pw", 20)).toMatch(/^MOCKPW[0-9a-f]{14}$/);
    expect(r.outputs.id).toBe(mockUuid("id"));
    expect(mockUuid("id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.outputs.cmName).toMatch(/^unnamed-[0-9a-f]{8}$/);
});

test("parents, dependencies and options are recorded as the engine receives them", async () => {
    const r = await runUnderMocks({}, () => {
        class Parent extends pulumi.ComponentResource {
            constructor() {
                super("test:index:Parent", "p", {}, {});
            }
            done() {
                this.registerOutputs({ done: true });
            }
        }
        const parent = new Parent();
        const a = new k8s.core.v1.ConfigMap("a", { metadata: { name: "a" } }, { parent, protect: true, ignoreChanges: ["data"] });
        new k8s.core.v1.ConfigMap(
            "b",
            { metadata: { name: "b" }, data: { from: a.metadata.name } },
            { parent, retainOnDelete: true, customTimeouts: { create: "5m" } },
        );
        parent.done();
    });
    const by = Object.fromEntries(r.resources.map((x) => [x.name, x]));
    expect(by.a.parent).toBe(by.p.urn);
    expect(by.a.options).toMatchObject({ protect: true, ignoreChanges: ["data"] });
    expect(by.b.options).toMatchObject({ retainOnDelete: true, customTimeouts: { create: "5m" } });
    expect(by.b.options.protect).toBeUndefined();
    expect(by.b.dependencies).toEqual([by.a.urn]);
    expect(by.p.outputs).toEqual({ done: true });
});

test("a duplicate URN, accepted by the mock monitor but not by the engine, is an error", async () => {
    await expect(
        runUnderMocks({}, () => {
            new k8s.core.v1.ConfigMap("same", { metadata: { name: "x" } });
            new k8s.core.v1.ConfigMap("same", { metadata: { name: "y" } });
        }),
    ).rejects.toThrow(/duplicate URN/);
});

test("a program error rejects after the resources created before it have settled", async () => {
    await expect(
        runUnderMocks({}, () => {
            new k8s.core.v1.ConfigMap("before", { metadata: { name: "before" } });
            throw new Error("boom");
        }),
    ).rejects.toThrow("boom");
    const after = await runUnderMocks({}, () => ({ ok: true }));
    expect(after.outputs).toEqual({ ok: true });
});

describe("manifests", () => {
    test("apiVersion and kind from the type token; non-objects are skipped", () => {
        expect(kindOfType("kubernetes:apps/v1:StatefulSet")).toEqual({ apiVersion: "apps/v1", kind: "StatefulSet" });
        expect(kindOfType("kubernetes:core/v1:Service")).toEqual({ apiVersion: "v1", kind: "Service" });
        expect(kindOfType("kubernetes:policy/v1:PodDisruptionBudget")).toEqual({ apiVersion: "policy/v1", kind: "PodDisruptionBudget" });
        expect(kindOfType("kubernetes:rbac.authorization.k8s.io/v1:Role")).toEqual({
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "Role",
        });
        expect(kindOfType("kubernetes:helm.sh/v3:Release")).toBeUndefined();
        expect(kindOfType("kubernetes:yaml:ConfigFile")).toBeUndefined();
        expect(kindOfType("random:index/randomPassword:RandomPassword")).toBeUndefined();
    });

    test("secrets are redacted (keys kept), undefined members dropped, other resources skipped", async () => {
        const r = await runUnderMocks({}, () => {
            const pw = new random.RandomPassword("pw", { length: 12, special: false });
            new k8s.core.v1.Secret("s", { metadata: { name: "s", namespace: "ns" }, stringData: { password: pw.result, user: "root" } });
            new k8s.core.v1.ConfigMap("c", { metadata: { name: "c" }, data: { password: pulumi.secret("hidden"), plain: "shown" } });
        });
        const manifests = toManifests(r.resources).map((m) => m.manifest);
        expect(manifests.map((m) => `${m.apiVersion} ${m.kind} ${m.metadata.name}`)).toEqual(["v1 Secret s", "v1 ConfigMap c"]);
        expect(manifests[0]).toEqual({
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "s", namespace: "ns" },
            stringData: { password: REDACTED, user: REDACTED },
        });
        // Pulumi lifts secretness to the top-level property: the whole `data` map is secret, so all of it is redacted.
        expect(manifests[1]).toEqual({
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: "c" },
            data: { password: REDACTED, plain: REDACTED },
        });
        expect(JSON.stringify(manifests)).not.toMatch(/MOCKPW|hidden/);
        const revealed = toManifests(r.resources, { redact: false }).map((m) => m.manifest);
        expect((revealed[0].stringData as Record<string, string>).password).toBe(mockPassword("pw", 12));
        expect(manifestFileName(manifests[0])).toBe("ns/secret-s.yaml");
        expect(manifestFileName(manifests[1])).toBe("_cluster/configmap-c.yaml");
    });
});
