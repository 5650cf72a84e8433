/**
 * A template's server version and flavour: the version from the image tag or the declared `version`, the
 * flavour from the cluster or the image repository name. Pure; contradictions are judged by
 * `checkTemplateVersion` and `checkTemplateFlavor` (./checks.ts).
 */
import type { ClusterSpec, Flavor } from "../spec/types";
import { flavorFromImage, versionFromImage } from "../versions/image";
import { formatVersion, parseVersion } from "../versions/version";

/** Resolved version and flavour of one template; `version` is undefined when it cannot be resolved. */
export interface ResolvedTemplate {
    version?: string;
    flavor: Flavor;
}

/**
 * The version (`X.Y.Z`) and flavour of template `t`. The version is the declared one when it parses and agrees
 * with the tag, else the tag's; undefined when neither gives one or they disagree.
 */
export function resolveTemplate(spec: ClusterSpec, t: number): ResolvedTemplate {
    const tpl = spec.templates[t];
    const fromTag = versionFromImage(tpl.image);
    const declared = tpl.version === undefined ? undefined : parseVersion(tpl.version);
    let version: string | undefined;
    if (tpl.version === undefined) version = fromTag ? formatVersion(fromTag) : undefined;
    else if (declared && (!fromTag || formatVersion(fromTag) === formatVersion(declared))) version = formatVersion(declared);
    return { version, flavor: spec.flavor ?? flavorFromImage(tpl.image) ?? "mysql" };
}
