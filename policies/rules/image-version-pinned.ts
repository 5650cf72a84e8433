/**
 * `mysql-image-version-pinned` (resource policy, mandatory by default).
 *
 * Every MySQL, Percona Server or MariaDB server image (main and init containers of any workload kind) must pin
 * an exact version: a tag carrying `X.Y.Z` (`mysql:8.0.40`, `percona/percona-server:8.0.36-28`,
 * `mariadb:10.11.6-jammy`), or a digest together with a declared version (annotation `myriad.dev/version` on
 * the workload or its pod template). `latest`, `8.0` and no tag are rejected, and so is a declared version that
 * contradicts the tag.
 *
 * Why: every compatibility rule of the manuals is stated per exact version, patch level included
 * (https://dev.mysql.com/doc/refman/8.0/en/replication-compatibility.html: "this counts patch versions too"); a floating tag changes the version under a
 * running cluster at the next pod restart, silently creating a newer-source/older-replica pair.
 */
import type { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { KEYS } from "../../components/resources/labels";
import { parseImage, seriesFromTag, versionFromTag } from "../../components/versions/image";
import { compareVersions, formatVersion, parseVersion } from "../../components/versions/version";
import { configOf } from "../lib/policy";
import { displayName, metadataOf, podTemplateOf, TYPES } from "../lib/resources";
import { containersOf, isServerContainer, serverImageFlavor } from "../lib/workloads";

/** Policy name. */
export const NAME = "mysql-image-version-pinned";

/** Configuration of the policy. */
export interface ImagePinConfig {
    /** Also require a digest (`@sha256:...`) on every server image. Default: false. */
    requireDigest: boolean;
}

const DEFAULTS: ImagePinConfig = { requireDigest: false };

const WORKLOAD_TYPES: readonly string[] = [
    TYPES.statefulSet,
    TYPES.deployment,
    TYPES.replicaSet,
    TYPES.daemonSet,
    TYPES.job,
    TYPES.cronJob,
    TYPES.pod,
];

function validate(args: ResourceValidationArgs, report: ReportViolation): void {
    if (!WORKLOAD_TYPES.includes(args.type)) args.notApplicable("only workloads with pod templates run server images");
    const cfg = configOf(args, DEFAULTS);
    const tpl = podTemplateOf(args);
    const md = metadataOf(args.props);
    const tmd = metadataOf(tpl);
    const declaredText = md.annotations[KEYS.version] ?? tmd.annotations[KEYS.version];
    const declared = declaredText !== undefined ? parseVersion(declaredText) : undefined;
    const where = displayName(args);
    const servers = containersOf(tpl).filter((c) => serverImageFlavor(c.image) || isServerContainer(c));
    if (servers.length === 0) args.notApplicable("no MySQL-family server container");
    const fix = "pin the image to an exact tag such as mysql:8.0.40 (or keep the digest and add the annotation myriad.dev/version: X.Y.Z)";
    const rule =
        "every compatibility rule of the manuals is stated per exact version, patch level included (https://dev.mysql.com/doc/refman/8.4/en/replication-upgrade.html; docs/compatibility.md#replication-between-versions)";
    for (const c of servers) {
        const label = `${where}: ${c.list === "initContainers" ? "init container" : "container"} '${c.name}'`;
        if (!c.image) {
            report(`${label} has no image that can be read, so its server version is unknown. Rule: ${rule}. Instead: ${fix}.`);
            continue;
        }
        const ref = parseImage(c.image);
        const tagVersion = versionFromTag(ref.tag);
        if (declaredText !== undefined && !declared) {
            report(
                `${label}: the annotation ${KEYS.version}='${declaredText}' is not an exact X.Y.Z version. Rule: ${rule}. Instead: declare the version as X.Y.Z, for example 8.0.40.`,
            );
            continue;
        }
        if (tagVersion && declared && compareVersions(tagVersion, declared) !== 0) {
            report(
                `${label}: image '${c.image}' pins ${formatVersion(tagVersion)} but the annotation ${KEYS.version} declares ${formatVersion(declared)}; the policies would judge the wrong version. ` +
                    `Rule: ${rule}. Instead: make the annotation ${formatVersion(tagVersion)} or remove it.`,
            );
            continue;
        }
        if (!tagVersion) {
            if (ref.digest && declared) {
                // A digest pins the bytes; the declared version says which version they are.
            } else {
                const what = ref.digest
                    ? `is pinned by digest but no ${KEYS.version} annotation declares its version`
                    : ref.tag
                      ? `uses the tag '${ref.tag}', which does not pin an exact X.Y.Z version`
                      : "has no tag (it means 'latest')";
                const series = ref.digest ? undefined : seriesFromTag(ref.tag);
                const consequence = series
                    ? `so the server version can change at the next pull and only its series can be checked before deploy (the other policies judge it as the newest patch of the series, ${formatVersion(series)})`
                    : "so the server version can change at the next pull and cannot be checked before deploy";
                report(`${label}: image '${c.image}' ${what}, ${consequence}. Rule: ${rule}. Instead: ${fix}.`);
                continue;
            }
        }
        if (cfg.requireDigest && !ref.digest) {
            report(
                `${label}: image '${c.image}' has no digest, and this pack's configuration requires one (requireDigest). ` +
                    `Rule: a tag can be moved to other bytes, a digest cannot. Instead: append @sha256:<digest> to the image.`,
            );
        }
    }
}

/** The policy. */
export const imageVersionPinned: ResourceValidationPolicy & { enforcementLevel: "mandatory" } = {
    name: NAME,
    description:
        "Requires every MySQL, Percona Server and MariaDB server image to pin an exact X.Y.Z version, by tag or by a digest with a declared version.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["mysql", "versions"],
    remediationSteps:
        "Pin the image to an exact tag (mysql:8.0.40), or keep the digest and annotate the workload with myriad.dev/version: X.Y.Z.",
    configSchema: {
        properties: {
            requireDigest: { type: "boolean", default: false, description: "Also require a digest on every server image." },
        },
    },
    validateResource: validate,
};
