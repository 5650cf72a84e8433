/**
 * `mysql-claims-retained` (resource policy, advisory by default).
 *
 * A MySQL StatefulSet keeps its data: the data directory is on a PersistentVolumeClaim (a
 * `volumeClaimTemplates` entry), and `persistentVolumeClaimRetentionPolicy` does not delete claims when the
 * StatefulSet is deleted or scaled down (Kubernetes' default is Retain for both; `requireExplicit` also
 * demands that the policy is written out, as the MySqlCluster component does). Deleting a claim deletes the
 * instance's data; a replacement StatefulSet (Pulumi replaces one whose immutable fields change) or an offline
 * instance (scaled to 0) must find its claim again (a Pulumi replacement of an auto-named StatefulSet creates new claims, https://github.com/pulumi/pulumi-kubernetes/issues/619; offline instances: docs/design/ordinals.md).
 */
import type { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { configOf } from "../lib/policy";
import { arr, at, displayName, str, TYPES } from "../lib/resources";
import { readWorkload } from "../lib/workloads";

/** Policy name. */
export const NAME = "mysql-claims-retained";

/** Configuration of the policy. */
export interface ClaimsConfig {
    /** Require `persistentVolumeClaimRetentionPolicy` to be written out with Retain for both cases. Default: false. */
    requireExplicit: boolean;
}

const DEFAULTS: ClaimsConfig = { requireExplicit: false };

const RULE =
    "\"a StatefulSet's claims hold the instances' data: whenDeleted and whenScaled must be Retain, so that a replaced StatefulSet or an offline instance finds its data again\" " +
    "(https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention)";

function validate(args: ResourceValidationArgs, report: ReportViolation): void {
    if (args.type !== TYPES.statefulSet) args.notApplicable("only StatefulSets own claims");
    const w = readWorkload(args, { configMaps: new Map() });
    if (!w) args.notApplicable("not a MySQL StatefulSet");
    const cfg = configOf(args, DEFAULTS);
    const where = displayName(args);
    const claims = arr(at(args.props, "spec", "volumeClaimTemplates"));
    if (claims.length === 0) {
        report(
            `${where}: the MySQL data directory is not on a PersistentVolumeClaim (no volumeClaimTemplates), so a pod restart on another node loses the instance's data. ` +
                `Rule: ${RULE}. Instead: add a volumeClaimTemplates entry mounted at the data directory.`,
        );
        return;
    }
    for (const field of ["whenDeleted", "whenScaled"] as const) {
        const value = str(at(args.props, "spec", "persistentVolumeClaimRetentionPolicy", field));
        if (value === "Delete") {
            report(
                `${where}: persistentVolumeClaimRetentionPolicy.${field} is Delete, so ${field === "whenDeleted" ? "deleting or replacing the StatefulSet" : "scaling it down (taking an instance offline)"} deletes the instance's data. ` +
                    `Rule: ${RULE}. Instead: set ${field}: Retain.`,
            );
        } else if (value === undefined && cfg.requireExplicit) {
            report(
                `${where}: persistentVolumeClaimRetentionPolicy.${field} is not set (Kubernetes defaults to Retain, but this pack's configuration requires it explicitly). ` +
                    `Rule: ${RULE}. Instead: set ${field}: Retain.`,
            );
        }
    }
}

/** The policy. */
export const claimsRetained: ResourceValidationPolicy & { enforcementLevel: "advisory" } = {
    name: NAME,
    description:
        "Requires MySQL StatefulSets to keep their data on PersistentVolumeClaims that are retained when the StatefulSet is deleted or scaled down.",
    enforcementLevel: "advisory",
    severity: "high",
    tags: ["mysql", "storage", "data-safety"],
    remediationSteps:
        "Use volumeClaimTemplates for the data directory and persistentVolumeClaimRetentionPolicy whenDeleted/whenScaled: Retain.",
    configSchema: {
        properties: {
            requireExplicit: { type: "boolean", default: false, description: "Require the retention policy to be written out." },
        },
    },
    validateResource: validate,
};
