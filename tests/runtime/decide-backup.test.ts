/**
 * The pure decisions of backup.sh, binlog-ship.sh and backup-lib.sh, table-tested by running the functions themselves
 * (tests/runtime/decide.ts: no server, no program on PATH).
 */
import { decide, decideFields } from "./decide";

describe("backup.sh decide_backup_candidate", () => {
    const env = { MYRIAD_MAX_LAG_SECONDS: "30" };
    it.each<[string, string[], string[]]>([
        ["a donor that does not answer", ["answers=0"], ["skip", "does not answer"]],
        [
            "another version",
            ["answers=1", "version=10.11.7-MariaDB-log", "want=10.11.6", "writable=0"],
            ["skip", "runs 10.11.7-MariaDB-log, not the primary's version 10.11.6 (a backup is restored by version)"],
        ],
        [
            "the writable primary",
            ["answers=1", "version=10.11.6-MariaDB", "want=10.11.6", "writable=1"],
            ["primary", "the writable primary"],
        ],
        [
            "a ready replica",
            ["answers=1", "version=10.11.6", "want=10.11.6", "writable=0", "io=Yes", "sql=Yes", "lag=2"],
            ["replica", "a ready replica, 2s behind"],
        ],
        [
            "a stopped replica",
            ["answers=1", "version=10.11.6", "writable=0", "io=No", "sql=Yes", "lag="],
            ["skip", "not a running replica (IO No, SQL Yes)"],
        ],
        [
            "a lagging replica",
            ["answers=1", "version=10.11.6", "writable=0", "io=Yes", "sql=Yes", "lag=31"],
            ["skip", "lags 31s (at most 30s)"],
        ],
        [
            "a read-only server that replicates nothing",
            ["answers=1", "version=10.11.6", "writable=0"],
            ["skip", "not a running replica (IO none, SQL none)"],
        ],
    ])("%s", (_, facts, expected) => {
        expect(decideFields("backup.sh", "decide_backup_candidate", facts, env)).toEqual(expected);
    });
});

describe("backup.sh decide_backup_pick", () => {
    it.each<[string, string[], string[]]>([
        ["the first ready replica", ["primary:a:1:2", "skip:b:1:2", "replica:c:1:2", "replica:d:1:2"], ["use", "c:1:2", "a ready replica"]],
        [
            "the primary only when no replica is ready",
            ["skip:b:1:2", "primary:a:1:2"],
            ["use", "a:1:2", "the primary: no replica is ready"],
        ],
        ["nothing", ["skip:b:1:2"], ["none", "no donor answers as a ready replica or as the primary"]],
        ["no candidate at all", [], ["none", "no donor answers as a ready replica or as the primary"]],
    ])("%s", (_, classes, expected) => {
        expect(decideFields("backup.sh", "decide_backup_pick", classes)).toEqual(expected);
    });
});

describe("backup.sh decide_backup_prune", () => {
    const prune = (args: string[]) => decide("backup.sh", "decide_backup_prune", args);
    it.each<[string, string[], string]>([
        ["fewer than kept", ["3", "20261201T030000Z", "20261202T030000Z"], ""],
        [
            "the oldest past the newest 2, in any order",
            ["2", "20261203T030000Z", "20261201T030000Z", "20261204T030000Z", "20261202T030000Z"],
            "20261201T030000Z\n20261202T030000Z",
        ],
        ["none at all", ["7"], ""],
    ])("%s", (_, args, out) => {
        const r = prune(args);
        expect(r.err).toBe("");
        expect(r.out).toBe(out);
    });
});

describe("backup-lib.sh", () => {
    it.each<[string, string[]]>([
        ["access-key-id", ["value", "RCLONE_CONFIG_MYRIAD_ACCESS_KEY_ID"]],
        ["secret-access-key", ["value", "RCLONE_CONFIG_MYRIAD_SECRET_ACCESS_KEY"]],
        ["service-account.json", ["path", "RCLONE_CONFIG_MYRIAD_SERVICE_ACCOUNT_FILE"]],
        ["account-key", ["value", "RCLONE_CONFIG_MYRIAD_KEY"]],
        ["..data", ["ignore"]],
    ])("decide_rclone_credential %s", (file, expected) => {
        expect(decideFields("backup-lib.sh", "decide_rclone_credential", [file])).toEqual(expected);
    });
    it.each<[string, string]>([
        ["2026-12-07T10:15:30Z", "20261207T101530Z"],
        ["2026-12-07 10:15:30", "invalid"],
    ])("decide_backup_stamp %s", (date, stamp) => {
        expect(decide("backup-lib.sh", "decide_backup_stamp", [date]).out).toBe(stamp);
    });
});

describe("binlog-ship.sh", () => {
    it.each<[string, string[]]>([
        ["1", ["ship", "this instance is the writable primary"]],
        ["0", ["idle", "this instance is read-only (a replica, or a primary held read-only)"]],
        ["", ["idle", "the local server does not answer"]],
    ])("decide_ship_role %j", (writable, expected) => {
        expect(decideFields("binlog-ship.sh", "decide_ship_role", [writable])).toEqual(expected);
    });

    it.each<[string, string[], string[]]>([
        ["no binary log", [""], ["none", "the server lists no binary log (is log_bin on?)"]],
        [
            "nothing uploaded",
            ["", "b.000001", "b.000002"],
            ["start", "b.000001", "nothing uploaded yet for this server: from its oldest binary log"],
        ],
        [
            "the last uploaded is on the server",
            ["b.000002", "b.000001", "b.000002", "b.000003"],
            ["start", "b.000002", "the last file uploaded, fetched again whole"],
        ],
        [
            "the next one after the last uploaded",
            ["b.000002", "b.000003", "b.000004"],
            ["start", "b.000003", "the file after the last one uploaded (b.000002)"],
        ],
        [
            "purged before upload: a gap",
            ["b.000002", "b.000005", "b.000006"],
            ["gap", "b.000005", "the files after b.000002 up to before b.000005 were purged from the server before they were uploaded"],
        ],
    ])("decide_binlog_start: %s", (_, args, expected) => {
        const [last, ...files] = args;
        expect(decideFields("binlog-ship.sh", "decide_binlog_start", [last, ...files.filter((f) => f !== "")])).toEqual(expected);
    });

    it.each<[string, string[], string]>([
        ["a new file", ["b.000001", "120", "", "b.000001"], "upload"],
        ["the open file grew", ["b.000003", "4096", "2048", "b.000003"], "upload"],
        ["the open file, uploaded", ["b.000003", "4096", "4096", "b.000003"], "wait"],
        ["a closed file that grew at its end", ["b.000002", "5000", "4096", "b.000003"], "upload"],
        ["a closed file uploaded whole", ["b.000002", "5000", "5000", "b.000003"], "done"],
    ])("decide_binlog_upload: %s", (_, args, verdict) => {
        expect(decide("binlog-ship.sh", "decide_binlog_upload", args).out).toBe(verdict);
    });
});

describe("restore.sh", () => {
    it.each<[string, string[]]>([
        ["0", ["restore"]],
        [
            "3",
            [
                "refuse",
                "the data directory holds 3 entries: a restore never runs against a cluster that holds data (restore into a new cluster, or remove the data deliberately)",
            ],
        ],
    ])("decide_restore_target %s entries", (n, expected) => {
        expect(decideFields("restore.sh", "decide_restore_target", [n])).toEqual(expected);
    });

    const backups = [
        "20261205T030000Z=2026-12-05T03:04:00Z=10.11.6",
        "20261207T030000Z=2026-12-07T03:05:10Z=10.11.6",
        "20261206T030000Z=2026-12-06T03:04:30Z=10.11.6",
    ];
    it.each<[string, string[], string[]]>([
        [
            "latest: the newest",
            ["latest", "10.11.6", ...backups],
            ["use", "20261207T030000Z", "the newest complete backup finished by latest (at 2026-12-07T03:05:10Z)"],
        ],
        [
            "a point between two backups: the one finished before it",
            ["2026-12-07T03:05:00Z", "10.11.6", ...backups],
            ["use", "20261206T030000Z", "the newest complete backup finished by 2026-12-07T03:05:00Z (at 2026-12-06T03:04:30Z)"],
        ],
        [
            "a point before every backup",
            ["2026-12-01T00:00:00Z", "10.11.6", ...backups],
            ["none", "no complete backup of version 10.11.6 finished by 2026-12-01T00:00:00Z"],
        ],
        [
            "only backups of another version",
            ["latest", "10.11.7", backups[0]],
            ["none", "no complete backup of version 10.11.7 finished by latest (other versions: 20261205T030000Z (10.11.6))"],
        ],
    ])("decide_restore_backup: %s", (_, args, expected) => {
        expect(decideFields("restore.sh", "decide_restore_backup", args)).toEqual(expected);
    });

    it.each<[string, string[], string]>([
        [
            "MariaDB to a point",
            ["mariadb", "0-1-42", "2026-12-07T10:15:30Z"],
            "--start-position=0-1-42\n--stop-datetime=2026-12-07 10:15:30",
        ],
        ["MariaDB to the end", ["mariadb", "0-1-42", "latest"], "--start-position=0-1-42"],
        [
            "MySQL excludes the backup's GTID set",
            ["mysql", "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77", "latest"],
            "--exclude-gtids=3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77",
        ],
    ])("decide_replay_options: %s", (_, args, out) => {
        expect(decide("restore.sh", "decide_replay_options", args).out).toBe(out);
    });
});

describe("binlog-ship.sh decide_binlog_rotate", () => {
    it.each<[string, string, string, string]>([
        ["the open file grew", "b.000003 1200", "b.000003 385", "rotate"],
        ["nothing written since the last rotation", "b.000004 385", "b.000004 385", "keep"],
        ["the first poll", "b.000001 900", "", "rotate"],
        ["the server does not answer", "", "b.000004 385", "keep"],
    ])("%s", (_, now, last, verdict) => {
        expect(decide("binlog-ship.sh", "decide_binlog_rotate", [now, last]).out).toBe(verdict);
    });
});
