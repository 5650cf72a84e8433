/**
 * Benchmark of `myriad check --manifests`: 250, 500 and 1,000 hand-written StatefulSets in one multi-document
 * YAML file, through the phases the command runs:
 *
 *   read      readManifests (YAML 1.1 parse of every document)
 *   convert   the objects to what the policies see (manifestResources)
 *   policies  every policy of policies/rules (judge: resource policies per object, stack policies once)
 *
 * Workload: clusters of 10 StatefulSets (templates) sharing `app.kubernetes.io/instance`, 1 replica each,
 * alternating mysql:8.0.40 and mysql:8.4.3 (the cluster's first StatefulSet, on 8.0, labelled primary), each with
 * its own `--server-id`, probes and an exporter, a mounted my.cnf ConfigMap, and per cluster a headless Service
 * and a PodDisruptionBudget. The file is generated into the temporary directory.
 *
 * Each size is repeated (BENCH_REPS, default 3) in this process after a warm-up; the median is reported with the
 * cost per StatefulSet and its growth from the smallest to the largest size (1.00 = linear). Results: the
 * temporary directory, or bench/manifests-results.json with --save; recorded in docs/performance.md.
 *
 *   node dist/bench/manifests.js [--save]      (BENCH_MANIFEST_SIZES, default 250,500,1000)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as YAML from "yaml";
import { readManifests } from "../infra/manifests/read";
import { judge, packConfigOf } from "../infra/policy-check/check";
import { manifestResources } from "../infra/policy-check/manifests";
import { writeResults, machineFacts } from "./save";

/** The Kubernetes objects of `n` StatefulSets (n a multiple of 10). */
export function manifestWorkload(n: number): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (let c = 0; c < n / 10; c++) {
        const cluster = `db${c}`;
        const ns = "bench";
        out.push({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: cluster, namespace: ns },
            spec: { clusterIP: "None", selector: { "app.kubernetes.io/instance": cluster }, ports: [{ name: "mysql", port: 3306 }] },
        });
        out.push({
            apiVersion: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata: { name: cluster, namespace: ns },
            spec: { maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/instance": cluster } } },
        });
        out.push({
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: `${cluster}-cnf`, namespace: ns },
            data: { "my.cnf": "[mysqld]\ngtid_mode=ON\nenforce_gtid_consistency=ON\nsync_binlog=1\ninnodb_flush_log_at_trx_commit=1\n" },
        });
        for (let t = 0; t < 10; t++) {
            const name = `${cluster}-t${t}`;
            const labels = {
                "app.kubernetes.io/instance": cluster,
                "app.kubernetes.io/name": "mysql",
                "myriad.dev/role": t === 0 ? "primary" : "replica",
            };
            const probe = (q: string) => ({ exec: { command: ["mysql", "-h", "127.0.0.1", "-e", q] } });
            out.push({
                apiVersion: "apps/v1",
                kind: "StatefulSet",
                metadata: { name, namespace: ns, labels },
                spec: {
                    serviceName: cluster,
                    replicas: 1,
                    selector: { matchLabels: { ...labels } },
                    template: {
                        metadata: { labels },
                        spec: {
                            containers: [
                                {
                                    name: "mysql",
                                    image: t % 2 === 0 ? "mysql:8.0.40" : "mysql:8.4.3",
                                    args: [`--server-id=${100 + c * 10 + t}`],
                                    ports: [{ name: "mysql", containerPort: 3306 }],
                                    volumeMounts: [
                                        { name: "data", mountPath: "/var/lib/mysql" },
                                        { name: "cnf", mountPath: "/etc/mysql/conf.d" },
                                    ],
                                    startupProbe: probe("SELECT 1"),
                                    livenessProbe: probe("SELECT 1"),
                                    readinessProbe: probe("SHOW REPLICA STATUS"),
                                },
                                {
                                    name: "exporter",
                                    image: "prom/mysqld-exporter:v0.15.1",
                                    ports: [{ name: "metrics", containerPort: 9104 }],
                                },
                            ],
                            volumes: [{ name: "cnf", configMap: { name: `${cluster}-cnf` } }],
                        },
                    },
                    volumeClaimTemplates: [
                        {
                            metadata: { name: "data" },
                            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } },
                        },
                    ],
                },
            });
        }
    }
    return out;
}

/** One trial's measurements. */
export interface ManifestTrial {
    statefulSets: number;
    objects: number;
    bytes: number;
    ms: { read: number; convert: number; policies: number; total: number };
    violations: { mandatory: number; advisory: number };
}

async function once(file: string, statefulSets: number, bytes: number): Promise<ManifestTrial> {
    const t0 = performance.now();
    const read = readManifests([file]);
    const t1 = performance.now();
    const { resources } = manifestResources(read);
    const t2 = performance.now();
    const violations = await judge(resources, packConfigOf(undefined).config, "manifests");
    const t3 = performance.now();
    return {
        statefulSets,
        objects: read.length,
        bytes,
        ms: { read: t1 - t0, convert: t2 - t1, policies: t3 - t2, total: t3 - t0 },
        violations: {
            mandatory: violations.filter((v) => v.level === "mandatory").length,
            advisory: violations.filter((v) => v.level === "advisory").length,
        },
    };
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs every size, prints a table and writes the results. */
export async function runManifestBench(): Promise<void> {
    const root = path.resolve(__dirname, "..", "..");
    const reps = Number(process.env.BENCH_REPS ?? 3);
    const sizes = (process.env.BENCH_MANIFEST_SIZES ?? "250,500,1000").split(",").map(Number);
    if (!Number.isInteger(reps) || reps < 1 || sizes.some((s) => !Number.isInteger(s) || s <= 0 || s % 10 !== 0)) {
        throw new Error("BENCH_REPS must be a positive integer and BENCH_MANIFEST_SIZES positive multiples of 10");
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-bench-manifests-"));
    try {
        const files = new Map<number, { file: string; bytes: number }>();
        for (const n of [10, ...sizes]) {
            const text = manifestWorkload(n)
                .map((o) => YAML.stringify(o))
                .join("---\n");
            const file = path.join(dir, `statefulsets-${n}.yaml`);
            fs.writeFileSync(file, text);
            files.set(n, { file, bytes: Buffer.byteLength(text) });
        }
        await once(files.get(10)!.file, 10, 0); // warm-up: module loading and JIT excluded
        const trials = new Map<number, ManifestTrial[]>();
        for (let rep = 0; rep < reps; rep++) {
            for (const n of sizes) {
                const t = await once(files.get(n)!.file, n, files.get(n)!.bytes);
                trials.set(n, [...(trials.get(n) ?? []), t]);
                process.stderr.write(
                    `  rep ${rep + 1}/${reps} --manifests ${String(n).padStart(5)} StatefulSets: ${Math.round(t.ms.total)} ms\n`,
                );
            }
        }
        const summaries = sizes.map((n) => {
            const ts = trials.get(n)!;
            const med = (k: keyof ManifestTrial["ms"]) => median(ts.map((t) => t.ms[k]));
            const ms = { read: med("read"), convert: med("convert"), policies: med("policies"), total: med("total") };
            return {
                statefulSets: n,
                objects: ts[0].objects,
                bytes: ts[0].bytes,
                reps: ts.length,
                medianMs: ms,
                msPerStatefulSet: ms.total / n,
                violations: ts[0].violations,
            };
        });
        const small = summaries[0],
            large = summaries[summaries.length - 1];
        const growth = { from: small.statefulSets, to: large.statefulSets, total: large.msPerStatefulSet / small.msPerStatefulSet };
        const result = {
            ...machineFacts(),
            reps,
            summaries,
            growth,
        };
        process.stdout.write("StatefulSets  objects  YAML      read      convert  policies  total     per StatefulSet\n");
        for (const s of summaries) {
            const f = (x: number) => `${(x / 1000).toFixed(2)} s`.padEnd(9);
            process.stdout.write(
                `${String(s.statefulSets).padEnd(13)} ${String(s.objects).padEnd(8)} ${`${(s.bytes / 1e6).toFixed(1)} MB`.padEnd(9)} ${f(s.medianMs.read)} ${f(s.medianMs.convert)} ${f(s.medianMs.policies)} ${f(s.medianMs.total)} ${s.msPerStatefulSet.toFixed(2)} ms\n`,
            );
        }
        process.stdout.write(
            `growth of the cost per StatefulSet from ${growth.from} to ${growth.to}: ${growth.total.toFixed(2)} (1.00 = linear)\n`,
        );
        writeResults(path.join(root, "bench", "manifests-results.json"), result);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    runManifestBench().catch((e: unknown) => {
        process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exitCode = 1;
    });
}
