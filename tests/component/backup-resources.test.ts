/**
 * The backup objects (components/resources/backup.ts) as the component registers them under mocks: schema-valid
 * against the Kubernetes API, the CronJob's schedule and donors, the binlog sidecar beside every instance, rclone
 * from its pinned image, and credentials only as mounted files.
 */
import { runClusters, single } from "../helpers/clusters";
import { validateManifests } from "../helpers/k8s-schema";

const s3 = { s3: { bucket: "myriad-backups", prefix: "prod", endpoint: "https://s3.example.com", credentialsSecret: "orders-backup-s3" } };

type Obj = Record<string, any>;

describe("a cluster with backup", () => {
    let run: Awaited<ReturnType<typeof runClusters>>;
    beforeAll(async () => {
        run = await runClusters([
            single("orders", "mariadb:10.11.6", 3, {
                namespace: "prod",
                backup: { storage: s3, schedule: "15 2 * * *", retention: { fullBackups: 3 } },
            }),
            single("logs", "mysql:8.0.40", 2, {
                namespace: "l",
                backup: { storage: { local: { path: "/srv/backups" } }, binlogs: "with-backup" },
            }),
        ]);
    });

    it("registers schema-valid objects, the CronJob among them", () => {
        const invalid = validateManifests(run.manifests)
            .filter((r) => r.errors.length)
            .map((r) => `${r.kind}/${r.name}: ${r.errors.join("; ")}`);
        expect(invalid).toEqual([]);
        expect(run.manifests.filter((m) => m.kind === "CronJob").map((m) => m.metadata.name)).toEqual(["orders-backup", "logs-backup"]);
    });

    it("runs backup.sh in the primary's image on the schedule, in UTC, one at a time, with rclone from its pinned image", () => {
        const job = run.manifest("CronJob", "orders-backup") as Obj;
        expect(job.spec).toMatchObject({ schedule: "15 2 * * *", timeZone: "Etc/UTC", concurrencyPolicy: "Forbid" });
        const pod = job.spec.jobTemplate.spec.template.spec;
        expect(pod.initContainers.map((c: Obj) => [c.name, c.image, c.command])).toEqual([
            ["rclone", "rclone/rclone:1.68.2", ["cp", "/usr/local/bin/rclone", "/opt/myriad/rclone/rclone"]],
        ]);
        const [c] = pod.containers;
        expect([c.name, c.image, c.command]).toEqual(["backup", "mariadb:10.11.6", ["bash", "/opt/myriad/bin/backup.sh"]]);
        const env = Object.fromEntries(c.env.map((e: Obj) => [e.name, e.value]));
        expect(env).toMatchObject({
            MYRIAD_BACKUP_METHOD: "mariadb-backup",
            MYRIAD_BACKUP_DONORS:
                "orders-0-0.orders.prod.svc.cluster.local:3306:3307 orders-1-0.orders.prod.svc.cluster.local:3306:3307 orders-2-0.orders.prod.svc.cluster.local:3306:3307",
            MYRIAD_BACKUP_TARGET: "myriad:myriad-backups/prod/prod/orders",
            MYRIAD_BACKUP_KEEP: "3",
            RCLONE_CONFIG_MYRIAD_TYPE: "s3",
            RCLONE_CONFIG_MYRIAD_PROVIDER: "Other",
            RCLONE_CONFIG_MYRIAD_ENDPOINT: "https://s3.example.com",
        });
    });

    it("mounts credentials as files only: the user's storage Secret and two keys of the cluster Secret", () => {
        const pod = (run.manifest("CronJob", "orders-backup") as Obj).spec.jobTemplate.spec.template.spec;
        const volumes = Object.fromEntries(pod.volumes.map((v: Obj) => [v.name, v]));
        expect(volumes["backup-credentials"].secret.secretName).toBe("orders-backup-s3");
        expect(volumes["backup-secrets"].secret.items.map((i: Obj) => i.key)).toEqual(["root.cnf", "replication-password"]);
        for (const m of [...run.manifests]) {
            const text = JSON.stringify(m);
            // No environment variable takes a value from a Secret, and none names a credential.
            expect(text).not.toMatch(/secretKeyRef/);
            expect(text).not.toMatch(/RCLONE_CONFIG_MYRIAD_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|KEY|SERVICE_ACCOUNT_FILE)"/);
        }
    });

    it("puts the binlog sidecar beside every instance with continuous shipping, and none with with-backup", () => {
        for (const o of [0, 1, 2]) {
            const pod = (run.manifest("StatefulSet", `orders-${o}`) as Obj).spec.template.spec;
            const binlog = pod.containers.find((c: Obj) => c.name === "binlog");
            expect(binlog.command).toEqual(["bash", "/opt/myriad/bin/binlog-ship.sh"]);
            const env = Object.fromEntries(binlog.env.map((e: Obj) => [e.name, e.value]));
            expect(env).toMatchObject({
                MYRIAD_BINLOG: "mariadb-binlog",
                MYRIAD_BACKUP_TARGET: "myriad:myriad-backups/prod/prod/orders",
                MYRIAD_ORDINAL: String(o),
            });
            expect(binlog.volumeMounts.map((m: Obj) => m.name)).not.toContain("data");
            expect(pod.initContainers.map((c: Obj) => c.name)).toEqual(["init", "rclone"]);
        }
        const logs = (run.manifest("StatefulSet", "logs-0") as Obj).spec.template.spec;
        expect(logs.containers.map((c: Obj) => c.name)).not.toContain("binlog");
    });

    it("writes local storage through a hostPath and takes a logical dump where the image carries no physical tool", () => {
        const pod = (run.manifest("CronJob", "logs-backup") as Obj).spec.jobTemplate.spec.template.spec;
        expect(pod.volumes.find((v: Obj) => v.name === "backup-local").hostPath).toEqual({
            path: "/srv/backups",
            type: "DirectoryOrCreate",
        });
        const env = Object.fromEntries(pod.containers[0].env.map((e: Obj) => [e.name, e.value]));
        expect(env.MYRIAD_BACKUP_METHOD).toBe("logical");
        expect(env.MYRIAD_BACKUP_TARGET).toBe("myriad:/srv/backups/l/logs");
        expect(env.MYRIAD_DUMP_OPTIONS).toContain("--single-transaction");
        expect(env.MYRIAD_BACKUP_CREDENTIALS_DIR).toBe("");
    });
});

test("a cluster without backup has no CronJob and no binlog sidecar", async () => {
    const run = await runClusters([single("plain", "mariadb:10.11.6", 2)]);
    expect(run.manifests.filter((m) => m.kind === "CronJob")).toEqual([]);
    const containers = run.manifests
        .filter((m) => m.kind === "StatefulSet")
        .flatMap((m) => (m as Obj).spec.template.spec.containers.map((c: Obj) => c.name));
    expect(containers).not.toContain("binlog");
    expect(containers).toContain("seed");
});
