/** Shape errors in the user's words: did-you-mean for misspelt keys, no schema-library wording, one error per mistake. */
import { planClusters } from "../../components/planner/plan";
import { didYouMean, knownKeysAt } from "../../components/planner/validate-shape";

const errorsOf = (cluster: unknown) =>
    planClusters([cluster]).errors.map((e) => ({ path: e.path, value: e.value, message: e.message, fix: e.fix }));

test("a misspelt key names the key it was meant as, once, and the cluster's other errors are still reported", () => {
    const errors = errorsOf({
        name: "orders",
        namespace: "shop",
        templates: [{ name: "main", image: "mysql:8.0.36", replcas: 3, resources: { requests: { cpu: "-1" } } }],
    });
    expect(errors).toEqual([
        {
            path: "clusters[0].templates[0].replcas",
            value: 3,
            message: "unknown key 'replcas' (did you mean 'replicas'?)",
            fix: "rename 'replcas' to 'replicas'",
        },
        {
            path: "clusters[0].templates[0].resources.requests.cpu",
            value: "-1",
            message: "a negative quantity (a resource amount cannot be below zero)",
            fix: "give 0 or more, for example cpu 500m or memory 1Gi",
        },
    ]);
});

test("no schema-library wording: missing and mistyped fields are said plainly", () => {
    const errors = errorsOf({ name: "orders", templates: [{ name: "main", replicas: "3" }] });
    expect(errors).toEqual([
        {
            path: "clusters[0].templates[0].image",
            value: undefined,
            message: "a required field: a string",
            fix: "give a string (see docs/configuration.md)",
        },
        {
            path: "clusters[0].templates[0].replicas",
            value: "3",
            message: "expected a number, got a string",
            fix: "give a number (see docs/configuration.md)",
        },
    ]);
    expect(errors.map((e) => e.message).join(" ")).not.toMatch(/Invalid input|received/);
});

test("a key far from every known key gets no guess; the known keys follow the schema at the path", () => {
    expect(knownKeysAt(["templates", 0])).toEqual(expect.arrayContaining(["name", "image", "replicas", "resources"]));
    expect(knownKeysAt([])).toEqual(expect.arrayContaining(["name", "namespace", "templates", "mode"]));
    expect(didYouMean("replcas", knownKeysAt(["templates", 0]))).toBe("replicas");
    expect(didYouMean("namespce", knownKeysAt([]))).toBe("namespace");
    expect(didYouMean("colour", knownKeysAt(["templates", 0]))).toBeUndefined();
    const [e] = errorsOf({ name: "orders", templates: [{ name: "main", image: "mysql:8.0.36", replicas: 1, colour: "blue" }] });
    expect(e).toEqual({
        path: "clusters[0].templates[0].colour",
        value: "blue",
        message: "unknown key 'colour'",
        fix: "remove the key or check its spelling against docs/configuration.md",
    });
});
