/**
 * A template's server version and flavour: the version from the image tag or the declared `version`, the
 * flavour from the cluster or the image repository name. Pure; `checkTemplateVersion` and `checkTemplateFlavor`
 * (./checks/) turn what does not resolve into structural errors.
 */
import type { ClusterSpec, Flavor, InstanceTemplateSpec } from "../spec/types";
import { flavorFromImage, versionFromImage } from "../versions/image";
import { formatVersion, parseVersion } from "../versions/version";

/** Why a template's version does not resolve. */
export type VersionProblem = { kind: "unknown" } | { kind: "malformed" } | { kind: "contradicts-tag"; tagVersion: string };

/**
 * The template's exact version (`X.Y.Z`): the declared `version` when it parses and agrees with the image tag,
 * else the tag's; or why there is none.
 */
export function templateVersion(tpl: Pick<InstanceTemplateSpec, "image" | "version">): { version: string } | { problem: VersionProblem } {
    const fromTag = versionFromImage(tpl.image);
    if (tpl.version === undefined) return fromTag ? { version: formatVersion(fromTag) } : { problem: { kind: "unknown" } };
    const declared = parseVersion(tpl.version);
    if (!declared) return { problem: { kind: "malformed" } };
    if (fromTag && formatVersion(fromTag) !== formatVersion(declared))
        return { problem: { kind: "contradicts-tag", tagVersion: formatVersion(fromTag) } };
    return { version: formatVersion(declared) };
}

/** Resolved version and flavour of one template; `version` is undefined when it does not resolve. */
export interface ResolvedTemplate {
    version?: string;
    flavor: Flavor;
}

/** The version and flavour of template `t`; the flavour is the cluster's, else the image's, else `mysql`. */
export function resolveTemplate(spec: ClusterSpec, t: number): ResolvedTemplate {
    const tpl = spec.templates[t];
    const v = templateVersion(tpl);
    return { version: "version" in v ? v.version : undefined, flavor: spec.flavor ?? flavorFromImage(tpl.image) ?? "mysql" };
}
