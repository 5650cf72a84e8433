/**
 * Container image references: the version carried by a tag and the flavour suggested by the repository.
 */
import type { Flavor } from "../spec/types";
import { floatingVersion, parseVersion, type ServerVersion } from "./version";

/** The parts of an image reference `[registry/]repository[:tag][@digest]`. */
export interface ImageRef {
    /** Repository path without registry host, e.g. `library/mysql`, `percona/percona-server`. */
    repository: string;
    tag?: string;
    digest?: string;
}

/** Splits an image reference. A first path component with a `.` or `:` or equal to `localhost` is a registry. */
export function parseImage(image: string): ImageRef {
    let rest = image.trim();
    let digest: string | undefined;
    const at = rest.indexOf("@");
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    let tag: string | undefined;
    const lastSlash = rest.lastIndexOf("/");
    const colon = rest.lastIndexOf(":");
    if (colon > lastSlash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    const parts = rest.split("/");
    if (parts.length > 1 && (parts[0].includes(".") || parts[0].includes(":") || parts[0] === "localhost")) parts.shift();
    return { repository: parts.join("/"), tag: tag || undefined, digest: digest || undefined };
}

/** The `X.Y.Z` a tag carries (`8.0.36`, `8.0.36-28`, `8.0.36-debian`, `10.11.6-jammy`), if any. */
export function versionFromTag(tag: string | undefined): ServerVersion | undefined {
    if (!tag) return undefined;
    const m = /^v?(\d+\.\d+\.\d+)(?:[-_.+].*)?$/.exec(tag);
    return m ? parseVersion(m[1]) : undefined;
}

/**
 * The series a floating tag names (`8.4`, `8.0-debian`, `10.11`), as the newest patch of that series
 * (`floatingVersion`); undefined for a pinned tag or one that names no series (`latest`, `8`).
 */
export function seriesFromTag(tag: string | undefined): ServerVersion | undefined {
    const m = tag ? /^v?(\d+)\.(\d+)(?:-[A-Za-z][0-9A-Za-z._-]*)?$/.exec(tag) : null;
    return m ? floatingVersion(Number(m[1]), Number(m[2])) : undefined;
}

/** The version an image's tag pins, if any. */
export function versionFromImage(image: string): ServerVersion | undefined {
    return versionFromTag(parseImage(image).tag);
}

/** The flavour an image repository name suggests, if it names one (`mariadb`, `percona`, `mysql`). */
export function flavorFromImage(image: string): Flavor | undefined {
    const repo = parseImage(image).repository.toLowerCase();
    const last = repo.split("/").pop() ?? repo;
    if (repo.includes("mariadb")) return "mariadb";
    if (repo.includes("percona")) return "percona";
    if (last.includes("mysql")) return "mysql";
    return undefined;
}

// ---- the image-reference grammar -------------------------------------------------------------------------------

/**
 * The grammar of an image reference, `[domain[:port]/]path[:tag][@digest]`, as the container runtimes parse it
 * (distribution/reference, https://github.com/distribution/reference/blob/main/regexp.go): path components are
 * lower-case letters and digits separated by `.`, `_`, `__` or dashes; a tag is at most 128 word characters, `.`
 * or `-`, not starting with `.` or `-`; a digest is `algorithm:hex` with at least 32 hex digits.
 */
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
export const IMAGE_REFERENCE = new RegExp(`^(${NAME})(?::${TAG})?(?:@${DIGEST})?$`);

/** The longest repository name (domain and path) distribution/reference accepts. */
export const MAX_IMAGE_NAME = 255;

/** Why `image` is not a valid image reference, or undefined when it is. */
export function imageReferenceProblem(image: string): string | undefined {
    const m = IMAGE_REFERENCE.exec(image);
    if (!m) {
        if (/[A-Z]/.test(image.split("@")[0].split("/").slice(-1)[0].split(":")[0]))
            return "the repository name has upper-case letters, which image references do not allow";
        return "not an image reference ([registry/]repository[:tag][@sha256:digest], repository in lower case)";
    }
    if (m[1].length > MAX_IMAGE_NAME) return `the repository name is longer than ${MAX_IMAGE_NAME} characters`;
    return undefined;
}
