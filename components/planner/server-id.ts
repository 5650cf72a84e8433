/**
 * The default `serverIdBase`: a deterministic, stable function of the cluster's identity (namespace and name),
 * so that the clusters of a stack get disjoint server_id ranges without anyone picking bases by hand
 * (docs/configuration.md#server_id).
 *
 * The id space 1..4294967295 is cut into slots of `SERVER_ID_SLOT_SIZE` (4096) ids. A cluster on the default
 * base owns slot `1 + (h mod SERVER_ID_SLOTS)` (1..1048575), where `h` is the first 32 bits of the SHA-256 of
 * `<namespace>/<name>`; its ids are `slot × 4096 + ordinal`, ordinals 0..4095. The slot depends on the
 * cluster's own identity only, never on the other clusters of the stack, so adding or removing a cluster never
 * moves another cluster's ids. Two identities can hash into the same slot (for 20 clusters about 2 in 10,000
 * stacks): `checkServerIdsAcrossClusters` (./checks/stack.ts) reports it before deploy, naming both clusters, and an
 * explicit `serverIdBase` on one of them resolves it. An explicit `serverIdBase` is always authoritative.
 */
import { createHash } from "node:crypto";
import { SERVER_ID_SLOT_SIZE, SERVER_ID_SLOTS } from "../spec/limits";
import { DEFAULTS } from "../spec/defaults";
import type { ClusterSpec } from "../spec/types";

/** The slot (1..`SERVER_ID_SLOTS`) of the cluster `name` in `namespace`. */
export function serverIdSlot(namespace: string, name: string): number {
    const h = createHash("sha256").update(`${namespace}/${name}`, "utf8").digest().readUInt32BE(0);
    return 1 + (h % SERVER_ID_SLOTS);
}

/** The default `serverIdBase` of the cluster `name` in `namespace`: the first server_id of its slot. */
export function defaultServerIdBase(namespace: string, name: string): number {
    return serverIdSlot(namespace, name) * SERVER_ID_SLOT_SIZE;
}

/** The cluster's `serverIdBase`: the explicit one, else the default derived from its namespace and name. */
export function serverIdBaseOf(spec: Pick<ClusterSpec, "serverIdBase" | "namespace" | "name">): number {
    return spec.serverIdBase ?? defaultServerIdBase(spec.namespace ?? DEFAULTS.namespace, spec.name);
}

/** Whether the cluster's `serverIdBase` is the derived default. */
export function derivedServerIdBase(spec: Pick<ClusterSpec, "serverIdBase">): boolean {
    return spec.serverIdBase === undefined;
}
