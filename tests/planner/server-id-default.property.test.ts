/**
 * The default serverIdBase (components/planner/server-id.ts, docs/configuration.md#server_id): a function of the
 * cluster's namespace and name alone. Property-based: for any set of distinct cluster identities in a stack, the
 * default ranges are disjoint or the planner reports the collision (with a free base that resolves it); a
 * cluster's ids never change when other clusters are added or removed; an explicit serverIdBase is authoritative.
 * Table-driven: the slot arithmetic at its edges.
 */
import fc from "fast-check";
import { planClusters, planStack } from "../../components/planner/plan";
import type { ClusterPlan } from "../../components/planner/types";
import { defaultServerIdBase, serverIdSlot } from "../../components/planner/server-id";
import { MAX_SERVER_ID, SERVER_ID_SLOT_SIZE, SERVER_ID_SLOTS } from "../../components/spec/limits";
import type { ClusterSpec } from "../../components/spec/types";
import { checkDefaultServerIdSlot, checkServerIdsAcrossClusters } from "../../components/planner/checks";

const DNS_LABEL = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);

/** A cluster identity: namespace and name (names unique in a stack, as the planner requires). */
const arbIdentity = fc.record({ namespace: DNS_LABEL, name: DNS_LABEL });

const cluster = (id: { namespace: string; name: string }, replicas: number, extra: Partial<ClusterSpec> = {}): ClusterSpec => ({
    name: id.name,
    namespace: id.namespace,
    templates: [{ name: "main", image: "mysql:8.0.36", replicas }],
    ...extra,
});

/** Distinct identities with distinct names (the stack rule), each with an instance count. */
const arbStack = fc.uniqueArray(fc.record({ id: arbIdentity, replicas: fc.integer({ min: 1, max: 6 }) }), {
    minLength: 1,
    maxLength: 12,
    selector: (c) => c.id.name,
});

const idsOf = (plan: ClusterPlan) => plan.instances.map((i) => i.serverId);
const overlap = (a: ClusterPlan, b: ClusterPlan) => {
    const ids = new Set(idsOf(a));
    return idsOf(b).some((x) => ids.has(x));
};

describe("the default serverIdBase (property-based)", () => {
    it("gives distinct identities disjoint ranges, or reports the collision once per pair with a base that resolves it", () => {
        fc.assert(
            fc.property(arbStack, (stack) => {
                const specs = stack.map((c) => cluster(c.id, c.replicas));
                const r = planStack(specs);
                // Plan each alone to see the ranges whatever the stack says.
                const alone = specs.map((s) => planClusters([s]).plans[0]);
                const pairs: [number, number][] = [];
                for (let j = 0; j < alone.length; j++) for (let i = 0; i < j; i++) if (overlap(alone[i], alone[j])) pairs.push([i, j]);
                if (pairs.length === 0) {
                    expect(r.errors).toEqual([]);
                    return;
                }
                // Every collision reported, once per pair, at the later cluster, naming both.
                expect(r.errors).toHaveLength(pairs.length);
                for (const [[i, j], e] of pairs.map((p, k) => [p, r.errors[k]] as const)) {
                    expect(e.path).toBe(`clusters[${j}].serverIdBase`);
                    expect(e.message).toContain(`would be used across clusters, by cluster '${specs[j].name}'`);
                    expect(e.message).toContain(`clusters[${i}] '${specs[i].name}'`);
                    const base = Number(/serverIdBase: (\d+)/.exec(e.fix)![1]);
                    const fixed = specs.map((s, k) => (k === j ? { ...s, serverIdBase: base } : s));
                    expect(planStack(fixed).errors.filter((x) => x.path === e.path)).toEqual([]);
                }
            }),
        );
    });

    it("never moves a cluster's ids when other clusters are added or removed", () => {
        fc.assert(
            fc.property(arbStack, fc.array(fc.nat(), { maxLength: 12 }), (stack, drops) => {
                const specs = stack.map((c) => cluster(c.id, c.replicas));
                const kept = specs.filter((_, k) => !drops.includes(k));
                const full = new Map(specs.map((s) => [s.name, idsOf(planClusters([s]).plans[0])]));
                // The stack's own plans, when it plans, agree with each cluster planned alone.
                const r = planClusters(kept);
                for (const p of r.plans) expect(idsOf(p)).toEqual(full.get(p.name));
                for (const s of kept) expect(defaultServerIdBase(s.namespace!, s.name)).toBe(planClusters([s]).plans[0].serverIdBase);
            }),
        );
    });

    it("stays inside the server_id space and off slot 0, for any identity", () => {
        fc.assert(
            fc.property(arbIdentity, ({ namespace, name }) => {
                const slot = serverIdSlot(namespace, name);
                expect(slot).toBeGreaterThanOrEqual(1);
                expect(slot).toBeLessThanOrEqual(SERVER_ID_SLOTS);
                const base = defaultServerIdBase(namespace, name);
                expect(base).toBe(slot * SERVER_ID_SLOT_SIZE);
                expect(base + SERVER_ID_SLOT_SIZE - 1).toBeLessThanOrEqual(MAX_SERVER_ID);
            }),
        );
    });

    it("keeps an explicit serverIdBase authoritative", () => {
        fc.assert(
            fc.property(arbIdentity, fc.integer({ min: 1, max: MAX_SERVER_ID - 10 }), (id, base) => {
                const plan = planClusters([cluster(id, 3, { serverIdBase: base })]).plans[0];
                expect(idsOf(plan)).toEqual([base, base + 1, base + 2]);
            }),
        );
    });
});

describe("the default serverIdBase at its edges (table-driven)", () => {
    it("is a stable function of namespace and name: these values never change between releases", () => {
        // Pinned: changing the hash or the slot size would move the server_ids of every running cluster.
        expect(
            [
                ["default", "orders"],
                ["default", "users"],
                ["shop", "orders"],
            ].map(([ns, n]) => [ns, n, defaultServerIdBase(ns, n)]),
        ).toEqual([
            ["default", "orders", 4246118400],
            ["default", "users", 2910117888],
            ["shop", "orders", serverIdSlot("shop", "orders") * 4096],
        ]);
        expect(defaultServerIdBase("shop", "orders")).not.toBe(defaultServerIdBase("default", "orders"));
    });

    it("slots: 1..1048575 of 4096 ids, the last one ending at 4294967295", () => {
        expect([SERVER_ID_SLOT_SIZE, SERVER_ID_SLOTS]).toEqual([4096, 1048575]);
        expect(SERVER_ID_SLOTS * SERVER_ID_SLOT_SIZE + SERVER_ID_SLOT_SIZE - 1).toBe(MAX_SERVER_ID);
    });

    type Row = [name: string, spec: ClusterSpec, errors: number];
    const rows: Row[] = [
        ["ordinal 4095 on the default base fits its slot", cluster({ namespace: "a", name: "b" }, 4096), 0],
        ["ordinal 4096 on the default base leaves its slot", cluster({ namespace: "a", name: "b" }, 4097), 1],
        ["ordinal 4096 with an explicit base is fine", cluster({ namespace: "a", name: "b" }, 4097, { serverIdBase: 100 }), 0],
    ];
    it.each(rows)("%s", (_n, spec, n) => {
        expect(checkDefaultServerIdSlot(spec, "c")).toHaveLength(n);
    });

    it("an explicit base reaching into a default slot is reported; two explicit bases are left to the policy", () => {
        const orders = { namespace: "default", name: "orders" };
        const base = defaultServerIdBase("default", "orders");
        const into = planStack([cluster(orders, 3), cluster({ namespace: "default", name: "users" }, 2, { serverIdBase: base + 1 })]);
        expect(into.errors).toEqual([
            {
                path: "clusters[1].serverIdBase",
                value: base + 1,
                message: `server_ids ${base + 1}..${base + 2} would be used across clusters, by cluster 'users' (namespace default) and by clusters[0] 'orders' (namespace default): clusters[0] runs on the default serverIdBase, and the other's explicit serverIdBase reaches into its slot; servers of one replication topology need distinct server_ids`,
                fix: `set serverIdBase explicitly on one of them, for example serverIdBase: ${base + SERVER_ID_SLOT_SIZE} on clusters[1]`,
            },
        ]);
        const plans = planClusters([
            cluster(orders, 3, { serverIdBase: 100 }),
            cluster({ namespace: "default", name: "users" }, 2, { serverIdBase: 100 }),
        ]);
        expect(plans.errors).toEqual([]);
        expect(
            checkServerIdsAcrossClusters(
                plans.plans.map((plan, index) => ({ plan, index })),
                "clusters",
            ),
        ).toEqual([]);
    });

    it("two identities in one slot: reported once, naming both clusters and the hash collision", () => {
        // Find two names in one namespace that share a slot (a birthday search over generated names).
        const seen = new Map<number, string>();
        let pair: [string, string] | undefined;
        for (let k = 0; !pair; k++) {
            const name = `c${k}`;
            const slot = serverIdSlot("ns", name);
            const other = seen.get(slot);
            if (other) pair = [other, name];
            seen.set(slot, name);
        }
        const r = planStack([cluster({ namespace: "ns", name: pair[0] }, 3), cluster({ namespace: "ns", name: pair[1] }, 5)]);
        expect(r.errors).toHaveLength(1);
        expect(r.errors[0].message).toContain(
            `the default serverIdBase of both, derived from namespace and name, falls in slot ${serverIdSlot("ns", pair[0])} (a rare hash collision)`,
        );
        expect(r.errors[0].fix).toMatch(/^set serverIdBase explicitly on one of them, for example serverIdBase: \d+ on clusters\[1\]$/);
    });
});
