/**
 * The forced and default server settings (components/mysqld/server-settings.ts) against what the renderer
 * writes and what the planner refuses: every key the renderer forces is managed, every managed key is one the
 * renderer forces in some version, every default stays overridable, and the layout places every setting once.
 */
import { instanceServerOptions, LAYOUT, renderedSections, settingContext } from "../../components/runtime/my-cnf";
import { MANAGED_OPTIONS, MANAGED_PREFIXES, managedReason } from "../../components/mysqld/managed-options";
import { canonicalOption } from "../../components/mysqld/option-file";
import { DEFAULTS, FORCED, spellingsOf, type ForcedSetting } from "../../components/mysqld/server-settings";
import { planOrThrow } from "../../components/planner/plan";
import type { ClusterSpec } from "../../components/spec/types";

const IMAGES = [
    "mysql:5.7.8",
    "mysql:5.7.17",
    "mysql:5.7.29",
    "mysql:8.0.4",
    "mysql:8.0.17",
    "mysql:8.0.22",
    "mysql:8.0.26",
    "mysql:8.0.36",
    "mysql:8.3.0",
    "mysql:8.4.3",
    "mysql:9.1.0",
    "percona/percona-server:8.0.36-28",
    "mariadb:10.3.3",
    "mariadb:10.6.1",
    "mariadb:10.11.6",
    "mariadb:11.4.9",
];
const MODES = ["async", "semisync", "group"] as const;
const OLD_MARIADB = new Set(["mariadb:10.3.3", "mariadb:10.6.1"]);

/** Every setting rendered for every instance of a matrix of versions, modes and mixed clusters. */
function renderedEverywhere() {
    const out: { key: string; kind: "forced" | "default"; id: string; where: string }[] = [];
    const specs: ClusterSpec[] = [];
    for (const image of IMAGES)
        for (const mode of MODES)
            specs.push({
                name: "c",
                mode,
                // MariaDB before 10.11.0 may hold the primary only (docs/runtime.md#writing-to-a-replica): its replica is 10.11.
                templates: OLD_MARIADB.has(image)
                    ? [
                          { name: "main", image, replicas: 1, ordinals: { start: 0, end: 0 } },
                          { name: "r", image: "mariadb:10.11.6", replicas: 1, ordinals: { start: 1, end: 1 } },
                      ]
                    : [{ name: "main", image, replicas: 2 }],
            });
    // a native replication account on an 8.4 primary (mysql_native_password=ON)
    specs.push({
        name: "c",
        templates: [
            { name: "a", image: "mysql:8.4.3", replicas: 1, ordinals: { start: 0, end: 9 } },
            { name: "b", image: "mariadb:10.11.6", replicas: 1, ordinals: { start: 10, end: 19 } },
        ],
    });
    for (const spec of specs) {
        const plan = planOrThrow(spec);
        for (const inst of plan.instances) {
            const c = settingContext(plan, inst, { groupName: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" });
            const where = `${inst.image} ${plan.mode} ${inst.role}`;
            for (const s of renderedSections(c)) for (const e of s.entries) out.push({ key: e.key, kind: e.kind, id: e.id, where });
            for (const o of instanceServerOptions(plan, inst)) out.push({ key: o.key, kind: "forced", id: o.key, where });
        }
    }
    return out;
}

const rendered = renderedEverywhere();

test("every key the renderer forces is managed (refused in a user's config)", () => {
    for (const r of rendered.filter((x) => x.kind === "forced")) {
        expect([r.key, r.where, managedReason(r.key) !== undefined]).toEqual([r.key, r.where, true]);
    }
});

test("every default the renderer writes stays overridable", () => {
    for (const r of rendered.filter((x) => x.kind === "default")) {
        expect([r.key, r.where, managedReason(r.key)]).toEqual([r.key, r.where, undefined]);
    }
});

test("every managed key is one the renderer forces in some version (or undoes one: alsoRefuses)", () => {
    const forced = new Set(rendered.filter((x) => x.kind === "forced").map((x) => canonicalOption(x.key)));
    const undoers = new Set((Object.values(FORCED) as ForcedSetting[]).flatMap((s) => s.alsoRefuses ?? []));
    for (const key of Object.keys(MANAGED_OPTIONS)) expect([key, forced.has(key) || undoers.has(key)]).toEqual([key, true]);
    for (const prefix of MANAGED_PREFIXES) expect([...forced].some((k) => k.startsWith(prefix))).toBe(true);
});

test("every forced setting is rendered in some context, under each of its spellings", () => {
    const keys = new Set(rendered.map((x) => canonicalOption(x.key)));
    for (const [id, s] of Object.entries(FORCED))
        for (const name of spellingsOf(s)) expect([id, name, keys.has(name)]).toEqual([id, name, true]);
    for (const [id, s] of Object.entries(DEFAULTS))
        for (const name of spellingsOf(s)) expect([id, name, keys.has(name)]).toEqual([id, name, true]);
});

test("the managed keys include every versioned spelling of a forced setting", () => {
    for (const name of ["log_slave_updates", "log_replica_updates", "skip_slave_start", "skip_replica_start", "plugin_load"])
        expect(MANAGED_OPTIONS[name]).toBeDefined();
    expect(managedReason("rpl_semi_sync_master_enabled")).toBe("rpl_semi_sync_* settings are rendered from the cluster's mode");
    expect(managedReason("loose-group-replication-group-name")).toBe("group_replication_* settings are rendered from the cluster's mode");
    expect(managedReason("sync_binlog")).toBeUndefined();
    expect(managedReason("constructor")).toBeUndefined();
});

test("a forced setting says why it is refused, unless a managed prefix covers every spelling", () => {
    for (const [id, s] of Object.entries(FORCED) as [string, ForcedSetting][]) {
        const underPrefix = spellingsOf(s).every((n) => MANAGED_PREFIXES.some((p) => n.startsWith(p)));
        expect([id, s.refused !== undefined || underPrefix]).toEqual([id, true]);
    }
});

test("the forced and default maps are disjoint, and the layout places every option-file setting exactly once", () => {
    const forcedNames = new Set(Object.values(FORCED).flatMap((s) => spellingsOf(s)));
    for (const s of Object.values(DEFAULTS)) for (const n of spellingsOf(s)) expect(forcedNames.has(n)).toBe(false);
    const placed = LAYOUT.flatMap((l) => l.settings) as string[];
    expect(new Set(placed).size).toBe(placed.length);
    const inFile = [
        ...(Object.entries(FORCED) as [string, ForcedSetting][]).filter(([, s]) => s.on !== "command-line").map(([id]) => id),
        ...Object.keys(DEFAULTS),
    ];
    expect([...placed].sort()).toEqual(inFile.sort());
});
