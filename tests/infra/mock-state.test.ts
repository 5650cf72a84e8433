/**
 * What the mock provider of `runUnderMocks` returns as a Kubernetes object's state: its identity by default,
 * every input when asked. The program sees the same outputs either way: outside preview the SDK fills an output
 * the provider did not return from the resource's own input (so the identity default only saves a second
 * serialization of every object, docs/performance.md).
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { runUnderMocks } from "../../infra/mock-engine/runtime";
import { valueOf } from "../helpers/clusters";

function configMap(): { cm: k8s.core.v1.ConfigMap } {
    return { cm: new k8s.core.v1.ConfigMap("cm", { metadata: { name: "settings", namespace: "ns" }, data: { "my.cnf": "[mysqld]\n" } }) };
}

async function outputs(run: { value: { cm: k8s.core.v1.ConfigMap } }): Promise<{ name: unknown; data: unknown }> {
    const cm = run.value.cm;
    return { name: await valueOf(cm.metadata.name), data: await valueOf(cm.data as pulumi.Output<unknown>) };
}

test("by default the provider returns the identity; outputs still carry the inputs and the inputs are recorded whole", async () => {
    const run = await runUnderMocks({}, configMap);
    expect(await outputs(run)).toEqual({ name: "settings", data: { "my.cnf": "[mysqld]\n" } });
    const rec = run.resources.find((r) => r.type === "kubernetes:core/v1:ConfigMap")!;
    expect(rec.inputs.data).toEqual({ "my.cnf": "[mysqld]\n" });
});

test("kubernetesState 'inputs' echoes every input, as the provider's preview does", async () => {
    const run = await runUnderMocks({}, configMap, { kubernetesState: "inputs" });
    expect(await outputs(run)).toEqual({ name: "settings", data: { "my.cnf": "[mysqld]\n" } });
});
