/**
 * The backup objects of a cluster with `backup:` (docs/backup.md), pure builders from the plan:
 * - the CronJob `<cluster>-backup`: one full backup per schedule (backup.sh in the primary's image; rclone copied in
 *   from its pinned image by an init container);
 * - the `binlog` sidecar of every instance and its rclone init container (binlog-ship.sh, `binlogs: continuous`).
 * Credentials: the cluster Secret's root option file and replication password (the seeding endpoint's proof), and the
 * user's storage Secret, both mounted as files; nothing secret in the environment or on a command line.
 */
import * as path from "path";
import type * as k8s from "@pulumi/kubernetes";
import type { ClusterPlan, InstancePlan } from "../planner/types";
import { BACKUP_CREDENTIALS_DIR, BINLOG_SPOOL, RCLONE_BIN, SCRIPTS_DIR, SECRETS_DIR, SECRET_KEYS } from "../runtime/contract";
import { backupJobEnv, binlogShipperExtraEnv, rcloneRemoteEnv } from "../runtime/backup-env";
import { scriptCommand } from "../runtime/probes";
import { clusterLabels } from "./labels";
import { FILE_MODES, PATHS } from "./pod-layout";
import { containerSecurityContext, podSecurityContext } from "./security";

type Container = k8s.types.input.core.v1.Container;
type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;

/** Names of the backup containers and volumes. */
export const BACKUP_NAMES = {
    backupContainer: "backup",
    binlogContainer: "binlog",
    rcloneInit: "rclone",
    rcloneVolume: "rclone",
    credentialsVolume: "backup-credentials",
    secretsVolume: "backup-secrets",
    spoolVolume: "binlog-spool",
    localVolume: "backup-local",
} as const;

/** Where the rclone image keeps its binary (https://hub.docker.com/r/rclone/rclone: `/usr/local/bin/rclone`). */
const RCLONE_IN_IMAGE = "/usr/local/bin/rclone";

function envList(env: Record<string, string>): k8s.types.input.core.v1.EnvVar[] {
    return Object.entries(env).map(([name, value]) => ({ name, value }));
}

/** The init container that copies rclone from its pinned image into the pod's `rclone` emptyDir. */
export function rcloneInitContainer(plan: ClusterPlan): Container {
    return {
        name: BACKUP_NAMES.rcloneInit,
        image: plan.backup!.rcloneImage,
        command: ["cp", RCLONE_IN_IMAGE, RCLONE_BIN],
        securityContext: containerSecurityContext(),
        volumeMounts: [{ name: BACKUP_NAMES.rcloneVolume, mountPath: path.posix.dirname(RCLONE_BIN) }],
    };
}

/** The volumes every backup container needs: rclone's directory, the user's storage credentials (or the local directory). */
export function backupStorageVolumes(plan: ClusterPlan): Volume[] {
    const storage = plan.backup!.storage;
    return [
        { name: BACKUP_NAMES.rcloneVolume, emptyDir: {} },
        storage.kind === "local"
            ? { name: BACKUP_NAMES.localVolume, hostPath: { path: storage.path, type: "DirectoryOrCreate" } }
            : { name: BACKUP_NAMES.credentialsVolume, secret: { secretName: storage.credentialsSecret, defaultMode: FILE_MODES.secrets } },
    ];
}

function storageMounts(plan: ClusterPlan): VolumeMount[] {
    const storage = plan.backup!.storage;
    return [
        { name: BACKUP_NAMES.rcloneVolume, mountPath: path.posix.dirname(RCLONE_BIN), readOnly: true },
        storage.kind === "local"
            ? { name: BACKUP_NAMES.localVolume, mountPath: storage.path }
            : { name: BACKUP_NAMES.credentialsVolume, mountPath: BACKUP_CREDENTIALS_DIR, readOnly: true },
    ];
}

/**
 * The `binlog` sidecar of `inst` (docs/backup.md#binary-logs): binlog-ship.sh with the pod's own environment plus the
 * shipper's, the pod's config and scripts mounts (root option file for the binary-log reader), a spool emptyDir.
 */
export function binlogContainer(plan: ClusterPlan, inst: InstancePlan, podEnv: Record<string, string>, mounts: VolumeMount[]): Container {
    const data = new Set(["data"]);
    return {
        name: BACKUP_NAMES.binlogContainer,
        image: inst.image,
        command: scriptCommand("binlog-ship.sh"),
        env: envList({ ...podEnv, ...binlogShipperExtraEnv(plan, inst), ...rcloneRemoteEnv(plan.backup!.storage) }),
        securityContext: containerSecurityContext(),
        volumeMounts: [
            ...mounts.filter((m) => !data.has(m.name as string)),
            { name: BACKUP_NAMES.spoolVolume, mountPath: BINLOG_SPOOL },
            ...storageMounts(plan),
        ],
    };
}

/** What the StatefulSet of `inst` adds for continuous binary-log shipping (nothing without it). */
export function binlogPodParts(
    plan: ClusterPlan,
    inst: InstancePlan,
    podEnv: Record<string, string>,
    mounts: VolumeMount[],
): { initContainers: Container[]; containers: Container[]; volumes: Volume[] } {
    if (plan.backup?.binlogs !== "continuous") return { initContainers: [], containers: [], volumes: [] };
    return {
        initContainers: [rcloneInitContainer(plan)],
        containers: [binlogContainer(plan, inst, podEnv, mounts)],
        volumes: [...backupStorageVolumes(plan), { name: BACKUP_NAMES.spoolVolume, emptyDir: {} }],
    };
}

/** The CronJob `<cluster>-backup` taking the full backups, or undefined without `backup`. */
export function buildBackupCronJob(plan: ClusterPlan, scriptsConfigMap: string): k8s.types.input.batch.v1.CronJob | undefined {
    const backup = plan.backup;
    if (!backup) return undefined;
    const primary = plan.instances.find((i) => i.ordinal === plan.primary)!;
    const labels = { ...clusterLabels(plan), "app.kubernetes.io/component": "backup" };
    return {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: plan.objects.backupCronJob, namespace: plan.namespace, labels },
        spec: {
            schedule: backup.schedule,
            timeZone: "Etc/UTC",
            // One backup at a time: the seeding endpoint serves one stream at a time anyway.
            concurrencyPolicy: "Forbid",
            startingDeadlineSeconds: 3600,
            successfulJobsHistoryLimit: 3,
            failedJobsHistoryLimit: 3,
            jobTemplate: {
                metadata: { labels },
                spec: {
                    backoffLimit: 2,
                    template: {
                        metadata: { labels },
                        spec: {
                            restartPolicy: "Never",
                            automountServiceAccountToken: false,
                            enableServiceLinks: false,
                            securityContext: podSecurityContext(primary.image, primary.flavor),
                            initContainers: [rcloneInitContainer(plan)],
                            containers: [
                                {
                                    name: BACKUP_NAMES.backupContainer,
                                    image: primary.image,
                                    command: scriptCommand("backup.sh"),
                                    env: envList({ ...backupJobEnv(plan), ...rcloneRemoteEnv(backup.storage) }),
                                    securityContext: containerSecurityContext(),
                                    volumeMounts: [
                                        { name: "scripts", mountPath: SCRIPTS_DIR, readOnly: true },
                                        { name: BACKUP_NAMES.secretsVolume, mountPath: SECRETS_DIR, readOnly: true },
                                        { name: "tmp", mountPath: PATHS.tmpDir },
                                        ...storageMounts(plan),
                                    ],
                                },
                            ],
                            volumes: [
                                { name: "scripts", configMap: { name: scriptsConfigMap, defaultMode: FILE_MODES.scripts } },
                                {
                                    name: BACKUP_NAMES.secretsVolume,
                                    secret: {
                                        secretName: plan.objects.secret,
                                        // Only what the job uses: the root option file (donor facts, a logical dump)
                                        // and the replication password (the seeding endpoint's proof).
                                        items: [SECRET_KEYS.rootCnf, SECRET_KEYS.replicationPassword].map((key) => ({
                                            key,
                                            path: key,
                                            mode: FILE_MODES.secrets,
                                        })),
                                    },
                                },
                                { name: "tmp", emptyDir: {} },
                                ...backupStorageVolumes(plan),
                            ],
                        },
                    },
                },
            },
        },
    };
}
