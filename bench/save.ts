/**
 * Where a benchmark writes its results. The tracked files under bench/ (`results.json`, `check-results.json`,
 * `checksum-results.json`) are the recorded results docs/performance.md quotes: they are replaced only when the
 * run is asked to (`npm run bench -- --save`, or `--save` after any bench script). Otherwise the results go to
 * a file under the system's temporary directory, named on stdout.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** True when the command line asks to record the results (`--save`). */
export function saveRequested(argv: readonly string[] = process.argv): boolean {
    return argv.includes("--save");
}

/**
 * Writes `result` as JSON to `tracked` when saving was asked for, else to `<tmpdir>/myriad-bench/<basename>`.
 * Returns the path written and says where on stdout.
 */
export function writeResults(tracked: string, result: unknown, argv: readonly string[] = process.argv): string {
    const save = saveRequested(argv);
    const file = save ? tracked : path.join(os.tmpdir(), "myriad-bench", path.basename(tracked));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
        save
            ? `results recorded in ${file}\n`
            : `results written to ${file} (pass --save to record them in ${path.relative(process.cwd(), tracked) || tracked})\n`,
    );
    return file;
}

/** The machine a result was measured on, and when: recorded beside every benchmark's results. */
export function machineFacts(): {
    date: string;
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    loadAverage: number[];
} {
    return {
        date: new Date().toISOString(),
        node: process.version,
        platform: `${os.platform()} ${os.arch()}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "unknown",
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
    };
}
