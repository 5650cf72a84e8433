/**
 * Every structural error is reported before any resource exists, all at once, each naming the field path,
 * the bad value and the fix. Faults are injected into random valid specs; each fault states the path and the
 * value its error must carry.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { planClusters } from "../../components/planner/plan";
import type { StructuralError } from "../../components/spec/errors";
import type { ClusterSpec } from "../../components/spec/types";
import { arbCluster, clone } from "./arbitraries";

/** A fault: how to inject it, and the path and value of the error it must cause (`value` of the broken spec). */
type Fault = { name: string; apply: (s: ClusterSpec) => boolean; path: RegExp; value: (s: ClusterSpec) => unknown };

const lastEnd = (s: ClusterSpec) => Math.max(...s.templates.map((t) => t.ordinals?.end ?? t.replicas + (s.offlineInstances?.length ?? 0)));

const FAULTS: Fault[] = [
    {
        name: "overlapping ranges",
        path: /templates\[\d+\]\.ordinals$/,
        value: (s) => s.templates[1].ordinals,
        apply: (s) => {
            if (s.templates.length < 2) return false;
            s.templates[1].ordinals = { ...s.templates[0].ordinals! };
            return true;
        },
    },
    {
        name: "offline ordinal outside every template",
        path: /offlineInstances\[\d+\]$/,
        value: (s) => s.offlineInstances![s.offlineInstances!.length - 1],
        apply: (s) => {
            if (!s.templates.every((t) => t.ordinals)) return false;
            s.offlineInstances = [...(s.offlineInstances ?? []), lastEnd(s) + 7];
            return true;
        },
    },
    {
        name: "primary offline",
        path: /\.primary$/,
        value: (s) => s.primary,
        apply: (s) => {
            s.primary = s.templates[0].ordinals?.start ?? 0;
            s.offlineInstances = [...new Set([...(s.offlineInstances ?? []), s.primary])];
            return true;
        },
    },
    {
        name: "primary outside every template",
        path: /\.primary$/,
        value: (s) => s.primary,
        apply: (s) => {
            if (!s.templates.every((t) => t.ordinals)) return false;
            s.primary = lastEnd(s) + 3;
            return true;
        },
    },
    {
        name: "replicas that do not fit the range",
        path: /templates\[\d+\]\.replicas$/,
        value: (s) => s.templates[s.templates.length - 1].replicas,
        apply: (s) => {
            const t = s.templates[s.templates.length - 1];
            if (!t.ordinals) return false;
            t.replicas = t.ordinals.end - t.ordinals.start + 2;
            return true;
        },
    },
    {
        name: "duplicate template names",
        path: /templates\[\d+\]\.name$/,
        value: (s) => s.templates[0].name,
        apply: (s) => {
            if (s.templates.length < 2) return false;
            s.templates[1].name = s.templates[0].name;
            return true;
        },
    },
    {
        name: "invalid template name",
        path: /templates\[0\]\.name$/,
        value: () => "Bad_Name",
        apply: (s) => {
            s.templates[0].name = "Bad_Name";
            return true;
        },
    },
    {
        name: "invalid cluster name",
        path: /clusters\[0\]\.name$/,
        value: () => "9-starts-with-digit",
        apply: (s) => {
            s.name = "9-starts-with-digit";
            return true;
        },
    },
    {
        name: "cluster name too long",
        path: /clusters\[0\]\.name$/,
        value: () => "a".repeat(41),
        apply: (s) => {
            s.name = "a".repeat(41);
            return true;
        },
    },
    {
        name: "several templates without ranges",
        path: /templates\[\d+\]\.ordinals$/,
        value: () => undefined,
        apply: (s) => {
            if (s.templates.length < 2) return false;
            delete s.templates[1].ordinals;
            return true;
        },
    },
    {
        name: "server_id above the maximum",
        path: /\.serverIdBase$/,
        value: () => 4294967296,
        apply: (s) => {
            s.serverIdBase = 4294967296;
            return true;
        },
    },
    {
        name: "server_id base zero",
        path: /\.serverIdBase$/,
        value: () => 0,
        apply: (s) => {
            s.serverIdBase = 0;
            return true;
        },
    },
    {
        name: "unknown key",
        path: /templates\[0\]\.replica$/,
        value: () => 3,
        apply: (s) => {
            (s.templates[0] as unknown as Record<string, unknown>).replica = 3;
            return true;
        },
    },
    {
        name: "managed config key",
        path: /templates\[0\]\.config\.server_id$/,
        value: () => 7,
        apply: (s) => {
            s.templates[0].config = { server_id: 7 };
            return true;
        },
    },
    {
        name: "unpinned image without version",
        path: /templates\[0\]\.image$/,
        value: () => "mysql:latest",
        apply: (s) => {
            s.templates[0].image = "mysql:latest";
            return true;
        },
    },
    {
        name: "version disagreeing with the tag",
        path: /templates\[0\]\.version$/,
        value: () => "5.6.1",
        apply: (s) => {
            s.templates[0].version = "5.6.1";
            return true;
        },
    },
    {
        name: "semisync settings in async mode",
        path: /\.semisync$/,
        value: () => ({ waitForReplicaCount: 1 }),
        apply: (s) => {
            s.semisync = { waitForReplicaCount: 1 };
            return true;
        },
    },
];

function expectWellFormed(errors: StructuralError[]): void {
    for (const e of errors) {
        expect(e.path).toMatch(/^clusters\[\d+\]/);
        expect(Object.keys(e).sort()).toEqual(["fix", "message", "path", "value"]);
        expect(e.message.length).toBeGreaterThan(5);
        expect(e.fix.length).toBeGreaterThan(5);
    }
}

describe("structural errors (property-based fault injection)", () => {
    for (const fault of FAULTS) {
        it(`reports ${fault.name} with its path, value and fix`, () => {
            fc.assert(
                fc.property(arbCluster, (spec) => {
                    const broken = clone(spec);
                    fc.pre(fault.apply(broken));
                    const r = planClusters([broken]);
                    expect(r.plans).toEqual([]);
                    const value = fault.value(broken);
                    expect(r.errors.some((e) => fault.path.test(e.path) && isDeepStrictEqual(e.value, value))).toBe(true);
                    expectWellFormed(r.errors);
                }),
                { numRuns: 60 },
            );
        });
    }

    it("reports every fault at once, across clusters", () => {
        fc.assert(
            fc.property(arbCluster, arbCluster, (a, b) => {
                const x = clone(a);
                const y = clone({ ...b, name: "other" });
                x.templates[0].config = { "log-bin": "OFF" };
                y.serverIdBase = 0;
                const r = planClusters([x, y]);
                expect(r.errors).toContainEqual(expect.objectContaining({ path: "clusters[0].templates[0].config.log-bin", value: "OFF" }));
                expect(r.errors).toContainEqual(expect.objectContaining({ path: "clusters[1].serverIdBase", value: 0 }));
                expectWellFormed(r.errors);
            }),
            { numRuns: 50 },
        );
    });
});

describe("structural errors (examples)", () => {
    const base = (): ClusterSpec => ({ name: "orders", templates: [{ name: "main", image: "mysql:8.0.36", replicas: 3 }] });

    it("quotes the bad value and the fix in one line", () => {
        const s = base();
        s.primary = 0;
        s.offlineInstances = [0];
        const r = planClusters([s]);
        const e = r.errors.find((x) => x.path === "clusters[0].primary")!;
        expect(e.value).toBe(0);
        expect(e.message).toContain("ordinal 0 is offline");
        expect(e.fix).toContain("1, 2, 3");
    });

    it("reports unknown keys together with the other errors of the same cluster", () => {
        const s = base() as unknown as Record<string, unknown>;
        s.replicaz = 3;
        s.serverIdBase = 0;
        const r = planClusters([s]);
        expect(r.errors.map((e) => e.path).sort()).toEqual(["clusters[0].replicaz", "clusters[0].serverIdBase"]);
        expect(r.plans).toEqual([]);
    });

    it("reports an out-of-range server_id once, naming the highest ordinal", () => {
        const s = base();
        s.serverIdBase = 4294967294;
        const r = planClusters([s]);
        expect(r.errors).toHaveLength(1);
        expect(r.errors[0].message).toContain("ordinal 2");
        expect(r.errors[0].fix).toContain("4294967293");
    });

    it("refuses a non-list configuration", () => {
        expect(planClusters({ name: "x" }).errors[0]).toMatchObject({ path: "clusters" });
        expect(planClusters([]).errors[0]).toMatchObject({ path: "clusters" });
    });

    it("refuses clusters whose object names collide in one namespace", () => {
        const a = base();
        const b: ClusterSpec = { name: "orders-primary", templates: [{ name: "main", image: "mysql:8.0.36", replicas: 1 }] };
        const r = planClusters([a, b]);
        expect(r.errors.map((e) => e.message).join("\n")).toContain("'orders-primary'");
        const c = { ...b, namespace: "elsewhere" };
        expect(planClusters([a, c]).errors).toEqual([]);
    });

    it("compares names per kind: a Service and a ConfigMap prefix of the same spelling do not collide", () => {
        // Cluster 'orders' has its primary in template 'eu' (ConfigMap 'orders-eu-primary-<hash>'); cluster
        // 'orders-eu' has the write Service 'orders-eu-primary'. Different kinds: both are valid.
        const a: ClusterSpec = { name: "orders", templates: [{ name: "eu", image: "mysql:8.0.36", replicas: 1 }] };
        const b: ClusterSpec = { name: "orders-eu", templates: [{ name: "main", image: "mysql:8.0.36", replicas: 1 }] };
        expect(planClusters([a, b]).errors).toEqual([]);
    });

    it("refuses semisync that waits for more replicas than exist", () => {
        const s = base();
        s.mode = "semisync";
        s.semisync = { waitForReplicaCount: 3 };
        expect(planClusters([s]).errors.map((e) => e.path)).toEqual(["clusters[0].semisync.waitForReplicaCount"]);
    });

    it("refuses an image whose repository contradicts the declared flavor", () => {
        const s = base();
        s.flavor = "mysql";
        s.templates[0].image = "mariadb:10.11.6";
        expect(planClusters([s]).errors.map((e) => e.path)).toEqual(["clusters[0].templates[0].image"]);
    });

    it("accepts a digest-pinned image with a declared version", () => {
        const s = base();
        s.templates[0].image = "mysql@sha256:" + "a".repeat(64);
        s.templates[0].version = "8.0.36";
        const r = planClusters([s]);
        expect(r.errors).toEqual([]);
        expect(r.plans[0].instances[0].version).toBe("8.0.36");
    });
});
