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

const COMPONENT_URN = "urn:pulumi:test::myriad::myriad:mysql:MySqlCluster$kubernetes:apps/v1:StatefulSet::";
const RAW_URN = "urn:pulumi:test::raw::kubernetes:apps/v1:StatefulSet::";

/** The advice for a server without metrics: StatefulSet `sts` (namespace/name), server container `server`. */
const noExporter = (urn: string, sts: string, server: string) => ({
    policy: P,
    level: "advisory",
    message:
        `StatefulSet ${sts}: the MySQL server '${server}' has no metrics exporter beside it and its pods are not annotated for scraping, so a stopped replication thread or a growing lag alerts nobody. ` +
        'Rule: "monitor replication: alert on the IO and SQL threads and on replica lag" (https://dev.mysql.com/doc/refman/8.0/en/replication-administration-status.html). ' +
        "Instead: keep metrics.enabled (the MySqlCluster default: a mysqld_exporter sidecar, docs/observability.md) or add a mysqld_exporter container with a port named metrics.",
    resource: urn + sts.split("/")[1],
});

/** What an exporter release before 0.16.0 misses beside `server` (flavour and version): from 8.0.22, or on 8.4. */
const MISSES = {
    source: (server: string) =>
        `${server} reports replica status with the Source_* column names (from 8.0.22), which the exporter does not read for its master_host label, so MySQLReplicationSourceUnexpected fires for every replica`,
    removed: (server: string) =>
        `${server} has no SHOW SLAVE STATUS (removed in 8.4.0, https://dev.mysql.com/doc/refman/8.4/en/show-replica-status.html), so the exporter reports no replica status: ` +
        "the IO, SQL and lag alerts never fire and MySQLReplicaNotReplicating fires for every replica",
};

/** The advice for an exporter container `exporter` of image `image` (release `release`) that cannot read the replica status. */
const oldExporter = (urn: string, sts: string, exporter: string, server: string, image: string, release: string, misses: string) => ({
    policy: P,
    level: "advisory",
    message:
        `StatefulSet ${sts}: the container '${exporter}' cannot read the replica status of the MySQL server '${server}': ` +
        `the exporter image '${image}' is mysqld_exporter ${release}, which reads only SHOW SLAVE STATUS with the Master_* columns; ${misses}. ` +
        "Use mysqld_exporter 0.16.0 or later (metrics.image: prom/mysqld-exporter:v0.16.0, the default for such servers when metrics.image is unset; " +
        "https://github.com/prometheus/mysqld_exporter/releases/tag/v0.16.0). See docs/observability.md#the-exporter.",
    resource: urn + sts.split("/")[1],
});

test("the component passes by default (its exporter sidecar)", async () => {
    expect(await violationsOf(P, await componentResources(mixedCluster("80")))).toEqual([]);
    expect(await violationsOf(P, await componentResources(mixedCluster("80", { mode: "group" })))).toEqual([]);
});

test("metrics.enabled: false is advised for every online instance, not for offline ones", async () => {
    const spec = mixedCluster("80", { metrics: { enabled: false }, offlineInstances: [2] });
    const res = await componentResources(spec);
    const online = res
        .filter((r) => r.type === "kubernetes:apps/v1:StatefulSet" && (r.props as Obj).spec.replicas === 1)
        .map((r) => r.name);
    expect(online).toEqual(["orders-0", "orders-1", "orders-10"]);
    expect(res.some((r) => r.type === "kubernetes:apps/v1:StatefulSet" && r.name === "orders-2")).toBe(true);
    expect(await violationsOf(P, res)).toEqual(online.map((n) => noExporter(COMPONENT_URN, `staging/${n}`, "mysqld")));
});

test("removing the sidecar and the annotation from one instance reports that instance only", async () => {
    const res = editResource(await componentResources(mixedCluster("80")), "kubernetes:apps/v1:StatefulSet", "orders-1", (p) => {
        p.spec.template.spec.containers = p.spec.template.spec.containers.filter((c: Obj) => c.name !== "exporter");
        delete p.spec.template.metadata.annotations["prometheus.io/scrape"];
    });
    expect(await violationsOf(P, res)).toEqual([noExporter(COMPONENT_URN, "staging/orders-1", "mysqld")]);
});

test("the Kubernetes tutorial has no metrics", async () => {
    const v = await violationsOf(P, kubernetesTutorial("mysql:5.7.44"));
    expect(v).toEqual([noExporter(RAW_URN, "default/mysql", "mysql")]);
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
    expect(await violationsOf(P, [handWritten(sidecar, annotations)])).toEqual([noExporter(RAW_URN, "default/db", "mysql")]);
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
        const advice = (n: string, misses: string) =>
            oldExporter(COMPONENT_URN, `staging/${n}`, "exporter", "mysqld", OLD, "0.14.0", misses);
        expect(v).toEqual([
            advice("orders-0", MISSES.source("MySQL 8.0.40")),
            advice("orders-1", MISSES.source("MySQL 8.0.40")),
            advice("orders-10", MISSES.removed("MySQL 8.4.3")),
        ]);
    });

    test.each([
        ["mysql:8.4.3", "prom/mysqld-exporter:v0.15.1", ["0.15.1", MISSES.removed("MySQL 8.4.3")]],
        ["mysql:8.0.22", "quay.io/prometheus/mysqld-exporter:v0.14.0", ["0.14.0", MISSES.source("MySQL 8.0.22")]],
        ["mysql:8.0.21", "prom/mysqld-exporter:v0.14.0", undefined],
        ["mariadb:11.4.3", "prom/mysqld-exporter:v0.14.0", undefined],
        ["mysql:8.4.3", "prom/mysqld-exporter:v0.17.2", undefined],
        ["mysql:8.4.3", "prom/mysqld-exporter:latest", undefined],
    ])("a hand-written %s beside %s: advised %j", async (server, image, advised) => {
        const sts = rawStatefulSet({ name: "db", image: server, replicas: 2 });
        (sts.props as Obj).spec.template.spec.containers.push({ name: "exp", image });
        const v = await violationsOf(P, [sts]);
        expect(v).toEqual(advised ? [oldExporter(RAW_URN, "default/db", "exp", "mysql", image, advised[0], advised[1])] : []);
    });
});
