/**
 * Property tests of ordinal allocation and identity (docs/design/ordinals.md): for any valid
 * spec, ordinals and server_ids are unique; identity is a function of the ordinal alone and is stable under
 * adding, removing, reordering and resizing other templates and under offlining other instances.
 */
import fc from "fast-check";
import { planClusters } from "../../components/planner/plan";
import type { ClusterPlan, InstancePlan } from "../../components/planner/types";
import type { ClusterSpec } from "../../components/spec/types";
import { arbCluster, clone } from "./arbitraries";

function planOne(spec: ClusterSpec): ClusterPlan {
    const r = planClusters([spec]);
    if (r.errors.length) throw new Error(`unexpected errors: ${JSON.stringify(r.errors, null, 1)}`);
    return r.plans[0];
}

const identity = (i: InstancePlan) => ({ name: i.name, podName: i.podName, claimName: i.claimName, serverId: i.serverId, host: i.host });

function expectStableIdentity(before: ClusterPlan, after: ClusterPlan, keep: (i: InstancePlan) => boolean): void {
    const afterBy = new Map(after.instances.map((i) => [i.ordinal, i]));
    for (const inst of before.instances.filter(keep)) {
        // Every kept instance is still planned: the change touches other templates or instances only.
        const same = afterBy.get(inst.ordinal);
        expect({ ordinal: inst.ordinal, planned: same !== undefined }).toEqual({ ordinal: inst.ordinal, planned: true });
        expect(identity(same!)).toEqual(identity(inst));
        expect(same!.template).toBe(inst.template);
    }
}

describe("ordinal allocation (property-based)", () => {
    it("plans every valid spec with unique ordinals, names, hosts and server_ids", () => {
        fc.assert(
            fc.property(arbCluster, (spec) => {
                const plan = planOne(spec);
                const ords = plan.instances.map((i) => i.ordinal);
                expect(new Set(ords).size).toBe(ords.length);
                expect(new Set(plan.instances.map((i) => i.serverId)).size).toBe(ords.length);
                expect(new Set(plan.instances.map((i) => i.name)).size).toBe(ords.length);
                expect(new Set(plan.instances.map((i) => i.host)).size).toBe(ords.length);
                for (const i of plan.instances) {
                    expect(i.serverId).toBe(spec.serverIdBase! + i.ordinal);
                    expect(i.serverId).toBeGreaterThanOrEqual(1);
                    expect(i.serverId).toBeLessThanOrEqual(4294967295);
                }
            }),
            { numRuns: 300 },
        );
    });

    it("gives each template exactly `replicas` online instances: the lowest non-offline ordinals of its range", () => {
        fc.assert(
            fc.property(arbCluster, (spec) => {
                const plan = planOne(spec);
                const offline = new Set(spec.offlineInstances ?? []);
                spec.templates.forEach((t) => {
                    const mine = plan.instances.filter((i) => i.template === t.name);
                    const online = mine.filter((i) => i.state === "online").map((i) => i.ordinal);
                    expect(online).toHaveLength(t.replicas);
                    const start = t.ordinals?.start ?? 0;
                    const expected: number[] = [];
                    for (let o = start; expected.length < t.replicas; o++) if (!offline.has(o)) expected.push(o);
                    expect(online).toEqual(expected);
                    for (const i of mine.filter((x) => x.state === "offline")) expect(offline.has(i.ordinal)).toBe(true);
                });
                expect(
                    plan.instances
                        .filter((i) => i.state === "offline")
                        .map((i) => i.ordinal)
                        .sort((a, b) => a - b),
                ).toEqual([...offline].sort((a, b) => a - b));
            }),
            { numRuns: 300 },
        );
    });

    it("has exactly one primary, online, and every async replica replicates from it", () => {
        fc.assert(
            fc.property(arbCluster, (spec) => {
                const plan = planOne(spec);
                const primaries = plan.instances.filter((i) => i.role === "primary");
                expect(primaries).toHaveLength(1);
                expect(primaries[0].state).toBe("online");
                expect(primaries[0].ordinal).toBe(plan.primary);
                expect(primaries[0].template).toBe(spec.templates[0].name);
                for (const r of plan.instances.filter((i) => i.role === "replica")) expect(r.source).toBe(plan.primary);
            }),
            { numRuns: 200 },
        );
    });

    it("is deterministic", () => {
        fc.assert(
            fc.property(arbCluster, (spec) => {
                expect(planClusters([clone(spec)])).toEqual(planClusters([clone(spec)]));
            }),
            { numRuns: 100 },
        );
    });

    it("keeps identities when templates are reordered", () => {
        fc.assert(
            fc.property(arbCluster, fc.nat(), (spec, seed) => {
                fc.pre(spec.templates.length > 1);
                const before = planOne(spec);
                const moved = clone(spec);
                const [first, ...rest] = moved.templates;
                rest.splice(seed % (rest.length + 1), 0, first);
                moved.templates = rest;
                moved.primary = before.primary;
                expectStableIdentity(before, planOne(moved), () => true);
            }),
            { numRuns: 200 },
        );
    });

    it("keeps other templates' identities when a template is resized, removed or added", () => {
        fc.assert(
            fc.property(arbCluster, fc.nat(), fc.nat(), (spec, pick, size) => {
                fc.pre(spec.templates.length > 1);
                const before = planOne(spec);
                const t = 1 + (pick % (spec.templates.length - 1)); // never the primary's template
                const name = spec.templates[t].name;
                const others = (i: InstancePlan) => i.template !== name;

                const resized = clone(spec);
                const r = resized.templates[t];
                const free =
                    r.ordinals!.end -
                    r.ordinals!.start +
                    1 -
                    (resized.offlineInstances ?? []).filter((o) => o >= r.ordinals!.start && o <= r.ordinals!.end).length;
                r.replicas = size % (free + 1);
                expectStableIdentity(before, planOne(resized), others);

                const removed = clone(spec);
                removed.templates.splice(t, 1);
                removed.offlineInstances = (removed.offlineInstances ?? []).filter((o) => o < r.ordinals!.start || o > r.ordinals!.end);
                expectStableIdentity(before, planOne(removed), others);

                const added = clone(spec);
                const top = Math.max(...added.templates.map((x) => x.ordinals!.end));
                added.templates.push({ name: "added", image: "mysql:8.0.36", replicas: 2, ordinals: { start: top + 1, end: top + 4 } });
                expectStableIdentity(before, planOne(added), () => true);
            }),
            { numRuns: 200 },
        );
    });

    it("keeps every other instance's identity when an instance is taken offline", () => {
        fc.assert(
            fc.property(arbCluster, fc.nat(), (spec, pick) => {
                const before = planOne(spec);
                const candidates = before.instances.filter((i) => i.state === "online" && i.role === "replica");
                fc.pre(candidates.length > 0);
                const victim = candidates[pick % candidates.length];
                const after = clone(spec);
                after.offlineInstances = [...(after.offlineInstances ?? []), victim.ordinal];
                // Keep the template's online count when its range has room, as an operator taking one pod out would.
                const afterPlan = planClusters([after]);
                if (afterPlan.errors.length) {
                    // Only legal failure: the template's range is full; shrinking replicas then succeeds.
                    const t = after.templates.findIndex((x) => x.name === victim.template);
                    expect(afterPlan.errors.map((e) => [e.path, e.message.replace(/ \(.*\)/, "")])).toEqual([
                        [
                            `clusters[0].templates[${t}].replicas`,
                            expect.stringMatching(
                                new RegExp(
                                    `^template '${victim.template}' owns ordinals .*, which leaves room for only \\d+ online instances$`,
                                ),
                            ),
                        ],
                    ]);
                    after.templates[t].replicas -= 1;
                }
                const plan2 = planOne(after);
                const v2 = plan2.instances.find((i) => i.ordinal === victim.ordinal)!;
                expect(v2.state).toBe("offline");
                expect(identity(v2)).toEqual(identity(victim));
                expectStableIdentity(before, plan2, (i) => i.ordinal !== victim.ordinal);
            }),
            { numRuns: 200 },
        );
    });
});
