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
    ["an exporter image", { name: "exp", image: "prom/mysqld-exporter:v0.16.0" }, {}],
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

describe("an exporter release that cannot read the replica status", () => {
    const OLD = "prom/mysqld-exporter:v0.14.0";

    test("the component's default image passes on MySQL 8.0.40 and 8.4.3", async () => {
        const res = await componentResources(mixedCluster("84"));
        const images = res
            .filter((r) => r.type === "kubernetes:apps/v1:StatefulSet")
            .flatMap((r) =>
                (r.props as Obj).spec.template.spec.containers.filter((c: Obj) => c.name === "exporter").map((c: Obj) => c.image),
            );
        expect(new Set(images)).toEqual(new Set(["prom/mysqld-exporter:v0.16.0"]));
        expect(await violationsOf(P, res)).toEqual([]);
    });

    test("a user's metrics.image of 0.14.0 beside MySQL 8.0.22+ is advised for each online instance, naming image and fix", async () => {
        const v = await violationsOf(P, await componentResources(mixedCluster("80", { metrics: { image: OLD } })));
        expect(v.map(leaf).sort()).toEqual(["orders-0", "orders-1", "orders-10"]);
        expect(v.every((x) => x.level === "advisory")).toBe(true);
        const on84 = v.find((x) => leaf(x) === "orders-10")!.message;
        expect(on84).toContain("StatefulSet staging/orders-10: the container 'exporter' cannot read the replica status");
        expect(on84).toContain(`the exporter image '${OLD}' is mysqld_exporter 0.14.0`);
        expect(on84).toContain("MySQL 8.4.3 has no SHOW SLAVE STATUS");
        expect(on84).toContain("metrics.image: prom/mysqld-exporter:v0.16.0");
        expect(on84).toContain("https://github.com/prometheus/mysqld_exporter/releases/tag/v0.16.0");
        expect(on84).toContain("https://dev.mysql.com/doc/refman/8.4/en/show-replica-status.html");
        expect(v.find((x) => leaf(x) === "orders-0")!.message).toContain("MySQLReplicationSourceUnexpected fires for every replica");
    });

    test.each([
        ["mysql:8.4.3", "prom/mysqld-exporter:v0.15.1", true],
        ["mysql:8.0.22", "quay.io/prometheus/mysqld-exporter:v0.14.0", true],
        ["mysql:8.0.21", "prom/mysqld-exporter:v0.14.0", false],
        ["mariadb:11.4.3", "prom/mysqld-exporter:v0.14.0", false],
        ["mysql:8.4.3", "prom/mysqld-exporter:v0.17.2", false],
        ["mysql:8.4.3", "prom/mysqld-exporter:latest", false],
    ])("a hand-written %s beside %s: advised %s", async (server, image, advised) => {
        const sts = rawStatefulSet({ name: "db", image: server, replicas: 2 });
        (sts.props as Obj).spec.template.spec.containers.push({ name: "exp", image });
        const v = await violationsOf(P, [sts]);
        expect(v.map((x) => x.message)).toEqual(
            advised ? [expect.stringContaining(`the container 'exp' cannot read the replica status`)] : [],
        );
    });
});
