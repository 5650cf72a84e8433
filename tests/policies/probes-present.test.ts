/** mysql-probes-present: component probes (probe.sh from the scripts ConfigMap) and hand-written probes. */
import { componentResources, editResource, mixedCluster } from "./fixtures/component";
import { rawConfigMap, rawStatefulSet, kubernetesTutorial } from "./fixtures/raw";
import { violationsOf } from "./fixtures/run";

const P = "mysql-probes-present";

test("the component's probes pass: replica readiness runs probe.sh, which checks both replication threads", async () => {
    expect(await violationsOf(P, await componentResources(mixedCluster("80")))).toEqual([]);
});

test("group members pass too: their readiness checks MEMBER_STATE in replication_group_members", async () => {
    expect(await violationsOf(P, await componentResources(mixedCluster("80", { mode: "group" })))).toEqual([]);
});

test("a component replica whose readiness only runs SELECT 1 is reported; the primary's is not", async () => {
    let res = await componentResources(mixedCluster("80"));
    for (const name of ["orders-0", "orders-1"]) {
        res = editResource(res, "kubernetes:apps/v1:StatefulSet", name, (p) => {
            p.spec.template.spec.containers[0].readinessProbe = { exec: { command: ["mysql", "-e", "SELECT 1"] } };
        });
    }
    const v = await violationsOf(P, res);
    expect(v.map((x) => x.resource?.split("::").pop())).toEqual(["orders-1"]);
    expect(v[0].level).toBe("advisory");
    expect(v[0].message).toContain("does not check replication health");
    expect(v[0].message).toContain("Slave_IO_Running: Connecting goes unnoticed");
});

test("the scripts ConfigMap matters: if probe.sh stops checking the threads, every replica is reported", async () => {
    const all = await componentResources(mixedCluster("80"));
    const scriptsName = all
        .map((r) => (r.props.metadata as { name?: string } | undefined)?.name ?? "")
        .find((n) => n.startsWith("orders-scripts-"))!;
    const res = editResource(all, "kubernetes:core/v1:ConfigMap", scriptsName, (p) => {
        p.data["probe.sh"] = "#!/bin/bash\nmysqladmin ping\n";
        p.data["lib.sh"] = "#!/bin/bash\n";
    });
    expect((await violationsOf(P, res)).map((x) => x.resource?.split("::").pop())).toEqual(["orders-1", "orders-10"]);
});

test("the Kubernetes tutorial: no startup probe, and replicas' readiness is SELECT 1", async () => {
    const v = await violationsOf(P, kubernetesTutorial("mysql:5.7.44"));
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining("container 'mysql' has no startupProbe"),
        expect.stringContaining("the readiness probe of replica container 'mysql' does not check replication health"),
    ]);
});

test("a hand-written readiness that checks Replica_IO_Running and Replica_SQL_Running passes, inline or as a mounted script", async () => {
    const inline = [
        "bash",
        "-c",
        "mysql -e 'SHOW REPLICA STATUS\\G' | grep -q 'Replica_IO_Running: Yes' && mysql -e 'SHOW REPLICA STATUS\\G' | grep -q 'Replica_SQL_Running: Yes'",
    ];
    expect(await violationsOf(P, [rawStatefulSet({ name: "db", image: "mysql:8.0.40", replicas: 3, readiness: inline })])).toEqual([]);
    const mounted = rawStatefulSet({
        name: "db",
        image: "mysql:8.0.40",
        replicas: 3,
        configMap: "probes",
        readiness: ["bash", "/etc/mysql/mysql.conf.d/ready.sh"],
    });
    const script = rawConfigMap("probes", {
        "ready.sh": "source /etc/mysql/mysql.conf.d/lib.sh\ncheck_threads\n",
        "lib.sh":
            "check_threads() { q 'SELECT SERVICE_STATE FROM performance_schema.replication_connection_status'; q 'SELECT 1 FROM performance_schema.replication_applier_status'; }\n",
    });
    expect(await violationsOf(P, [script, mounted])).toEqual([]);
});

test("a lone single-instance StatefulSet needs no replication check; a missing liveness probe is reported; startup can be waived", async () => {
    expect(await violationsOf(P, [rawStatefulSet({ name: "solo", image: "mysql:8.0.40" })])).toEqual([]);
    const v = await violationsOf(P, [rawStatefulSet({ name: "solo", image: "mysql:8.0.40", liveness: null, startup: null })]);
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("has no startupProbe, livenessProbe")]);
    const waived = await violationsOf(P, [rawStatefulSet({ name: "solo", image: "mysql:8.0.40", startup: null })], {
        [P]: { requireStartupProbe: false },
    });
    expect(waived).toEqual([]);
});

test("a primary is not called a replica: Bitnami's primary StatefulSet (component label or MYSQL_REPLICATION_MODE=master)", async () => {
    for (const [primary, secondary] of [
        [{ labels: { "app.kubernetes.io/component": "primary" } }, { labels: { "app.kubernetes.io/component": "secondary" } }],
        [{ env: { MYSQL_REPLICATION_MODE: "master" } }, { env: { MYSQL_REPLICATION_MODE: "slave" } }],
    ]) {
        const v = await violationsOf(P, [
            rawStatefulSet({ name: "db-mysql-primary", instance: "db", image: "mysql:8.0.36", ...primary }),
            rawStatefulSet({ name: "db-mysql-secondary", instance: "db", image: "mysql:8.0.36", ...secondary }),
        ]);
        expect(v.map((x) => [x.resource?.split("::").pop(), x.level])).toEqual([["db-mysql-secondary", "advisory"]]);
        expect(v[0].message).toContain(
            "StatefulSet default/db-mysql-secondary: the readiness probe of replica container 'mysql' does not check",
        );
        expect(v[0].message).toContain("Instead: make readiness require Replica_IO_Running=Yes and Replica_SQL_Running=Yes");
    }
});

test("a member whose role is unknown is judged as a possible replica, and the message says the role is unknown", async () => {
    const v = await violationsOf(P, [
        rawStatefulSet({ name: "a", instance: "db", image: "mysql:8.0.36" }),
        rawStatefulSet({ name: "b", instance: "db", image: "mysql:8.0.36", labels: { "app.kubernetes.io/managed-by": "kubeblocks" } }),
    ]);
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining(
            "the readiness probe of container 'mysql' (role unknown; any member of a cluster of several may be a replica)",
        ),
        expect.stringContaining(
            "the readiness probe of container 'mysql' (role unknown: KubeBlocks assigns roles to pods at run time; any member of a cluster of several may be a replica)",
        ),
    ]);
});
