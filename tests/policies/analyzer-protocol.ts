/**
 * The analyzer-protocol checks of a policy pack directory, started the way the Pulumi CLI starts it: the
 * `pulumi-analyzer-policy` shim resolves `@pulumi/pulumi/cmd/run-policy-pack` from the pack directory and runs it
 * with the engine address and `.` in the pack directory (pulumi/pulumi sdk/nodejs/dist/pulumi-analyzer-policy,
 * NewPolicyAnalyzer). The pack constructs its PolicyPack, which prints its gRPC port; the checks then speak the
 * analyzer protocol to it: GetAnalyzerInfo must list exactly the policies of policies/rules (the list
 * `myriad check` runs), and Analyze / AnalyzeStack must report violations.
 *
 * Used for the TypeScript pack of a checkout (policies/), the compiled pack (policies/compiled/) and the compiled
 * pack inside a consumer's node_modules (tests/consumer/installed.test.ts). The pack always runs in a child
 * process: no test imports a pack entry point.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { POLICY_NAMES } from "../../policies/rules";
import { rawStatefulSet, templatesWithOwnOrdinals } from "./fixtures/raw";

/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = require("@grpc/grpc-js");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

/** Declares the analyzer-protocol tests of the pack in `packDir()` (read when the tests start). */
export function analyzerProtocolTests(packDir: () => string): void {
    let child: ChildProcess | undefined;
    let client: any;

    function call<T>(method: string, req: unknown): Promise<T> {
        return new Promise((resolve, reject) => client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
    }

    function options(): unknown {
        const o = new analyzerPb.AnalyzerResourceOptions();
        o.setProtect(false);
        return o;
    }

    beforeAll(async () => {
        // What the shim does: resolve run-policy-pack from the pack directory, run it there with <engine> and ".".
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir()] });
        child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: packDir(), stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr!.on("data", (d) => {
            stderr += String(d);
        });
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            const timer = setTimeout(() => reject(new Error(`the pack did not print its port within 90 s; stderr:\n${stderr}`)), 90_000);
            child!.stdout!.on("data", (d) => {
                out += String(d);
                const m = /^(\d+)\s*$/m.exec(out);
                if (m) {
                    clearTimeout(timer);
                    resolve(Number(m[1]));
                }
            });
            child!.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`the pack exited with ${code} before printing its port; stderr:\n${stderr}`));
            });
        });
        client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    }, 120_000);

    afterAll(() => {
        client?.close();
        if (child && child.exitCode === null && child.pid !== undefined) child.kill("SIGTERM");
    });

    test("GetAnalyzerInfo lists exactly the policies of policies/rules, with their enforcement levels", async () => {
        const info = await call<any>("getAnalyzerInfo", new Empty());
        expect(info.getName()).toBe("myriad-mysql");
        expect(info.getVersion()).toBe("0.1.0");
        const names = info.getPoliciesList().map((p: any) => p.getName());
        expect(names).toEqual([...POLICY_NAMES]);
        // EnforcementLevel enum of the analyzer protocol: ADVISORY = 0, MANDATORY = 1.
        const level = new Map(info.getPoliciesList().map((p: any) => [p.getName(), p.getEnforcementlevel()]));
        expect(level.get("mysql-replication-version-compatible")).toBe(1);
        expect(level.get("mysql-probes-present")).toBe(0);
    }, 30_000);

    test("Analyze reports a floating image tag through the real server", async () => {
        const r = rawStatefulSet({ name: "db", image: "mysql:latest" });
        const req = new analyzerPb.AnalyzeRequest();
        req.setType(r.type);
        req.setUrn(r.urn);
        req.setName(r.name);
        req.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.props))));
        req.setOptions(options());
        const res = await call<any>("analyze", req);
        const diags = res.getDiagnosticsList().map((d: any) => [d.getPolicyname(), d.getMessage()]);
        expect(diags).toEqual([["mysql-image-version-pinned", expect.stringContaining("uses the tag 'latest'")]]);
    }, 30_000);

    test("AnalyzeStack catches server_ids that repeat across templates through the real server", async () => {
        const req = new analyzerPb.AnalyzeStackRequest();
        req.setResourcesList(
            templatesWithOwnOrdinals().map((r) => {
                const a = new analyzerPb.AnalyzerResource();
                a.setType(r.type);
                a.setUrn(r.urn);
                a.setName(r.name);
                a.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.props))));
                a.setOptions(options());
                return a;
            }),
        );
        const res = await call<any>("analyzeStack", req);
        const byPolicy = res.getDiagnosticsList().map((d: any) => d.getPolicyname());
        expect(byPolicy).toContain("mysql-server-id-unique");
        const msg = res
            .getDiagnosticsList()
            .find((d: any) => d.getPolicyname() === "mysql-server-id-unique")
            .getMessage();
        expect(msg).toContain("server_id 100 is used by 2 servers");
    }, 30_000);
}
