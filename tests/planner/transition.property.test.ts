/**
 * The transition check's promise, as a property: for any change plan the check accepts (no rejection of the
 * change, and an end state whose replication pairs are supported), stepping through its rollout one step at a
 * time never leaves a running replica reading from a newer source. The rollout is replayed here from the change
 * plan's own steps, independently of the check's simulation.
 */
import fc from "fast-check";
import { replicationEdge } from "../../components/compat/replication";
import { planOrThrow } from "../../components/planner/plan";
import { snapshotOfPlan, transitionOfPlans, type ClusterSnapshot, type InstanceSnapshot } from "../../components/planner/transition";
import type { ClusterPlan } from "../../components/planner/types";
import type { ClusterSpec } from "../../components/spec/types";
import { mustParseVersion } from "../../components/versions/version";
import { arbCluster, clone, IMAGES } from "./arbitraries";

const HEAD_IMAGES = [...IMAGES, "mysql:8.0.40", "mysql:8.0.35", "mysql:8.4.3", "mysql:8.4.0", "mysql:8.3.0", "mysql:9.7.0"];

const member = (i: InstanceSnapshot) => ({ name: i.name, flavor: i.flavor, version: mustParseVersion(i.version) });

/** Every replica whose source runs, judged: the newer-source pairs, as `replica <- source`. */
function newerSourcePairs(running: ReadonlyMap<number, InstanceSnapshot>): string[] {
    const out: string[] = [];
    for (const r of running.values()) {
        if (r.role !== "replica" || r.source === null) continue;
        const s = running.get(r.source);
        if (s && !replicationEdge(member(s), member(r)).supported) out.push(`${r.name} ${r.version} <- ${s.name} ${s.version}`);
    }
    return out;
}

const online = (c: ClusterSnapshot) => new Map(c.instances.filter((i) => i.state === "online").map((i) => [i.ordinal, i]));

/** A head derived from a base: images changed, replicas grown or shrunk, the primary moved. */
const arbChange = fc
    .tuple(
        arbCluster,
        fc.array(fc.option(fc.constantFrom(...HEAD_IMAGES), { nil: undefined }), { minLength: 5, maxLength: 5 }),
        fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 5, maxLength: 5 }),
        fc.option(fc.nat(), { nil: undefined }),
    )
    .map(([base, images, growth, primaryPick]) => {
        const head = clone(base);
        head.templates.forEach((t, i) => {
            if (images[i]) t.image = images[i];
            t.replicas = Math.max(i === 0 ? 1 : 0, t.replicas + growth[i]);
        });
        return { base, head, primaryPick };
    });

function planned(spec: ClusterSpec): ClusterPlan | undefined {
    try {
        return planOrThrow(spec);
    } catch {
        return undefined; // the change does not fit its ranges, or the end state is invalid: nothing to roll out
    }
}

test("for any change plan the check accepts, no step of its rollout leaves a running replica on a newer source", () => {
    let accepted = 0;
    fc.assert(
        fc.property(arbChange, ({ base, head, primaryPick }) => {
            const basePlan = planned(base);
            let headPlan = planned(head);
            if (!basePlan || !headPlan) return;
            if (primaryPick !== undefined) {
                const candidates = headPlan.instances.filter((i) => i.state === "online").map((i) => i.ordinal);
                const moved = planned({ ...head, primary: candidates[primaryPick % candidates.length] });
                if (moved) headPlan = moved;
            }
            const b = snapshotOfPlan(basePlan);
            const h = snapshotOfPlan(headPlan);
            // What the check accepts: no rejected step, and (the policies' part) supported pairs before and after.
            const tr = transitionOfPlans(basePlan, headPlan);
            if (tr.findings.some((f) => f.severity === "error")) return;
            if (newerSourcePairs(online(b)).length || newerSourcePairs(online(h)).length) return;
            accepted++;
            const running = online(b);
            const headBy = new Map(h.instances.map((i) => [i.ordinal, i]));
            // Removals come last and only take servers away; they are replayed too.
            tr.steps.forEach((step, index) => {
                const next = headBy.get(step.ordinal);
                if (next && next.state === "online") running.set(step.ordinal, next);
                else running.delete(step.ordinal);
                expect([`after step ${index + 1} (${step.name}: ${step.action})`, newerSourcePairs(running)]).toEqual([
                    `after step ${index + 1} (${step.name}: ${step.action})`,
                    [],
                ]);
            });
            expect(new Set(running.keys())).toEqual(new Set(online(h).keys()));
        }),
        { numRuns: 300 },
    );
    // The generator must produce accepted changes, or the property says nothing.
    expect(accepted).toBeGreaterThan(30);
});
