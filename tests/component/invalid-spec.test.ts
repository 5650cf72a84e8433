/**
 * An invalid specification throws InvalidSpecError, listing every error, before any resource exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { MySqlCluster } from "../../components/cluster/mysql-cluster";
import { InvalidSpecError } from "../../components/spec/errors";
import { runUnderMocks } from "../../infra/mock-engine/runtime";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

test("InvalidSpecError lists every structural error and nothing is registered, not even the component", async () => {
    const registered: string[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                registered.push(`${a.type}::${a.name}`);
                return { id: `${a.name}-id`, state: a.inputs };
            },
            call: (a) => a.inputs,
        },
        "myriad",
        "test",
    );
    let error: unknown;
    try {
        new MySqlCluster("orders", {
            offlineInstances: [42],
            readyTimeoutSeconds: 0,
            templates: [
                { name: "a", image: "mysql:8.0.36", replicas: 3, ordinals: { start: 0, end: 4 }, config: { server_id: 7 } },
                { name: "b", image: "mysql:8.4.3", replicas: 1, ordinals: { start: 3, end: 9 } },
            ],
        });
    } catch (e) {
        error = e;
    }
    await settings.waitForRPCs();
    expect(error).toBeInstanceOf(InvalidSpecError);
    const paths = (error as InvalidSpecError).errors.map((e) => e.path);
    expect(paths).toEqual(
        expect.arrayContaining([
            "args.templates[1].ordinals", // overlap
            "args.offlineInstances[0]", // outside every range
            "args.templates[0].config.server_id", // managed key refused
            "args.readyTimeoutSeconds", // component option
        ]),
    );
    for (const e of (error as InvalidSpecError).errors) {
        expect(e.message.length).toBeGreaterThan(0);
        expect(e.fix.length).toBeGreaterThan(0);
    }
    expect(registered).toEqual([]);
});

test("an unknown key is refused with its path", () => {
    expect(
        () => new MySqlCluster("orders", { templates: [{ name: "a", image: "mysql:8.0.36", replicas: 1 }], replicas: 3 } as never),
    ).toThrow(InvalidSpecError);
    try {
        new MySqlCluster("orders", { templates: [{ name: "a", image: "mysql:8.0.36", replicas: 1 }], replicas: 3 } as never);
    } catch (e) {
        expect((e as InvalidSpecError).errors.map((x) => x.path)).toEqual(["args.replicas"]);
    }
});

test("an invalid cluster name defaulted from the resource name is reported", () => {
    expect(() => new MySqlCluster("Orders_DB", { templates: [{ name: "a", image: "mysql:8.0.36", replicas: 1 }] })).toThrow(/args\.name/);
});

test("under runUnderMocks the error propagates and a valid cluster in the same process still runs afterwards", async () => {
    await expect(
        runUnderMocks({}, () => {
            new MySqlCluster("bad", { templates: [] });
        }),
    ).rejects.toBeInstanceOf(InvalidSpecError);
    const ok = await runUnderMocks({}, () => {
        new MySqlCluster("good", { templates: [{ name: "a", image: "mysql:8.0.36", replicas: 1 }] });
    });
    expect(ok.resources.filter((r) => r.type === "kubernetes:apps/v1:StatefulSet").map((r) => r.name)).toEqual(["good-0"]);
    expect(ok.resources.some((r) => r.name.startsWith("bad"))).toBe(false);
});
