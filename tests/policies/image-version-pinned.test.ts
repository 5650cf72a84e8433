/** mysql-image-version-pinned: component resources and hand-written workloads, passing and failing. */
import { componentResources, mixedCluster } from "./fixtures/component";
import { rawStatefulSet, resource, tutorialXtrabackupSidecar } from "./fixtures/raw";
import { violationsOf } from "./fixtures/run";

const P = "mysql-image-version-pinned";

test("the component's StatefulSets pin exact versions (init and server containers)", async () => {
    expect(await violationsOf(P, await componentResources(mixedCluster("80")))).toEqual([]);
});

test("a template pinned by digest with a declared version passes: the component annotates myriad.dev/version", async () => {
    const spec = mixedCluster("80");
    spec.templates[1] = { ...spec.templates[1], image: `mysql@sha256:${"a".repeat(64)}`, version: "8.4.3" };
    expect(await violationsOf(P, await componentResources(spec))).toEqual([]);
});

test.each([
    ["mysql:latest", "uses the tag 'latest'"],
    ["mysql:8.0", "uses the tag '8.0'"],
    ["mysql", "has no tag"],
    [`mysql@sha256:${"b".repeat(64)}`, "is pinned by digest but no myriad.dev/version annotation"],
])("raw %s is rejected (%s)", async (image, why) => {
    const v = await violationsOf(P, [rawStatefulSet({ name: "db", image })]);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ level: "mandatory", resource: "urn:pulumi:test::raw::kubernetes:apps/v1:StatefulSet::db" });
    expect(v[0].message).toContain(why);
    expect(v[0].message).toContain("Instead: pin the image to an exact tag");
});

test.each(["mysql:8.0.40", "percona/percona-server:8.0.36-28", "mariadb:10.11.6-jammy", "docker.io/library/mysql:8.4.3"])(
    "raw %s passes",
    async (image) => {
        expect(await violationsOf(P, [rawStatefulSet({ name: "db", image })])).toEqual([]);
    },
);

test("a digest with a declared version passes; a declared version that contradicts the tag fails", async () => {
    const digest = `mysql@sha256:${"c".repeat(64)}`;
    expect(await violationsOf(P, [rawStatefulSet({ name: "db", image: digest, annotations: { "myriad.dev/version": "8.0.40" } })])).toEqual(
        [],
    );
    const v = await violationsOf(P, [
        rawStatefulSet({ name: "db", image: "mysql:8.0.40", annotations: { "myriad.dev/version": "8.4.3" } }),
    ]);
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("pins 8.0.40 but the annotation myriad.dev/version declares 8.4.3")]);
});

test("init containers are checked too; exporters and backup sidecars are not servers", async () => {
    const r = rawStatefulSet({
        name: "db",
        image: "mysql:8.0.40",
        initContainers: [
            { name: "init", image: "mysql:8.0" },
            { name: "backup", image: "percona/percona-xtrabackup:latest" },
        ],
    });
    (r.props as any).spec.template.spec.containers.push({ name: "exporter", image: "prom/mysqld-exporter:latest" });
    const v = await violationsOf(P, [r]);
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("init container 'init': image 'mysql:8.0'")]);
});

test("only containers that run the server are servers: the tutorial's xtrabackup sidecar names mysqld's socket but does not run it", async () => {
    const r = rawStatefulSet({
        name: "db",
        image: "mysql:8.0.40",
        sidecars: [
            tutorialXtrabackupSidecar(),
            { name: "tools", image: "busybox:1.36", command: ["sh", "-c", "cat /etc/mysql/mysqld.cnf; sleep infinity"] },
        ],
    });
    expect(await violationsOf(P, [r])).toEqual([]);
    // A container of any image that starts mysqld is a server, and its floating tag is judged.
    const own = rawStatefulSet({
        name: "own",
        image: "mysql:8.0.40",
        sidecars: [
            { name: "second", image: "example/db-base:2", command: ["bash", "-c", "set -e\nexport TZ=UTC\nexec mysqld --port=3307"] },
        ],
    });
    const v = await violationsOf(P, [own]);
    expect(v.map((x) => x.level)).toEqual(["mandatory"]);
    expect(v[0].message).toContain("StatefulSet default/own: container 'second': image 'example/db-base:2' uses the tag '2'");
    expect(v[0].message).toContain("Rule: every compatibility rule of the manuals is stated per exact version");
    expect(v[0].message).toContain("Instead: pin the image to an exact tag such as mysql:8.0.40");
});

test("any workload kind: a Deployment on mysql:latest is rejected; non-MySQL workloads are not applicable", async () => {
    const dep = resource("kubernetes:apps/v1:Deployment", {
        metadata: { name: "legacy" },
        spec: { template: { spec: { containers: [{ name: "db", image: "mysql:latest" }] } } },
    });
    const web = resource("kubernetes:apps/v1:Deployment", {
        metadata: { name: "web" },
        spec: { template: { spec: { containers: [{ name: "web", image: "nginx:latest" }] } } },
    });
    const v = await violationsOf(P, [dep, web]);
    expect(v).toHaveLength(1);
    expect(v[0].resource).toBe(dep.urn);
});

test("requireDigest (configuration) also demands a digest", async () => {
    const v = await violationsOf(P, [rawStatefulSet({ name: "db", image: "mysql:8.0.40" })], { [P]: { requireDigest: true } });
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("has no digest")]);
});

test("a floating tag with a known series (bitnami/mysql:8.4) is judged on that series besides the pin finding", async () => {
    const sts = rawStatefulSet({
        name: "db",
        image: "bitnami/mysql:8.4",
        replicas: 3,
        args: ["--default-authentication-plugin=mysql_native_password"],
    });
    const pin = await violationsOf(P, [sts]);
    expect(pin.map((x) => x.message)).toEqual([
        expect.stringContaining(
            "image 'bitnami/mysql:8.4' uses the tag '8.4', which does not pin an exact X.Y.Z version, so the server version can change at the next pull and only its series can be checked before deploy (the other policies judge it as the newest patch of the series, 8.4.x)",
        ),
    ]);
    const settings = await violationsOf("mysql-config-valid-for-version", [sts]);
    expect(settings.map((x) => x.level)).toEqual(["mandatory"]);
    expect(settings[0].message).toContain(
        "'default-authentication-plugin' was removed in 8.4.0 (deprecated since 8.0.27), so mysql 8.4.x refuses to start with it",
    );
    expect(settings[0].message).toContain("use authentication_policy instead");
    const ids = await violationsOf("mysql-server-id-unique", [sts]);
    expect(ids.map((x) => x.level)).toEqual(["mandatory"]);
    expect(ids[0].message).toContain("server_id 1 is used by 3 servers");
    expect(ids[0].message).toContain("so mysql 8.4.x uses its default 1");
    // latest names no series: nothing else can be judged.
    const latest = rawStatefulSet({ name: "db", image: "mysql:latest", replicas: 3, args: ["--default-authentication-plugin=x"] });
    expect(await violationsOf("mysql-config-valid-for-version", [latest])).toEqual([]);
});
