// Validates Kubernetes manifests against the Kubernetes OpenAPI schemas shipped by `kubernetes-models`
// (https://github.com/tommy351/kubernetes-models-ts), and the Prometheus Operator's custom resources
// (monitoring.coreos.com) against the schemas of `@kubernetes-models/prometheus-operator`, from the same project. The package is ESM-only ("exports" has only an
// "import" condition), so jest's CommonJS runtime cannot load it; tests run this file in a child Node process.
// Input (stdin): JSON array of manifests. Output (stdout): JSON array of { apiVersion, kind, name, errors }.
import { readFileSync } from "node:fs";

const manifests = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const m of manifests) {
    const [group, version] = m.apiVersion.includes("/") ? m.apiVersion.split("/") : [null, m.apiVersion];
    const modulePath =
        group === "monitoring.coreos.com"
            ? `@kubernetes-models/prometheus-operator/${group}/${version}/${m.kind}`
            : group
              ? `kubernetes-models/${group}/${version}/${m.kind}`
              : `kubernetes-models/${version}/${m.kind}`;
    const result = { apiVersion: m.apiVersion, kind: m.kind, name: m.metadata?.name, errors: [] };
    let Model;
    try {
        Model = (await import(modulePath))[m.kind];
    } catch (e) {
        result.errors.push(`no schema for ${m.apiVersion} ${m.kind}: ${e.message}`);
        results.push(result);
        continue;
    }
    try {
        new Model(m).validate();
    } catch (e) {
        const details = Array.isArray(e.errors) ? e.errors.map((x) => `${x.instancePath} ${x.message}`) : [e.message];
        result.errors.push(...details);
    }
    results.push(result);
}
process.stdout.write(JSON.stringify(results));
