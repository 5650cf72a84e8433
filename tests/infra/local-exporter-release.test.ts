/**
 * `myriad local up` with an exporter binary whose release cannot read an instance's replica status: one note
 * per such instance, from the same judgement as the policy pack (components/runtime/exporter.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planOrThrow } from "../../components/planner/plan";
import { exporterBinaryVersion, exporterReleaseNotes } from "../../infra/local/exporter";

/** A stand-in binary that prints a release the way mysqld_exporter's --version does. */
function fakeExporter(version: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "myriad-exp-"));
    const bin = path.join(dir, "mysqld_exporter");
    fs.writeFileSync(bin, `#!/bin/sh\necho "mysqld_exporter, version ${version} (branch: HEAD, revision: x)"\n`, { mode: 0o755 });
    return bin;
}

test("the release is read from --version", () => {
    expect(exporterBinaryVersion(fakeExporter("0.14.0"))).toBe("0.14.0");
    expect(exporterBinaryVersion(fakeExporter("0.16.0"))).toBe("0.16.0");
    expect(exporterBinaryVersion("/bin/false")).toBeUndefined();
});

test("one note per MySQL 8.0.22+ instance beside 0.14.0; none for 5.7, MariaDB or 0.16.0", () => {
    const tpl = (name: string, image: string) => ({ name, image, replicas: 1 });
    const instances = (name: string, image: string) => planOrThrow({ name, templates: [tpl("main", image)] }).instances;
    const mixed = [...instances("old", "mysql:5.7.29"), ...instances("up", "mysql:8.4.3")];
    const notes = exporterReleaseNotes("/usr/bin/prometheus-mysqld-exporter", "0.14.0", mixed);
    expect(notes).toEqual([expect.stringContaining("up-0: the exporter /usr/bin/prometheus-mysqld-exporter is mysqld_exporter 0.14.0")]);
    expect(notes[0]).toContain("MySQL 8.4.3 has no SHOW SLAVE STATUS");
    expect(notes[0]).toContain("install mysqld_exporter 0.16.0 or later and name it with MYRIAD_EXPORTER_BIN");
    expect(exporterReleaseNotes("x", "0.16.0", mixed)).toEqual([]);
    expect(exporterReleaseNotes("x", undefined, mixed)).toEqual([]);
    expect(exporterReleaseNotes("x", "0.14.0", instances("m", "mariadb:10.11.6"))).toEqual([]);
});
