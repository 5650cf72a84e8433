/**
 * Versions and flavours: each template's exact version and image, the support floor and the replica write fence
 * no deploy may cross (docs/compatibility.md#supported-versions), and the mode parameters each version can honour.
 * Compatibility between versions is NOT judged here: that is the policy pack's job.
 */
import type { ClusterSpec } from "../../spec/types";
import { structuralError, type StructuralError } from "../../spec/errors";
import { DEFAULTS } from "../../spec/defaults";
import { flavorFromImage, imageReferenceProblem } from "../../versions/image";
import { allocateTemplates, defaultPrimary } from "../allocate";
import { resolveTemplate, templateVersion } from "../template-version";
import { MINIMUM_SUPPORTED, replicaWriteFenceProblem, unsupportedReason } from "../../compat/support";
import { dialectFor, family } from "../../mysqld/dialect";
import { consistencyUnsupported } from "../../compat/group";
import { mustParseVersion } from "../../versions/version";
import { tplPath } from "./paths";

/** A template's exact version is known (tag or `version`), well-formed, and agrees with the tag. */
export function checkTemplateVersion(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t): StructuralError[] => {
        const resolved = templateVersion(tpl);
        if (!("problem" in resolved)) return [];
        const vp = `${tplPath(path, t)}.version`;
        const problem = resolved.problem;
        switch (problem.kind) {
            case "unknown":
                return [
                    structuralError(
                        vp,
                        undefined,
                        `the image '${tpl.image}' carries no X.Y.Z tag, so the server version is unknown`,
                        "pin the image to an exact tag (for example mysql:8.0.36) or declare 'version: X.Y.Z' beside the digest",
                    ),
                ];
            case "malformed":
                return [structuralError(vp, tpl.version, "not an exact server version", "give the version as X.Y.Z, for example 8.0.36")];
            case "contradicts-tag":
                return [
                    structuralError(
                        vp,
                        tpl.version,
                        `disagrees with the image tag of '${tpl.image}', which pins ${problem.tagVersion}`,
                        `remove 'version' or make it ${problem.tagVersion}`,
                    ),
                ];
        }
    });
}

/** A template's image repository does not contradict the cluster's declared flavour. */
export function checkTemplateFlavor(spec: ClusterSpec, path: string): StructuralError[] {
    if (!spec.flavor) return [];
    const flavor = spec.flavor;
    return spec.templates.flatMap((tpl, t) => {
        const inferred = flavorFromImage(tpl.image);
        if (!inferred || inferred === flavor) return [];
        return [
            structuralError(
                `${tplPath(path, t)}.image`,
                tpl.image,
                `the repository name says ${inferred} but the cluster's flavor is ${flavor}`,
                `use a ${flavor} image or set the cluster's flavor to match`,
            ),
        ];
    });
}

/** A template's image is a valid image reference (the container runtime refuses anything else when the pod starts). */
export function checkImageReference(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t) => {
        const problem = imageReferenceProblem(tpl.image);
        return problem
            ? [
                  structuralError(
                      `${tplPath(path, t)}.image`,
                      tpl.image,
                      problem,
                      "write the image as [registry/]repository:tag with a lower-case repository, for example mysql:8.0.36",
                  ),
              ]
            : [];
    });
}

/** A template's server is at least the oldest version of its flavour Myriad supports (docs/compatibility.md#supported-versions). */
export function checkSupportedVersion(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t): StructuralError[] => {
        const { version, flavor } = resolveTemplate(spec, t);
        if (!version) return [];
        const why = unsupportedReason(flavor, version);
        if (!why) return [];
        return [
            structuralError(
                `${tplPath(path, t)}.image`,
                tpl.image,
                `${why}, so it is not supported`,
                `use ${flavor} ${MINIMUM_SUPPORTED[family(flavor)]} or later (docs/compatibility.md#supported-versions)`,
            ),
        ];
    });
}

/**
 * Every instance that runs as a replica refuses writes from every account but replication: a MariaDB template
 * older than 10.11.0 may hold only the primary (docs/runtime.md#writing-to-a-replica).
 */
export function checkReplicaWriteFence(spec: ClusterSpec, path: string): StructuralError[] {
    const templates = allocateTemplates(spec);
    const primary = spec.primary ?? defaultPrimary(spec, templates);
    return spec.templates.flatMap((tpl, t): StructuralError[] => {
        const { version, flavor } = resolveTemplate(spec, t);
        if (!version || unsupportedReason(flavor, version)) return [];
        const why = replicaWriteFenceProblem(flavor, version);
        const replicas = templates.find((tp) => tp.name === tpl.name)?.online.filter((o) => o !== primary) ?? [];
        if (!why || replicas.length === 0) return [];
        return [
            structuralError(
                `${tplPath(path, t)}.image`,
                tpl.image,
                `template '${tpl.name}' runs ${replicas.length === 1 ? "a replica" : `${replicas.length} replicas`} (ordinal${replicas.length === 1 ? "" : "s"} ${replicas.join(", ")}), but ${why}`,
                "use MariaDB 10.11 or later for this template, or give it only the primary",
            ),
        ];
    });
}

/**
 * Every semi-synchronous parameter is one each template's server can honour (docs/compatibility.md#mariadb):
 * MariaDB waits for exactly one acknowledgement and has no wait-count variable, so a larger
 * `waitForReplicaCount` would be silently ignored there. The wait point (AFTER_SYNC), the timeout (at most
 * 4294967295 ms, which MariaDB's wider range includes) and wait-with-no-replica exist on every supported version.
 */
export function checkSemisyncHonoured(spec: ClusterSpec, path: string): StructuralError[] {
    if ((spec.mode ?? DEFAULTS.mode) !== "semisync") return [];
    const wait = spec.semisync?.waitForReplicaCount;
    if (wait === undefined || wait <= 1) return [];
    return spec.templates.flatMap((tpl, t): StructuralError[] => {
        const { version, flavor } = resolveTemplate(spec, t);
        if (!version || unsupportedReason(flavor, version) || dialectFor(flavor, version).semisyncWaitForReplicaCount) return [];
        return [
            structuralError(
                `${path}.semisync.waitForReplicaCount`,
                wait,
                `template '${tpl.name}' runs ${flavor} ${version}, whose semi-synchronous source always waits for exactly one replica acknowledgement, so waitForReplicaCount ${wait} cannot be honoured`,
                "set semisync.waitForReplicaCount to 1 (or leave it unset), or use MySQL or Percona Server for more acknowledgements",
            ),
        ];
    });
}

/**
 * A `group.consistency` the user configured is one every member can honour: a level other than EVENTUAL needs
 * 8.0.14, and the renderer would otherwise have to leave it out of that member's file. The project default is
 * left out for such a member instead (docs/configuration-rendering.md), so a 5.7 member being upgraded is fine.
 */
export function checkGroupConsistencyHonoured(spec: ClusterSpec, path: string): StructuralError[] {
    if ((spec.mode ?? DEFAULTS.mode) !== "group" || spec.group?.consistency === undefined) return [];
    const level = spec.group.consistency;
    return spec.templates.flatMap((tpl, t): StructuralError[] => {
        const { version, flavor } = resolveTemplate(spec, t);
        if (!version || unsupportedReason(flavor, version) || !dialectFor(flavor, version).groupReplication) return [];
        if (
            consistencyUnsupported([{ name: tpl.name, template: tpl.name, flavor, version: mustParseVersion(version) }], level).length === 0
        )
            return [];
        return [
            structuralError(
                `${path}.group.consistency`,
                level,
                `template '${tpl.name}' runs ${flavor} ${version}, which has no group_replication_consistency (added in 8.0.14), so ${level} cannot be honoured on its members`,
                "remove group.consistency (the default is left out where a member cannot honour it), set it to EVENTUAL, or run every member on 8.0.14 or later",
            ),
        ];
    });
}
