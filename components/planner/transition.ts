/**
 * The transition check: what a change from a deployed (base) configuration to a new (head) one does to each
 * instance, in which order, and whether every step of it is supported. Pure: snapshots in, change plan and
 * findings out; `myriad check --base…` (infra/transition/) and the local runner call it. See docs/upgrading.md.
 *
 * Identity is the ordinal: instance `<cluster>-<ordinal>` of the base and of the head are the same StatefulSet,
 * pod and claim. The rules:
 *
 * 1. **In-place version changes** of an instance that holds data in the base (online there) follow the upgrade
 *    paths (`inPlaceVersionChange`, components/compat/in-place.ts): downgrades, skipped series and flavour
 *    changes are rejected.
 * 2. **No step of the rollout leaves a replica replicating from a newer source.** The rollout is simulated in
 *    the component's order (`rolloutOrder`: the head's primary, the online replicas by ordinal, the offline
 *    instances), each instance taking its head version, role and source at its step; every replication edge
 *    between running instances is judged after every step (`replicationEdge`). StatefulSets roll by ordinal,
 *    not by role, so an in-place upgrade of the template that holds the primary upgrades the primary first and
 *    is rejected, with the safe sequence of changes (a new template, then the primary moved to it while the old
 *    instances go offline, then the old template upgraded or removed), each of which passes this check.
 * 3. **The primary moves only to an instance that holds data in the base** (online there): a new ordinal or an
 *    instance that was offline would become a primary with no data.
 * 4. **Replacements and removals are named**: a storage size or StorageClass change replaces the StatefulSet
 *    (the claim template is immutable; the claim is retained and not resized); a removed instance's StatefulSet
 *    is deleted and its claim retained.
 *
 * Each rule that finds something is one named `TransitionCheck` in the one `TRANSITION_CHECKS` list: a new rule is a
 * function of the `TransitionContext` and an entry there.
 */
import type { Finding, Member, RuleRef } from "../compat/finding";
import { finding } from "../compat/finding";
import { inPlaceVersionChange } from "../compat/in-place";
import { replicationEdge } from "../compat/replication";
import type { Flavor, ReplicationMode } from "../spec/types";
import { mustParseVersion } from "../versions/version";
import { rolloutOrder } from "./rollout";
import type { ClusterPlan, InstancePlan, InstanceRole, InstanceState } from "./types";

/** One instance as the transition check sees it, in the base or in the head. */
export interface InstanceSnapshot {
    /** `<cluster>-<ordinal>`. */
    name: string;
    ordinal: number;
    template: string;
    image: string;
    flavor: Flavor;
    /** Exact server version `X.Y.Z`. */
    version: string;
    role: InstanceRole;
    /** Ordinal of the source (async and semisync replicas), null otherwise. */
    source: number | null;
    state: InstanceState;
    /** Size and StorageClass of the claim template, when known (a `pulumi stack export` without the StatefulSet lacks them). */
    storage?: { size: string; storageClassName?: string };
    /**
     * Fingerprint of the pod template the StatefulSet runs: two snapshots of one ordinal whose fingerprints differ
     * restart the pod. `myriad check` takes it from the rendered StatefulSet; `snapshotOfPlan` from the plan.
     */
    podTemplate?: string;
    /** Fingerprints of the parts of the plan that reach the pod (`config`, `resources`, `scheduling`), to name what changed. */
    details?: Record<string, string>;
}

/** One cluster as the transition check sees it. */
export interface ClusterSnapshot {
    name: string;
    namespace: string;
    /** Ordinal of the primary. */
    primary: number;
    mode?: ReplicationMode;
    /** Every instance, sorted by ordinal. */
    instances: InstanceSnapshot[];
}

/** What happens to one ordinal. */
export type ChangeAction =
    /** Not in the base: created (online: started and seeded; offline: a StatefulSet with no pod). */
    | "add"
    /** Offline in the base, online in the head: the pod starts on its retained claim, or is seeded. */
    | "start"
    /** Online in both, pod template changed: the pod restarts with the new template. */
    | "update"
    /** Storage size or StorageClass changed: the StatefulSet is replaced under the same name, the claim retained. */
    | "replace"
    /** Online in the base, offline in the head: the pod stops, the claim is retained. */
    | "stop"
    /** In the base, not in the head: the StatefulSet is deleted, the claim retained. */
    | "remove"
    /** Nothing restarts (unchanged, or offline on both sides). */
    | "none";

/** The part of a snapshot the change plan prints for each side. */
export interface InstanceSide {
    image: string;
    version: string;
    role: InstanceRole;
    source: number | null;
    state: InstanceState;
}

/** One ordinal's change. */
export interface InstanceChange {
    cluster: string;
    namespace: string;
    name: string;
    ordinal: number;
    before: InstanceSide | null;
    after: InstanceSide | null;
    action: ChangeAction;
    /** The instance's mysqld (re)starts in this rollout: `add` or `start` of an online instance, `update`, `replace` of an online one. */
    restart: boolean;
    /** 1-based position in the rollout when the instance restarts, null otherwise (stops and removals come after every restart). */
    order: number | null;
    /** What changes and why it restarts, in words. */
    reason: string;
}

/** A change of the primary. */
export interface Switchover {
    cluster: string;
    namespace: string;
    /** Instance names. */
    from: string;
    to: string;
    fromOrdinal: number;
    toOrdinal: number;
}

/** One step of the rollout, in order: restarts first (rollout order), then stops and offline replacements, then removals. */
export interface RolloutStep {
    name: string;
    ordinal: number;
    action: Exclude<ChangeAction, "none">;
}

/** The transition of one cluster. */
export interface ClusterTransition {
    cluster: string;
    namespace: string;
    /** `change`: present in both; `new`: no base (only the end state is judged); `removed`: not in the head. */
    kind: "change" | "new" | "removed";
    /** Every ordinal of the base and the head, by ordinal. */
    changes: InstanceChange[];
    switchovers: Switchover[];
    steps: RolloutStep[];
    /** Rejections (severity `error`) and advisories (`warning`). */
    findings: Finding[];
}

/** The transition of a whole stack. */
export interface StackTransition {
    clusters: ClusterTransition[];
    /** No finding of severity `error`. */
    ok: boolean;
}

/** Myriad's own rules, quoted in findings (docs/upgrading.md). */
export const TRANSITION_RULES = {
    primaryWithData: {
        quote: "A new primary must already hold everything the old one committed: only an instance that is online and replicating in the deployed configuration can be made primary",
        source: "docs/upgrading.md#the-rules",
    },
    rolloutNewerSource: {
        quote: "Every step of a rollout must keep each replica on a source of the same or an older version: StatefulSets roll in the component's order (the primary first), not by role",
        source: "docs/upgrading.md#the-rules; docs/compatibility.md#replication-between-versions",
    },
    replacement: {
        quote: "A StatefulSet's claim template is immutable: a storage size or StorageClass change replaces the StatefulSet; the claim is retained and is not resized",
        source: "docs/components.md#deliberate-replacement-of-an-instances-statefulset",
    },
    retainedClaim: {
        quote: "An instance that was offline may start on a retained claim written by an earlier version",
        source: "docs/upgrading.md#the-rules",
    },
} as const satisfies Record<string, RuleRef>;

function canonical(v: unknown): string {
    if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
    if (v !== null && typeof v === "object") {
        const entries = Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
    }
    return JSON.stringify(v) ?? "null";
}

/** A stable fingerprint of any JSON value (object keys sorted, undefined dropped). */
export function fingerprint(v: unknown): string {
    return canonical(v);
}

/** The snapshot of one planned instance; the pod-template fingerprint covers what the plan puts in the pod. */
export function snapshotOfInstance(plan: ClusterPlan, i: InstancePlan): InstanceSnapshot {
    const details = { config: fingerprint(i.config), resources: fingerprint(i.resources), scheduling: fingerprint(i.scheduling) };
    const cluster = {
        mode: plan.mode,
        semisync: plan.mode === "semisync" ? plan.semisync : undefined,
        group: plan.mode === "group" ? plan.group : undefined,
        maxReplicaLagSeconds: plan.maxReplicaLagSeconds,
        metrics: plan.metrics,
        serverIdBase: plan.serverIdBase,
    };
    return {
        name: i.name,
        ordinal: i.ordinal,
        template: i.template,
        image: i.image,
        flavor: i.flavor,
        version: i.version,
        role: i.role,
        source: i.source,
        state: i.state,
        storage: { ...i.storage },
        podTemplate: fingerprint({
            image: i.image,
            flavor: i.flavor,
            version: i.version,
            role: i.role,
            source: i.source,
            template: i.template,
            weight: i.weight,
            details,
            cluster,
        }),
        details,
    };
}

/** The snapshot of a planned cluster. */
export function snapshotOfPlan(plan: ClusterPlan): ClusterSnapshot {
    return {
        name: plan.name,
        namespace: plan.namespace,
        primary: plan.primary,
        mode: plan.mode,
        instances: plan.instances.map((i) => snapshotOfInstance(plan, i)),
    };
}

function side(s: InstanceSnapshot | undefined): InstanceSide | null {
    return s ? { image: s.image, version: s.version, role: s.role, source: s.source, state: s.state } : null;
}

function member(s: InstanceSnapshot): Member {
    return { name: s.name, template: s.template, flavor: s.flavor, version: mustParseVersion(s.version) };
}

function storageText(s: InstanceSnapshot["storage"]): string {
    if (!s) return "unknown";
    return s.storageClassName ? `${s.size} (StorageClass ${s.storageClassName})` : `${s.size} (default StorageClass)`;
}

function claimOf(s: InstanceSnapshot): string {
    return `data-${s.name}-0`;
}

function storageChanged(a: InstanceSnapshot, b: InstanceSnapshot): boolean {
    if (!a.storage || !b.storage) return false;
    return a.storage.size !== b.storage.size || (a.storage.storageClassName ?? "") !== (b.storage.storageClassName ?? "");
}

function podChanged(a: InstanceSnapshot, b: InstanceSnapshot): boolean {
    if (a.podTemplate !== undefined && b.podTemplate !== undefined) return a.podTemplate !== b.podTemplate;
    return (
        a.image !== b.image ||
        a.version !== b.version ||
        a.flavor !== b.flavor ||
        a.role !== b.role ||
        a.source !== b.source ||
        Object.entries(a.details ?? {}).some(([k, v]) => b.details?.[k] !== undefined && b.details[k] !== v)
    );
}

/** The words for what differs between two snapshots of one ordinal. */
function differences(a: InstanceSnapshot, b: InstanceSnapshot, names: Map<number, string>): string[] {
    const out: string[] = [];
    if (a.flavor !== b.flavor) out.push(`flavour ${a.flavor} -> ${b.flavor}`);
    if (a.version !== b.version) out.push(`version ${a.version} -> ${b.version}`);
    else if (a.image !== b.image) out.push(`image ${a.image} -> ${b.image}`);
    if (a.template !== b.template) out.push(`template ${a.template} -> ${b.template}`);
    if (a.role !== b.role) out.push(`role ${a.role} -> ${b.role}`);
    else if (a.source !== b.source && b.source !== null)
        out.push(`source ${names.get(a.source ?? -1) ?? "none"} -> ${names.get(b.source) ?? b.source}`);
    for (const k of ["config", "resources", "scheduling"]) {
        const x = a.details?.[k];
        const y = b.details?.[k];
        if (x !== undefined && y !== undefined && x !== y) out.push(k === "config" ? "mysqld configuration" : k);
    }
    return out;
}

/** One ordinal: its change, and its snapshots on each side. */
export interface Judged {
    change: InstanceChange;
    base?: InstanceSnapshot;
    head?: InstanceSnapshot;
}

function describeChange(
    base: InstanceSnapshot | undefined,
    head: InstanceSnapshot | undefined,
    names: Map<number, string>,
): Omit<InstanceChange, "cluster" | "namespace" | "order"> {
    const ordinal = (head ?? base)!.ordinal;
    const name = (head ?? base)!.name;
    const common = { name, ordinal, before: side(base), after: side(head) };
    if (!base && head) {
        const online = head.state === "online";
        return {
            ...common,
            action: "add",
            restart: online,
            reason: online
                ? head.role === "primary"
                    ? `new primary on ${head.flavor} ${head.version}`
                    : `new replica on ${head.flavor} ${head.version}, seeded from ${names.get(head.source ?? -1) ?? "the primary"} and then replicating from it`
                : "new offline instance: a StatefulSet with no pod",
        };
    }
    if (base && !head) {
        return {
            ...common,
            action: "remove",
            restart: false,
            reason: `removed: the StatefulSet ${base.name} is deleted; the claim ${claimOf(base)} is retained${base.role === "primary" ? " (it was the primary)" : ""}`,
        };
    }
    const a = base!;
    const b = head!;
    const diffs = differences(a, b, names);
    const changed = podChanged(a, b);
    if (storageChanged(a, b)) {
        const what = `storage ${storageText(a.storage)} -> ${storageText(b.storage)}`;
        return {
            ...common,
            action: "replace",
            restart: b.state === "online",
            reason:
                `${[what, ...diffs].join(", ")}: the StatefulSet is replaced (deleted and recreated under the same name, refused while protected); ` +
                `the claim ${claimOf(a)} is retained and re-attached, not resized (expand it with kubectl first; see docs/components.md)`,
        };
    }
    if (a.state === "online" && b.state === "offline") {
        return { ...common, action: "stop", restart: false, reason: `taken offline: the pod stops; the claim ${claimOf(a)} is retained` };
    }
    if (a.state === "offline" && b.state === "online") {
        return {
            ...common,
            action: "start",
            restart: true,
            reason:
                `brought online${diffs.length ? ` (${diffs.join(", ")})` : ""}: starts on its retained claim ${claimOf(b)} if one exists, ` +
                `otherwise it is seeded from ${names.get(b.source ?? -1) ?? "the primary"}`,
        };
    }
    if (a.state === "offline") {
        return {
            ...common,
            action: "none",
            restart: false,
            reason: diffs.length ? `offline: ${diffs.join(", ")} apply when it is brought online` : "offline, unchanged",
        };
    }
    if (!changed) return { ...common, action: "none", restart: false, reason: "unchanged" };
    let how = "";
    if (a.version !== b.version || a.flavor !== b.flavor) {
        const v = inPlaceVersionChange(member(a), member(b));
        how = v.supported
            ? ` (in-place upgrade, ${v.step === "patch" ? "patch release" : "next supported series"})`
            : " (not supported in place)";
    }
    return {
        ...common,
        action: "update",
        restart: true,
        reason: `restarts: ${diffs.length ? diffs.join(", ") : "the pod template changed (Myriad's scripts or rendering)"}${how}`,
    };
}

function rolloutFix(plan: ClusterSnapshot, head: ClusterSnapshot, source: InstanceSnapshot): string {
    const primaryTemplate = source.template;
    const baseOld = plan.instances.filter((i) => i.template === primaryTemplate && i.state === "online").map((i) => i.ordinal);
    return (
        `change it in three steps, each checked with myriad check --base: (1) add a template with ${source.image} and its own ordinals (its instances are seeded from ` +
        `the primary and replicate from it, an older source); (2) once they have caught up, set primary to one of them and list the ${primaryTemplate} instances ` +
        `(${baseOld.map((o) => `${head.name}-${o}`).join(", ")}) in offlineInstances; (3) upgrade template ${primaryTemplate} in place (its instances come back as ` +
        `replicas of the new primary) or remove it; see docs/upgrading.md#bluegreen-upgrade`
    );
}

/**
 * What the transition rules judge: both sides of one cluster, each ordinal's change, and the rollout's steps. Built
 * once by `planTransition`; the rules only read it.
 */
export interface TransitionContext {
    cluster: string;
    namespace: string;
    base: ClusterSnapshot | undefined;
    head: ClusterSnapshot | undefined;
    baseBy: ReadonlyMap<number, InstanceSnapshot>;
    headBy: ReadonlyMap<number, InstanceSnapshot>;
    /** Instance name by ordinal, from either side. */
    names: ReadonlyMap<number, string>;
    /** Every ordinal of the base and the head, by ordinal. */
    judged: readonly Judged[];
    byOrdinal: ReadonlyMap<number, Judged>;
    steps: readonly RolloutStep[];
}

/** One transition rule: its rejections (severity `error`) and advisories (`warning`) for one cluster's change. */
export type TransitionCheck = (t: TransitionContext) => Finding[];

/** Rule 3: the primary moves only to an instance that holds data in the base (online there). */
export function checkPrimaryWithData({ base, head, baseBy, headBy, names }: TransitionContext): Finding[] {
    if (!base || !head || base.primary === head.primary) return [];
    const target = baseBy.get(head.primary);
    if (target && target.state === "online") return [];
    const h = headBy.get(head.primary)!;
    return [
        finding({
            code: "transition/primary-without-data",
            severity: "error",
            members: [member(h)],
            problem: `primary moves from ${names.get(base.primary)} to ${h.name}, which holds no data in the base (${target ? "it is offline there" : "it is a new instance"}): it would become the primary of an empty or stale data directory`,
            rule: TRANSITION_RULES.primaryWithData,
            fix:
                `keep primary on ${base.primary} in this change and ${target ? `bring ${h.name} online` : `add ${h.name}`} as a replica; once it has caught up ` +
                `(myriad verify), set primary to ${head.primary} in a second change`,
        }),
    ];
}

/** Rule 1: an in-place version change of an instance holding data (online in the base) follows the upgrade paths. */
export function checkInPlaceVersionChanges({ judged }: TransitionContext): Finding[] {
    return judged.flatMap((j) => {
        if (!j.base || !j.head || j.base.state !== "online") return [];
        if (j.base.version === j.head.version && j.base.flavor === j.head.flavor) return [];
        const verdict = inPlaceVersionChange(member(j.base), member(j.head));
        return verdict.finding ? [verdict.finding] : [];
    });
}

/** Advisory: an offline instance brought online on another version may start on an older retained claim. */
export function checkRetainedClaimVersion({ judged }: TransitionContext): Finding[] {
    return judged.flatMap((j) => {
        if (!j.base || !j.head || j.base.state !== "offline" || j.head.state !== "online") return [];
        if (j.base.version === j.head.version && j.base.flavor === j.head.flavor) return [];
        if (inPlaceVersionChange(member(j.base), member(j.head)).supported) return [];
        return [
            finding({
                code: "transition/retained-claim-version",
                severity: "warning",
                members: [member(j.head), member(j.base)],
                problem: `${j.head.name} is brought online on ${j.head.flavor} ${j.head.version}; if its retained claim ${claimOf(j.head)} holds data of ${j.base.flavor} ${j.base.version} (its version in the base), starting on it is not an upgrade path`,
                rule: TRANSITION_RULES.retainedClaim,
                fix: `delete the claim ${claimOf(j.head)} first if it exists (the instance is then seeded from its source), or bring it online on ${j.base.version} first`,
            }),
        ];
    });
}

/**
 * Rule 2: no step of the rollout leaves a replica replicating from a newer source. The rollout is simulated step
 * by step; every replication edge between running instances is judged after each one, except edges that are
 * wrong in the end state (the policies report those) or already run in the base (not caused by this change).
 */
export function checkRolloutSources({ base, head, headBy, byOrdinal, steps }: TransitionContext): Finding[] {
    if (!base || !head) return [];
    const findings: Finding[] = [];
    const current = new Map<number, InstanceSnapshot>();
    for (const i of base.instances) if (i.state === "online") current.set(i.ordinal, i);
    const final = new Map<number, InstanceSnapshot>();
    for (const i of head.instances) if (i.state === "online") final.set(i.ordinal, i);
    const edgeKey = (r: InstanceSnapshot, s: InstanceSnapshot) => `${r.ordinal}@${r.version}<-${s.ordinal}@${s.version}`;
    const skipped = new Set<string>();
    for (const r of final.values()) {
        const s = r.source === null ? undefined : final.get(r.source);
        if (s && !replicationEdge(member(s), member(r)).supported) skipped.add(edgeKey(r, s));
    }
    for (const r of current.values()) {
        const s = r.source === null ? undefined : current.get(r.source);
        if (s) skipped.add(edgeKey(r, s));
    }
    const reported = new Set<string>();
    const chain = steps.filter((s) => s.action !== "remove");
    chain.forEach((step, index) => {
        const h = headBy.get(step.ordinal);
        if (h && h.state === "online") current.set(step.ordinal, h);
        else current.delete(step.ordinal);
        // New unsupported edges after this step, grouped by source: one finding per source and step.
        const bySource = new Map<number, { source: InstanceSnapshot; replicas: InstanceSnapshot[]; problem: string; fix: string }>();
        for (const r of current.values()) {
            if (r.role !== "replica" || r.source === null) continue;
            const s = current.get(r.source);
            if (!s) continue;
            const key = edgeKey(r, s);
            if (reported.has(key) || skipped.has(key)) continue;
            const edge = replicationEdge(member(s), member(r));
            if (edge.supported || !edge.finding) continue;
            reported.add(key);
            const group = bySource.get(s.ordinal) ?? { source: s, replicas: [], problem: edge.finding.problem, fix: edge.finding.fix };
            group.replicas.push(r);
            bySource.set(s.ordinal, group);
        }
        const at = byOrdinal.get(step.ordinal)!.change;
        for (const g of bySource.values()) {
            const others = g.replicas.slice(1).map((r) => `${r.name} (${r.flavor} ${r.version})`);
            findings.push(
                finding({
                    code: "transition/rollout-newer-source",
                    severity: "error",
                    members: [...g.replicas.map(member), member(g.source)],
                    problem:
                        `after step ${index + 1} of the rollout (${at.name}: ${at.action}${at.after ? ` on ${at.after.version}` : ""}), ${g.problem}` +
                        (others.length ? `; so ${others.length === 1 ? "does" : "do"} ${others.join(", ")}` : ""),
                    rule: TRANSITION_RULES.rolloutNewerSource,
                    fix: g.source.role === "primary" && g.source.ordinal === base.primary ? rolloutFix(base, head, g.source) : g.fix,
                }),
            );
        }
    });
    return findings;
}

/**
 * Every transition rule, in the order their findings are reported. Rule 4 (replacements and removals are named)
 * is not a finding: `describeChange` words it in each ordinal's change.
 */
export const TRANSITION_CHECKS: readonly TransitionCheck[] = [
    checkPrimaryWithData,
    checkInPlaceVersionChanges,
    checkRetainedClaimVersion,
    checkRolloutSources,
];

/**
 * The rollout's steps: restarts in the head's rollout order, then stops and offline replacements (the offline
 * part of the chain), then removals (Pulumi deletes after it has created and updated). Numbers each restart.
 */
function rolloutSteps(head: ClusterSnapshot | undefined, judged: readonly Judged[], byOrdinal: ReadonlyMap<number, Judged>): RolloutStep[] {
    const steps: RolloutStep[] = [];
    if (head) {
        for (const h of rolloutOrder(head)) {
            const j = byOrdinal.get(h.ordinal)!;
            if (j.change.action !== "none") steps.push({ name: h.name, ordinal: h.ordinal, action: j.change.action });
        }
    }
    for (const j of judged)
        if (j.change.action === "remove") steps.push({ name: j.change.name, ordinal: j.change.ordinal, action: "remove" });
    let order = 0;
    for (const s of steps) {
        const c = byOrdinal.get(s.ordinal)!.change;
        if (c.restart) c.order = ++order;
    }
    return steps;
}

/** The change of the primary, if the head moves it. */
function switchoversOf({ cluster, namespace, base, head, names }: TransitionContext): Switchover[] {
    if (!base || !head || base.primary === head.primary) return [];
    return [
        {
            cluster,
            namespace,
            from: names.get(base.primary) ?? `${cluster}-${base.primary}`,
            to: names.get(head.primary) ?? `${cluster}-${head.primary}`,
            fromOrdinal: base.primary,
            toOrdinal: head.primary,
        },
    ];
}

/** The transition of one cluster from `base` (undefined: the cluster is new) to `head` (undefined: removed). */
export function planTransition(base: ClusterSnapshot | undefined, head: ClusterSnapshot | undefined): ClusterTransition {
    const ref = (head ?? base)!;
    const cluster = ref.name;
    const namespace = ref.namespace;
    const baseBy = new Map((base?.instances ?? []).map((i) => [i.ordinal, i]));
    const headBy = new Map((head?.instances ?? []).map((i) => [i.ordinal, i]));
    const names = new Map<number, string>();
    for (const i of [...(base?.instances ?? []), ...(head?.instances ?? [])]) names.set(i.ordinal, i.name);
    const ordinals = [...new Set([...baseBy.keys(), ...headBy.keys()])].sort((a, b) => a - b);
    const judged: Judged[] = ordinals.map((o) => {
        const b = baseBy.get(o);
        const h = headBy.get(o);
        return { base: b, head: h, change: { cluster, namespace, order: null, ...describeChange(b, h, names) } };
    });
    const byOrdinal = new Map(judged.map((j) => [j.change.ordinal, j]));
    const steps = rolloutSteps(head, judged, byOrdinal);
    const context: TransitionContext = { cluster, namespace, base, head, baseBy, headBy, names, judged, byOrdinal, steps };
    return {
        cluster,
        namespace,
        kind: base && head ? "change" : base ? "removed" : "new",
        changes: judged.map((j) => j.change),
        switchovers: switchoversOf(context),
        steps,
        findings: TRANSITION_CHECKS.flatMap((check) => check(context)),
    };
}

function key(c: Pick<ClusterSnapshot, "name" | "namespace">): string {
    return `${c.namespace}/${c.name}`;
}

/**
 * The transition of every cluster: clusters are matched by namespace and name (a cluster moved to another
 * namespace is a new cluster, with new claims, and the old one removed). Clusters in the head come first, in
 * head order, then removed ones.
 */
export function planStackTransition(base: readonly ClusterSnapshot[], head: readonly ClusterSnapshot[]): StackTransition {
    const baseBy = new Map(base.map((c) => [key(c), c]));
    const headKeys = new Set(head.map(key));
    const clusters = [
        ...head.map((h) => planTransition(baseBy.get(key(h)), h)),
        ...base.filter((b) => !headKeys.has(key(b))).map((b) => planTransition(b, undefined)),
    ];
    return { clusters, ok: !clusters.some((c) => c.findings.some((f) => f.severity === "error")) };
}

/** The transition between two planned clusters (the same cluster before and after a change). */
export function transitionOfPlans(base: ClusterPlan | undefined, head: ClusterPlan | undefined): ClusterTransition {
    return planTransition(base ? snapshotOfPlan(base) : undefined, head ? snapshotOfPlan(head) : undefined);
}
