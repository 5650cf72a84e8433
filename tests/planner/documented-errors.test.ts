/**
 * docs/configuration.md "Structural errors" quotes the code: every row of its tables is produced, word for word,
 * by the check it names, and every check of components/planner/checks/ has a row.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MySqlCluster } from "../../components/cluster/mysql-cluster";
import { CLUSTER_CHECKS, type ClusterCheck } from "../../components/planner/checks";
import * as checks from "../../components/planner/checks";
import * as backupChecks from "../../components/planner/checks/backup";
import { planClusters, planStack } from "../../components/planner/plan";
import { formatError, InvalidSpecError, type StructuralError } from "../../components/spec/errors";
import type { ClusterSpec } from "../../components/spec/types";
import { one, tpl, two } from "./fixtures";

const DOC = fs.readFileSync(path.resolve(__dirname, "..", "..", "docs", "configuration.md"), "utf8");

/** The rows of every table in the section, as cells (inline code unwrapped, `\|` unescaped). */
function tableRows(section: string): string[][] {
    const start = DOC.indexOf(`## ${section}`);
    const end = DOC.indexOf("\n## ", start + 1);
    const text = DOC.slice(start, end < 0 ? undefined : end);
    return text
        .split("\n")
        .filter((l) => l.startsWith("|") && !/^\|\s*-/.test(l) && !/^\| Class \|/.test(l))
        .map((l) =>
            l
                .slice(1, -1)
                .split(/(?<!\\)\|/)
                .map((c) => c.trim().replace(/\\\|/g, "|")),
        );
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, "");

/** Each documented class: the check that owns it and a specification that breaks it. */
const CLUSTER_ROWS: Record<string, [ClusterCheck, ClusterSpec]> = {
    "invalid cluster name": [checks.checkClusterName, one({ name: "Orders" })],
    "invalid namespace": [checks.checkNamespace, one({ namespace: "DB" })],
    "system namespace created": [checks.checkCreateNamespace, one({ createNamespace: true })],
    "invalid cluster domain": [checks.checkClusterDomain, one({ clusterDomain: "a/b" })],
    "invalid template name": [checks.checkTemplateNames, one({}, { name: "Main" })],
    "duplicate template name": [checks.checkTemplateNamesUnique, { name: "orders", templates: [tpl("a"), tpl("a")] }],
    "invalid option name": [checks.checkOptionNames, one({}, { config: { "max connections": 100 } })],
    "option value not one printable line": [checks.checkOptionValues, one({}, { config: { max_connections: "1\n[client]\npassword=x" } })],
    "managed option overridden": [checks.checkManagedOptions, one({}, { config: { server_id: 7 } })],
    "setting that disables authentication or networking or runs code at start-up": [
        checks.checkUnsafeOptions,
        one({}, { config: { "skip-grant-tables": true } }),
    ],
    "mode settings for another mode": [checks.checkModeSettings, one({ semisync: {} })],
    "server id base below 1": [checks.checkServerIdBase, one({ serverIdBase: 0 })],
    "several templates without ranges": [checks.checkTemplateRanges, two({}, { ordinals: { start: 4, end: 5 } })],
    "reversed range": [checks.checkTemplateRanges, one({}, { ordinals: { start: 3, end: 1 } })],
    "overlapping ranges": [checks.checkRangeOverlaps, two({ ordinals: { start: 0, end: 5 } }, { ordinals: { start: 5, end: 9 } })],
    "offline ordinal listed twice": [checks.checkOfflineListedOnce, one({ offlineInstances: [1, 1] })],
    "offline ordinal outside every template": [
        checks.checkOfflineInRange,
        one({ offlineInstances: [50] }, { ordinals: { start: 0, end: 3 } }),
    ],
    "replicas do not fit the range": [
        checks.checkReplicasFit,
        { name: "orders", templates: [tpl("b", { replicas: 5, ordinals: { start: 0, end: 3 } })] },
    ],
    "version unknown": [checks.checkTemplateVersion, one({}, { image: "mysql@sha256:abc" })],
    "version malformed": [checks.checkTemplateVersion, one({}, { version: "8.0" })],
    "version contradicts the tag": [checks.checkTemplateVersion, one({}, { image: "mysql:8.0.40", version: "8.0.36" })],
    "image of another flavour": [checks.checkTemplateFlavor, one({ flavor: "mariadb" })],
    "invalid image reference": [checks.checkImageReference, one({}, { image: "MySQL:8.0.40" })],
    "version below the supported floor": [checks.checkSupportedVersion, one({}, { image: "mysql:5.6.51" })],
    "replicas that accept the administrator's writes": [checks.checkReplicaWriteFence, one({}, { image: "mariadb:10.6.16" })],
    "invalid resource name": [checks.checkResourceNames, one({}, { resources: { requests: { memroy: "1Gi" } } })],
    "invalid resource quantity": [checks.checkResourceQuantities, one({}, { resources: { requests: { cpu: "lots" } } })],
    "invalid storage size": [checks.checkStorageSize, one({}, { storage: { size: "10 GB" } })],
    "invalid StorageClass name": [checks.checkStorageClassName, one({}, { storage: { storageClassName: "Fast SSD" } })],
    "invalid PriorityClass name": [checks.checkPriorityClassName, one({}, { scheduling: { priorityClassName: "High" } })],
    "invalid node selector": [checks.checkNodeSelector, one({}, { scheduling: { nodeSelector: { "disk type": "ssd" } } })],
    "invalid toleration": [checks.checkTolerations, one({}, { scheduling: { tolerations: [{ key: "dedicated to" }] } })],
    "invalid affinity": [
        checks.checkAffinity,
        one(
            {},
            {
                scheduling: {
                    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "host name" }] } },
                },
            },
        ),
    ],
    "primary offline": [checks.checkPrimary, one({ primary: 2, offlineInstances: [2] })],
    "primary not online in its template": [checks.checkPrimary, one({ primary: 3 }, { ordinals: { start: 0, end: 5 } })],
    "primary outside every range": [checks.checkPrimary, one({ primary: 9 }, { ordinals: { start: 0, end: 5 } })],
    "default primary impossible": [
        checks.checkPrimary,
        two({ replicas: 0, ordinals: { start: 0, end: 1 } }, { ordinals: { start: 2, end: 3 } }),
    ],
    "server_id out of bounds": [
        checks.checkServerIdRange,
        { name: "orders", serverIdBase: 4294967290, templates: [tpl("main", { replicas: 7 })] },
    ],
    "ordinal outside the default server_id slot": [
        checks.checkDefaultServerIdSlot,
        one({}, { replicas: 1, ordinals: { start: 4096, end: 4096 } }),
    ],
    "semisync cannot be satisfied": [
        checks.checkSemisyncAcknowledgements,
        one({ mode: "semisync", semisync: { waitForReplicaCount: 3 } }, { replicas: 2 }),
    ],
    "semisync parameter the server cannot honour": [
        checks.checkSemisyncHonoured,
        one({ mode: "semisync", semisync: { waitForReplicaCount: 2 } }, { image: "mariadb:10.11.6" }),
    ],
    "group of more than 9 members": [checks.checkGroupSize, one({ mode: "group" }, { replicas: 10 })],
    "group consistency a member cannot honour": [
        checks.checkGroupConsistencyHonoured,
        one({ mode: "group", group: { consistency: "AFTER" } }, { image: "mysql:8.0.13" }),
    ],
    "metrics port taken by mysqld": [checks.checkMetricsPort, one({ metrics: { port: 3306 } })],
    "ServiceMonitor without the exporter": [checks.checkMetricsServiceMonitor, one({ metrics: { enabled: false, serviceMonitor: true } })],
    "invalid backup storage": [backupChecks.checkBackupStorage, one({ backup: { storage: {} } })],
    "backup storage without credentials": [backupChecks.checkBackupStorage, one({ backup: { storage: { s3: { bucket: "backups" } } } })],
    "invalid backup schedule": [
        backupChecks.checkBackupSchedule,
        one({ backup: { storage: { local: { path: "/b" } }, schedule: "0 0 3 * * *" } }),
    ],
    "restore source version missing": [
        backupChecks.checkRestoreSource,
        one({ restore: { from: { storage: { local: { path: "/b" } }, cluster: "orders" } } }),
    ],
    "point in time in the future": [
        backupChecks.checkRestorePointInTime,
        one({
            restore: {
                from: { storage: { local: { path: "/b" } }, cluster: "orders", version: "8.0.36" },
                pointInTime: "2999-01-01T00:00:00Z",
            },
        }),
    ],
    "backups written into the restore source": [
        backupChecks.checkBackupFolderDistinct,
        one({
            backup: { storage: { local: { path: "/b" } } },
            restore: { from: { storage: { local: { path: "/b" } }, cluster: "orders", version: "8.0.36" } },
        }),
    ],
};

/** The stack-level and component-option classes: the errors they produce. */
const OTHER_ROWS: Record<string, () => StructuralError[]> = {
    "object names collide between clusters": () => planClusters([one(), { name: "orders-primary", templates: [tpl("main")] }]).errors,
    "namespace created twice": () =>
        planClusters([
            one({ namespace: "shop", createNamespace: true }),
            { name: "users", namespace: "shop", createNamespace: true, templates: [tpl("main")] },
        ]).errors,
    "server_ids collide across clusters": () =>
        planClusters([one(), { name: "users", serverIdBase: 4246118401, templates: [tpl("main")] }]).errors,
    "duplicate cluster name in the stack": () => planStack([one(), one({ namespace: "other" })]).errors,
    "ready timeout not a positive whole number": () => componentErrors({ readyTimeoutSeconds: 0 }),
    "protect not a boolean": () => componentErrors({ protect: "yes" as unknown as boolean }),
};

function componentErrors(options: { readyTimeoutSeconds?: number; protect?: boolean }): StructuralError[] {
    try {
        new MySqlCluster("orders", { templates: [tpl("main")], ...options });
    } catch (e) {
        if (e instanceof InvalidSpecError) return e.errors;
        throw e;
    }
    return [];
}

const ruleRows = tableRows("Structural errors").filter((r) => r.length === 3);

describe("docs/configuration.md: rules across fields", () => {
    it.each(ruleRows)("%s", (cls, docPath, message) => {
        const row = CLUSTER_ROWS[cls];
        const errors = row ? row[0](row[1], "clusters[0]") : OTHER_ROWS[cls]?.();
        expect(errors).toBeDefined();
        const pattern = new RegExp(
            `^${unquote(docPath.split(", ")[0])
                .replace(/[.[\]]/g, "\\$&")
                .replace(/\\\[i\\\]/g, "\\[\\d+\\]")
                .replace(/\\\[[tk]\\\]/g, "\\[\\d+\\]")
                .replace(/<key>/, "[^.]+")}$`,
        );
        expect(errors.map((e) => e.message)).toContain(message);
        expect(errors.find((e) => e.message === message)!.path).toMatch(pattern);
    });

    it("documents every class it can produce, and every check of CLUSTER_CHECKS", () => {
        const documented = new Set(ruleRows.map((r) => r[0]));
        expect([...Object.keys(CLUSTER_ROWS), ...Object.keys(OTHER_ROWS)].filter((c) => !documented.has(c))).toEqual([]);
        const used = new Set(Object.values(CLUSTER_ROWS).map(([check]) => check));
        expect(CLUSTER_CHECKS.filter((c) => !used.has(c)).map((c) => c.name)).toEqual([]);
    });
});

describe("docs/configuration.md: shape errors and the example line", () => {
    const shapeRows = tableRows("Structural errors").filter((r) => r.length === 2);
    const INPUTS: Record<string, unknown> = {
        "not a list": {},
        "unknown key": [{ name: "orders", templates: [{ name: "main", image: "mysql:8.0.36", replicas: 3, replica: 1 }] }],
        "missing required field": [{ name: "orders", templates: [{ name: "main", replicas: 3 }] }],
        "wrong type": [{ name: "orders", templates: [{ name: "main", image: "mysql:8.0.36", replicas: "3" }] }],
        "value not allowed": [{ name: "orders", mode: "sync", templates: [{ name: "main", image: "mysql:8.0.36", replicas: 3 }] }],
        "out of bounds": [{ name: "orders", templates: [] }],
    };

    it.each(shapeRows)("%s", (cls, example) => {
        expect(Object.keys(INPUTS)).toContain(cls);
        const line = unquote(example.split("`;")[0]);
        expect(
            planClusters(INPUTS[cls])
                .errors.map(formatError)
                .some((l) => l.startsWith(line)),
        ).toBe(true);
    });

    it("quotes a real error line", () => {
        const line = DOC.slice(DOC.indexOf("```\nclusters[0]") + 4, DOC.indexOf("\n```", DOC.indexOf("```\nclusters[0]") + 4));
        const errors = planClusters([two({ ordinals: { start: 0, end: 5 } }, { ordinals: { start: 5, end: 9 } })]).errors;
        expect(errors.map(formatError)).toEqual([line]);
    });
});
