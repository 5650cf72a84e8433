/**
 * The seeding sidecar (docs/runtime.md#physical-seeding), as rendered under mocks: a MariaDB pod (its image
 * carries mariadb-backup) runs container `seed` from the mysqld image with `seed-donor.sh listen`, port `seed`,
 * the data volume read-only and no secret in its environment; a template with `backupTool: none` and the
 * official MySQL images run none. The StatefulSets validate against the Kubernetes schema.
 */
import { runClusters, single } from "../helpers/clusters";
import { validateManifests } from "../helpers/k8s-schema";

type Obj = Record<string, any>;

describe("the seeding sidecar", () => {
    test("MariaDB: a container 'seed' on port 3307, data read-only, credentials from the mounted Secret only", async () => {
        const run = await runClusters([
            single("shop", "mariadb:10.11.6", 2),
            single("plain", "mariadb:10.11.6", 2, {
                templates: [{ name: "main", image: "mariadb:10.11.6", replicas: 2, backupTool: "none" }],
            }),
            single("orders", "mysql:8.0.36", 2),
        ]);
        const spec = (sts: string) => (run.manifest("StatefulSet", sts) as Obj).spec.template.spec as Obj;
        const seed = spec("shop-1").containers.find((c: Obj) => c.name === "seed");
        expect(seed.image).toBe("mariadb:10.11.6");
        expect(seed.command).toEqual(["bash", "/opt/myriad/bin/seed-donor.sh", "listen"]);
        expect(seed.ports).toEqual([{ name: "seed", containerPort: 3307, protocol: "TCP" }]);
        expect(seed.volumeMounts.find((m: Obj) => m.mountPath === "/var/lib/mysql")).toMatchObject({ readOnly: true });
        expect(seed.securityContext.readOnlyRootFilesystem).toBe(true);
        for (const e of seed.env as Obj[]) expect(`${e.name}=${e.value ?? ""}`).not.toMatch(/PASSWORD|password=/);
        expect(spec("plain-1").containers.map((c: Obj) => c.name)).toEqual(["mysqld", "exporter"]);
        expect(spec("orders-1").containers.map((c: Obj) => c.name)).toEqual(["mysqld", "exporter"]);
        const bad = validateManifests(run.manifests.filter((m) => m.kind === "StatefulSet")).filter((r: Obj) => r.errors?.length);
        expect(bad).toEqual([]);
    });
});
