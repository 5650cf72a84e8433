/**
 * `myriad verify`: checks a live cluster against its plan (infra/verify/); this file parses and prints. Targets:
 *   --local [--dir DIR]                        a cluster started by `myriad local up` (plan from DIR, or --stack/--config)
 *   --endpoints FILE (--stack NAME | --config FILE)   instance name -> host:port, e.g. through port-forwarding
 * Credentials never on the command line: --credentials FILE (client option file), or MYRIAD_USER /
 * MYRIAD_PASSWORD, or (with --local) DIR/client.cnf.
 * Exit 0 healthy, 1 drift or unhealthy, 2 cannot connect or bad input.
 */
import type { Command } from "commander";
import { planStack } from "../../components/planner/plan";
import { loadSource } from "../stack-config/load";
import { resolveCredentials } from "../verify/credentials";
import { resolveTargets } from "../verify/targets";
import { verify } from "../verify/verify";
import type { VerifyTarget } from "../verify/checks";
import type { ClusterPlan } from "../../components/planner/types";
import { CliError, EXIT } from "../base/exit";
import { formatOption, type OutputFormat } from "./format";
import { processIo, reportFailures, reportStructuralErrors, type Io } from "./report";
import { reportJson, reportText } from "./verify-report";
import { addSourceOptions, type SourceOptions } from "./source-options";

/** Options of `myriad verify`. */
export interface VerifyCliOptions extends SourceOptions {
    local?: boolean;
    dir?: string;
    endpoints?: string;
    credentials?: string;
    checksum?: boolean;
    /** Rows per checksum chunk. Default 20000. */
    chunkSize?: string;
    /** Seconds to wait while findings are transient. Default 30. */
    wait?: string;
    format: Exclude<OutputFormat, "markdown">;
}

function positiveInt(v: string | undefined, name: string, dflt: number, min = 0): number {
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new CliError(`${name} must be an integer >= ${min} (got '${v}')`);
    return n;
}

/** Runs verify and returns the exit code. */
export async function runVerify(opts: VerifyCliOptions, io: Io = processIo): Promise<number> {
    if (!!opts.local === !!opts.endpoints) {
        throw new CliError(
            "give exactly one target: --local [--dir DIR] for a cluster started by 'myriad local up', or --endpoints FILE (with --stack or --config)",
        );
    }
    const format = opts.format === "json" ? "json" : "text";
    let plans: ClusterPlan[] | undefined;
    if (opts.stack !== undefined || opts.config !== undefined) {
        const source = loadSource(opts);
        const planned = planStack(source.clusters);
        if (planned.errors.length) {
            reportStructuralErrors(io, source, planned.errors, format);
            return EXIT.invalid;
        }
        plans = planned.plans;
    }
    let targets: VerifyTarget[];
    let localClientCnf: string | undefined;
    try {
        ({ targets, localClientCnf } = resolveTargets({ local: opts.local, dir: opts.dir, endpoints: opts.endpoints, plans }));
    } catch (e) {
        throw new CliError((e as Error).message);
    }
    let credentials;
    try {
        credentials = resolveCredentials({ credentialsFile: opts.credentials, localClientCnf });
    } catch (e) {
        throw new CliError((e as Error).message);
    }
    const waitSeconds = positiveInt(opts.wait, "--wait", 30);
    const chunkSize = positiveInt(opts.chunkSize, "--chunk-size", 20000, 1);
    io.err(`verify: ${targets.length} instance(s), credentials from ${credentials.origin}\n`);
    const report = await verify({
        targets,
        credentials,
        waitSeconds,
        checksum: opts.checksum ? { chunkSize } : false,
        progress: (line) => io.err(`${line}\n`),
    });
    io.out(format === "json" ? `${JSON.stringify(reportJson(report), null, 2)}\n` : reportText(report));
    return report.exitCode;
}

/** Registers `verify` on the root command. */
export function register(program: Command): Command {
    const cmd = program
        .command("verify")
        .summary("check a live cluster against its plan")
        .description(
            "Connect to every online instance and check it against the plan: reachable; version and flavor as " +
                "planned; server_id as planned and unique; report_host; primary writable, replicas read-only " +
                "(super_read_only where the flavor has it); each replica replicating from its planned source with " +
                "both threads running, no error, lag within maxReplicaLagSeconds; no errant transactions; and with " +
                "--checksum, row data identical on every instance (chunked CRC32/BIT_XOR, like pt-table-checksum).",
        );
    addSourceOptions(cmd)
        .option("--local", "verify the cluster started by 'myriad local up'")
        .option("-d, --dir <dir>", "state directory of the local run (with --local)", ".myriad/local")
        .option("-e, --endpoints <file>", "YAML/JSON mapping each online instance name to host:port")
        .option(
            "--credentials <file>",
            "client option file ([client] user, password); default: MYRIAD_USER/MYRIAD_PASSWORD, or DIR/client.cnf with --local",
        )
        .option("--checksum", "also compare the rows of every table across instances")
        .option("--chunk-size <rows>", "rows per checksum chunk", "20000")
        .option("--wait <seconds>", "keep polling this long while findings are transient (starting, lagging)", "30")
        .addOption(formatOption())
        .addHelpText(
            "after",
            [
                "",
                "Examples:",
                "  myriad verify --local",
                "  myriad verify --local --dir /tmp/run --checksum --format json",
                "  MYRIAD_USER=root MYRIAD_PASSWORD=... myriad verify --stack prod --endpoints forwarded.yaml",
                "",
                "Exit codes: 0 healthy, 1 drift or unhealthy (each finding: instance, expected, seen),",
                "2 an instance cannot be reached, or bad input.",
            ].join("\n"),
        )
        .action(async (opts: VerifyCliOptions) => {
            process.exitCode = await reportFailures(opts.format, processIo, () => runVerify(opts));
        });
    return cmd;
}
