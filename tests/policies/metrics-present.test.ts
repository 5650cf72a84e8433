/** mysql-metrics-present: the component's exporter sidecar passes; workloads without any metrics are advised. */
import { componentResources, editResource, mixedCluster } from "./fixtures/component";
import { kubernetesTutorial, rawStatefulSet } from "./fixtures/raw";
import { violationsOf } from "./fixtures/run";
import type { HarnessResource } from "../../policies/harness/run";

const P = "mysql-metrics-present";

type Obj = Record<string, any>;

/** A hand-written StatefulSet with `sidecar` added beside the server and `annotations` on its pod template. */
function handWritten(sidecar?: Obj, annotations: Record<string, string> = {}): HarnessResource {
    const sts = rawStatefulSet({ name: "db", image: "mysql:8.0.40", replicas: 2 });
    const tpl = (sts.props as Obj).spec.template;
    if (sidecar) tpl.spec.containers.push(sidecar);
    Object.assign(tpl.metadata.annotations, annotations);
    return sts;
}

const leaf = (v: { resource?: string }) => v.resource?.split("::").pop();

test("the component passes by default (its exporter sidecar)", async () => {
    expect(await violationsOf(P, await componentResources(mixedCluster("80")))).toEqual([]);
    expect(await violationsOf(P, await componentResources(mixedCluster("80", { mode: "group" })))).toEqual([]);
});

test("metrics.enabled: false is advised for every online instance, not for offline ones", async () => {
    const v = await violationsOf(P, await componentResources(mixedCluster("80", { metrics: { enabled: false } })));
    expect(v.length).toBeGreaterThan(0);
    expect(v.every((x) => x.level === "advisory")).toBe(true);
    expect(v[0].message).toContain("has no metrics exporter beside it");
    expect(v[0].message).toContain("docs/observability.md");
    const all = await componentResources(mixedCluster("80"));
    const online = all.filter((r) => r.type === "kubernetes:apps/v1:StatefulSet" && (r.props as Obj).spec.replicas === 1).length;
    expect(v).toHaveLength(online);
});

test("removing the sidecar and the annotation from one instance reports that instance only", async () => {
    const res = editResource(await componentResources(mixedCluster("80")), "kubernetes:apps/v1:StatefulSet", "orders-1", (p) => {
        p.spec.template.spec.containers = p.spec.template.spec.containers.filter((c: Obj) => c.name !== "exporter");
        delete p.spec.template.metadata.annotations["prometheus.io/scrape"];
    });
    expect((await violationsOf(P, res)).map(leaf)).toEqual(["orders-1"]);
});

test("the Kubernetes tutorial has no metrics", async () => {
    const v = await violationsOf(P, kubernetesTutorial("mysql:5.7.44"));
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("the MySQL server 'mysql' has no metrics exporter beside it")]);
});

test.each([
    ["an exporter image", { name: "exp", image: "prom/mysqld-exporter:v0.15.1" }, {}],
    ["another exporter image, by digest", { name: "exp", image: "quay.io/prometheus/mysqld_exporter@sha256:abc" }, {}],
    [
        "a container with a port named metrics",
        { name: "agent", image: "example/agent:1", ports: [{ name: "metrics", containerPort: 9000 }] },
        {},
    ],
    ["the scrape annotation", undefined, { "prometheus.io/scrape": "true" }],
])("a hand-written workload with %s passes", async (_name, sidecar, annotations) => {
    expect(await violationsOf(P, [handWritten(sidecar, annotations)])).toEqual([]);
});

test.each([
    ["no sidecar", undefined, {}],
    ["an unrelated sidecar", { name: "backup", image: "example/backup:1" }, {}],
    ["scraping switched off", undefined, { "prometheus.io/scrape": "false" }],
])("a hand-written workload with %s is advised", async (_name, sidecar, annotations) => {
    expect((await violationsOf(P, [handWritten(sidecar, annotations)])).map(leaf)).toEqual(["db"]);
});
