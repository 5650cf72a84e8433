/**
 * Validation of manifests against the Kubernetes API schemas of the maintained `kubernetes-models` package
 * (validate-manifests.mjs, run in a child process because the package is ESM-only).
 */
import { execFileSync } from "child_process";
import * as path from "path";

/** The schema verdict for one manifest. */
export interface SchemaResult {
    apiVersion: string;
    kind: string;
    name?: string;
    /** Empty when the manifest is valid. */
    errors: string[];
}

/** Validates every manifest; never throws for invalid manifests (look at `errors`). */
export function validateManifests(manifests: readonly object[]): SchemaResult[] {
    const script = path.join(__dirname, "validate-manifests.mjs");
    const out = execFileSync(process.execPath, [script], {
        input: JSON.stringify(manifests),
        cwd: path.join(__dirname, "..", ".."),
        maxBuffer: 256 * 1024 * 1024,
        encoding: "utf8",
    });
    return JSON.parse(out) as SchemaResult[];
}
