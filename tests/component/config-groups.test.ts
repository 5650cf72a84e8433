/**
 * The component renders one configuration (my.cnf + shared environment file) per template and role, from the
 * group's first instance. That is only correct if every instance of a group renders the same text, and if the
 * per-instance facts (server_id, report_host, group address, ordinal, host) never land in the shared files.
 * Checked for generated clusters in every replication mode, against the renderers themselves.
 */
import fc from "fast-check";
import { arbCluster } from "../planner/arbitraries";
import { planClusters } from "../../components/planner/plan";
import type { ClusterPlan } from "../../components/planner/types";
import { configGroups } from "../../components/resources/configmaps";
import { instanceEnv, INSTANCE_VARIABLES, podEnv, renderEnvFile, sharedEnv } from "../../components/runtime/env";
import { instanceServerArgs, renderMyCnf } from "../../components/runtime/my-cnf";
import type { ClusterSpec } from "../../components/spec/types";
import { parseEnvFile } from "../helpers/clusters";

const GROUP_NAME = "11111111-2222-4333-8444-555555555555";
const modes = fc.constantFrom<ClusterSpec["mode"]>("async", "semisync", "group");

/** Variations on a generated layout: MariaDB images (no Group Replication), member weights, config overrides. */
const variation = fc.record({ mariadb: fc.boolean(), weights: fc.boolean(), overrides: fc.boolean() });

/** The plan of a generated layout in a mode; layouts the mode refuses (semisync without a replica) are skipped. */
function planIn(
    generated: ClusterSpec,
    mode: ClusterSpec["mode"],
    v: { mariadb: boolean; weights: boolean; overrides: boolean },
): ClusterPlan {
    const spec: ClusterSpec = {
        ...generated,
        templates: generated.templates.map((t, i) => ({
            ...t,
            ...(v.mariadb ? { image: i % 2 === 0 ? "mariadb:10.11.6" : "mariadb:11.4.2" } : {}),
            ...(v.weights ? { weight: (i * 37) % 101 } : {}),
            ...(v.overrides ? { config: { max_connections: 100 + i, innodb_buffer_pool_size: "256M" } } : {}),
        })),
    };
    const { plans, errors } = planClusters([{ ...spec, mode }]);
    fc.pre(errors.length === 0);
    return plans[0];
}

test("every instance of a template and role renders the same my.cnf and shared environment", () => {
    fc.assert(
        fc.property(arbCluster, modes, variation, (spec, mode, v) => {
            const plan = planIn(spec, mode, v);
            for (const g of configGroups(plan)) {
                const [first, ...rest] = g.instances;
                const cnf = renderMyCnf(plan, first, { groupName: GROUP_NAME });
                const env = renderEnvFile(sharedEnv(plan, first));
                for (const inst of rest) {
                    expect(renderMyCnf(plan, inst, { groupName: GROUP_NAME })).toBe(cnf);
                    expect(renderEnvFile(sharedEnv(plan, inst))).toBe(env);
                }
            }
        }),
        { numRuns: 150 },
    );
});

test("the shared files never hold an instance's own facts; the pod environment and command line do", () => {
    fc.assert(
        fc.property(arbCluster, modes, variation, (spec, mode, v) => {
            const plan = planIn(spec, mode, v);
            const groups = configGroups(plan);
            expect(groups.flatMap((g) => g.instances).length).toBe(plan.instances.length);
            for (const g of groups) {
                const cnf = renderMyCnf(plan, g.instances[0], { groupName: GROUP_NAME });
                const shared = sharedEnv(plan, g.instances[0]);
                expect(cnf).not.toMatch(/^(server_id|report_host|loose_group_replication_local_address)\s*=/m);
                for (const k of INSTANCE_VARIABLES) expect(shared[k]).toBeUndefined();
                for (const inst of g.instances) {
                    // The scripts see exactly instanceEnv: the shared file under the pod's own variables.
                    const own = podEnv(plan, inst);
                    expect({ ...parseEnvFile(renderEnvFile(shared)), ...own }).toEqual({
                        ...instanceEnv(plan, inst),
                        MYRIAD_ENV_FILE: "/etc/myriad/myriad.env",
                    });
                    expect(instanceServerArgs(plan, inst).slice(0, 2)).toEqual([
                        `--server-id=${inst.serverId}`,
                        `--report-host=${inst.host}`,
                    ]);
                }
            }
            // server_ids on the command lines are unique across the cluster.
            const ids = plan.instances.map((i) => instanceServerArgs(plan, i)[0]);
            expect(new Set(ids).size).toBe(ids.length);
        }),
        { numRuns: 150 },
    );
});

test("the environment file refuses what lib.sh could not read back", () => {
    expect(() => renderEnvFile({ MYRIAD_X: "a\nb" })).toThrow(/MYRIAD_X holds a line break/);
    expect(() => renderEnvFile({ "NOT-VALID": "x" })).toThrow(/invalid variable name 'NOT-VALID'/);
    expect(parseEnvFile(renderEnvFile({ MYRIAD_A: "x = y; $(rm -rf /)", MYRIAD_B: "" }))).toEqual({
        MYRIAD_A: "x = y; $(rm -rf /)",
        MYRIAD_B: "",
    });
});
