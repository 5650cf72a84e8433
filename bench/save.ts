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
