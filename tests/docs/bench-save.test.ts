/**
 * `npm run bench` does not overwrite the tracked result files unless asked to (`--save`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { saveRequested, writeResults } from "../../bench/save";

test("without --save the results go to the temporary directory; with --save to the tracked file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-bench-test-"));
    const tracked = path.join(dir, "results-under-test.json");
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
        const temp = writeResults(tracked, { a: 1 }, ["node", "run.js"]);
        expect(fs.existsSync(tracked)).toBe(false);
        expect(temp).toBe(path.join(os.tmpdir(), "myriad-bench", "results-under-test.json"));
        expect(JSON.parse(fs.readFileSync(temp, "utf8"))).toEqual({ a: 1 });
        expect(writeResults(tracked, { a: 2 }, ["node", "run.js", "--save"])).toBe(tracked);
        expect(JSON.parse(fs.readFileSync(tracked, "utf8"))).toEqual({ a: 2 });
        expect(saveRequested(["node", "x"])).toBe(false);
        fs.rmSync(temp, { force: true });
    } finally {
        write.mockRestore();
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
