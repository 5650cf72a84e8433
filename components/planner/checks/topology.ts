/**
 * Topology and server ids: the templates' ordinal ranges and offline instances, the primary, the server_ids the
 * allocation gives, and the acknowledgements and members the mode needs.
 */
import type { ClusterSpec } from "../../spec/types";
import { structuralError, type StructuralError } from "../../spec/errors";
import { DEFAULTS } from "../../spec/defaults";
import { MAX_SERVER_ID, MIN_SERVER_ID, SERVER_ID_SLOT_SIZE } from "../../spec/limits";
import {
    allocateTemplates,
    defaultPrimary,
    formatRange,
    offlineOrdinals,
    offlineIn,
    onlineOrdinals,
    rangeContains,
    serverIdOf,
    templateRanges,
} from "../allocate";
import { derivedServerIdBase, serverIdBaseOf } from "../server-id";
import { groupSizeProblem, MAX_GROUP_MEMBERS } from "../../compat/group";
import { tplPath } from "./paths";

/** `serverIdBase` is at least 1: server_id 0 disables replication. */
export function checkServerIdBase(spec: ClusterSpec, path: string): StructuralError[] {
    if (spec.serverIdBase === undefined || spec.serverIdBase >= MIN_SERVER_ID) return [];
    return [
        structuralError(
            `${path}.serverIdBase`,
            spec.serverIdBase,
            `serverIdBase must be at least ${MIN_SERVER_ID} (server_id 0 disables replication)`,
            "use a base of 1 or more, for example 100",
        ),
    ];
}

/** Each template of a multi-template cluster declares its range, and a range's start is not above its end. */
export function checkTemplateRanges(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.templates.flatMap((tpl, t): StructuralError[] => {
        if (!tpl.ordinals) {
            return spec.templates.length > 1
                ? [
                      structuralError(
                          `${tplPath(path, t)}.ordinals`,
                          undefined,
                          `the cluster has ${spec.templates.length} templates, so template '${tpl.name}' must declare the ordinal range it owns`,
                          "give every template 'ordinals: { start, end }' with ranges that do not overlap",
                      ),
                  ]
                : [];
        }
        if (tpl.ordinals.start <= tpl.ordinals.end) return [];
        return [
            structuralError(
                `${tplPath(path, t)}.ordinals`,
                tpl.ordinals,
                "start is greater than end",
                "make start <= end (the range is inclusive)",
            ),
        ];
    });
}

/** Ranges of different templates do not overlap: ordinals are cluster-unique. */
export function checkRangeOverlaps(spec: ClusterSpec, path: string): StructuralError[] {
    const ranges = templateRanges(spec);
    const errors: StructuralError[] = [];
    for (let a = 0; a < ranges.length; a++) {
        for (let b = a + 1; b < ranges.length; b++) {
            const ra = ranges[a],
                rb = ranges[b];
            if (!ra || !rb) continue;
            if (ra.start <= (rb.end ?? Infinity) && rb.start <= (ra.end ?? Infinity)) {
                errors.push(
                    structuralError(
                        `${tplPath(path, b)}.ordinals`,
                        spec.templates[b].ordinals,
                        `range ${formatRange(rb)} of template '${spec.templates[b].name}' overlaps range ${formatRange(ra)} of template '${spec.templates[a].name}'`,
                        "give each template a range of its own; ordinals are cluster-unique",
                    ),
                );
            }
        }
    }
    return errors;
}

/** Each offline ordinal is listed once. */
export function checkOfflineListedOnce(spec: ClusterSpec, path: string): StructuralError[] {
    const seen = new Set<number>();
    return (spec.offlineInstances ?? []).flatMap((o, i) => {
        if (!seen.has(o)) {
            seen.add(o);
            return [];
        }
        return [structuralError(`${path}.offlineInstances[${i}]`, o, "listed twice", "list each offline ordinal once")];
    });
}

/** An offline ordinal belongs to a template's range (judged only when every range is known). */
export function checkOfflineInRange(spec: ClusterSpec, path: string): StructuralError[] {
    const ranges = templateRanges(spec);
    if (!ranges.every((r) => r !== undefined)) return [];
    const known = ranges;
    const seen = new Set<number>();
    return (spec.offlineInstances ?? []).flatMap((o, i) => {
        if (seen.has(o)) return [];
        seen.add(o);
        if (known.some((r) => rangeContains(r, o))) return [];
        return [
            structuralError(
                `${path}.offlineInstances[${i}]`,
                o,
                `ordinal ${o} is outside every template's range (${known.map(formatRange).join(", ")})`,
                "offline an ordinal that a template owns, or widen that template's range",
            ),
        ];
    });
}

/** A template's range has room for its replicas besides its offline ordinals. */
export function checkReplicasFit(spec: ClusterSpec, path: string): StructuralError[] {
    const ranges = templateRanges(spec);
    const offline = offlineOrdinals(spec);
    return spec.templates.flatMap((tpl, t) => {
        const r = ranges[t];
        if (!r) return [];
        const online = onlineOrdinals(r, offline, tpl.replicas);
        if (online.length >= tpl.replicas) return [];
        const end = r.end ?? Number.MAX_SAFE_INTEGER;
        const offlineHere = offlineIn(r, offline).length;
        return [
            structuralError(
                `${tplPath(path, t)}.replicas`,
                tpl.replicas,
                `template '${tpl.name}' owns ordinals ${formatRange(r)} (${end - r.start + 1} ordinals, ${offlineHere} offline), which leaves room for only ${online.length} online instances`,
                `widen 'ordinals' to at least ${tpl.replicas + offlineHere} ordinals, or lower 'replicas' to ${online.length}`,
            ),
        ];
    });
}

/** The primary is an online instance; without `primary`, the first template has an online instance to default to. */
export function checkPrimary(spec: ClusterSpec, path: string): StructuralError[] {
    const templates = allocateTemplates(spec);
    const onlineAll = templates.flatMap((tp) => tp.online);
    const primary = spec.primary;
    if (primary === undefined) {
        const first = templates.find((tp) => tp.name === spec.templates[0].name);
        if (!first || defaultPrimary(spec, templates) !== undefined) return [];
        return [
            structuralError(
                `${path}.primary`,
                undefined,
                `the primary defaults to the lowest online ordinal of the first template, but template '${spec.templates[0].name}' has no online instance`,
                "set 'primary' to an online ordinal, or give the first template replicas",
            ),
        ];
    }
    if (onlineAll.includes(primary)) return [];
    const ranges = templateRanges(spec);
    const owner = templates.find((tp) => rangeContains(tp.range, primary));
    const inSomeRange = ranges.some((r) => r && rangeContains(r, primary));
    const why = offlineOrdinals(spec).has(primary)
        ? `ordinal ${primary} is offline`
        : owner
          ? `ordinal ${primary} of template '${owner.name}' is not online (its online ordinals are ${owner.online.join(", ") || "none"})`
          : !inSomeRange && ranges.every((r) => r)
            ? `ordinal ${primary} is outside every template's range`
            : undefined;
    if (!why) return [];
    return [
        structuralError(
            `${path}.primary`,
            primary,
            `the primary must be an online instance, but ${why}`,
            `choose one of the online ordinals: ${onlineAll.join(", ") || "none (add replicas)"}`,
        ),
    ];
}

/** Every allocated server_id (`serverIdBase + ordinal`) is at most the maximum; one error, naming the largest ordinal. */
export function checkServerIdRange(spec: ClusterSpec, path: string): StructuralError[] {
    const base = serverIdBaseOf(spec);
    const allocated = allocateTemplates(spec).flatMap((tp) => [...tp.online, ...tp.offline]);
    const highest = allocated.length ? Math.max(...allocated) : 0;
    if (base < MIN_SERVER_ID || serverIdOf(base, highest) <= MAX_SERVER_ID) return [];
    return [
        structuralError(
            `${path}.serverIdBase`,
            base,
            `server_id of ordinal ${highest} would be ${serverIdOf(base, highest)}, above the maximum ${MAX_SERVER_ID}`,
            `lower serverIdBase to at most ${MAX_SERVER_ID - highest}`,
        ),
    ];
}

/**
 * On the default `serverIdBase` a cluster's ordinals stay inside its own slot of `SERVER_ID_SLOT_SIZE` ids
 * (components/planner/server-id.ts), so they can never reach another cluster's default range.
 */
export function checkDefaultServerIdSlot(spec: ClusterSpec, path: string): StructuralError[] {
    if (!derivedServerIdBase(spec)) return [];
    const allocated = allocateTemplates(spec).flatMap((tp) => [...tp.online, ...tp.offline]);
    const highest = allocated.length ? Math.max(...allocated) : 0;
    if (highest < SERVER_ID_SLOT_SIZE) return [];
    const base = serverIdBaseOf(spec);
    return [
        structuralError(
            `${path}.serverIdBase`,
            undefined,
            `the default serverIdBase gives this cluster the ${SERVER_ID_SLOT_SIZE} server_ids ${base}..${base + SERVER_ID_SLOT_SIZE - 1} (ordinals 0..${SERVER_ID_SLOT_SIZE - 1}), but ordinal ${highest} is above ${SERVER_ID_SLOT_SIZE - 1}`,
            `set serverIdBase explicitly (at most ${MAX_SERVER_ID - highest}), or keep every ordinal below ${SERVER_ID_SLOT_SIZE}`,
        ),
    ];
}

/** In semisync mode, commits wait for no more acknowledgements than there are online replicas. */
export function checkSemisyncAcknowledgements(spec: ClusterSpec, path: string): StructuralError[] {
    if ((spec.mode ?? DEFAULTS.mode) !== "semisync") return [];
    const replicas = allocateTemplates(spec).flatMap((tp) => tp.online).length - 1;
    const wait = spec.semisync?.waitForReplicaCount ?? DEFAULTS.semisyncWaitForReplicaCount;
    if (wait <= replicas) return [];
    return [
        structuralError(
            `${path}.semisync.waitForReplicaCount`,
            wait,
            `commits would wait for ${wait} replica acknowledgements but the cluster has ${Math.max(replicas, 0)} online replicas, so every write would block`,
            `lower waitForReplicaCount to at most ${Math.max(replicas, 1)} or add replicas`,
        ),
    ];
}

/** A group has at most `MAX_GROUP_MEMBERS` (9) online members (docs/compatibility.md#group-replication). */
export function checkGroupSize(spec: ClusterSpec, path: string): StructuralError[] {
    if ((spec.mode ?? DEFAULTS.mode) !== "group") return [];
    const online = allocateTemplates(spec).flatMap((tp) => tp.online).length;
    const why = groupSizeProblem(online);
    if (!why) return [];
    return [
        structuralError(
            `${path}.templates`,
            online,
            why,
            `keep at most ${MAX_GROUP_MEMBERS} online instances in a group-mode cluster (lower replicas or take instances offline)`,
        ),
    ];
}
