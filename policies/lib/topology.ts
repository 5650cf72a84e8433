/**
 * The replication topology of one cluster as far as Kubernetes objects tell it:
 *
 * - component-created instances carry their source (annotation `myriad.dev/source` = ordinal, and
 *   `myriad.dev/source-host`); a hand-written workload may carry the same annotations;
 * - otherwise a cluster with exactly one workload labelled `myriad.dev/role: primary` has every other online
 *   workload replicate from it;
 * - otherwise (no role information) the source is unknown, and the rules ask whether ANY member could be the
 *   source of all the others (`possibleSources`).
 *
 * Pods of one hand-written StatefulSet share one image and version, so replication among them never mixes
 * versions; such a workload is one member.
 */
import type { MysqlWorkload } from "./workloads";

/** One replication channel between two workloads. */
export interface WorkloadEdge {
    source: MysqlWorkload;
    replica: MysqlWorkload;
    /** How the source was found. */
    via: "annotation" | "role-label";
}

/** The topology of one (non-group) cluster. */
export interface ClusterTopology {
    edges: WorkloadEdge[];
    /** Online workloads whose source could not be determined (and that are not the primary). */
    unresolved: MysqlWorkload[];
    primary?: MysqlWorkload;
}

/** The workload whose pod has this DNS name (`<pod>.<service>.<ns>.svc...`), if any. */
function byHost(members: readonly MysqlWorkload[], host: string): MysqlWorkload | undefined {
    const pod = host.split(".")[0];
    return members.find((w) => w.pods.includes(pod) || w.annotations["myriad.dev/host"] === host);
}

/** Reads the replication edges of one cluster's workloads. */
export function clusterTopology(members: readonly MysqlWorkload[]): ClusterTopology {
    const online = members.filter((w) => w.online);
    const primaries = online.filter((w) => w.role === "primary");
    const primary = primaries.length === 1 ? primaries[0] : undefined;
    const edges: WorkloadEdge[] = [];
    const unresolved: MysqlWorkload[] = [];
    for (const w of online) {
        let source: MysqlWorkload | undefined;
        let via: WorkloadEdge["via"] = "annotation";
        if (w.sourceOrdinal !== undefined) source = members.find((m) => m.ordinal === w.sourceOrdinal && m !== w);
        if (!source && w.sourceHost) source = byHost(members, w.sourceHost);
        if (!source && w !== primary && w.role !== "primary" && primary) {
            source = primary;
            via = "role-label";
        }
        if (source && source !== w) edges.push({ source, replica: w, via });
        else if (w !== primary && w.role !== "primary") unresolved.push(w);
    }
    return { edges, unresolved, primary };
}
