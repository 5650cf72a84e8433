/**
 * Every cross-field check on its own (components/planner/checks.ts), table-driven: the specification that breaks
 * the rule, and the exact errors (path, value, message, fix) the check returns; a specification that keeps the
 * rule gives none. Every check of `CLUSTER_CHECKS` has rows here.
 */
import {
    checkClusterDomain,
    checkClusterName,
    checkComponentOptions,
    checkManagedOptions,
    checkModeSettings,
    checkCreateNamespace,
    checkNamespace,
    checkObjectNameCollisions,
    checkOfflineInRange,
    checkOfflineListedOnce,
    checkPrimary,
    checkProtect,
    checkRangeOverlaps,
    checkReadyTimeoutSeconds,
    checkReplicasFit,
    checkSemisyncAcknowledgements,
    checkMetricsPort,
    checkMetricsServiceMonitor,
    checkServerIdBase,
    checkServerIdRange,
    checkDefaultServerIdSlot,
    checkSemisyncHonoured,
    checkGroupSize,
    checkGroupConsistencyHonoured,
    checkTemplateFlavor,
    checkTemplateNames,
    checkTemplateNamesUnique,
    checkTemplateRanges,
    checkTemplateVersion,
    checkUniqueClusterNames,
    checkOptionNames,
    checkOptionValues,
    checkImageReference,
    checkReplicaWriteFence,
    checkSupportedVersion,
    checkResourceNames,
    checkResourceQuantities,
    checkStorageSize,
    checkStorageClassName,
    checkPriorityClassName,
    checkNodeSelector,
    checkTolerations,
    checkAffinity,
    CLUSTER_CHECKS,
    validateCluster,
    type ClusterCheck,
} from "../../components/planner/checks";
import { BACKUP_CHECKS } from "../../components/planner/checks-backup";
import { planOrThrow } from "../../components/planner/plan";
import { checkClusterList } from "../../components/planner/validate-shape";
import type { StructuralError } from "../../components/spec/errors";
import type { ClusterSpec } from "../../components/spec/types";
import { one, tpl, two } from "./fixtures";

type Row = [name: string, spec: ClusterSpec, errors: StructuralError[]];

const err = (path: string, value: unknown, message: string, fix: string): StructuralError => ({ path, value, message, fix });

const TABLE: [ClusterCheck, Row[]][] = [
    [
        checkClusterName,
        [
            ["a DNS-1035 label", one(), []],
            [
                "starts with a digit",
                one({ name: "9orders" }),
                [
                    err(
                        "c.name",
                        "9orders",
                        "a cluster name must be a DNS-1035 label of at most 40 characters",
                        "use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit",
                    ),
                ],
            ],
            [
                "41 characters",
                one({ name: "a".repeat(41) }),
                [
                    err(
                        "c.name",
                        "a".repeat(41),
                        "a cluster name must be a DNS-1035 label of at most 40 characters",
                        "use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit",
                    ),
                ],
            ],
        ],
    ],
    [
        checkCreateNamespace,
        [
            ["not asked for", one({ namespace: "default" }), []],
            ["a namespace of its own", one({ namespace: "shop", createNamespace: true }), []],
            [
                "the default namespace",
                one({ createNamespace: true }),
                [
                    err(
                        "c.createNamespace",
                        true,
                        "namespace 'default' exists in every Kubernetes cluster and cannot be created by a cluster",
                        "set namespace to a namespace of your own (for example databases), or remove createNamespace",
                    ),
                ],
            ],
            [
                "a kube- namespace",
                one({ namespace: "kube-system", createNamespace: true }),
                [
                    err(
                        "c.createNamespace",
                        true,
                        "namespace 'kube-system' exists in every Kubernetes cluster and cannot be created by a cluster",
                        "set namespace to a namespace of your own (for example databases), or remove createNamespace",
                    ),
                ],
            ],
        ],
    ],
    [
        checkNamespace,
        [
            ["absent", one(), []],
            ["a label", one({ namespace: "db-1" }), []],
            [
                "upper case",
                one({ namespace: "DB" }),
                [
                    err(
                        "c.namespace",
                        "DB",
                        "a namespace must be a DNS-1123 label",
                        "use lower-case letters, digits and '-', at most 63 characters",
                    ),
                ],
            ],
            [
                "64 characters",
                one({ namespace: "n".repeat(64) }),
                [
                    err(
                        "c.namespace",
                        "n".repeat(64),
                        "a namespace must be a DNS-1123 label",
                        "use lower-case letters, digits and '-', at most 63 characters",
                    ),
                ],
            ],
        ],
    ],
    [
        checkClusterDomain,
        [
            ["a domain", one({ clusterDomain: "cluster.local" }), []],
            [
                "with a slash",
                one({ clusterDomain: "cluster/local" }),
                [err("c.clusterDomain", "cluster/local", "not a DNS domain", "use the cluster's DNS domain, usually cluster.local")],
            ],
        ],
    ],
    [
        checkTemplateNames,
        [
            ["a label", one(), []],
            [
                "an underscore",
                { name: "orders", templates: [tpl("Bad_Name")] },
                [
                    err(
                        "c.templates[0].name",
                        "Bad_Name",
                        "a template name must be a DNS-1123 label",
                        "use lower-case letters, digits and '-', at most 63 characters",
                    ),
                ],
            ],
        ],
    ],
    [
        checkTemplateNamesUnique,
        [
            ["distinct", two({ ordinals: { start: 0, end: 0 } }, { ordinals: { start: 1, end: 1 } }), []],
            [
                "twice",
                { name: "orders", templates: [tpl("a"), tpl("b"), tpl("a")] },
                [err("c.templates[2].name", "a", "duplicates the name of templates[0]", "give every template of a cluster its own name")],
            ],
        ],
    ],
    [
        checkManagedOptions,
        [
            ["an unmanaged option", one({}, { config: { max_connections: 500 } }), []],
            [
                "server_id",
                one({}, { config: { server_id: 7 } }),
                [
                    err(
                        "c.templates[0].config.server_id",
                        7,
                        "'server_id' is managed by the component: server_id is allocated as serverIdBase + ordinal so that it is unique by construction",
                        "remove 'server_id' from the template's config",
                    ),
                ],
            ],
        ],
    ],
    [
        checkModeSettings,
        [
            ["semisync settings in semisync mode", one({ mode: "semisync", semisync: { timeoutMs: 10 } }), []],
            [
                "semisync settings in the default mode",
                one({ semisync: { waitForReplicaCount: 1 } }),
                [
                    err(
                        "c.semisync",
                        { waitForReplicaCount: 1 },
                        "semisync settings apply only to mode semisync, but mode is async",
                        "remove 'semisync' or set 'mode: semisync'",
                    ),
                ],
            ],
            [
                "group settings in semisync mode",
                one({ mode: "semisync", group: { consistency: "EVENTUAL" } }),
                [
                    err(
                        "c.group",
                        { consistency: "EVENTUAL" },
                        "group settings apply only to mode group, but mode is semisync",
                        "remove 'group' or set 'mode: group'",
                    ),
                ],
            ],
        ],
    ],
    [
        checkServerIdBase,
        [
            ["1", one({ serverIdBase: 1 }), []],
            [
                "0",
                one({ serverIdBase: 0 }),
                [
                    err(
                        "c.serverIdBase",
                        0,
                        "serverIdBase must be at least 1 (server_id 0 disables replication)",
                        "use a base of 1 or more, for example 100",
                    ),
                ],
            ],
        ],
    ],
    [
        checkTemplateRanges,
        [
            ["one template without a range", one(), []],
            [
                "two templates, one without a range",
                two({ ordinals: { start: 0, end: 3 } }, {}),
                [
                    err(
                        "c.templates[1].ordinals",
                        undefined,
                        "the cluster has 2 templates, so template 'b' must declare the ordinal range it owns",
                        "give every template 'ordinals: { start, end }' with ranges that do not overlap",
                    ),
                ],
            ],
            [
                "start above end",
                one({}, { ordinals: { start: 5, end: 4 } }),
                [
                    err(
                        "c.templates[0].ordinals",
                        { start: 5, end: 4 },
                        "start is greater than end",
                        "make start <= end (the range is inclusive)",
                    ),
                ],
            ],
        ],
    ],
    [
        checkRangeOverlaps,
        [
            ["adjacent", two({ ordinals: { start: 0, end: 4 } }, { ordinals: { start: 5, end: 9 } }), []],
            [
                "sharing ordinal 5",
                two({ ordinals: { start: 0, end: 5 } }, { ordinals: { start: 5, end: 9 } }),
                [
                    err(
                        "c.templates[1].ordinals",
                        { start: 5, end: 9 },
                        "range 5..9 of template 'b' overlaps range 0..5 of template 'a'",
                        "give each template a range of its own; ordinals are cluster-unique",
                    ),
                ],
            ],
        ],
    ],
    [
        checkOfflineListedOnce,
        [
            ["once each", one({ offlineInstances: [1, 2] }), []],
            [
                "twice",
                one({ offlineInstances: [1, 2, 1] }),
                [err("c.offlineInstances[2]", 1, "listed twice", "list each offline ordinal once")],
            ],
        ],
    ],
    [
        checkOfflineInRange,
        [
            ["inside", two({ ordinals: { start: 0, end: 3 } }, { ordinals: { start: 10, end: 11 } }, { offlineInstances: [11] }), []],
            [
                "outside",
                two({ ordinals: { start: 0, end: 3 } }, { ordinals: { start: 10, end: 11 } }, { offlineInstances: [50] }),
                [
                    err(
                        "c.offlineInstances[0]",
                        50,
                        "ordinal 50 is outside every template's range (0..3, 10..11)",
                        "offline an ordinal that a template owns, or widen that template's range",
                    ),
                ],
            ],
            ["not judged while a range is unknown", two({ ordinals: { start: 0, end: 3 } }, {}, { offlineInstances: [50] }), []],
        ],
    ],
    [
        checkReplicasFit,
        [
            ["exactly fits", one({ offlineInstances: [1] }, { replicas: 3, ordinals: { start: 0, end: 3 } }), []],
            [
                "one too many",
                one({ offlineInstances: [1] }, { replicas: 4, ordinals: { start: 0, end: 3 } }),
                [
                    err(
                        "c.templates[0].replicas",
                        4,
                        "template 'main' owns ordinals 0..3 (4 ordinals, 1 offline), which leaves room for only 3 online instances",
                        "widen 'ordinals' to at least 5 ordinals, or lower 'replicas' to 3",
                    ),
                ],
            ],
        ],
    ],
    [
        checkTemplateVersion,
        [
            ["from the tag", one(), []],
            ["declared beside a digest", one({}, { image: `mysql@sha256:${"a".repeat(64)}`, version: "8.0.36" }), []],
            [
                "unknown",
                one({}, { image: "mysql:latest" }),
                [
                    err(
                        "c.templates[0].version",
                        undefined,
                        "the image 'mysql:latest' carries no X.Y.Z tag, so the server version is unknown",
                        "pin the image to an exact tag (for example mysql:8.0.36) or declare 'version: X.Y.Z' beside the digest",
                    ),
                ],
            ],
            [
                "malformed",
                one({}, { version: "8.0" }),
                [err("c.templates[0].version", "8.0", "not an exact server version", "give the version as X.Y.Z, for example 8.0.36")],
            ],
            [
                "contradicts the tag",
                one({}, { version: "8.0.40" }),
                [
                    err(
                        "c.templates[0].version",
                        "8.0.40",
                        "disagrees with the image tag of 'mysql:8.0.36', which pins 8.0.36",
                        "remove 'version' or make it 8.0.36",
                    ),
                ],
            ],
        ],
    ],
    [
        checkTemplateFlavor,
        [
            ["no declared flavour", one({}, { image: "mariadb:10.11.6" }), []],
            ["agrees", one({ flavor: "mariadb" }, { image: "mariadb:10.11.6" }), []],
            [
                "contradicts",
                one({ flavor: "mariadb" }),
                [
                    err(
                        "c.templates[0].image",
                        "mysql:8.0.36",
                        "the repository name says mysql but the cluster's flavor is mariadb",
                        "use a mariadb image or set the cluster's flavor to match",
                    ),
                ],
            ],
        ],
    ],
    [
        checkPrimary,
        [
            ["default", one(), []],
            ["an online ordinal", one({ primary: 2 }), []],
            [
                "offline",
                one({ primary: 0, offlineInstances: [0] }),
                [
                    err(
                        "c.primary",
                        0,
                        "the primary must be an online instance, but ordinal 0 is offline",
                        "choose one of the online ordinals: 1, 2, 3",
                    ),
                ],
            ],
            [
                "not online in its template",
                one({ primary: 3 }, { ordinals: { start: 0, end: 5 } }),
                [
                    err(
                        "c.primary",
                        3,
                        "the primary must be an online instance, but ordinal 3 of template 'main' is not online (its online ordinals are 0, 1, 2)",
                        "choose one of the online ordinals: 0, 1, 2",
                    ),
                ],
            ],
            [
                "outside every range",
                one({ primary: 9 }, { ordinals: { start: 0, end: 5 } }),
                [
                    err(
                        "c.primary",
                        9,
                        "the primary must be an online instance, but ordinal 9 is outside every template's range",
                        "choose one of the online ordinals: 0, 1, 2",
                    ),
                ],
            ],
            [
                "no default",
                two({ replicas: 0, ordinals: { start: 0, end: 1 } }, { ordinals: { start: 2, end: 3 } }),
                [
                    err(
                        "c.primary",
                        undefined,
                        "the primary defaults to the lowest online ordinal of the first template, but template 'a' has no online instance",
                        "set 'primary' to an online ordinal, or give the first template replicas",
                    ),
                ],
            ],
        ],
    ],
    [
        // Group Replication limits (docs/compatibility.md#group-replication): at most 9 members.
        checkGroupSize,
        [
            ["9 members", one({ mode: "group" }, { replicas: 9 }), []],
            ["10 instances in async mode", one({}, { replicas: 10 }), []],
            ["9 online and 3 offline", one({ mode: "group", offlineInstances: [1, 2, 3] }, { replicas: 9 }), []],
            [
                "10 members",
                one({ mode: "group" }, { replicas: 10 }),
                [
                    err(
                        "c.templates",
                        10,
                        "a replication group has at most 9 members, and this one would have 10: the group refuses the tenth",
                        "keep at most 9 online instances in a group-mode cluster (lower replicas or take instances offline)",
                    ),
                ],
            ],
            [
                "6 + 6 members over two templates",
                two({ replicas: 6, ordinals: { start: 0, end: 9 } }, { replicas: 6, ordinals: { start: 10, end: 19 } }, { mode: "group" }),
                [
                    err(
                        "c.templates",
                        12,
                        "a replication group has at most 9 members, and this one would have 12: the group refuses the members after the 9th",
                        "keep at most 9 online instances in a group-mode cluster (lower replicas or take instances offline)",
                    ),
                ],
            ],
        ],
    ],
    [
        // A consistency the user configured is honoured by every member, or rejected; the default is left out.
        checkGroupConsistencyHonoured,
        [
            [
                "5.7 primary, 8.0 members, default consistency (an upgrade)",
                two(
                    { image: "mysql:5.7.44", ordinals: { start: 0, end: 0 } },
                    { replicas: 2, ordinals: { start: 1, end: 2 } },
                    { mode: "group" },
                ),
                [],
            ],
            ["5.7 member, EVENTUAL given", one({ mode: "group", group: { consistency: "EVENTUAL" } }, { image: "mysql:5.7.44" }), []],
            ["8.0.14 members, BEFORE given", one({ mode: "group", group: { consistency: "BEFORE" } }, { image: "mysql:8.0.14" }), []],
            ...(
                [
                    ["mysql:8.0.13", "8.0.13", "AFTER"],
                    ["mysql:5.7.44", "5.7.44", "BEFORE_ON_PRIMARY_FAILOVER"],
                ] as const
            ).map(([image, v, level]): Row => [
                `${image}, ${level} given`,
                one({ mode: "group", group: { consistency: level } }, { image }),
                [
                    err(
                        "c.group.consistency",
                        level,
                        `template 'main' runs mysql ${v}, which has no group_replication_consistency (added in 8.0.14), so ${level} cannot be honoured on its members`,
                        "remove group.consistency (the default is left out where a member cannot honour it), set it to EVENTUAL, or run every member on 8.0.14 or later",
                    ),
                ],
            ]),
        ],
    ],
    [
        // Every semi-synchronous parameter per flavour (docs/compatibility.md#mariadb): MariaDB waits for exactly one ack.
        checkSemisyncHonoured,
        [
            ["MariaDB, default count", one({ mode: "semisync" }, { image: "mariadb:10.11.6" }), []],
            ["MariaDB, count 1 given", one({ mode: "semisync", semisync: { waitForReplicaCount: 1 } }, { image: "mariadb:11.4.2" }), []],
            [
                "MariaDB, timeout and count 1",
                one({ mode: "semisync", semisync: { waitForReplicaCount: 1, timeoutMs: 0 } }, { image: "mariadb:10.11.6" }),
                [],
            ],
            ["MySQL 5.7.8, count 2", one({ mode: "semisync", semisync: { waitForReplicaCount: 2 } }, { image: "mysql:5.7.8" }), []],
            ["MySQL 8.4, count 2", one({ mode: "semisync", semisync: { waitForReplicaCount: 2 } }, { image: "mysql:8.4.3" }), []],
            [
                "Percona 8.0, count 2",
                one({ mode: "semisync", semisync: { waitForReplicaCount: 2 } }, { image: "percona/percona-server:8.0.36-28" }),
                [],
            ],
            ["async mode: not judged here", one({}, { image: "mariadb:10.11.6" }), []],
            ...(["mariadb:10.11.6", "mariadb:11.4.2", "mariadb:10.3.3"] as const).map((image): Row => [
                `${image}, count 2`,
                one({ mode: "semisync", semisync: { waitForReplicaCount: 2 } }, { image, replicas: image === "mariadb:10.3.3" ? 1 : 3 }),
                [
                    err(
                        "c.semisync.waitForReplicaCount",
                        2,
                        `template 'main' runs mariadb ${image.slice(8)}, whose semi-synchronous source always waits for exactly one replica acknowledgement, so waitForReplicaCount 2 cannot be honoured`,
                        "set semisync.waitForReplicaCount to 1 (or leave it unset), or use MySQL or Percona Server for more acknowledgements",
                    ),
                ],
            ]),
            [
                "two templates, only the MariaDB one reported",
                two(
                    { image: "mariadb:10.11.6", ordinals: { start: 0, end: 0 } },
                    { image: "mariadb:11.4.2", replicas: 2, ordinals: { start: 1, end: 2 } },
                    { mode: "semisync", semisync: { waitForReplicaCount: 2 } },
                ),
                [
                    err(
                        "c.semisync.waitForReplicaCount",
                        2,
                        `template 'a' runs mariadb 10.11.6, whose semi-synchronous source always waits for exactly one replica acknowledgement, so waitForReplicaCount 2 cannot be honoured`,
                        "set semisync.waitForReplicaCount to 1 (or leave it unset), or use MySQL or Percona Server for more acknowledgements",
                    ),
                    err(
                        "c.semisync.waitForReplicaCount",
                        2,
                        `template 'b' runs mariadb 11.4.2, whose semi-synchronous source always waits for exactly one replica acknowledgement, so waitForReplicaCount 2 cannot be honoured`,
                        "set semisync.waitForReplicaCount to 1 (or leave it unset), or use MySQL or Percona Server for more acknowledgements",
                    ),
                ],
            ],
        ],
    ],
    [
        checkDefaultServerIdSlot,
        [
            ["ordinal 4095 on the default base", one({}, { replicas: 1, ordinals: { start: 4095, end: 4095 } }), []],
            ["ordinal 4096 with an explicit base", one({ serverIdBase: 100 }, { replicas: 1, ordinals: { start: 4096, end: 4096 } }), []],
            [
                "ordinal 4096 on the default base",
                one({}, { replicas: 1, ordinals: { start: 4096, end: 4096 } }),
                [
                    err(
                        "c.serverIdBase",
                        undefined,
                        "the default serverIdBase gives this cluster the 4096 server_ids 4246118400..4246122495 (ordinals 0..4095), but ordinal 4096 is above 4095",
                        "set serverIdBase explicitly (at most 4294963199), or keep every ordinal below 4096",
                    ),
                ],
            ],
        ],
    ],
    [
        checkServerIdRange,
        [
            ["the last id is the maximum", one({ serverIdBase: 4294967293 }), []],
            [
                "one above",
                one({ serverIdBase: 4294967294 }),
                [
                    err(
                        "c.serverIdBase",
                        4294967294,
                        "server_id of ordinal 2 would be 4294967296, above the maximum 4294967295",
                        "lower serverIdBase to at most 4294967293",
                    ),
                ],
            ],
            [
                "counts offline ordinals",
                one({ serverIdBase: 4294967293, offlineInstances: [3] }),
                [
                    err(
                        "c.serverIdBase",
                        4294967293,
                        "server_id of ordinal 3 would be 4294967296, above the maximum 4294967295",
                        "lower serverIdBase to at most 4294967292",
                    ),
                ],
            ],
        ],
    ],
    [
        checkSemisyncAcknowledgements,
        [
            ["two replicas, two acknowledgements", one({ mode: "semisync", semisync: { waitForReplicaCount: 2 } }), []],
            ["async ignores the count", one({ semisync: { waitForReplicaCount: 9 } }), []],
            [
                "three acknowledgements",
                one({ mode: "semisync", semisync: { waitForReplicaCount: 3 } }),
                [
                    err(
                        "c.semisync.waitForReplicaCount",
                        3,
                        "commits would wait for 3 replica acknowledgements but the cluster has 2 online replicas, so every write would block",
                        "lower waitForReplicaCount to at most 2 or add replicas",
                    ),
                ],
            ],
            [
                "the default count without a replica",
                one({ mode: "semisync" }, { replicas: 1 }),
                [
                    err(
                        "c.semisync.waitForReplicaCount",
                        1,
                        "commits would wait for 1 replica acknowledgements but the cluster has 0 online replicas, so every write would block",
                        "lower waitForReplicaCount to at most 1 or add replicas",
                    ),
                ],
            ],
        ],
    ],
    [
        checkMetricsPort,
        [
            ["the default port", one({ metrics: {} }), []],
            ["another port", one({ metrics: { port: 9200 } }), []],
            [
                "the MySQL port",
                one({ metrics: { port: 3306 } }),
                [
                    err(
                        "c.metrics.port",
                        3306,
                        "port 3306 is taken by mysqld in the pod (3306 for clients, 33061 for Group Replication)",
                        "leave metrics.port unset (9104) or choose another port",
                    ),
                ],
            ],
            [
                "the group port",
                one({ metrics: { port: 33061 } }),
                [
                    err(
                        "c.metrics.port",
                        33061,
                        "port 33061 is taken by mysqld in the pod (3306 for clients, 33061 for Group Replication)",
                        "leave metrics.port unset (9104) or choose another port",
                    ),
                ],
            ],
        ],
    ],
    [
        checkMetricsServiceMonitor,
        [
            ["with the exporter by default", one({ metrics: { serviceMonitor: true } }), []],
            ["neither", one({ metrics: { enabled: false } }), []],
            [
                "without the exporter",
                one({ metrics: { enabled: false, serviceMonitor: true } }),
                [
                    err(
                        "c.metrics.serviceMonitor",
                        true,
                        "a ServiceMonitor and its alert rules need the exporter, but metrics.enabled is false",
                        "set metrics.enabled to true or metrics.serviceMonitor to false",
                    ),
                ],
            ],
        ],
    ],
];

/** The mistakes of a new user with the Kubernetes fragments and the option names and values: each is refused. */
const NAME_FIX = "write the option as in the server manual, for example max_connections or loose-plugin-option";
const VALUE_MSG = "an option value must be one printable line, without line breaks or control characters";
const VALUE_FIX = "give the option a single value; set every other option as its own key of 'config'";
const QTY_FIX = "write a number with an optional suffix and no space: cpu as 500m or 0.5, memory as 512Mi or 1Gi (Gi, not GB)";
const RES_FIX = "use cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed extended resource (example.com/gpu)";
const IMAGE_FIX = "write the image as [registry/]repository:tag with a lower-case repository, for example mysql:8.0.36";
const LABEL_VALUE_FIX = "use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
const nameErr = (key: string, value: unknown) =>
    err(
        `c.templates[0].config.${JSON.stringify(key)}`,
        value,
        `${JSON.stringify(key)} is not an option name: the servers' option names are letters, digits, '_' and '-', starting with a letter`,
        NAME_FIX,
    );
const INPUT_TABLE: [ClusterCheck, Row[]][] = [
    [
        checkOptionNames,
        [
            [
                "names of the grammar",
                one({}, { config: { max_connections: 1, "innodb-buffer-pool-size": "1G", loose_x: 1, "skip-log-bin": true } }),
                [],
            ],
            ["a key with spaces", one({}, { config: { "max connections": 100 } }), [nameErr("max connections", 100)]],
            ["a key with '='", one({}, { config: { "a=b": 1 } }), [nameErr("a=b", 1)]],
            ["a key opening a group", one({}, { config: { "[client]": 1 } }), [nameErr("[client]", 1)]],
            ["a key with a line break", one({}, { config: { "a\nread_only": 1 } }), [nameErr("a\nread_only", 1)]],
            ["a comment", one({}, { config: { "#a": 1 } }), [nameErr("#a", 1)]],
            ["an empty key", one({}, { config: { "": 1 } }), [nameErr("", 1)]],
            ["a bare loose prefix", one({}, { config: { "loose-": 1 } }), [nameErr("loose-", 1)]],
        ],
    ],
    [
        checkOptionValues,
        [
            [
                "one printable line",
                one({}, { config: { sql_mode: "STRICT_ALL_TABLES,NO_ZERO_DATE", init_connect: "SET NAMES 'utf8mb4' # é" } }),
                [],
            ],
            ...(
                [
                    ["GTIDs and read-only turned off", "100\ngtid_mode = OFF\nread_only = OFF\nsuper_read_only = OFF"],
                    ["a [client] group added", "1\n[client]\npassword=x"],
                    ["a carriage return", "1\rread_only=OFF"],
                    ["a NUL", "1\u0000"],
                    ["a tab", "1\t2"],
                    ["a line separator", "1\u2028read_only=OFF"],
                ] as const
            ).map(([name, value]): Row => [
                name,
                one({}, { config: { max_connections: value } }),
                [err("c.templates[0].config.max_connections", value, VALUE_MSG, VALUE_FIX)],
            ]),
        ],
    ],
    [
        checkSupportedVersion,
        [
            // The floor of each family (docs/compatibility.md#supported-versions): the boundary and one below.
            ...(["mysql:5.7.8", "percona/percona-server:5.7.8", "mysql:8.4.3", "mariadb:10.3.3", "mariadb:11.4.2"] as const).map(
                (image): Row => [`${image} is supported`, one({}, { image, replicas: 1 }), []],
            ),
            ...(
                [
                    [
                        "mysql:5.6.51",
                        "mysql",
                        "5.6.51",
                        "5.7.8",
                        "MySQL or Percona Server",
                        "replicas are fenced with super_read_only, added in 5.7.8",
                    ],
                    [
                        "mysql:5.7.7",
                        "mysql",
                        "5.7.7",
                        "5.7.8",
                        "MySQL or Percona Server",
                        "replicas are fenced with super_read_only, added in 5.7.8",
                    ],
                    [
                        "percona/percona-server:5.6.51",
                        "percona",
                        "5.6.51",
                        "5.7.8",
                        "MySQL or Percona Server",
                        "replicas are fenced with super_read_only, added in 5.7.8",
                    ],
                    [
                        "mariadb:10.3.2",
                        "mariadb",
                        "10.3.2",
                        "10.3.3",
                        "MariaDB",
                        "semi-synchronous replication built into the server and SHOW CREATE USER, from 10.3.3",
                    ],
                ] as const
            ).map(([image, flavor, v, min, fam, why]): Row => [
                `${image} is below the floor`,
                one({}, { image, replicas: 1 }),
                [
                    err(
                        "c.templates[0].image",
                        image,
                        `${flavor} ${v} is older than ${min}, the oldest ${fam} version Myriad configures (${why}), so it is not supported`,
                        `use ${flavor} ${min} or later (docs/compatibility.md#supported-versions)`,
                    ),
                ],
            ]),
        ],
    ],
    [
        checkReplicaWriteFence,
        [
            ["MySQL replicas (super_read_only)", one({}, { image: "mysql:5.7.8" }), []],
            ["MariaDB 10.11.0 replicas (root without READ_ONLY ADMIN)", one({}, { image: "mariadb:10.11.0" }), []],
            ["MariaDB 11.4 replicas", one({}, { image: "mariadb:11.4.2" }), []],
            ["MariaDB 10.6 alone (a primary, no replica)", one({}, { image: "mariadb:10.6.16", replicas: 1 }), []],
            ["below the floor: reported by checkSupportedVersion only", one({}, { image: "mariadb:10.2.44" }), []],
            [
                "MariaDB 10.10 replicas",
                one({}, { image: "mariadb:10.10.7" }),
                [
                    err(
                        "c.templates[0].image",
                        "mariadb:10.10.7",
                        "template 'main' runs 2 replicas (ordinals 1, 2), but on MariaDB 10.10.7 read_only does not stop accounts with SUPER (root), so a replica would accept the administrator's writes; replicas need MariaDB 10.11.0 or later, where SUPER no longer includes READ_ONLY ADMIN",
                        "use MariaDB 10.11 or later for this template, or give it only the primary",
                    ),
                ],
            ],
            [
                "an older MariaDB template holding only replicas, beside a 10.11 primary",
                two(
                    { image: "mariadb:10.11.6", ordinals: { start: 0, end: 0 } },
                    { image: "mariadb:10.6.16", ordinals: { start: 1, end: 1 } },
                ),
                [
                    err(
                        "c.templates[1].image",
                        "mariadb:10.6.16",
                        "template 'b' runs a replica (ordinal 1), but on MariaDB 10.6.16 read_only does not stop accounts with SUPER (root), so a replica would accept the administrator's writes; replicas need MariaDB 10.11.0 or later, where SUPER no longer includes READ_ONLY ADMIN",
                        "use MariaDB 10.11 or later for this template, or give it only the primary",
                    ),
                ],
            ],
            [
                "the older template holds the primary only",
                two(
                    { image: "mariadb:10.6.16", ordinals: { start: 0, end: 0 } },
                    { image: "mariadb:10.11.6", replicas: 2, ordinals: { start: 1, end: 2 } },
                ),
                [],
            ],
        ],
    ],
    [
        checkImageReference,
        [
            ...[
                "mysql:8.0.36",
                "registry.example.com:5000/team/mysql:8.0.36",
                "percona/percona-server:8.0.36-28",
                `mysql@sha256:${"a".repeat(64)}`,
            ].map((image): Row => [image, one({}, { image }), []]),
            [
                "upper-case repository",
                one({}, { image: "MySQL:8.0.40" }),
                [
                    err(
                        "c.templates[0].image",
                        "MySQL:8.0.40",
                        "the repository name has upper-case letters, which image references do not allow",
                        IMAGE_FIX,
                    ),
                ],
            ],
            ...["mysql 8.0.36", "mysql:8.0.36\n", "mysql:", ":8.0", "mysql@sha256:abc"].map((image): Row => [
                JSON.stringify(image),
                one({}, { image }),
                [
                    err(
                        "c.templates[0].image",
                        image,
                        "not an image reference ([registry/]repository[:tag][@sha256:digest], repository in lower case)",
                        IMAGE_FIX,
                    ),
                ],
            ]),
        ],
    ],
    [
        checkResourceNames,
        [
            [
                "standard and extended names",
                one(
                    {},
                    {
                        resources: {
                            requests: { cpu: "1", memory: "1Gi", "ephemeral-storage": "1Gi", "hugepages-2Mi": "0", "nvidia.com/gpu": "1" },
                        },
                    },
                ),
                [],
            ],
            [
                "memroy",
                one({}, { resources: { requests: { memroy: "1Gi" } } }),
                [err("c.templates[0].resources.requests.memroy", "1Gi", "'memroy' is not a container resource", RES_FIX)],
            ],
            [
                "gpu without a domain",
                one({}, { resources: { limits: { gpu: "1" } } }),
                [err("c.templates[0].resources.limits.gpu", "1", "'gpu' is not a container resource", RES_FIX)],
            ],
        ],
    ],
    [
        checkResourceQuantities,
        [
            [
                "quantities",
                one({}, { resources: { requests: { cpu: "0.5", memory: "512Mi" }, limits: { cpu: "500m", memory: "1e9" } } }),
                [],
            ],
            ...(
                [
                    ["requests", "cpu", "lots"],
                    ["requests", "memory", "1GB"],
                    ["limits", "memory", "1 Gi"],
                    ["limits", "cpu", "-1"],
                ] as const
            ).map(([kind, name, value]): Row => [
                `${kind}.${name}: ${value}`,
                one({}, { resources: { [kind]: { [name]: value } } }),
                [err(`c.templates[0].resources.${kind}.${name}`, value, "not a Kubernetes quantity", QTY_FIX)],
            ]),
        ],
    ],
    [
        checkStorageSize,
        [
            ["10Gi", one({}, { storage: { size: "10Gi" } }), []],
            ...["10 GB", "10GB", "0", "-1Gi", "lots"].map((size): Row => [
                size,
                one({}, { storage: { size } }),
                [
                    err(
                        "c.templates[0].storage.size",
                        size,
                        "not a Kubernetes quantity above zero",
                        "write a size with a suffix and no space, for example 10Gi or 500Gi",
                    ),
                ],
            ]),
        ],
    ],
    [
        checkStorageClassName,
        [
            ["fast-ssd", one({}, { storage: { storageClassName: "fast-ssd" } }), []],
            [
                "Fast SSD",
                one({}, { storage: { storageClassName: "Fast SSD" } }),
                [
                    err(
                        "c.templates[0].storage.storageClassName",
                        "Fast SSD",
                        "a StorageClass name must be a DNS-1123 subdomain",
                        "use the name of an existing StorageClass (lower-case letters, digits, '-' and '.'); list them with kubectl get storageclass",
                    ),
                ],
            ],
        ],
    ],
    [
        checkPriorityClassName,
        [
            ["high", one({}, { scheduling: { priorityClassName: "high" } }), []],
            [
                "High Priority",
                one({}, { scheduling: { priorityClassName: "High Priority" } }),
                [
                    err(
                        "c.templates[0].scheduling.priorityClassName",
                        "High Priority",
                        "a PriorityClass name must be a DNS-1123 subdomain",
                        "use the name of an existing PriorityClass (lower-case letters, digits, '-' and '.'); list them with kubectl get priorityclass",
                    ),
                ],
            ],
        ],
    ],
    [
        checkNodeSelector,
        [
            ["labels", one({}, { scheduling: { nodeSelector: { "kubernetes.io/arch": "amd64", disktype: "ssd", empty: "" } } }), []],
            [
                "a key with a space",
                one({}, { scheduling: { nodeSelector: { "disk type": "ssd" } } }),
                [
                    err(
                        'c.templates[0].scheduling.nodeSelector."disk type"',
                        "disk type",
                        "not a label key",
                        "use a node label key such as kubernetes.io/hostname or disktype ([prefix/]name, at most 63 characters)",
                    ),
                ],
            ],
            [
                "a value with a space",
                one({}, { scheduling: { nodeSelector: { disktype: "fast ssd" } } }),
                [err('c.templates[0].scheduling.nodeSelector."disktype"', "fast ssd", "not a label value", LABEL_VALUE_FIX)],
            ],
        ],
    ],
    [
        checkTolerations,
        [
            [
                "taints",
                one(
                    {},
                    {
                        scheduling: {
                            tolerations: [
                                { key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule" },
                                { operator: "Exists" },
                            ],
                        },
                    },
                ),
                [],
            ],
            [
                "a key and a value with spaces",
                one({}, { scheduling: { tolerations: [{ key: "dedicated to", value: "data base" }] } }),
                [
                    err(
                        "c.templates[0].scheduling.tolerations[0].key",
                        "dedicated to",
                        "not a taint key",
                        "use the key of the node's taint ([prefix/]name, at most 63 characters), or omit it with operator Exists",
                    ),
                    err("c.templates[0].scheduling.tolerations[0].value", "data base", "not a taint value", LABEL_VALUE_FIX),
                ],
            ],
            [
                "no key without Exists, a value with Exists",
                one({}, { scheduling: { tolerations: [{ effect: "NoSchedule" }, { key: "a", operator: "Exists", value: "b" }] } }),
                [
                    err(
                        "c.templates[0].scheduling.tolerations[0].operator",
                        undefined,
                        "a toleration without a key matches every taint, which needs operator Exists",
                        "give the taint's key, or set operator: Exists to tolerate every taint",
                    ),
                    err(
                        "c.templates[0].scheduling.tolerations[1].value",
                        "b",
                        "a toleration with operator Exists matches any value, so it takes none",
                        "remove 'value', or use operator: Equal to match that value",
                    ),
                ],
            ],
        ],
    ],
    [
        checkAffinity,
        [
            [
                "node and pod affinity",
                one(
                    {},
                    {
                        scheduling: {
                            affinity: {
                                nodeAffinity: {
                                    requiredDuringSchedulingIgnoredDuringExecution: {
                                        nodeSelectorTerms: [
                                            {
                                                matchExpressions: [
                                                    { key: "disktype", operator: "In", values: ["ssd"] },
                                                    { key: "cores", operator: "Gt", values: ["4"] },
                                                ],
                                            },
                                        ],
                                    },
                                },
                                podAntiAffinity: {
                                    preferredDuringSchedulingIgnoredDuringExecution: [
                                        {
                                            weight: 100,
                                            podAffinityTerm: {
                                                topologyKey: "kubernetes.io/hostname",
                                                labelSelector: { matchLabels: { app: "mysql" } },
                                            },
                                        },
                                    ],
                                },
                            },
                        },
                    },
                ),
                [],
            ],
            [
                "a topology key with a space, an In without values, Exists with values, a bad label",
                one(
                    {},
                    {
                        scheduling: {
                            affinity: {
                                nodeAffinity: {
                                    requiredDuringSchedulingIgnoredDuringExecution: {
                                        nodeSelectorTerms: [
                                            {
                                                matchExpressions: [
                                                    { key: "disktype", operator: "In" },
                                                    { key: "gpu", operator: "Exists", values: ["x"] },
                                                ],
                                            },
                                        ],
                                    },
                                },
                                podAffinity: {
                                    requiredDuringSchedulingIgnoredDuringExecution: [
                                        { topologyKey: "host name", labelSelector: { matchLabels: { app: "my sql" } } },
                                    ],
                                },
                            },
                        },
                    },
                ),
                [
                    err(
                        "c.templates[0].scheduling.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values",
                        undefined,
                        "operator In needs values",
                        "list the values to match",
                    ),
                    err(
                        "c.templates[0].scheduling.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values",
                        ["x"],
                        "operator Exists takes no values",
                        "remove 'values'",
                    ),
                    err(
                        "c.templates[0].scheduling.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey",
                        "host name",
                        "not a label key",
                        "use a node label key, usually kubernetes.io/hostname or topology.kubernetes.io/zone",
                    ),
                    err(
                        'c.templates[0].scheduling.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels."app"',
                        "my sql",
                        "not a label value",
                        "match a label by its key ([prefix/]name) and value (at most 63 letters, digits, '-', '_' or '.')",
                    ),
                ],
            ],
        ],
    ],
];
TABLE.push(...INPUT_TABLE);

describe.each(TABLE.map(([check, rows]) => [check.name, check, rows] as const))("%s", (_name, check, rows) => {
    it.each(rows)("%s", (_row, spec, errors) => {
        expect(check(spec, "c")).toEqual(errors);
    });
});

describe("the cluster checks", () => {
    it("every check of CLUSTER_CHECKS is tested above, with a failing row", () => {
        const tested = new Set(TABLE.filter(([, rows]) => rows.some(([, , e]) => e.length > 0)).map(([check]) => check));
        // The checks of backup: and restore: have their table in checks-backup.test.ts.
        const backup = new Set<unknown>(BACKUP_CHECKS);
        expect(CLUSTER_CHECKS.filter((c) => !tested.has(c) && !backup.has(c)).map((c) => c.name)).toEqual([]);
    });

    it("validateCluster reports the errors of every check at once", () => {
        const spec = one({ name: "9orders", serverIdBase: 0, primary: 7 }, { config: { server_id: 1 } });
        expect(validateCluster(spec, "c").map((e) => e.path)).toEqual([
            "c.name",
            "c.templates[0].config.server_id",
            "c.serverIdBase",
            "c.primary",
        ]);
    });

    it("a valid specification passes every check", () => {
        for (const check of CLUSTER_CHECKS) expect(check(one(), "c")).toEqual([]);
    });
});

describe("checkClusterList", () => {
    it.each([[undefined], [{}], [[]]])("refuses %j", (raw) => {
        expect(checkClusterList(raw, "clusters")).toEqual([
            err(
                "clusters",
                raw,
                "expected a non-empty list of clusters",
                "give 'myriad:clusters' a YAML list with at least one cluster (see docs/configuration.md)",
            ),
        ]);
    });
    it("accepts a list", () => expect(checkClusterList([{}], "clusters")).toEqual([]));
});

describe("checkUniqueClusterNames", () => {
    it("refuses a name used twice, even across namespaces", () => {
        expect(checkUniqueClusterNames([{ name: "a" }, { name: "b" }, { name: "a", namespace: "other" }], "clusters")).toEqual([
            err(
                "clusters[2].name",
                "a",
                "duplicates the name of clusters[0]; the stack's outputs and Pulumi resource names are keyed by cluster name, even across namespaces",
                "give every cluster of the stack its own name",
            ),
        ]);
    });
    it("skips entries without a name", () => expect(checkUniqueClusterNames([{}, null, 3, { name: "a" }], "clusters")).toEqual([]));
});

describe("checkObjectNameCollisions", () => {
    const planned = (spec: ClusterSpec, index: number) => ({ plan: planOrThrow(spec), index });
    it("refuses a Service of one cluster that another cluster also names", () => {
        const a = planned(one(), 0);
        const b = planned({ name: "orders-primary", templates: [tpl("main")] }, 1);
        expect(checkObjectNameCollisions([a, b], "clusters")).toEqual([
            err(
                "clusters[1].name",
                "orders-primary",
                "Service 'orders-primary' in namespace 'default' would also belong to cluster clusters[0]",
                "rename one of the clusters or put it in another namespace",
            ),
        ]);
    });
    it("accepts the same names in another namespace", () => {
        expect(checkObjectNameCollisions([planned(one(), 0), planned(one({ namespace: "other" }), 1)], "clusters")).toEqual([]);
    });
});

describe("component options", () => {
    it.each([[undefined], [1], [7200]])("readyTimeoutSeconds %j is valid", (v) =>
        expect(checkReadyTimeoutSeconds(v, "args.readyTimeoutSeconds")).toEqual([]),
    );
    it.each([[0], [1.5], ["60"]])("readyTimeoutSeconds %j is not", (v) => {
        expect(checkReadyTimeoutSeconds(v, "args.readyTimeoutSeconds")).toEqual([
            err("args.readyTimeoutSeconds", v, "must be a positive whole number of seconds", "omit it (default 3600) or give e.g. 7200"),
        ]);
    });
    it.each([[undefined], [true], [false]])("protect %j is valid", (v) => expect(checkProtect(v, "args.protect")).toEqual([]));
    it("protect must be a boolean", () => {
        expect(checkProtect("yes", "args.protect")).toEqual([
            err("args.protect", "yes", "must be a boolean", "use true (default) or false"),
        ]);
    });
    it("checkComponentOptions reports both at once, under the given root", () => {
        expect(checkComponentOptions({ readyTimeoutSeconds: 0, protect: "no" }, "args").map((e) => e.path)).toEqual([
            "args.readyTimeoutSeconds",
            "args.protect",
        ]);
    });
});
