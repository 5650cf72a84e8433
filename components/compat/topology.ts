/**
 * Topology-wide rules (docs/compatibility.md#replication-between-versions "Extra topology rule"): in chained,
 * circular or multi-source topologies no more than two distinct server versions may be in use, counting patch
 * levels (8.0.22, 8.0.24 and 8.0.28 cannot be used concurrently). A star (every replica replicating from the one
 * primary) is not chained, and the rule does not apply to it.
 */
import { formatVersion } from "../versions/version";
import { finding, type Finding, type Member } from "./finding";
import { RULES } from "./references";

/** One replication channel. */
export interface Edge {
    source: Member;
    replica: Member;
}

function firstOf(set: Set<string> | undefined): string | undefined {
    return set ? set.values().next().value : undefined;
}

/** Why a set of edges counts as chained, circular or multi-source, if it does. */
export function topologyShape(edges: readonly Edge[]): "star" | "chained" | "multi-source" | "circular" {
    const sourcesOf = new Map<string, Set<string>>();
    for (const e of edges) {
        const s = sourcesOf.get(e.replica.name) ?? new Set<string>();
        s.add(e.source.name);
        sourcesOf.set(e.replica.name, s);
    }
    if ([...sourcesOf.values()].some((s) => s.size > 1)) return "multi-source";
    // Follow sources upwards from each replica; revisiting a member is a cycle.
    for (const start of sourcesOf.keys()) {
        const seen = new Set<string>([start]);
        let cur: string | undefined = firstOf(sourcesOf.get(start));
        while (cur !== undefined) {
            if (seen.has(cur)) return "circular";
            seen.add(cur);
            cur = firstOf(sourcesOf.get(cur));
        }
    }
    const replicas = new Set(edges.map((e) => e.replica.name));
    return edges.some((e) => replicas.has(e.source.name)) ? "chained" : "star";
}

/**
 * The two-distinct-versions rule over a connected set of edges: returns an error when the topology is chained,
 * circular or multi-source and its members run more than two distinct versions (flavour and patch included).
 */
export function distinctVersionsRule(edges: readonly Edge[]): Finding[] {
    const shape = topologyShape(edges);
    if (shape === "star") return [];
    const members = new Map<string, Member>();
    for (const e of edges) {
        members.set(e.source.name, e.source);
        members.set(e.replica.name, e.replica);
    }
    const byVersion = new Map<string, Member[]>();
    for (const m of members.values()) {
        const key = `${m.flavor} ${formatVersion(m.version)}`;
        byVersion.set(key, [...(byVersion.get(key) ?? []), m]);
    }
    if (byVersion.size <= 2) return [];
    const listing = [...byVersion.entries()].map(([ver, ms]) => `${ver}: ${ms.map((m) => m.name).join(", ")}`).join("; ");
    return [
        finding({
            code: "replication/too-many-versions",
            severity: "error",
            members: [...members.values()],
            problem: `this ${shape} replication topology runs ${byVersion.size} distinct server versions (${listing})`,
            rule: RULES.twoVersions,
            fix: "bring the topology down to at most two exact versions (upgrade the oldest members first), or replicate every instance directly from the primary",
        }),
    ];
}
