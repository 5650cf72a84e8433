/**
 * Ordinal allocation: which ordinals each template owns and which of them are online, the bootstrap primary and
 * the server ids. Pure functions of the specification; they never fail. The checks (./checks/) judge the same
 * allocation and report what does not fit; the planner allocates only a specification without errors.
 *
 * A template's online instances are the first `replicas` ordinals of its range that are not offline; an offline
 * ordinal keeps its claim, its name and its server_id; ranges never overlap, so identity is a function of the
 * ordinal alone (docs/design/ordinals.md).
 */
import type { ClusterSpec } from "../spec/types";
import type { PlannedRange, TemplatePlan } from "./types";
import { serverIdBaseOf } from "./server-id";

/** Whether `ordinal` is in range `r`. */
export function rangeContains(r: PlannedRange, ordinal: number): boolean {
    return ordinal >= r.start && (r.end === null || ordinal <= r.end);
}

/** `start..end`, or `start..` for an open range. */
export function formatRange(r: PlannedRange): string {
    return r.end === null ? `${r.start}..` : `${r.start}..${r.end}`;
}

/**
 * The range each template owns: its declared `ordinals`, or every ordinal from 0 up for the single template of a
 * cluster. Undefined where none can be derived (several templates and no range, or start above end).
 */
export function templateRanges(spec: ClusterSpec): (PlannedRange | undefined)[] {
    return spec.templates.map((tpl) => {
        if (!tpl.ordinals) return spec.templates.length > 1 ? undefined : { start: 0, end: null };
        if (tpl.ordinals.start > tpl.ordinals.end) return undefined;
        return { start: tpl.ordinals.start, end: tpl.ordinals.end };
    });
}

/** The offline ordinals, each once. */
export function offlineOrdinals(spec: ClusterSpec): Set<number> {
    return new Set(spec.offlineInstances ?? []);
}

/** The first `replicas` ordinals of `range` that are not offline; fewer when the range is too small. */
export function onlineOrdinals(range: PlannedRange, offline: ReadonlySet<number>, replicas: number): number[] {
    const online: number[] = [];
    const end = range.end ?? Number.MAX_SAFE_INTEGER;
    for (let o = range.start; o <= end && online.length < replicas; o++) if (!offline.has(o)) online.push(o);
    return online;
}

/** The offline ordinals inside `range`, ascending. */
export function offlineIn(range: PlannedRange, offline: ReadonlySet<number>): number[] {
    return [...offline].filter((o) => rangeContains(range, o)).sort((a, b) => a - b);
}

/**
 * The templates whose ordinals can be allocated (a range, and room for every replica), in specification order.
 * Templates that cannot be allocated are left out; the checks report them.
 */
export function allocateTemplates(spec: ClusterSpec): TemplatePlan[] {
    const ranges = templateRanges(spec);
    const offline = offlineOrdinals(spec);
    const templates: TemplatePlan[] = [];
    spec.templates.forEach((tpl, t) => {
        const range = ranges[t];
        if (!range) return;
        const online = onlineOrdinals(range, offline, tpl.replicas);
        if (online.length < tpl.replicas) return;
        templates.push({ name: tpl.name, range, replicas: tpl.replicas, online, offline: offlineIn(range, offline) });
    });
    return templates;
}

/** The default primary: the lowest online ordinal of the first template (undefined if it has none). */
export function defaultPrimary(spec: ClusterSpec, templates: readonly TemplatePlan[]): number | undefined {
    return templates.find((tp) => tp.name === spec.templates[0].name)?.online[0];
}

/** The (bootstrap) primary: the declared one, else the default. */
export function primaryOrdinal(spec: ClusterSpec, templates: readonly TemplatePlan[]): number | undefined {
    return spec.primary ?? defaultPrimary(spec, templates);
}

/** `server_id = serverIdBase + ordinal`: unique by construction because ordinals are cluster-unique. */
export function serverIdOf(serverIdBase: number, ordinal: number): number {
    return serverIdBase + ordinal;
}

/** The allocation of a cluster without structural errors. */
export interface Allocation {
    templates: TemplatePlan[];
    primary: number;
    serverIdBase: number;
}

/** Allocates a specification the checks accepted (throws if the primary cannot be determined: a planner bug). */
export function allocate(spec: ClusterSpec): Allocation {
    const templates = allocateTemplates(spec);
    const primary = primaryOrdinal(spec, templates);
    if (primary === undefined) throw new Error(`cluster ${spec.name}: no primary; the checks should have refused this specification`);
    return { templates, primary, serverIdBase: serverIdBaseOf(spec) };
}
