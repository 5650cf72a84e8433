/** The stack rules (components/planner/checks/stack.ts) and the stack list's own shape check. */
import { checkObjectNameCollisions, checkUniqueClusterNames } from "../../../components/planner/checks/stack";
import { planOrThrow } from "../../../components/planner/plan";
import { checkClusterList } from "../../../components/planner/validate-shape";
import type { ClusterSpec } from "../../../components/spec/types";
import { one, tpl } from "../fixtures";
import { err } from "./table";

describe("checkClusterList", () => {
    it.each([[undefined], [{}], [[]]])("refuses %j", (raw) => {
        expect(checkClusterList(raw, "clusters")).toEqual([
            err(
                "clusters",
                raw,
                "expected a non-empty list of clusters",
                "give 'myriad:clusters' a YAML list with at least one cluster (see docs/configuration.md)",
            ),
        ]);
    });
    it("accepts a list", () => expect(checkClusterList([{}], "clusters")).toEqual([]));
});

describe("checkUniqueClusterNames", () => {
    it("refuses a name used twice, even across namespaces", () => {
        expect(checkUniqueClusterNames([{ name: "a" }, { name: "b" }, { name: "a", namespace: "other" }], "clusters")).toEqual([
            err(
                "clusters[2].name",
                "a",
                "duplicates the name of clusters[0]; the stack's outputs and Pulumi resource names are keyed by cluster name, even across namespaces",
                "give every cluster of the stack its own name",
            ),
        ]);
    });
    it("skips entries without a name", () => expect(checkUniqueClusterNames([{}, null, 3, { name: "a" }], "clusters")).toEqual([]));
});

describe("checkObjectNameCollisions", () => {
    const planned = (spec: ClusterSpec, index: number) => ({ plan: planOrThrow(spec), index });
    it("refuses a Service of one cluster that another cluster also names", () => {
        const a = planned(one(), 0);
        const b = planned({ name: "orders-primary", templates: [tpl("main")] }, 1);
        expect(checkObjectNameCollisions([a, b], "clusters")).toEqual([
            err(
                "clusters[1].name",
                "orders-primary",
                "Service 'orders-primary' in namespace 'default' would also belong to cluster clusters[0]",
                "rename one of the clusters or put it in another namespace",
            ),
        ]);
    });
    it("accepts the same names in another namespace", () => {
        expect(checkObjectNameCollisions([planned(one(), 0), planned(one({ namespace: "other" }), 1)], "clusters")).toEqual([]);
    });
});
