/**
 * The transition rules (components/planner/transition.ts): table-driven over base -> head changes of specs,
 * the upgrade flows of docs/upgrading.md (every step passes), and properties of the change plan.
 */
import * as path from "node:path";
import fc from "fast-check";
import { planOrThrow, planStack } from "../../components/planner/plan";
import { rolloutOrder } from "../../components/planner/rollout";
import {
    planStackTransition,
    planTransition,
    snapshotOfPlan,
    transitionOfPlans,
    TRANSITION_RULES,
    type ClusterTransition,
} from "../../components/planner/transition";
import type { ClusterPlan } from "../../components/planner/types";
import type { ClusterSpec, InstanceTemplateSpec } from "../../components/spec/types";
import { loadConfigFile } from "../../infra/stack-config/load";
import { arbCluster, clone } from "./arbitraries";
import { inPlaceVersionChange } from "../../components/compat/in-place";
import { replicationEdge } from "../../components/compat/replication";
import { mustParseVersion } from "../../components/versions/version";

const FIXTURES = path.join(__dirname, "..", "fixtures", "transition");

function fixturePlan(file: string): ClusterPlan {
    const { plans, errors } = planStack(loadConfigFile(path.join(FIXTURES, file)).clusters);
    expect(errors).toEqual([]);
    return plans[0];
}

const t = (
    name: string,
    image: string,
    replicas: number,
    start: number,
    extra: Partial<InstanceTemplateSpec> = {},
): InstanceTemplateSpec => ({
    name,
    image,
    replicas,
    ordinals: { start, end: start + 9 },
    storage: { size: "20Gi" },
    ...extra,
});

const cluster = (templates: InstanceTemplateSpec[], extra: Partial<ClusterSpec> = {}): ClusterSpec => ({
    name: "orders",
    namespace: "shop",
    ...extra,
    templates,
});

function transition(base: ClusterSpec, head: ClusterSpec): ClusterTransition {
    return transitionOfPlans(planOrThrow(base), planOrThrow(head));
}

const codes = (tr: ClusterTransition) => tr.findings.filter((f) => f.severity === "error").map((f) => f.code);
const change = (tr: ClusterTransition, ordinal: number) => tr.changes.find((c) => c.ordinal === ordinal)!;

interface Row {
    what: string;
    base: ClusterSpec;
    head: ClusterSpec;
    /** Error codes expected (empty: accepted). */
    rejects: string[];
    /** Per ordinal: expected action, restart and order. */
    expect?: Record<number, { action: string; restart?: boolean; order?: number | null }>;
}

const blue80 = (extra: Partial<InstanceTemplateSpec> = {}) => t("blue", "mysql:8.0.40", 3, 0, extra);

const ROWS: Row[] = [
    {
        what: "patch upgrade of the template holding the primary: the primary restarts first and feeds older replicas",
        base: cluster([blue80()]),
        head: cluster([t("blue", "mysql:8.0.41", 3, 0)]),
        rejects: ["transition/rollout-newer-source"],
        expect: { 0: { action: "update", restart: true, order: 1 }, 1: { action: "update", order: 2 }, 2: { action: "update", order: 3 } },
    },
    {
        what: "series upgrade of the template holding the primary (8.0 -> 8.4) is rejected with the safe sequence",
        base: cluster([blue80()]),
        head: cluster([t("blue", "mysql:8.4.3", 3, 0)]),
        rejects: ["transition/rollout-newer-source"],
    },
    {
        what: "patch upgrade of a replica-only template",
        base: cluster([blue80(), t("green", "mysql:8.4.2", 2, 10)]),
        head: cluster([blue80(), t("green", "mysql:8.4.3", 2, 10)]),
        rejects: [],
        expect: {
            0: { action: "none", restart: false, order: null },
            10: { action: "update", order: 1 },
            11: { action: "update", order: 2 },
        },
    },
    {
        what: "series upgrade of a replica-only template along the path (8.0 -> 8.4)",
        base: cluster([blue80(), t("green", "mysql:8.0.40", 1, 10)]),
        head: cluster([blue80(), t("green", "mysql:8.4.3", 1, 10)]),
        rejects: [],
    },
    {
        what: "a skipped series in place (5.7 -> 8.4)",
        base: cluster([t("blue", "mysql:5.7.44", 2, 0), t("green", "mysql:5.7.44", 1, 10)]),
        head: cluster([t("blue", "mysql:5.7.44", 2, 0), t("green", "mysql:8.4.3", 1, 10)]),
        rejects: ["in-place/skips-series"],
    },
    {
        what: "a downgrade in place (8.4 -> 8.0)",
        base: cluster([blue80(), t("green", "mysql:8.4.3", 1, 10)]),
        head: cluster([blue80(), t("green", "mysql:8.0.40", 1, 10)]),
        rejects: ["in-place/downgrade"],
    },
    {
        what: "a patch downgrade in place",
        base: cluster([blue80(), t("green", "mysql:8.0.41", 1, 10)]),
        head: cluster([blue80(), t("green", "mysql:8.0.40", 1, 10)]),
        rejects: ["in-place/downgrade"],
    },
    {
        what: "a flavour change in place (MySQL -> Percona Server)",
        base: cluster([blue80(), t("green", "mysql:8.0.40", 1, 10)]),
        head: cluster([blue80(), t("green", "percona/percona-server:8.0.40-31", 1, 10)]),
        rejects: ["in-place/flavor-change"],
    },
    {
        what: "MariaDB: a series upgrade of a replica in place",
        base: cluster([t("blue", "mariadb:10.11.11", 2, 0), t("green", "mariadb:10.11.11", 1, 10)], { flavor: "mariadb" }),
        head: cluster([t("blue", "mariadb:10.11.11", 2, 0), t("green", "mariadb:11.4.5", 1, 10)], { flavor: "mariadb" }),
        rejects: [],
    },
    {
        what: "MariaDB: upgrading the primary's template in place",
        base: cluster([t("blue", "mariadb:10.11.11", 2, 0)], { flavor: "mariadb" }),
        head: cluster([t("blue", "mariadb:11.4.5", 2, 0)], { flavor: "mariadb" }),
        rejects: ["transition/rollout-newer-source"],
    },
    {
        what: "primary moved to a new ordinal",
        base: cluster([blue80()]),
        head: cluster([blue80(), t("green", "mysql:8.0.40", 1, 10)], { primary: 10 }),
        rejects: ["transition/primary-without-data"],
        expect: { 10: { action: "add", restart: true, order: 1 }, 0: { action: "update", order: 2 } },
    },
    {
        what: "primary moved to an instance that was offline",
        base: cluster([blue80()], { offlineInstances: [1] }),
        head: cluster([t("blue", "mysql:8.0.40", 3, 0)], { primary: 1 }),
        rejects: ["transition/primary-without-data"],
    },
    {
        what: "primary moved to an online replica of the same version",
        base: cluster([blue80()]),
        head: cluster([blue80()], { primary: 2 }),
        rejects: [],
        expect: { 2: { action: "update", order: 1 }, 0: { action: "update", order: 2 }, 1: { action: "update", order: 3 } },
    },
    {
        what: "storage size change: every StatefulSet replaced, named",
        base: cluster([blue80()]),
        head: cluster([blue80({ storage: { size: "50Gi" } })]),
        rejects: [],
        expect: { 0: { action: "replace", restart: true, order: 1 }, 2: { action: "replace", order: 3 } },
    },
    {
        what: "StorageClass change",
        base: cluster([blue80()]),
        head: cluster([blue80({ storage: { size: "20Gi", storageClassName: "fast-ssd" } })]),
        rejects: [],
        expect: { 1: { action: "replace", order: 2 } },
    },
    {
        what: "removal of an instance",
        base: cluster([blue80()]),
        head: cluster([t("blue", "mysql:8.0.40", 2, 0)]),
        rejects: [],
        expect: { 2: { action: "remove", restart: false, order: null }, 0: { action: "none" } },
    },
    {
        what: "taking an instance offline and back",
        base: cluster([blue80()]),
        head: cluster([t("blue", "mysql:8.0.40", 2, 0)], { offlineInstances: [1] }),
        rejects: [],
        expect: { 1: { action: "stop", restart: false, order: null }, 2: { action: "none" } },
    },
    {
        what: "a canary added",
        base: cluster([blue80()]),
        head: cluster([blue80(), t("canary", "mysql:8.4.3", 1, 10)]),
        rejects: [],
        expect: { 10: { action: "add", restart: true, order: 1 }, 0: { action: "none", restart: false } },
    },
    {
        what: "a configuration change restarts every instance of the template, primary first",
        base: cluster([blue80()]),
        head: cluster([blue80({ config: { max_connections: 500 } })]),
        rejects: [],
        expect: { 0: { action: "update", order: 1 }, 1: { action: "update", order: 2 } },
    },
    {
        what: "removing a replica while upgrading the primary's template: the removed replica still runs during the rollout",
        base: cluster([blue80(), t("green", "mysql:8.0.40", 1, 10)]),
        head: cluster([t("blue", "mysql:8.4.3", 3, 0)]),
        rejects: ["transition/rollout-newer-source"],
    },
];

describe("transition rules", () => {
    test.each(ROWS)("$what", ({ base, head, rejects, expect: byOrdinal }) => {
        const tr = transition(base, head);
        expect([...new Set(codes(tr))].sort()).toEqual([...rejects].sort());
        for (const [o, e] of Object.entries(byOrdinal ?? {})) {
            const c = change(tr, Number(o));
            expect(c.action).toBe(e.action);
            if (e.restart !== undefined) expect(c.restart).toBe(e.restart);
            if (e.order !== undefined) expect(c.order).toBe(e.order);
        }
        for (const f of tr.findings) expect(f.message).toMatch(/Rule: ".+" \(.+\)\. Instead: /);
    });

    test("the in-place upgrade of the primary's template is rejected with the three-step sequence", () => {
        const tr = transition(cluster([blue80()]), cluster([t("blue", "mysql:8.4.3", 3, 0)]));
        const f = tr.findings.find((x) => x.code === "transition/rollout-newer-source")!;
        expect(f.problem).toContain("after step 1 of the rollout (orders-0: update on 8.4.3)");
        expect(f.fix).toContain("(1) add a template with mysql:8.4.3");
        expect(f.fix).toContain("(orders-0, orders-1, orders-2) in offlineInstances");
        expect(f.fix).toContain("(3) upgrade template blue in place");
    });

    test("primary to an empty instance names the fix", () => {
        const tr = transition(cluster([blue80()]), cluster([blue80(), t("green", "mysql:8.0.40", 1, 10)], { primary: 10 }));
        const f = tr.findings.find((x) => x.code === "transition/primary-without-data")!;
        expect(f.problem).toContain("orders-10, which holds no data in the base (it is a new instance)");
        expect(f.fix).toContain("keep primary on 0 in this change and add orders-10 as a replica");
        expect(tr.switchovers).toEqual([
            { cluster: "orders", namespace: "shop", from: "orders-0", to: "orders-10", fromOrdinal: 0, toOrdinal: 10 },
        ]);
    });

    test("replacement and removal reasons name the retained claims", () => {
        const tr = transition(cluster([blue80()]), cluster([t("blue", "mysql:8.0.40", 2, 0, { storage: { size: "50Gi" } })]));
        expect(change(tr, 0).reason).toContain("storage 20Gi (default StorageClass) -> 50Gi (default StorageClass)");
        expect(change(tr, 0).reason).toContain("the claim data-orders-0-0 is retained and re-attached, not resized");
        expect(change(tr, 2).reason).toBe("removed: the StatefulSet orders-2 is deleted; the claim data-orders-2-0 is retained");
        expect(tr.steps.map((s) => `${s.name}:${s.action}`)).toEqual(["orders-0:replace", "orders-1:replace", "orders-2:remove"]);
    });

    test("an offline instance brought online on a version its claim cannot be upgraded from is an advisory", () => {
        const tr = transition(
            cluster([blue80(), t("green", "mysql:8.4.3", 1, 10)], { offlineInstances: [10] }),
            cluster([blue80(), t("green", "mysql:8.0.40", 1, 10)]),
        );
        expect(codes(tr)).toEqual([]);
        expect(tr.findings.map((f) => f.code)).toEqual(["transition/retained-claim-version"]);
        expect(change(tr, 10).action).toBe("start");
    });
});

describe("the upgrade flows of docs/upgrading.md", () => {
    const flows: Record<string, string[]> = {
        canary: ["v1.yaml", "canary-1.yaml", "canary-2.yaml", "canary-3.yaml", "canary-4.yaml"],
        "blue/green": ["v1.yaml", "bluegreen-1.yaml", "bluegreen-2.yaml", "bluegreen-3.yaml"],
    };
    test.each(Object.entries(flows))("%s: every step passes", (_, files) => {
        for (let i = 1; i < files.length; i++) {
            const tr = transitionOfPlans(fixturePlan(files[i - 1]), fixturePlan(files[i]));
            expect({ step: files[i], findings: tr.findings.map((f) => f.message) }).toEqual({ step: files[i], findings: [] });
        }
    });

    test("the switch step moves the primary and stops the old instances after the new ones restart", () => {
        const tr = transitionOfPlans(fixturePlan("canary-2.yaml"), fixturePlan("canary-3.yaml"));
        expect(tr.switchovers.map((s) => [s.from, s.to])).toEqual([["orders-0", "orders-10"]]);
        expect(tr.steps.map((s) => `${s.name}:${s.action}`)).toEqual([
            "orders-10:update",
            "orders-11:update",
            "orders-12:update",
            "orders-0:stop",
            "orders-1:stop",
            "orders-2:stop",
        ]);
    });

    test("the rejected examples of docs/upgrading.md are rejected", () => {
        expect(codes(transitionOfPlans(fixturePlan("v1.yaml"), fixturePlan("in-place-primary.yaml")))).toContain(
            "transition/rollout-newer-source",
        );
        expect(codes(transitionOfPlans(fixturePlan("v1.yaml"), fixturePlan("primary-to-new.yaml")))).toEqual([
            "transition/primary-without-data",
        ]);
        expect(codes(transitionOfPlans(fixturePlan("v1.yaml"), fixturePlan("storage-and-removal.yaml")))).toEqual([]);
    });
});

describe("change plan properties", () => {
    test("a plan against itself changes nothing", () => {
        fc.assert(
            fc.property(arbCluster, (spec) => {
                const plan = planOrThrow(spec);
                const tr = planTransition(snapshotOfPlan(plan), snapshotOfPlan(plan));
                expect(tr.findings).toEqual([]);
                expect(tr.switchovers).toEqual([]);
                expect(tr.steps).toEqual([]);
                expect(tr.changes.every((c) => c.action === "none" && !c.restart && c.order === null)).toBe(true);
            }),
            { numRuns: 50 },
        );
    });

    test("orders number the restarts 1..n in the head's rollout order; stops and removals follow every restart", () => {
        const arbPair = fc.tuple(arbCluster, fc.nat(), fc.nat(), fc.boolean()).map(([spec, pick, grow, cfg]) => {
            const head = clone(spec);
            const tpl = head.templates[pick % head.templates.length];
            // One replica more or fewer, within what the template's range has room for (so the head always plans).
            const r = tpl.ordinals;
            const room = r
                ? r.end - r.start + 1 - (head.offlineInstances ?? []).filter((o) => o >= r.start && o <= r.end).length
                : Infinity;
            tpl.replicas = Math.min(room, Math.max(tpl === head.templates[0] ? 1 : 0, tpl.replicas + ((grow % 3) - 1)));
            if (cfg) tpl.config = { max_connections: 321 };
            return { spec, head };
        });
        fc.assert(
            fc.property(arbPair, ({ spec, head }) => {
                const headPlan = planOrThrow(head);
                const tr = transitionOfPlans(planOrThrow(spec), headPlan);
                const restarts = tr.changes.filter((c) => c.restart).sort((a, b) => a.order! - b.order!);
                expect(restarts.map((c) => c.order)).toEqual(restarts.map((_, i) => i + 1));
                expect(tr.changes.filter((c) => !c.restart).every((c) => c.order === null)).toBe(true);
                const chain = rolloutOrder(headPlan).map((i) => i.ordinal);
                const positions = restarts.map((c) => chain.indexOf(c.ordinal));
                expect(positions).toEqual([...positions].sort((a, b) => a - b));
                const firstNonRestart = tr.steps.findIndex((s) => !tr.changes.find((c) => c.ordinal === s.ordinal)!.restart);
                if (firstNonRestart >= 0)
                    expect(tr.steps.slice(firstNonRestart).every((s) => !tr.changes.find((c) => c.ordinal === s.ordinal)!.restart)).toBe(
                        true,
                    );
            }),
            { numRuns: 50 },
        );
    });

    const VERSIONS = ["5.7.44", "8.0.36", "8.0.40", "8.3.0", "8.4.2", "8.4.3", "9.1.0", "9.7.0"];

    test("no version change of the template holding the primary passes while it has online replicas (StatefulSets roll primary first)", () => {
        fc.assert(
            fc.property(fc.constantFrom(...VERSIONS), fc.constantFrom(...VERSIONS), fc.integer({ min: 2, max: 5 }), (a, b, n) => {
                fc.pre(a !== b);
                const tr = transition(cluster([t("main", `mysql:${a}`, n, 0)]), cluster([t("main", `mysql:${b}`, n, 0)]));
                const member = (v: string) => ({ name: "x", flavor: "mysql" as const, version: mustParseVersion(v) });
                // Each of the n instances changes version in place; the primary restarts first, so its replicas then
                // replicate from it on b while still on a: one rollout finding after step 1 unless that edge is supported.
                const inPlace = inPlaceVersionChange(member(a), member(b)).finding;
                const rolloutRejected = !replicationEdge(member(b), member(a)).supported;
                const expected = [
                    ...(inPlace?.severity === "error" ? Array<string>(n).fill(inPlace.code) : []),
                    ...(rolloutRejected ? ["transition/rollout-newer-source"] : []),
                ];
                expect(expected.length).toBeGreaterThan(0);
                expect(codes(tr)).toEqual(expected);
                if (rolloutRejected) {
                    const f = tr.findings.find((x) => x.code === "transition/rollout-newer-source")!;
                    expect(f.rule).toEqual(TRANSITION_RULES.rolloutNewerSource);
                    expect(f.subjects).toEqual([...Array.from({ length: n - 1 }, (_, i) => `orders-${i + 1}`), "orders-0"]);
                    expect(f.problem).toMatch(
                        new RegExp(`^after step 1 of the rollout \\(orders-0: update on ${b.replace(/\./g, "\\.")}\\), `),
                    );
                    expect(f.fix).toBe(
                        `change it in three steps, each checked with myriad check --base: (1) add a template with mysql:${b} and its own ordinals (its instances are seeded from ` +
                            `the primary and replicate from it, an older source); (2) once they have caught up, set primary to one of them and list the main instances ` +
                            `(${Array.from({ length: n }, (_, i) => `orders-${i}`).join(", ")}) in offlineInstances; (3) upgrade template main in place (its instances come back as ` +
                            `replicas of the new primary) or remove it; see docs/upgrading.md#bluegreen-upgrade`,
                    );
                }
            }),
        );
    });

    test("a replica-only template changes version in place exactly when the upgrade path allows it", () => {
        fc.assert(
            fc.property(fc.constantFrom(...VERSIONS), fc.constantFrom(...VERSIONS), fc.constantFrom(...VERSIONS), (p, a, b) => {
                const base = cluster([t("main", `mysql:${p}`, 1, 0), t("r", `mysql:${a}`, 2, 10)]);
                const head = cluster([t("main", `mysql:${p}`, 1, 0), t("r", `mysql:${b}`, 2, 10)]);
                const tr = transition(base, head);
                const member = (v: string) => ({ name: "x", flavor: "mysql" as const, version: mustParseVersion(v) });
                const verdict = inPlaceVersionChange(member(a), member(b));
                // The replicas replicate from the unchanged primary at every step as in the end state, where the
                // policy judges the edge; so the transition rejects exactly the unsupported in-place changes.
                expect(codes(tr)).toEqual(verdict.supported ? [] : [verdict.finding!.code, verdict.finding!.code]);
                expect(
                    replicationEdge(member(p), member(b)).supported || tr.findings.every((f) => !f.code.startsWith("transition/rollout")),
                ).toBe(true);
                if (a !== b) expect(tr.changes.filter((c) => c.ordinal >= 10).every((c) => c.restart)).toBe(true);
            }),
        );
    });

    test("clusters are matched by namespace and name", () => {
        const a = snapshotOfPlan(planOrThrow(cluster([blue80()])));
        const moved = { ...a, namespace: "other" };
        const st = planStackTransition([a], [moved]);
        expect(st.clusters.map((c) => `${c.namespace}/${c.cluster}:${c.kind}`)).toEqual(["other/orders:new", "shop/orders:removed"]);
        expect(st.clusters[1].changes.every((c) => c.action === "remove")).toBe(true);
        expect(st.ok).toBe(true);
    });
});
