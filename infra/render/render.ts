/**
 * `myriad render`'s work: every Kubernetes object the program would create, written to a directory, one YAML
 * file per object (./manifest-files.ts), with secret values redacted. The program runs under Pulumi's mocks
 * (infra/mock-engine/: no engine, no cluster, no Pulumi CLI), so the objects are exactly the inputs the program
 * sends to the Kubernetes provider. An invalid configuration is reported before anything runs or is written.
 */
import * as path from "node:path";
import type { StructuralError } from "../../components/spec/errors";
import type { Manifest } from "../mock-engine/manifests";
import { planStack } from "../../components/planner/plan";
import type { ConfigSource } from "../stack-config/load";

/** What a render produced: structural errors (nothing written), or the objects and the files written. */
export interface RenderResult {
    errors: StructuralError[];
    manifests: Manifest[];
    /** Paths written, relative to the output directory, sorted. */
    files: string[];
}

/** The header comment of every rendered file. */
function header(source: ConfigSource): string {
    const from = source.kind === "stack" ? `stack '${source.stack}'` : `config file ${path.basename(source.file)}`;
    return (
        `Rendered by \`myriad render\` from ${from}. Do not edit: change the configuration and render again.\n` +
        "Secret values are redacted (<redacted>): deploy with Pulumi, which generates them, not with kubectl apply."
    );
}

/** Plans `source`, runs the program under mocks and writes its manifests to `out`. */
export async function renderStack(source: ConfigSource, out: string): Promise<RenderResult> {
    // Plan first: invalid configuration is reported exactly as `myriad plan` reports it, and nothing runs.
    const { errors } = planStack(source.clusters);
    if (errors.length) return { errors, manifests: [], files: [] };
    // Loaded lazily: the Pulumi SDK (also behind ./manifest-files) is only needed here; `myriad plan` and
    // `--help` stay fast without it.
    const { runUnderMocks } = await import("../mock-engine/runtime");
    const { toManifests } = await import("../mock-engine/manifests");
    const { program } = await import("../program/program");
    const { writeManifests } = await import("./manifest-files");
    // The whole stack configuration, as `pulumi up` would see it (secure values are not decrypted: none is needed).
    const run = await runUnderMocks(source.config, () => program(), { stack: source.stack ?? "render" });
    const manifests = toManifests(run.resources).map((m) => m.manifest);
    const files = writeManifests(out, manifests, source.description, header(source));
    return { errors: [], manifests, files };
}
