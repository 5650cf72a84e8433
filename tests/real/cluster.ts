/**
 * Test support for clusters started with `myriad local up` (the pods' scripts on local servers): start a
 * fixture, connect to its instances as root (credentials from the run's secrets), run the pods' probes,
 * run verify, stop it. Output of the commands is captured and printed only when something fails.
 */
import { exporterPaths } from "../../infra/local/exporter";
import { seedScript } from "../../infra/local/seed-endpoint";
import { scriptsDir } from "../../infra/local/instance";
import * as fs from "node:fs";
import * as path from "node:path";
import * as mysql from "mysql2/promise";
import * as YAML from "yaml";
import { runLocalDown, runLocalInstance, runLocalStatus, runLocalUp, type LocalInstanceOptions } from "../../infra/cli/local";
import { runVerify, type VerifyCliOptions } from "../../infra/cli/verify";
import {
    openRun,
    probeInstance,
    startInstance,
    stopInstance,
    killInstance,
    type LocalRun,
    type ProbeResult,
} from "../../infra/local/runtime";
import { eventually, scratchDir, removeDir, trackProcess } from "./harness";
import { captureIo } from "../helpers/capture-io";

/** Directory of the fixtures. */
export const FIXTURES = path.join(__dirname, "fixtures");

export { captureIo };

/** Runs `fn` with COLUMNS=400: tables fit COLUMNS (80 when unset), and text reports must keep a row on one line. */
export async function wideTables<T>(fn: () => Promise<T>): Promise<T> {
    const columns = process.env.COLUMNS;
    process.env.COLUMNS = "400";
    try {
        return await fn();
    } finally {
        if (columns === undefined) delete process.env.COLUMNS;
        else process.env.COLUMNS = columns;
    }
}

/** A running local cluster. */
export class TestCluster {
    private constructor(
        readonly dir: string,
        readonly config: string,
        public log: string,
    ) {}

    /** `myriad local up --config <fixture> --dir <scratch>`; throws with the output when not every instance is ready. */
    static async up(config: string, opts: { dir?: string; timeoutSeconds?: number } = {}): Promise<TestCluster> {
        const dir = opts.dir ?? scratchDir("local");
        const io = captureIo();
        const code = await runLocalUp({ config, dir, format: "text", timeout: String(opts.timeoutSeconds ?? 180) }, io);
        const c = new TestCluster(dir, config, io.stderr + io.stdout);
        c.trackPids();
        if (code !== 0) {
            await c.down();
            throw new Error(`local up exited ${code}:\n${c.log}`);
        }
        return c;
    }

    /** `local up` again on the same DIR with another (or the same) configuration. */
    async upAgain(config: string, timeoutSeconds = 180): Promise<{ code: number; output: string }> {
        const io = captureIo();
        const code = await runLocalUp({ config, dir: this.dir, format: "text", timeout: String(timeoutSeconds) }, io);
        this.log += io.stderr + io.stdout;
        this.trackPids();
        return { code, output: io.stderr + io.stdout };
    }

    /** The run (state re-read each time). */
    get run(): LocalRun {
        const r = openRun(this.dir);
        if (!r) throw new Error(`no local run in ${this.dir}`);
        return r;
    }

    /** Registers the run's server pids for the harness's exit cleanup. */
    trackPids(): void {
        const r = openRun(this.dir);
        for (const i of r?.state.instances ?? []) {
            if (i.pid !== null) trackProcess(i.pid, i.config);
            if (i.exporterPid) trackProcess(i.exporterPid, exporterPaths(i.dir).cnf);
            if (i.seedPid) trackProcess(i.seedPid, seedScript(scriptsDir(this.dir, i.cluster)));
        }
    }

    /** Port of an instance. */
    port(name: string): number {
        const i = this.run.state.instances.find((x) => x.name === name);
        if (!i) throw new Error(`no instance ${name}`);
        return i.port;
    }

    /** Address of an instance (its own loopback address 127.0.0.N, also its report_host). */
    host(name: string): string {
        const i = this.run.state.instances.find((x) => x.name === name);
        if (!i) throw new Error(`no instance ${name}`);
        return i.host;
    }

    /** Root password of the run (from its secrets directory). */
    get rootPassword(): string {
        return fs.readFileSync(path.join(this.dir, "secrets", "root-password"), "utf8");
    }

    /** A connection to an instance, as root unless another account is given. */
    connect(name: string, user = "root", password?: string): Promise<mysql.Connection> {
        return mysql.createConnection({
            host: this.host(name),
            port: this.port(name),
            user,
            password: password ?? this.rootPassword,
            multipleStatements: true,
            supportBigNumbers: true,
            bigNumberStrings: true,
            connectTimeout: 5000,
        });
    }

    /** Runs SQL on a fresh root connection; returns the rows of the last statement. */
    async query<T = Record<string, unknown>>(name: string, sql: string, params: unknown[] = []): Promise<T[]> {
        const c = await this.connect(name);
        try {
            const [rows] = await c.query(sql, params);
            return rows as T[];
        } finally {
            await c.end();
        }
    }

    /** The pods' readiness probe (probe.sh readiness) on one instance. */
    readiness(name: string): Promise<ProbeResult> {
        return probeInstance(this.run, name, "readiness");
    }

    /**
     * Waits until the readiness probe passes on one instance; on timeout the error names the probe's last
     * reason (not just that it failed).
     */
    async waitReady(name: string, timeoutMs = 30000, everyMs = 200, what = `${name} ready`): Promise<void> {
        await eventually(
            what,
            async () => {
                const r = await this.readiness(name);
                if (!r.ok) throw new Error(`readiness of ${name}: ${r.reason}`);
                return true;
            },
            timeoutMs,
            everyMs,
        );
    }

    /** The pods' liveness probe on one instance. */
    liveness(name: string): Promise<ProbeResult> {
        return probeInstance(this.run, name, "liveness");
    }

    /** Clean stop of one instance (by its pid). */
    stop(name: string): Promise<string> {
        return stopInstance(this.run, name);
    }

    /** kill -9 of one instance. */
    kill9(name: string): Promise<boolean> {
        return killInstance(this.run, name);
    }

    /** Starts a stopped instance: like a crashed container (mysqld + post-start) or, with init, a new pod. */
    async start(name: string, withInit = false, extraServerArgs: string[] = []): Promise<void> {
        const lines: string[] = [];
        try {
            await startInstance(this.run, name, { withInit, timeoutMs: 120000, log: (l) => lines.push(l), extraServerArgs });
        } finally {
            this.log += lines.join("\n") + "\n";
            this.trackPids();
        }
    }

    /** `myriad local stop|start|restart NAME --dir DIR [...]`; returns the exit code and what it printed. */
    async local(
        command: "stop" | "start" | "restart",
        name: string,
        opts: Omit<LocalInstanceOptions, "dir"> = {},
    ): Promise<{ code: number; output: string }> {
        const io = captureIo();
        const code = await runLocalInstance(command, name, { dir: this.dir, timeout: "120", ...opts }, io);
        this.log += io.stderr + io.stdout;
        this.trackPids();
        return { code, output: io.stderr + io.stdout };
    }

    /** `myriad verify --local --dir DIR [...]`; returns exit code, stdout and stderr. */
    async verify(extra: Partial<VerifyCliOptions> = {}): Promise<{ code: number; stdout: string; stderr: string; json?: any }> {
        const io = captureIo();
        const code = await wideTables(() => runVerify({ local: true, dir: this.dir, format: "json", wait: "20", ...extra }, io));
        let json: any;
        if ((extra.format ?? "json") === "json") {
            try {
                json = JSON.parse(io.stdout);
            } catch {
                json = undefined;
            }
        }
        return { code, stdout: io.stdout, stderr: io.stderr, json };
    }

    /** `myriad local status --format json`. */
    async status(): Promise<{ instances: any[] }> {
        const io = captureIo();
        await runLocalStatus({ dir: this.dir, format: "json" }, io);
        return JSON.parse(io.stdout);
    }

    /** `myriad local down` (removes the data unless keep). */
    async down(keep = false): Promise<string> {
        const io = captureIo();
        await runLocalDown({ dir: this.dir, keep }, io);
        if (!keep) removeDir(this.dir);
        return io.stdout + io.stderr;
    }
}

/** Writes a configuration (a list of clusters) to a YAML file in `dir`. */
export function writeConfig(dir: string, name: string, clusters: unknown): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, YAML.stringify(clusters));
    return file;
}

/** Reads a fixture as data (to derive variants). */
export function readFixture(name: string): any[] {
    return YAML.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));
}
