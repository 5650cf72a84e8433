/**
 * The shape of a cluster specification (zod). Unknown keys are errors at every level, including inside the
 * Kubernetes objects of `scheduling` (./kubernetes.ts). Grammars of values and cross-field rules (ranges, ordinals,
 * server ids, names) live in `../planner/checks/`.
 */
import { z } from "zod";
import { MAX_SEMISYNC_TIMEOUT_MS } from "./limits";
import { affinitySchema, tolerationSchema } from "./kubernetes";

const optionValue = z.union([z.string(), z.number(), z.boolean()]);
/** A Kubernetes quantity; a YAML number such as `0.5` is read as the quantity "0.5" (the grammar is checked in ../planner/checks/kubernetes.ts). */
const quantity = z.union([z.string(), z.number().transform((n) => String(n))]);
const quantityMap = z.record(z.string(), quantity);

export const ordinalRangeSchema = z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(0) });

export const templateSchema = z.strictObject({
    name: z.string(),
    image: z.string().min(1),
    version: z.string().optional(),
    replicas: z.number().int().min(0),
    backupTool: z.enum(["mariadb-backup", "xtrabackup", "none"]).optional(),
    ordinals: ordinalRangeSchema.optional(),
    weight: z.number().int().min(0).max(100).optional(),
    config: z.record(z.string(), optionValue).optional(),
    resources: z.strictObject({ requests: quantityMap.optional(), limits: quantityMap.optional() }).optional(),
    storage: z.strictObject({ size: quantity.optional(), storageClassName: z.string().optional() }).optional(),
    scheduling: z
        .strictObject({
            nodeSelector: z.record(z.string(), z.string()).optional(),
            tolerations: z.array(tolerationSchema).optional(),
            affinity: affinitySchema.optional(),
            priorityClassName: z.string().optional(),
        })
        .optional(),
});

const prefix = z.string().optional();
const credentialsSecret = z.string().optional();
export const storageSchema = z.strictObject({
    s3: z
        .strictObject({ bucket: z.string(), prefix, endpoint: z.string().optional(), region: z.string().optional(), credentialsSecret })
        .optional(),
    gcs: z.strictObject({ bucket: z.string(), prefix, credentialsSecret }).optional(),
    azure: z.strictObject({ account: z.string(), container: z.string(), prefix, credentialsSecret }).optional(),
    local: z.strictObject({ path: z.string() }).optional(),
});

export const backupSchema = z.strictObject({
    storage: storageSchema,
    schedule: z.string().optional(),
    retention: z.strictObject({ fullBackups: z.number().int().min(1).optional() }).optional(),
    binlogs: z.enum(["continuous", "with-backup"]).optional(),
});

export const restoreSchema = z.strictObject({
    from: z.strictObject({
        storage: storageSchema,
        cluster: z.string(),
        namespace: z.string().optional(),
        version: z.string().optional(),
        flavor: z.enum(["mysql", "percona", "mariadb"]).optional(),
    }),
    pointInTime: z.string().optional(),
});

export const clusterSchema = z.strictObject({
    name: z.string(),
    namespace: z.string().optional(),
    createNamespace: z.boolean().optional(),
    flavor: z.enum(["mysql", "percona", "mariadb"]).optional(),
    mode: z.enum(["async", "semisync", "group"]).optional(),
    primary: z.number().int().min(0).optional(),
    serverIdBase: z.number().int().optional(),
    offlineInstances: z.array(z.number().int().min(0)).optional(),
    maxReplicaLagSeconds: z.number().int().min(1).optional(),
    semisync: z
        .strictObject({
            waitForReplicaCount: z.number().int().min(1).optional(),
            timeoutMs: z.number().int().min(0).max(MAX_SEMISYNC_TIMEOUT_MS).optional(),
        })
        .optional(),
    group: z
        .strictObject({
            consistency: z.enum(["EVENTUAL", "BEFORE_ON_PRIMARY_FAILOVER", "BEFORE", "AFTER", "BEFORE_AND_AFTER"]).optional(),
        })
        .optional(),
    metrics: z
        .strictObject({
            enabled: z.boolean().optional(),
            image: z.string().min(1).optional(),
            port: z.number().int().min(1).max(65535).optional(),
            resources: z.strictObject({ requests: quantityMap.optional(), limits: quantityMap.optional() }).optional(),
            serviceMonitor: z.boolean().optional(),
        })
        .optional(),
    clusterDomain: z.string().optional(),
    backup: backupSchema.optional(),
    restore: restoreSchema.optional(),
    templates: z.array(templateSchema).min(1),
});

export const clustersSchema = z.array(clusterSchema);
