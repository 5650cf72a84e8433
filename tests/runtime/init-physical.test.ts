/**
 * init.sh's physical seeding end to end for Percona XtraBackup (no Percona server here), against fakes: a donor
 * seeding endpoint (socat running a fake handler that checks the proof and sends a real xbstream made by
 * `mbstream -c`, the same format), a fake `xtrabackup --prepare`, a fake server and client. A complete stream is
 * prepared and started from the GTID set the backup recorded (RESET MASTER, then gtid_purged: the MySQL
 * family's statements); a stream without the completion file is discarded, retried, and finally refused with
 * nothing moved into place. The MariaDB path runs on real servers in tests/real/seeding.test.ts.
 */
import { spawn, spawnSync, type ChildProcess } from "child_process";
import { createHash } from "crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { instanceEnv } from "../../components/runtime/env";
import { planOrThrow } from "../../components/planner/plan";
import { scriptsSourceDir } from "../../components/runtime/scripts";
import { commandPath, describeWhen, missingCommands } from "../helpers/requires";

const mbstream = commandPath("mbstream");
const socat = commandPath("socat");

const dir = mkdtempSync(path.join(tmpdir(), "myriad-physical-"));
const bin = path.join(dir, "bin");
const NONCE = "00112233445566778899aabbccddeeff";
const GTID_LINES = "binlog.000007\t1234\t3e11fa47-71ca-11e1-9e33-c80aa9429562:1-27,\n8a94f357-aab4-11df-86ab-c80aa9429562:1-5\n";
const PORT = 20000 + Math.floor(Math.random() * 20000);

function executable(name: string, text: string): void {
    writeFileSync(path.join(bin, name), text);
    chmodSync(path.join(bin, name), 0o755);
}

/** Builds an xbstream of `files` (path -> content) with mbstream -c. */
function stream(name: string, files: Record<string, string>): string {
    const src = path.join(dir, `src-${name}`);
    for (const [f, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(src, f)), { recursive: true });
        writeFileSync(path.join(src, f), text);
    }
    const out = path.join(dir, `${name}.xbstream`);
    const r = spawnSync("bash", ["-c", `cd "$1" && "$2" -c ${Object.keys(files).join(" ")} > "$3"`, "x", src, mbstream!, out]);
    if (r.status !== 0) throw new Error(`mbstream -c failed: ${r.stderr.toString()}`);
    return out;
}

let donor: ChildProcess | undefined;

const tools = {
    missing: missingCommands(["mbstream", "socat"]),
    install: "apt-get install -y mariadb-backup socat (.ci/install-servers.sh)",
};
describeWhen("physical seeding with Percona XtraBackup (fake donor endpoint and tools)", tools, () => {
    beforeAll(() => {
        mkdirSync(bin);
        const secrets = path.join(dir, "secrets");
        mkdirSync(secrets);
        for (const f of ["root-password", "replication-password", "monitor-password"]) writeFileSync(path.join(secrets, f), `${f}-value`);
        writeFileSync(path.join(secrets, "root.cnf"), "[client]\nuser=root\n");
        const proof = createHash("sha256").update(`myriad-seed-v1\n${NONCE}\nreplication-password-value`).digest("hex");
        // The donor endpoint: greeting, proof check, then the stream named by $STUB_DIR/serve (a file holding its path).
        executable(
            "fake-donor",
            `#!/usr/bin/env bash
printf 'MYRIAD-SEEDING 1 ${NONCE}\\n'
IFS= read -r line
echo "$line" >> "$STUB_DIR/donor.log"
if [ "$line" != "PROOF ${proof}" ]; then printf 'ERR authentication failed\\n'; exit 0; fi
printf 'OK fake xtrabackup 8.0.35\\n'
cat "$(cat "$STUB_DIR/serve")"
`,
        );
        executable(
            "client",
            `#!/usr/bin/env bash
sql=$(cat)
{ printf 'ARGS %s\\n' "$*"; printf '%s\\n' "$sql"; printf -- '---\\n'; } >> "$STUB_DIR/client.log"
tcp=0; for a in "$@"; do case "$a" in --protocol=TCP) tcp=1 ;; esac; done
if [ "$tcp" = 1 ]; then
  case "$sql" in
    "SELECT @@GLOBAL.version;") echo "8.0.30-22" ;;
    *"@@GLOBAL.server_id, @@GLOBAL.version"*) printf '100\\t8.0.30-22\\n' ;;
  esac
fi
exit 0
`,
        );
        executable("admin", "#!/usr/bin/env bash\nexit 0\n");
        executable(
            "server",
            `#!/usr/bin/env bash
case "$1" in --version) echo "mysqld  Ver 8.0.35-27 for Linux on x86_64 (Percona Server (GPL), Release 27)"; exit 0 ;; esac
exec sleep 300
`,
        );
        executable(
            "xtrabackup",
            `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$STUB_DIR/xtrabackup.log"
for a in "$@"; do case "$a" in --target-dir=*) t=\${a#--target-dir=} ;; esac; done
[ -d "$t/mysql" ] || { echo "not a backup" >&2; exit 1; }
touch "$t/prepared"
`,
        );
        donor = spawn(socat!, [`TCP-LISTEN:${PORT},bind=127.0.0.1,reuseaddr,fork`, `EXEC:${path.join(bin, "fake-donor")}`], {
            env: { ...process.env, STUB_DIR: dir },
            stdio: "ignore",
        });
    });
    afterAll(() => {
        donor?.kill();
        rmSync(dir, { recursive: true, force: true });
    });

    let n = 0;
    let datadir = "";
    beforeEach(() => {
        for (const f of ["client.log", "donor.log", "xtrabackup.log"]) rmSync(path.join(dir, f), { force: true });
        datadir = path.join(dir, `data-${++n}`);
    });

    function env(extra: Record<string, string> = {}): Record<string, string> {
        const plan = planOrThrow({
            name: "orders",
            flavor: "percona",
            templates: [
                {
                    name: "a",
                    image: "percona/percona-server:8.0.30-22",
                    replicas: 1,
                    backupTool: "xtrabackup",
                    ordinals: { start: 0, end: 4 },
                },
                {
                    name: "b",
                    image: "percona/percona-server:8.0.35-27",
                    replicas: 1,
                    backupTool: "xtrabackup",
                    ordinals: { start: 5, end: 9 },
                },
            ],
        });
        const inst = plan.instances.find((i) => i.ordinal === 5)!;
        return instanceEnv(plan, inst, {
            MYRIAD_CLIENT: path.join(bin, "client"),
            MYRIAD_ADMIN: path.join(bin, "admin"),
            MYRIAD_SERVER_BIN: path.join(bin, "server"),
            MYRIAD_BACKUP_TOOL: path.join(bin, "xtrabackup"),
            MYRIAD_BACKUP_STREAM: mbstream!,
            MYRIAD_SECRETS_DIR: path.join(dir, "secrets"),
            MYRIAD_DATADIR: datadir,
            MYRIAD_CONFIG: path.join(dir, "my.cnf"),
            MYRIAD_HOST: "127.0.0.1",
            MYRIAD_PORT: "23306",
            MYRIAD_PEER_SERVICE: "",
            MYRIAD_SOURCE_HOST: "127.0.0.1",
            MYRIAD_SOURCE_PORT: "23398",
            MYRIAD_SEED_DONORS: `127.0.0.1:23398:${PORT}`,
            MYRIAD_SOURCE_WAIT_INTERVAL_SECONDS: "1",
            MYRIAD_START_TIMEOUT_SECONDS: "10",
            MYRIAD_STOP_TIMEOUT_SECONDS: "10",
            ...extra,
        });
    }

    function init(e: Record<string, string>) {
        const r = spawnSync("bash", [path.join(scriptsSourceDir(), "init.sh")], {
            env: { PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`, STUB_DIR: dir, TMPDIR: dir, HOME: dir, ...e },
            encoding: "utf8",
            timeout: 60000,
        });
        return { code: r.status, err: r.stderr };
    }

    test("the plan chooses xtrabackup (CLONE needs the same patch below 8.0.37), and init.sh prepares the stream and sets gtid_purged", () => {
        const e = env();
        expect([e.MYRIAD_SEEDING, e.MYRIAD_BACKUP_STREAM === mbstream, e.MYRIAD_BACKUP_BINLOG_INFO]).toEqual([
            "xtrabackup",
            true,
            "xtrabackup_binlog_info",
        ]);
        writeFileSync(
            path.join(dir, "serve"),
            stream("complete", {
                "mysql/user.ibd": "x",
                "app/t.ibd": "rows",
                xtrabackup_binlog_info: GTID_LINES,
                "myriad-seed.complete": "tool=fake\n",
            }),
        );
        const r = init(e);
        expect(r.err).toMatch(/attempt 1\/5: donor 127\.0\.0\.1:23398, the source \(8\.0\.30-22\)/);
        expect(r.err).toMatch(/the stream from 127\.0\.0\.1:23398 is complete/);
        expect(r.code).toBe(0);
        expect(readFileSync(path.join(dir, "xtrabackup.log"), "utf8")).toMatch(/--prepare --target-dir=.*\.myriad-staging/);
        const sql = readFileSync(path.join(dir, "client.log"), "utf8");
        expect(sql).toContain(
            "RESET MASTER;\nSET GLOBAL gtid_purged = '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-27,8a94f357-aab4-11df-86ab-c80aa9429562:1-5';",
        );
        expect(readFileSync(path.join(dir, "donor.log"), "utf8")).toMatch(/^PROOF [0-9a-f]{64}\n$/);
        expect(existsSync(path.join(datadir, "app", "t.ibd"))).toBe(true);
        expect(existsSync(path.join(datadir, "prepared"))).toBe(true);
        expect(existsSync(path.join(datadir, "myriad-seed.complete"))).toBe(false);
        expect(readFileSync(path.join(datadir, "myriad-bootstrap.done"), "utf8")).toMatch(/method=xtrabackup/);
    });

    test("a stream without the completion file is discarded and retried; after the attempts init.sh fails, nothing in place", () => {
        writeFileSync(path.join(dir, "serve"), stream("partial", { "mysql/user.ibd": "x", "app/t.ibd": "half" }));
        const r = init(env({ MYRIAD_SEED_ATTEMPTS: "2" }));
        expect(r.code).toBe(1);
        expect(r.err.match(/the stream ended without myriad-seed\.complete.*discarding the partial copy/g)).toHaveLength(2);
        expect(r.err).toMatch(/FATAL: no complete physical copy after 2 attempt\(s\)/);
        expect(existsSync(path.join(dir, "xtrabackup.log"))).toBe(false);
        expect(readdirSync(datadir).sort()).toEqual(["myriad-bootstrap.pending"]);
    });

    test("a missing stream program in the image fails at once, naming it and the fix", () => {
        const r = init(env({ MYRIAD_BACKUP_STREAM: "xbstream-not-installed" }));
        expect(r.code).toBe(1);
        expect(r.err).toMatch(
            /FATAL: seeding by xtrabackup needs xbstream-not-installed, which this image lacks .* or set backupTool: none on the template to seed by a logical copy\. Nothing was copied\./,
        );
        expect(existsSync(path.join(dir, "donor.log"))).toBe(false);
    });
});
