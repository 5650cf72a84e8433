/**
 * The YAML text `myriad render` writes for one object: read back by a YAML 1.1 reader (Kubernetes' sigs.k8s.io/yaml)
 * every string stays a string, multi-line values are block literals, an object used twice is written twice, and
 * the same object always gives the same bytes.
 */
import * as YAML from "yaml";
import { manifestYaml } from "../../infra/render/manifest-files";
import type { Manifest } from "../../infra/mock-engine/manifests";

const AMBIGUOUS = [
    "on",
    "OFF",
    "yes",
    "n",
    "0755",
    "12:30",
    "1_000",
    "0x1F",
    "1e3",
    "-.inf",
    "~",
    "null",
    "true",
    "2001-12-14",
    "",
    "- a",
    "a: b",
];

function configMap(): Manifest {
    const shared = { app: "orders" };
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "orders-config", namespace: "staging", labels: shared, annotations: { ...shared } },
        data: {
            ...Object.fromEntries(AMBIGUOUS.map((v, i) => [`k${i}`, v])),
            "my.cnf": "[mysqld]\nserver_id = 100\nlog_bin = ON\n",
        },
        spec: { selector: shared, template: { metadata: { labels: shared } } },
    };
}

test("a YAML 1.1 reader reads every value back as the same string", () => {
    const text = manifestYaml(configMap());
    const back = YAML.parse(text, { version: "1.1" }) as Manifest & { data: Record<string, string> };
    expect(back).toEqual(configMap());
    for (const [i, v] of AMBIGUOUS.entries()) expect(back.data[`k${i}`]).toBe(v);
});

test("multi-line values are block literals, without anchors or folding, and the text is stable", () => {
    const text = manifestYaml(configMap(), "rendered by myriad\nsecrets redacted");
    expect(text.startsWith("# rendered by myriad\n# secrets redacted\napiVersion: v1\n")).toBe(true);
    expect(text).toContain("my.cnf: |\n    [mysqld]\n    server_id = 100\n    log_bin = ON\n");
    expect(text).not.toMatch(/[&*]a\d|^%YAML/m);
    const long = { ...configMap(), data: { long: "x ".repeat(200).trim() } };
    expect(
        manifestYaml(long)
            .split("\n")
            .some((l) => l.length > 390),
    ).toBe(true);
    expect(manifestYaml(configMap())).toBe(manifestYaml(configMap()));
});
