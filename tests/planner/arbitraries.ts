/** fast-check generators of valid cluster specifications (test-only). */
import fc from "fast-check";
import type { ClusterSpec, InstanceTemplateSpec } from "../../components/spec/types";

export const IMAGES = ["mysql:5.7.44", "mysql:8.0.36", "mysql:8.4.2", "percona/percona-server:8.0.36-28", "mysql:9.1.0"];

/** A template layout: disjoint ranges, replicas that fit, offline ordinals inside the ranges. */
export const arbCluster: fc.Arbitrary<ClusterSpec> = fc
    .record({
        widths: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 5 }),
        gaps: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 5, maxLength: 5 }),
        fill: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        offlinePicks: fc.array(fc.nat(), { maxLength: 6 }),
        images: fc.array(fc.constantFrom(...IMAGES), { minLength: 5, maxLength: 5 }),
        base: fc.integer({ min: 1, max: 100000 }),
        explicitSingleRange: fc.boolean(),
    })
    .map(({ widths, gaps, fill, offlinePicks, images, base, explicitSingleRange }) => {
        let cursor = 0;
        const ranges = widths.map((w, i) => {
            const start = cursor + gaps[i];
            cursor = start + w;
            return { start, end: start + w - 1 };
        });
        const all = ranges.flatMap((r) => Array.from({ length: r.end - r.start + 1 }, (_, k) => r.start + k));
        const offline = [...new Set(offlinePicks.map((p) => all[p % all.length]))];
        const templates: InstanceTemplateSpec[] = ranges.map((r, i) => {
            const free = r.end - r.start + 1 - offline.filter((o) => o >= r.start && o <= r.end).length;
            // The first template needs an online instance for the default primary.
            const min = i === 0 ? Math.min(1, free) : 0;
            const replicas = Math.max(min, Math.floor(fill[i] * (free + 1)) > free ? free : Math.floor(fill[i] * (free + 1)));
            return { name: `t${i}`, image: images[i], replicas, ordinals: r };
        });
        return { templates, offline, base, explicitSingleRange };
    })
    .filter(({ templates }) => templates[0].replicas >= 1)
    .map(({ templates, offline, base, explicitSingleRange }) => {
        const spec: ClusterSpec = { name: "db", namespace: "ns", serverIdBase: base, templates };
        if (offline.length) spec.offlineInstances = offline;
        if (templates.length === 1 && !explicitSingleRange) {
            // A single template may omit its range: it then owns every ordinal from 0 up.
            const t = templates[0];
            const lo = t.ordinals!.start;
            spec.templates = [{ ...t, ordinals: undefined }];
            spec.offlineInstances = (spec.offlineInstances ?? []).filter((o) => o >= 0);
            if (lo > 0 && spec.offlineInstances.length === 0) delete spec.offlineInstances;
        }
        return spec;
    });

/** Deep copy (specs are plain JSON). */
export function clone<T>(v: T): T {
    return JSON.parse(JSON.stringify(v)) as T;
}
