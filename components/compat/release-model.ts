/**
 * The MySQL (and Percona Server) release model as far as replication cares: which release series exist, which
 * of them may not be skipped, and which upgrade paths the manuals support (docs/compatibility.md#upgrade-paths).
 *
 * Series are "stations" in release order. Anchors (5.x series, the 8.0 bugfix series and the LTS series 8.4 and
 * 9.7) may never be skipped; Innovation series (8.1–8.3, 9.0–9.6) lead only to later Innovation series before
 * the next anchor, or to that anchor. So an upgrade from series A to a later series B is supported exactly when
 * B is not beyond the first anchor after A. Calendar versions (26.x and later) form lineages entered only from
 * 9.7; everything else about them is not documented by the manuals and is reported as undocumented.
 */
import type { ServerVersion } from "../versions/version";

/** How a series is released, for messages. */
export type StationKind = "legacy" | "bugfix" | "innovation" | "lts";

/** One release series in order. */
export interface Station {
    series: string;
    major: number;
    minor: number;
    kind: StationKind;
}

function station(major: number, minor: number, kind: StationKind): Station {
    return { series: `${major}.${minor}`, major, minor, kind };
}

/**
 * Every sequential MySQL release series the manuals cover, in release order (docs/compatibility.md#upgrade-paths "Release
 * model": 5.x legacy, 8.0 bugfix, 8.1–8.3 Innovation, 8.4 LTS, 9.0–9.6 Innovation, 9.7 LTS and the last
 * sequential line).
 */
export const STATIONS: readonly Station[] = [
    station(5, 5, "legacy"),
    station(5, 6, "legacy"),
    station(5, 7, "legacy"),
    station(8, 0, "bugfix"),
    station(8, 1, "innovation"),
    station(8, 2, "innovation"),
    station(8, 3, "innovation"),
    station(8, 4, "lts"),
    ...[0, 1, 2, 3, 4, 5, 6].map((m) => station(9, m, "innovation")),
    station(9, 7, "lts"),
];

/** First calendar-versioned major (YY.M.P, from 26.7): any major of 20 or more. */
export const CALENDAR_MAJOR = 20;

/** True for calendar versions (26.7.0 and later). */
export function isCalendar(v: ServerVersion): boolean {
    return v.major >= CALENDAR_MAJOR;
}

/** The station of a version, or undefined for calendar versions and series the manuals do not cover. */
export function stationOf(v: ServerVersion): Station | undefined {
    return STATIONS.find((s) => s.major === v.major && s.minor === v.minor);
}

function isAnchor(s: Station): boolean {
    return s.kind !== "innovation";
}

/** The first anchor after station `i` (index into STATIONS), or undefined after 9.7. */
function nextAnchorIndex(i: number): number | undefined {
    for (let j = i + 1; j < STATIONS.length; j++) if (isAnchor(STATIONS[j])) return j;
    return undefined;
}

/** Human name of a station's kind: `the 8.4 LTS series`. */
export function describeStation(s: Station): string {
    const kind = s.kind === "lts" ? "LTS" : s.kind === "bugfix" ? "bugfix" : s.kind === "innovation" ? "Innovation" : "release";
    return `the ${s.series} ${kind} series`;
}

/** Why an upgrade path between two different series is or is not supported. */
export type PathVerdict =
    | { supported: true; via: "next-series" | "upgrade-path" | "calendar-entry"; note?: string }
    | { supported: false; reason: "skips-anchor"; skipped: Station; steps: string[] }
    | { supported: false; reason: "innovation-cross-lts"; lts: Station; steps: string[] }
    | { supported: false; reason: "calendar-entry" }
    | { supported: false; reason: "undocumented"; detail: string };

/**
 * Whether upgrading (and therefore replicating, docs/compatibility.md#replication-between-versions) from series `from` to the LATER series
 * `to` is supported. Callers handle same-series pairs and newer-to-older pairs themselves.
 */
export function upgradePath(from: ServerVersion, to: ServerVersion): PathVerdict {
    const a = stationOf(from);
    const b = stationOf(to);
    if (isCalendar(to)) {
        if (isCalendar(from)) {
            return {
                supported: false,
                reason: "undocumented",
                detail: "upgrades between calendar-versioned series follow compatibility lineages whose rules are only partly documented (docs/compatibility.md#upgrade-paths)",
            };
        }
        if (a && a.major === 9 && a.minor === 7) {
            return {
                supported: true,
                via: "calendar-entry",
                note: "the lineage rules beyond the entry from 9.7 are not documented (docs/compatibility.md#upgrade-paths)",
            };
        }
        return { supported: false, reason: "calendar-entry" };
    }
    if (!a || !b) {
        const unknown = !a ? from : to;
        return {
            supported: false,
            reason: "undocumented",
            detail: `${unknown.major}.${unknown.minor} is not a release series the manuals cover (5.5–5.7, 8.0–8.4, 9.0–9.7, calendar 26.x)`,
        };
    }
    const i = STATIONS.indexOf(a);
    const j = STATIONS.indexOf(b);
    const anchor = nextAnchorIndex(i);
    if (anchor !== undefined && j > anchor) {
        const skipped = STATIONS[anchor];
        const steps = [a.series, skipped.series, b.series];
        if (a.kind === "innovation" && b.kind === "innovation") {
            return { supported: false, reason: "innovation-cross-lts", lts: skipped, steps };
        }
        return { supported: false, reason: "skips-anchor", skipped, steps };
    }
    return { supported: true, via: a.kind === "legacy" ? "next-series" : "upgrade-path" };
}
