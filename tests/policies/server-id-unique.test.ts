/** mysql-server-id-unique: server_ids derived from pod ordinals that repeat across templates (raw StatefulSets), and the component's ids. */
import { componentResources, editResource, mixedCluster } from "./fixtures/component";
import { rawConfigMap, rawStatefulSet, templatesWithOwnOrdinals, kubernetesTutorial } from "./fixtures/raw";
import { violationsOf } from "./fixtures/run";

const P = "mysql-server-id-unique";

/** The rule every violation quotes, and the three fixes it proposes (by where the colliding ids come from). */
const RULE =
    'Rule: "server_id must be unique among the servers of a replication topology (1..4294967295; 0 disables replication); a replica refuses a source with its own id and replication breaks" ' +
    "(https://dev.mysql.com/doc/refman/8.0/en/replication-options.html#sysvar_server_id).";
const FIX_ORDINALS =
    "Instead: give every instance a cluster-wide ordinal and derive server_id = base + that ordinal (the MySqlCluster component does this with per-template ordinal ranges), " +
    "or give each StatefulSet its own serverIdBase so the ranges cannot overlap.";
const FIX_CLUSTERS =
    "Instead: give each cluster its own serverIdBase (ids are serverIdBase + ordinal) so the ranges do not overlap, or leave serverIdBase unset: " +
    "the default is derived from each cluster's namespace and name and keeps clusters apart (docs/configuration.md#server_id).";
const FIX_PODS =
    "Instead: configure a distinct server_id for every pod (for example base + pod ordinal with a different base per StatefulSet).";
const FIX_BOUNDS = "Instead: use ids from 1 to 4294967295, for example 100 + ordinal.";

/** One mandatory violation of the policy on the StatefulSet `name`: the problem, the rule, the fix. */
const violation = (stack: "raw" | "component", name: string, problem: string, fix: string) => ({
    policy: P,
    level: "mandatory",
    message: `${problem} ${RULE} ${fix}`,
    resource:
        stack === "raw"
            ? `urn:pulumi:test::raw::kubernetes:apps/v1:StatefulSet::${name}`
            : `urn:pulumi:test::myriad::myriad:mysql:MySqlCluster$kubernetes:apps/v1:StatefulSet::${name}`,
});
const SCRIPT = "server-id=$((100 + $ordinal)) in the pod's script, derived from the pod ordinal 0";

test("the component's ids (serverIdBase + cluster-wide ordinal) are unique, offline instances included", async () => {
    expect(await violationsOf(P, await componentResources(mixedCluster("80", { offlineInstances: [1] })))).toEqual([]);
});

test("StatefulSets (templates) deriving server_id from their own pod ordinals collide", async () => {
    expect(await violationsOf(P, templatesWithOwnOrdinals())).toEqual([
        violation(
            "raw",
            "orders-canary",
            `server_id 100 is used by 2 servers in the stack, across 2 StatefulSets (orders-main, orders-canary) within one topology (cluster default/orders): ` +
                `orders-main-0 from ${SCRIPT}; orders-canary-0 from ${SCRIPT}.`,
            FIX_ORDINALS,
        ),
    ]);
});

test("the Kubernetes tutorial's single StatefulSet (100 + ordinal) is unique", async () => {
    expect(await violationsOf(P, kubernetesTutorial())).toEqual([]);
});

test("two component clusters with the same serverIdBase collide in the stack scope, not in the cluster scope", async () => {
    const res = await componentResources(mixedCluster("80"), { ...mixedCluster("80"), name: "billing" });
    expect((await violationsOf(P, res)).map((x) => [x.level, x.message.slice(x.message.indexOf(" Rule: ") + 1)])).toEqual([
        ["mandatory", `${RULE} ${FIX_CLUSTERS}`],
    ]);
    expect(await violationsOf(P, res, { [P]: { scope: "cluster" } })).toEqual([]);
});

test("an offline instance keeps its id reserved: another cluster using it collides", async () => {
    const res = await componentResources(mixedCluster("80", { offlineInstances: [1] }), {
        name: "other",
        namespace: "staging",
        serverIdBase: 101,
        templates: [{ name: "m", image: "mysql:8.0.40", replicas: 1 }],
    });
    expect(await violationsOf(P, res)).toEqual([
        violation(
            "component",
            "other-0",
            "server_id 101 is used by 2 servers in the stack, across 2 clusters (staging/orders, staging/other), which do not replicate from each other today but cannot be joined by replication or share a binary-log consumer: " +
                "orders-1 template stable-80, other-0 template m: orders-1 (offline) (reserved by an offline instance) from --server-id=101 (container mysqld arguments); other-0-0 from --server-id=101 (container mysqld arguments).",
            FIX_CLUSTERS,
        ),
    ]);
});

test("a static --server-id on a StatefulSet with several replicas is shared by every pod", async () => {
    const v = await violationsOf(P, [rawStatefulSet({ name: "db", image: "mysql:8.0.40", replicas: 3, args: ["--server-id=7"] })]);
    const pod = (i: number) => `db-${i} from --server-id=7 (container mysql arguments)`;
    expect(v).toEqual([
        violation(
            "raw",
            "db",
            `server_id 7 is used by 3 servers in the stack, within StatefulSet db (3 replicas share one configuration): ${pod(0)}; ${pod(1)}; ${pod(2)}.`,
            FIX_PODS,
        ),
    ]);
});

test("no server_id at all: MySQL 8.0 defaults every pod to 1", async () => {
    const v = await violationsOf(P, [rawStatefulSet({ name: "db", image: "mysql:8.0.40", replicas: 2 })]);
    const pod = (i: number) => `db-${i} from no server_id is configured, so mysql 8.0.40 uses its default 1`;
    expect(v).toEqual([
        violation(
            "raw",
            "db",
            `server_id 1 is used by 2 servers in the stack, within StatefulSet db (2 replicas share one configuration): ${pod(0)}; ${pod(1)}.`,
            FIX_ORDINALS,
        ),
    ]);
});

test("ids out of bounds: 0 (MySQL 5.7's default) and above 4294967295", async () => {
    const v = await violationsOf(P, [
        rawStatefulSet({ name: "a", image: "mysql:5.7.44", replicas: 1 }),
        rawStatefulSet({ name: "b", image: "mysql:8.0.40", replicas: 1, args: ["--server-id=4294967296"] }),
    ]);
    expect(v).toEqual([
        violation(
            "raw",
            "a",
            "StatefulSet default/a: pod a-0 from no server_id is configured, so mysql 5.7.44 uses its default 0 gets server_id 0, outside 1..4294967295 (0 disables replication).",
            FIX_BOUNDS,
        ),
        violation(
            "raw",
            "b",
            "StatefulSet default/b: pod b-0 from --server-id=4294967296 (container mysql arguments) gets server_id 4294967296, outside 1..4294967295.",
            FIX_BOUNDS,
        ),
    ]);
});

test("ids from a mounted option file are read", async () => {
    const v = await violationsOf(P, [
        rawConfigMap("cnf", { "id.cnf": "[mysqld]\nserver-id = 42\n" }),
        rawStatefulSet({ name: "a", instance: "x", image: "mysql:8.0.40", configMap: "cnf" }),
        rawStatefulSet({ name: "b", instance: "x", image: "mysql:8.0.40", args: ["--server-id=42"] }),
    ]);
    expect(v).toEqual([
        violation(
            "raw",
            "b",
            "server_id 42 is used by 2 servers in the stack, across 2 StatefulSets (a, b) within one topology (cluster default/x): " +
                "a-0 from server_id=42 (ConfigMap default/cnf key id.cnf [mysqld]); b-0 from --server-id=42 (container mysql arguments).",
            FIX_PODS,
        ),
    ]);
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
    expect(await violationsOf(P, [r], { [P]: { reportUnknown: true } })).toEqual([
        violation(
            "raw",
            "db",
            "StatefulSet default/db: the server_id of db-0 cannot be determined before deploy (server-id=$(cat in the pod's script cannot be evaluated before deploy).",
            "Instead: set server_id explicitly (argument, option file or the myriad.dev/server-id annotation).",
        ),
    ]);
});

test("two component clusters on the default serverIdBase do not collide: each base is derived from its namespace and name", async () => {
    const { serverIdBase: _explicit, ...orders } = mixedCluster("80");
    const res = await componentResources(orders, { ...orders, name: "billing" });
    expect(await violationsOf(P, res)).toEqual([]);
});

test("a collision across clusters is reported once, naming every shared id and both clusters", async () => {
    const res = await componentResources(mixedCluster("80"), { ...mixedCluster("80"), name: "billing" });
    const pods = [0, 1, 10].flatMap((o) =>
        ["orders", "billing"].map((c) => `${c}-${o}-0 from --server-id=${100 + o} (container mysqld arguments)`),
    );
    expect(await violationsOf(P, res)).toEqual([
        violation(
            "component",
            "billing-10",
            "server_ids 100, 101, 110 are used by 6 servers in the stack, across 2 clusters (staging/orders, staging/billing), which do not replicate from each other today but cannot be joined by replication or share a binary-log consumer: " +
                "orders-0 template stable-80, billing-0 template stable-80, orders-1 template stable-80, billing-1 template stable-80, orders-10 template canary-84, billing-10 template canary-84: " +
                `${pods.join("; ")}.`,
            FIX_CLUSTERS,
        ),
    ]);
});
