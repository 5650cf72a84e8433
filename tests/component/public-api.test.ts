/** The public API of `myriad/components` stays narrow: what another stack needs, nothing internal. */
import * as api from "../../components";

describe("myriad/components", () => {
    const names = Object.keys(api).sort();

    it("exports at most 40 runtime names", () => {
        expect(names.length).toBeLessThanOrEqual(40);
    });

    it("exports the component, the planner entry points, the instance table and the spec error", () => {
        for (const name of [
            "MySqlCluster",
            "InvalidSpecError",
            "planCluster",
            "planClusters",
            "planOrThrow",
            "planStack",
            "instanceTable",
            "DEFAULTS",
        ]) {
            expect(names).toContain(name);
        }
    });

    it("keeps builders, renderers, the dialect table and runtime constants internal", () => {
        for (const name of ["DIALECT_TABLE", "resolveRow", "SCRIPT_TUNABLES", "buildStatefulSet", "renderMyCnf", "instanceEnv", "USERS"]) {
            expect(names).not.toContain(name);
        }
    });

    it("plans a cluster through the public entry points alone", () => {
        const plan = api.planOrThrow({ name: "orders", templates: [{ name: "main", image: "mysql:8.0.40", replicas: 2 }] });
        expect(api.instanceTable(plan).map((row) => [row.name, row.serverId, row.role])).toEqual([
            // No serverIdBase: derived from default/orders (docs/configuration.md#server_id).
            ["orders-0", 4246118400, "primary"],
            ["orders-1", 4246118401, "replica"],
        ]);
    });
});
