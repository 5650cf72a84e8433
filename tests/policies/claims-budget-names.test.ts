/** mysql-claims-retained, mysql-disruption-budget, mysql-explicit-names. */
import { componentResources, mixedCluster } from "./fixtures/component";
import { rawPdb, rawStatefulSet, resource, kubernetesTutorial } from "./fixtures/raw";
import { violationsOf } from "./fixtures/run";

const CLAIMS = "mysql-claims-retained";
const PDB = "mysql-disruption-budget";
const NAMES = "mysql-explicit-names";

describe("claims retained", () => {
    test("the component retains claims", async () => {
        expect(await violationsOf(CLAIMS, await componentResources(mixedCluster("80")))).toEqual([]);
    });
    test("Delete on scale-down or delete is reported; no claims at all is reported", async () => {
        const v = await violationsOf(CLAIMS, [
            rawStatefulSet({ name: "a", image: "mysql:8.0.40", retention: { whenDeleted: "Retain", whenScaled: "Delete" } }),
            rawStatefulSet({ name: "b", image: "mysql:8.0.40", noClaims: true }),
        ]);
        expect(v.map((x) => x.message)).toEqual([
            expect.stringContaining("persistentVolumeClaimRetentionPolicy.whenScaled is Delete"),
            expect.stringContaining("is not on a PersistentVolumeClaim"),
        ]);
    });
    test("the Kubernetes default (Retain) passes unless requireExplicit", async () => {
        const r = [rawStatefulSet({ name: "a", image: "mysql:8.0.40" })];
        expect(await violationsOf(CLAIMS, r)).toEqual([]);
        expect(await violationsOf(CLAIMS, r, { [CLAIMS]: { requireExplicit: true } })).toHaveLength(2);
    });
});

describe("disruption budget", () => {
    test("the component's budget covers the cluster", async () => {
        expect(await violationsOf(PDB, await componentResources(mixedCluster("80")))).toEqual([]);
    });
    test("without the budget the cluster is reported", async () => {
        const res = (await componentResources(mixedCluster("80"))).filter((r) => !r.type.includes("PodDisruptionBudget"));
        expect((await violationsOf(PDB, res)).map((x) => x.message)).toEqual([
            expect.stringContaining("cluster staging/orders (3 instances) has no PodDisruptionBudget"),
        ]);
    });
    test("raw: a budget over the pods passes; a too permissive one is reported; a single instance needs none", async () => {
        const tutorial = kubernetesTutorial("mysql:5.7.44");
        expect(await violationsOf(PDB, [...tutorial, rawPdb("mysql", { app: "mysql" })])).toEqual([]);
        expect((await violationsOf(PDB, [...tutorial, rawPdb("mysql", { app: "mysql" }, 2)])).map((x) => x.message)).toEqual([
            expect.stringContaining("allows 2 instances"),
        ]);
        expect(await violationsOf(PDB, [rawStatefulSet({ name: "solo", image: "mysql:8.0.40" })])).toEqual([]);
    });
});

describe("explicit names", () => {
    test("the component names everything", async () => {
        expect(await violationsOf(NAMES, await componentResources(mixedCluster("80")))).toEqual([]);
    });
    test("an auto-named MySQL StatefulSet (engine-checked inputs carry pulumi.com/autonamed) is reported", async () => {
        const r = rawStatefulSet({ name: "db", image: "mysql:8.0.40", annotations: { "pulumi.com/autonamed": "true" } });
        expect((await violationsOf(NAMES, [r])).map((x) => x.message)).toEqual([expect.stringContaining("is auto-named by Pulumi")]);
        const unnamed = rawStatefulSet({ name: "db", image: "mysql:8.0.40" });
        delete (unnamed.props as any).metadata.name;
        expect((await violationsOf(NAMES, [unnamed])).map((x) => x.message)).toEqual([expect.stringContaining("has no metadata.name")]);
    });
    test("objects outside MySQL clusters are not applicable", async () => {
        const svc = resource("kubernetes:core/v1:Service", { metadata: { annotations: { "pulumi.com/autonamed": "true" } } });
        expect(await violationsOf(NAMES, [svc])).toEqual([]);
        const clusterSvc = resource("kubernetes:core/v1:Service", { metadata: { labels: { "myriad.dev/cluster": "orders" } } });
        expect(await violationsOf(NAMES, [clusterSvc])).toHaveLength(1);
    });
});
