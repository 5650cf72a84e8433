/**
 * The offline harness mirrors @pulumi/policy's server: unknown-checking props, notApplicable caught per
 * validation function, getConfig without enforcementLevel (schema defaults only when asked), enforcement from
 * the pack configuration, remediate counted as mandatory, disabled skipped, isType/asType by __pulumiType,
 * stack resources linked to their parents.
 */
import type { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { effectiveLevel, policyProperties, validatePackConfig } from "../../policies/harness/config";
import { runPolicies, type HarnessResource } from "../../policies/harness/run";
import { MYRIAD_POLICIES } from "../../policies/rules";

// The sentinel @pulumi/policy uses for an unknown string during preview.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownStringValue } = require("@pulumi/policy/proxy") as { unknownStringValue: string };

const res = (name: string, props: Record<string, unknown>, extra: Partial<HarnessResource> = {}): HarnessResource => ({
    type: "test:index:Thing",
    urn: `urn:pulumi:s::p::test:index:Thing::${name}`,
    name,
    props,
    ...extra,
});

test("notApplicable is caught per validation function: the next function still runs", async () => {
    const seen: string[] = [];
    const p: ResourceValidationPolicy = {
        name: "two-fns",
        description: "Two validation functions.",
        enforcementLevel: "mandatory",
        validateResource: [
            (args) => {
                seen.push("first");
                args.notApplicable("not for me");
            },
            (args, report) => {
                seen.push("second");
                report(`saw ${args.name}`);
            },
        ],
    };
    const r = await runPolicies([p], [res("a", {})]);
    expect(seen).toEqual(["first", "second"]);
    expect(r.violations).toEqual([
        { policy: "two-fns", level: "mandatory", message: "saw a", resource: "urn:pulumi:s::p::test:index:Thing::a" },
    ]);
    expect(r.notApplicable).toEqual([{ policy: "two-fns", resource: "urn:pulumi:s::p::test:index:Thing::a", reason: "not for me" }]);
});

test("a value unknown during preview becomes an advisory 'can't run policy during preview', like the server", async () => {
    const p: ResourceValidationPolicy = {
        name: "reads-ip",
        description: "Reads an IP.",
        enforcementLevel: "mandatory",
        validateResource: (args, report) => {
            if (args.props.spec.ip === "1.2.3.4") report("bad");
        },
    };
    const r = await runPolicies([p], [res("a", { spec: { ip: unknownStringValue } })]);
    expect(r.violations).toEqual([
        expect.objectContaining({
            policy: "reads-ip",
            level: "advisory",
            message: expect.stringContaining(
                "can't run policy 'reads-ip' during preview: string value at .spec.ip can't be known during preview",
            ),
        }),
    ]);
});

test("the MySQL policies degrade gracefully on unknown values: an unknown my.cnf does not hide other findings", async () => {
    const { rawConfigMap, rawStatefulSet } = await import("./fixtures/raw");
    const unknownCnf = rawConfigMap("cnf", { "my.cnf": unknownStringValue });
    const r = await runPolicies(MYRIAD_POLICIES, [
        unknownCnf,
        rawStatefulSet({ name: "a", instance: "orders", image: "mysql:8.0.36", replicas: 2, serverIdBase: 100, configMap: "cnf" }),
        rawStatefulSet({ name: "b", instance: "orders", image: "mariadb:10.11.6", replicas: 1, serverIdBase: 100, configMap: "cnf" }),
    ]);
    expect(r.violations.some((v) => v.policy === "mysql-server-id-unique" && v.level === "mandatory")).toBe(true);
    expect(r.violations.some((v) => v.policy === "mysql-flavor-uniform")).toBe(true);
    expect(r.violations.filter((v) => /during preview/.test(v.message))).toEqual([]);
    // Durability cannot be judged without the option file: MariaDB's default sync_binlog is not assumed.
    expect(r.violations.some((v) => v.policy === "mysql-durability-settings")).toBe(false);
});

test("other errors fail the run, naming the policy", async () => {
    const p: ResourceValidationPolicy = {
        name: "broken",
        description: "Throws.",
        validateResource: () => {
            throw new Error("boom");
        },
    };
    await expect(runPolicies([p], [res("a", {})])).rejects.toThrow(
        "policy 'broken' failed on urn:pulumi:s::p::test:index:Thing::a (enforcement advisory): boom",
    );
});

test("getConfig: the policy's properties without enforcementLevel; schema defaults only when asked (the CLI fills them)", async () => {
    const got: unknown[] = [];
    const p: StackValidationPolicy = {
        name: "cfg",
        description: "Reads config.",
        configSchema: { properties: { a: { type: "integer", default: 3 }, b: { type: "string" } } },
        validateStack: (args) => {
            got.push(args.getConfig());
        },
    };
    await runPolicies([p], [], { config: { cfg: { enforcementLevel: "mandatory", b: "x" } } });
    await runPolicies([p], [], { config: { cfg: { b: "x" } }, fillDefaults: true });
    expect(got).toEqual([{ b: "x" }, { a: 3, b: "x" }]);
});

test("enforcement: own entry, then 'all', then the policy's default; disabled skips; remediate reports as mandatory", async () => {
    const p: Policy = { name: "p", description: "P.", enforcementLevel: "advisory" };
    expect(effectiveLevel(p, {}, "advisory")).toBe("advisory");
    expect(effectiveLevel(p, { all: "mandatory" }, "advisory")).toBe("mandatory");
    expect(effectiveLevel(p, { all: "mandatory", p: "disabled" }, "advisory")).toBe("disabled");
    expect(effectiveLevel(p, { p: { enforcementLevel: "remediate" } }, "advisory")).toBe("remediate");
    const always: ResourceValidationPolicy = {
        name: "always",
        description: "Always.",
        enforcementLevel: "advisory",
        validateResource: (_a, report) => report("x"),
    };
    expect((await runPolicies([always], [res("a", {})], { config: { always: "disabled" } })).violations).toEqual([]);
    expect((await runPolicies([always], [res("a", {})], { config: { always: "remediate" } })).violations[0].level).toBe("mandatory");
    expect(policyProperties(always, { always: "mandatory" }, true)).toEqual({});
});

test("isType/asType compare __pulumiType; stack resources are linked to parents and dependencies", async () => {
    class Thing {
        static __pulumiType = "test:index:Thing";
    }
    class Other {
        static __pulumiType = "test:index:Other";
    }
    const out: unknown[] = [];
    const rp: ResourceValidationPolicy = {
        name: "types",
        description: "Types.",
        validateResource: (args) => {
            out.push([args.isType(Thing as never), args.isType(Other as never), args.asType<never, { v?: number }>(Thing as never)?.v]);
        },
    };
    const sp: StackValidationPolicy = {
        name: "links",
        description: "Links.",
        validateStack: (args) => {
            out.push(args.resources.map((r) => [r.name, r.parent?.name, r.dependencies.map((d) => d.name)]));
        },
    };
    const parent = res("parent", {});
    const child = res("child", { v: 7 }, { parent: parent.urn, dependencies: [parent.urn] });
    await runPolicies([rp, sp], [parent, child]);
    expect(out).toEqual([
        [true, false, undefined],
        [true, false, 7],
        [
            ["parent", undefined, []],
            ["child", "parent", ["parent"]],
        ],
    ]);
});

test("pack configuration is validated against the policies' schemas", () => {
    expect(validatePackConfig({ all: "mandatory", "mysql-server-id-unique": { scope: "cluster" } }, MYRIAD_POLICIES)).toEqual([]);
    const errors = validatePackConfig(
        {
            all: "strict",
            "mysql-no-such-policy": "advisory",
            "mysql-server-id-unique": { scope: "galaxy", colour: "blue" },
            "mysql-semisync-lossless": { minimumTimeoutMs: -1 },
        },
        MYRIAD_POLICIES,
        "cfg",
    );
    expect(errors.map((e) => [e.path, e.message])).toEqual([
        ["cfg.all", "is not an enforcement level"],
        ["cfg.mysql-no-such-policy", "'mysql-no-such-policy' is not a policy of this pack"],
        ["cfg.mysql-server-id-unique.scope", 'expected one of "stack", "cluster"'],
        ["cfg.mysql-server-id-unique.colour", "policy 'mysql-server-id-unique' has no property 'colour'"],
        ["cfg.mysql-semisync-lossless.minimumTimeoutMs", "expected at least 0"],
    ]);
});

test("unknown array elements (a container command during preview) are skipped, not fatal", async () => {
    const { rawStatefulSet } = await import("./fixtures/raw");
    const r = rawStatefulSet({ name: "db", image: "mysql:latest", replicas: 2, readiness: ["bash", "-c", unknownStringValue] });
    (r.props as any).spec.template.spec.containers[0].args = [unknownStringValue, "--server-id=3"];
    const result = await runPolicies(MYRIAD_POLICIES, [r]);
    const policies = new Set(result.violations.map((v) => v.policy));
    // The readiness command is partly unknown, so whether it checks replication is not judged (no probes finding).
    expect(policies).toEqual(
        new Set(["mysql-image-version-pinned", "mysql-server-id-unique", "mysql-disruption-budget", "mysql-metrics-present"]),
    );
    expect(result.violations.filter((v) => /during preview/.test(v.message))).toEqual([]);
});
