/** The cross-field checks of settings: a template's config keys and values, mode settings, the exporter's (components/planner/checks/settings.ts). */
import * as concern from "../../../components/planner/checks/settings";
import {
    checkManagedOptions,
    checkMetricsPort,
    checkMetricsServiceMonitor,
    checkModeSettings,
    checkOptionNames,
    checkOptionValues,
} from "../../../components/planner/checks/settings";
import { one } from "../fixtures";
import { err, expectEveryCheckTested, runTable, type CheckTable, type Row, VALUE_MSG, VALUE_FIX, nameErr } from "./table";

const TABLE: CheckTable = [
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
];

runTable(TABLE);
expectEveryCheckTested(concern, TABLE);
