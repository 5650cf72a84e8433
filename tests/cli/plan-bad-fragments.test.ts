/**
 * `myriad plan --config FILE` on the configuration mistakes that must never reach a cluster: settings that would
 * inject lines into my.cnf, and Kubernetes fragments the API server or the kubelet would refuse later. Each exits
 * 2 naming the path, with nothing on stdout; `cpu: 0.5` (valid Kubernetes) plans.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { myriad, tempDir } from "./run-cli";

type Template = Record<string, unknown>;
const cluster = (t: Template) => ({ name: "orders", templates: [{ name: "main", image: "mysql:8.0.40", replicas: 2, ...t }] });

function plan(t: Template) {
    const dir = tempDir();
    try {
        const file = path.join(dir.dir, "clusters.yaml");
        fs.writeFileSync(file, YAML.stringify({ config: { "myriad:clusters": [cluster(t)] } }));
        return myriad(["plan", "--config", file]);
    } finally {
        dir.cleanup();
    }
}

const T = "clusters[0].templates[0]";
const MISTAKES: [string, Template, string][] = [
    [
        "a value turning off GTIDs and read-only",
        { config: { max_connections: "100\ngtid_mode = OFF\nread_only = OFF\nsuper_read_only = OFF" } },
        `${T}.config.max_connections`,
    ],
    ["a value adding a [client] group", { config: { max_connections: "1\n[client]\npassword=x" } }, `${T}.config.max_connections`],
    ["a key with spaces", { config: { "max connections": 100 } }, `${T}.config."max connections"`],
    ["a storage size with a space", { storage: { size: "10 GB" } }, `${T}.storage.size`],
    ["a cpu request in words", { resources: { requests: { cpu: "lots" } } }, `${T}.resources.requests.cpu`],
    ["memory in GB", { resources: { requests: { memory: "1GB" } } }, `${T}.resources.requests.memory`],
    ["an upper-case image", { image: "MySQL:8.0.40" }, `${T}.image`],
    ["a StorageClass name with a space", { storage: { storageClassName: "Fast SSD" } }, `${T}.storage.storageClassName`],
    ["a misspelt resource name", { resources: { limits: { memroy: "1Gi" } } }, `${T}.resources.limits.memroy`],
    [
        "a misspelt toleration key",
        { scheduling: { tolerations: [{ key: "dedicated", operater: "Exists" }] } },
        `${T}.scheduling.tolerations[0].operater`,
    ],
    ["a misspelt affinity key", { scheduling: { affinity: { podAntiAfinity: {} } } }, `${T}.scheduling.affinity.podAntiAfinity`],
];

describe("myriad plan --config refuses", () => {
    it.each(MISTAKES)("%s (exit 2, naming the path)", (_name, t, errorPath) => {
        const r = plan(t);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe("");
        const lines = r.stderr.trim().split("\n");
        expect(lines.slice(1)).toEqual([
            expect.stringMatching(new RegExp(`^${errorPath.replace(/[.[\]"]/g, "\\$&")}: .+ \\(got .+\\)\\. Fix: .+$`)),
        ]);
    });
});

test("myriad plan --config accepts cpu: 0.5", () => {
    const r = plan({ resources: { requests: { cpu: 0.5, memory: "1Gi" } } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
});
