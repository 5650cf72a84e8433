/**
 * The one list of cluster checks (components/planner/checks/index.ts): every rule of a concern's module is in
 * `CLUSTER_CHECKS`, and `validateCluster` reports them all at once. Each concern's rules are tested from their
 * tables beside this file.
 */
import { CLUSTER_CHECKS, validateCluster, type ClusterCheck } from "../../../components/planner/checks";
import * as kubernetes from "../../../components/planner/checks/kubernetes";
import * as names from "../../../components/planner/checks/names";
import * as settings from "../../../components/planner/checks/settings";
import * as topology from "../../../components/planner/checks/topology";
import * as versions from "../../../components/planner/checks/versions";
import * as backup from "../../../components/planner/checks/backup";
import { one } from "../fixtures";

const CONCERNS = { names, settings, topology, versions, kubernetes, backup };

describe("the cluster checks", () => {
    it("every check of CLUSTER_CHECKS lives in exactly one concern's module, and every check a module exports is listed", () => {
        const owners = (c: ClusterCheck) =>
            Object.entries(CONCERNS)
                .filter(([, m]) => (m as Record<string, unknown>)[c.name] === c)
                .map(([f]) => f);
        expect(CLUSTER_CHECKS.filter((c) => owners(c).length !== 1).map((c) => [c.name, owners(c)])).toEqual([]);
        const exported = Object.values(CONCERNS).flatMap((m) =>
            Object.entries(m)
                .filter(([name]) => name.startsWith("check"))
                .map(([, f]) => f as ClusterCheck),
        );
        expect(exported.filter((f) => !CLUSTER_CHECKS.includes(f)).map((f) => f.name)).toEqual([]);
    });

    it("validateCluster reports the errors of every check at once", () => {
        const spec = one({ name: "9orders", serverIdBase: 0, primary: 7 }, { config: { server_id: 1 } });
        expect(validateCluster(spec, "c").map((e) => e.path)).toEqual([
            "c.name",
            "c.templates[0].config.server_id",
            "c.serverIdBase",
            "c.primary",
        ]);
    });

    it("a valid specification passes every check", () => {
        for (const check of CLUSTER_CHECKS) expect(check(one(), "c")).toEqual([]);
    });
});
