/**
 * The cross-field checks: every rule a shape-valid specification must also obey, one named pure function per
 * rule, each returning its structural errors (path, bad value, message, fix; built by `structuralError`).
 * `validateCluster` runs `CLUSTER_CHECKS`, so every error of a cluster is reported at once. The rules live by
 * concern: names, settings, topology and server ids, versions, the Kubernetes fragments of a template, the stack
 * rules and the component options. A new rule goes in the file of its concern and into `CLUSTER_CHECKS`.
 */
import type { ClusterSpec } from "../../spec/types";
import type { StructuralError } from "../../spec/errors";
import { BACKUP_CHECKS } from "./backup";
import {
    checkClusterName,
    checkNamespace,
    checkCreateNamespace,
    checkClusterDomain,
    checkTemplateNames,
    checkTemplateNamesUnique,
} from "./names";
import {
    checkManagedOptions,
    checkUnsafeOptions,
    checkOptionNames,
    checkOptionValues,
    checkModeSettings,
    checkMetricsPort,
    checkMetricsServiceMonitor,
} from "./settings";
import {
    checkServerIdBase,
    checkTemplateRanges,
    checkRangeOverlaps,
    checkOfflineListedOnce,
    checkOfflineInRange,
    checkReplicasFit,
    checkPrimary,
    checkServerIdRange,
    checkDefaultServerIdSlot,
    checkSemisyncAcknowledgements,
    checkGroupSize,
} from "./topology";
import {
    checkTemplateVersion,
    checkTemplateFlavor,
    checkImageReference,
    checkSupportedVersion,
    checkReplicaWriteFence,
    checkSemisyncHonoured,
    checkGroupConsistencyHonoured,
} from "./versions";
import {
    checkResourceNames,
    checkResourceQuantities,
    checkStorageSize,
    checkStorageClassName,
    checkPriorityClassName,
    checkNodeSelector,
    checkTolerations,
    checkAffinity,
} from "./kubernetes";

export * from "./names";
export * from "./settings";
export * from "./topology";
export * from "./versions";
export * from "./kubernetes";
export * from "./stack";
export * from "./component-options";
export * from "./backup";

/** A check of one cluster specification found at `path` (e.g. `clusters[0]`). */
export type ClusterCheck = (spec: ClusterSpec, path: string) => StructuralError[];

/** Every cross-field check of one cluster, in the order their errors are reported. */
export const CLUSTER_CHECKS: readonly ClusterCheck[] = [
    checkClusterName,
    checkNamespace,
    checkCreateNamespace,
    checkClusterDomain,
    checkTemplateNames,
    checkTemplateNamesUnique,
    checkOptionNames,
    checkOptionValues,
    checkManagedOptions,
    checkUnsafeOptions,
    checkModeSettings,
    checkServerIdBase,
    checkTemplateRanges,
    checkRangeOverlaps,
    checkOfflineListedOnce,
    checkOfflineInRange,
    checkReplicasFit,
    checkTemplateVersion,
    checkTemplateFlavor,
    checkImageReference,
    checkSupportedVersion,
    checkReplicaWriteFence,
    checkResourceNames,
    checkResourceQuantities,
    checkStorageSize,
    checkStorageClassName,
    checkPriorityClassName,
    checkNodeSelector,
    checkTolerations,
    checkAffinity,
    checkPrimary,
    checkServerIdRange,
    checkDefaultServerIdSlot,
    checkSemisyncAcknowledgements,
    checkSemisyncHonoured,
    checkGroupSize,
    checkGroupConsistencyHonoured,
    checkMetricsPort,
    checkMetricsServiceMonitor,
    ...BACKUP_CHECKS,
];

/** Every error of one shape-valid cluster specification, all at once. */
export function validateCluster(spec: ClusterSpec, path: string): StructuralError[] {
    return CLUSTER_CHECKS.flatMap((check) => check(spec, path));
}
