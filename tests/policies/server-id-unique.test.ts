/** mysql-server-id-unique: server_ids derived from pod ordinals that repeat across templates (raw StatefulSets), and the component's ids. */
import { componentResources, editResource, mixedCluster } from "./fixtures/component";
import { rawConfigMap, rawStatefulSet, templatesWithOwnOrdinals, kubernetesTutorial } from "./fixtures/raw";
import { violationsOf } from "./fixtures/run";

const P = "mysql-server-id-unique";

test("the component's ids (serverIdBase + cluster-wide ordinal) are unique, offline instances included", async () => {
    expect(await violationsOf(P, await componentResources(mixedCluster("80", { offlineInstances: [1] })))).toEqual([]);
});

test("StatefulSets (templates) deriving server_id from their own pod ordinals collide", async () => {
    const v = await violationsOf(P, templatesWithOwnOrdinals());
    expect(v).toHaveLength(1);
    expect(v[0].level).toBe("mandatory");
    expect(v[0].message).toContain("server_id 100 is used by 2 servers in the stack, across 2 StatefulSets (orders-main, orders-canary)");
    expect(v[0].message).toContain("derived from the pod ordinal 0");
    expect(v[0].message).toContain("give every instance a cluster-wide ordinal");
});

test("the Kubernetes tutorial's single StatefulSet (100 + ordinal) is unique", async () => {
    expect(await violationsOf(P, kubernetesTutorial())).toEqual([]);
});

test("two component clusters with the same serverIdBase collide in the stack scope, not in the cluster scope", async () => {
    const res = await componentResources(mixedCluster("80"), { ...mixedCluster("80"), name: "billing" });
    const v = await violationsOf(P, res);
    expect(v.length).toBeGreaterThan(0);
    expect(v[0].message).toContain("give each cluster its own serverIdBase");
    expect(await violationsOf(P, res, { [P]: { scope: "cluster" } })).toEqual([]);
});

test("an offline instance keeps its id reserved: another cluster using it collides", async () => {
    const res = await componentResources(mixedCluster("80", { offlineInstances: [1] }), {
        name: "other",
        namespace: "staging",
        serverIdBase: 101,
        templates: [{ name: "m", image: "mysql:8.0.40", replicas: 1 }],
    });
    const v = await violationsOf(P, res);
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("orders-1 (offline) (reserved by an offline instance)")]);
});

test("a static --server-id on a StatefulSet with several replicas is shared by every pod", async () => {
    const v = await violationsOf(P, [rawStatefulSet({ name: "db", image: "mysql:8.0.40", replicas: 3, args: ["--server-id=7"] })]);
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining(
            "server_id 7 is used by 3 servers in the stack, within StatefulSet db (3 replicas share one configuration)",
        ),
    ]);
});

test("no server_id at all: MySQL 8.0 defaults every pod to 1", async () => {
    const v = await violationsOf(P, [rawStatefulSet({ name: "db", image: "mysql:8.0.40", replicas: 2 })]);
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("no server_id is configured, so mysql 8.0.40 uses its default 1")]);
});

test("ids out of bounds: 0 (MySQL 5.7's default) and above 4294967295", async () => {
    const v = await violationsOf(P, [
        rawStatefulSet({ name: "a", image: "mysql:5.7.44", replicas: 1 }),
        rawStatefulSet({ name: "b", image: "mysql:8.0.40", replicas: 1, args: ["--server-id=4294967296"] }),
    ]);
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining("gets server_id 0, outside 1..4294967295 (0 disables replication)"),
        expect.stringContaining("gets server_id 4294967296, outside"),
    ]);
});

test("ids from a mounted option file are read", async () => {
    const v = await violationsOf(P, [
        rawConfigMap("cnf", { "id.cnf": "[mysqld]\nserver-id = 42\n" }),
        rawStatefulSet({ name: "a", instance: "x", image: "mysql:8.0.40", configMap: "cnf" }),
        rawStatefulSet({ name: "b", instance: "x", image: "mysql:8.0.40", args: ["--server-id=42"] }),
    ]);
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("a-0 from server_id=42 (ConfigMap default/cnf key id.cnf [mysqld])")]);
});

test("a rendered server_id that differs from the planned annotation is rejected", async () => {
    const res = editResource(await componentResources(mixedCluster("80")), "kubernetes:apps/v1:StatefulSet", "orders-10", (p) => {
        const mysqld = p.spec.template.spec.containers[0];
        expect(mysqld.command).toContain("--server-id=110");
        mysqld.command = mysqld.command.map((a: string) => (a === "--server-id=110" ? "--server-id=999" : a));
    });
    const v = await violationsOf(P, res);
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining("the planned server_id (annotation myriad.dev/server-id=110) differs from the one the server runs with"),
    ]);
});

test("reportUnknown: a script the policy cannot evaluate is reported only when asked", async () => {
    const r = rawStatefulSet({
        name: "db",
        image: "mysql:8.0.40",
        initContainers: [{ name: "gen", image: "busybox:1.36", command: ["sh", "-c", "echo server-id=$(cat /id) > /x.cnf"] }],
    });
    expect(await violationsOf(P, [r])).toEqual([]);
    expect(await violationsOf(P, [r], { [P]: { reportUnknown: true } })).toHaveLength(1);
});

test("two component clusters on the default serverIdBase do not collide: each base is derived from its namespace and name", async () => {
    const { serverIdBase: _explicit, ...orders } = mixedCluster("80");
    const res = await componentResources(orders, { ...orders, name: "billing" });
    expect(await violationsOf(P, res)).toEqual([]);
});

test("a collision across clusters is reported once, naming every shared id and both clusters", async () => {
    const res = await componentResources(mixedCluster("80"), { ...mixedCluster("80"), name: "billing" });
    const v = await violationsOf(P, res);
    expect(v).toHaveLength(1);
    expect(v[0].message).toMatch(
        /^server_ids 100, 101, 110 are used by 6 servers in the stack, across 2 clusters \(staging\/orders, staging\/billing\), which do not replicate from each other today/,
    );
    expect(v[0].message).toContain("or leave serverIdBase unset: the default is derived from each cluster's namespace and name");
});
