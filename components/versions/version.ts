/**
 * Server versions: parsing, comparison and release-series classification.
 *
 * Series classification follows the release model (docs/compatibility.md#upgrade-paths, https://dev.mysql.com/doc/refman/8.4/en/mysql-releases.html:
 * 8.0 bugfix series, 8.1–8.3 and 9.0–9.6 Innovation, 8.4 and 9.7 LTS); Percona versions are the MySQL base version plus
 * a build suffix, e.g. `8.0.36-28` (docs/compatibility.md#percona-server).
 */
import type { Flavor } from "../spec/types";

/** A parsed `X.Y.Z` server version. */
export interface ServerVersion {
    major: number;
    minor: number;
    patch: number;
    /**
     * Only the series is known (a floating image tag such as `mysql:8.4`): the version stands for the newest patch
     * of the series, the one the tag pulls next ({@link FLOATING_PATCH}), and prints as `8.4.x`.
     */
    floating?: true;
}

/** The patch a floating series stands for: later than any release, so every rule of the series' newest applies. */
export const FLOATING_PATCH = 9999;

/** The newest patch of a series, as a floating tag names it (`8.4` -> 8.4.x). */
export function floatingVersion(major: number, minor: number): ServerVersion {
    return { major, minor, patch: FLOATING_PATCH, floating: true };
}

/** How a MySQL/Percona series is released (docs/compatibility.md#upgrade-paths). MariaDB series are all `mariadb`. */
export type SeriesKind = "legacy" | "bugfix" | "innovation" | "lts" | "calendar" | "mariadb";

const VERSION_RE = /^(\d+)\.(\d+)\.(\d+)(?:[-+._][0-9A-Za-z.+_-]*)?$/;

/** Parses `X.Y.Z` with an optional build suffix (`8.0.36-28`, `10.11.6-MariaDB`). Returns undefined if malformed. */
export function parseVersion(text: string): ServerVersion | undefined {
    const m = VERSION_RE.exec(text.trim());
    if (!m) return undefined;
    return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** Parses a version or throws an Error naming the text. */
export function mustParseVersion(text: string): ServerVersion {
    const v = parseVersion(text);
    if (!v) throw new Error(`not a server version: '${text}' (expected X.Y.Z, for example 8.0.36)`);
    return v;
}

/** `X.Y.Z` (`X.Y.x` for a floating series). */
export function formatVersion(v: ServerVersion): string {
    if (v.floating) return `${v.major}.${v.minor}.x`;
    return `${v.major}.${v.minor}.${v.patch}`;
}

/** `X.Y`, the release series. */
export function seriesOf(v: ServerVersion): string {
    return `${v.major}.${v.minor}`;
}

/** Negative when a < b, 0 when equal, positive when a > b (patch level included). */
export function compareVersions(a: ServerVersion, b: ServerVersion): number {
    return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** True when `v` >= `X.Y.Z`. */
export function atLeast(v: ServerVersion, text: string): boolean {
    return compareVersions(v, mustParseVersion(text)) >= 0;
}

/** True when both versions belong to the same release series (`X.Y`). */
export function sameSeries(a: ServerVersion, b: ServerVersion): boolean {
    return a.major === b.major && a.minor === b.minor;
}

/**
 * Release kind of a series (docs/compatibility.md#upgrade-paths "Release model"): 5.x legacy, 8.0 bugfix, 8.4 and 9.7 LTS,
 * 8.1–8.3 and 9.0–9.6 Innovation, YY.M calendar versions from 26.x on. MariaDB versions are `mariadb`.
 */
export function seriesKind(flavor: Flavor, v: ServerVersion): SeriesKind {
    if (flavor === "mariadb") return "mariadb";
    if (v.major < 8) return "legacy";
    if (v.major === 8 && v.minor === 0) return "bugfix";
    if ((v.major === 8 && v.minor === 4) || (v.major === 9 && v.minor === 7)) return "lts";
    if (v.major >= 20) return "calendar";
    return "innovation";
}
