/**
 * Container image references: the version carried by a tag and the flavour suggested by the repository.
 */
import type { Flavor } from "../spec/types";
import { parseVersion, type ServerVersion } from "./version";

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
