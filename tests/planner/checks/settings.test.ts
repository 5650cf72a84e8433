/** The cross-field checks of settings: a template's config keys and values, mode settings, the exporter's (components/planner/checks/settings.ts). */
import * as concern from "../../../components/planner/checks/settings";
import {
    checkManagedOptions,
    checkUnsafeOptions,
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
        checkUnsafeOptions,
        [
            ["a tunable option", one({}, { config: { max_connections: 500, skip_name_resolve: false } }), []],
            [
                "skip-grant-tables, whatever the spelling and value",
                one({}, { config: { "skip-grant-tables": true, "loose-skip_grant_tables": 0 } }),
                [
                    err(
                        "c.templates[0].config.skip-grant-tables",
                        true,
                        "'skip-grant-tables' is refused: it switches off authentication: every client connects without a password and with every privilege, and the start-up step cannot re-assert Myriad's accounts, so the primary does not start",
                        "remove 'skip-grant-tables' from the template's config; to regain access, connect as root with the password of the cluster's Secret (<cluster>-credentials, key root-password)",
                    ),
                    err(
                        "c.templates[0].config.loose-skip_grant_tables",
                        0,
                        "'loose-skip_grant_tables' is refused: it switches off authentication: every client connects without a password and with every privilege, and the start-up step cannot re-assert Myriad's accounts, so the primary does not start",
                        "remove 'loose-skip_grant_tables' from the template's config; to regain access, connect as root with the password of the cluster's Secret (<cluster>-credentials, key root-password)",
                    ),
                ],
            ],
            [
                "networking switched off through an option modifier",
                one({}, { config: { "enable-skip-networking": 1 } }),
                [
                    err(
                        "c.templates[0].config.enable-skip-networking",
                        1,
                        "'enable-skip-networking' is refused: it switches off TCP connections: replicas, the probes, the Services and every client lose the server",
                        "remove 'enable-skip-networking' from the template's config; restrict who connects with accounts' host patterns and Kubernetes NetworkPolicies",
                    ),
                ],
            ],
            [
                "code at start-up",
                one({}, { config: { init_file: "/tmp/x.sql", init_connect: "SET NAMES utf8mb4", early_plugin_load: "keyring_file.so" } }),
                [
                    err(
                        "c.templates[0].config.init_file",
                        "/tmp/x.sql",
                        "'init_file' is refused: it runs the SQL of a file with every privilege at each start, before Myriad's start-up checks, outside the binary log of the other instances",
                        "remove 'init_file' from the template's config; create objects and accounts through a client connected to the primary, where they replicate to every instance",
                    ),
                    err(
                        "c.templates[0].config.init_connect",
                        "SET NAMES utf8mb4",
                        "'init_connect' is refused: it runs SQL at every connection of an account without SUPER or CONNECTION_ADMIN: one failing statement disconnects every application client, and a write in it runs on replicas too",
                        "remove 'init_connect' from the template's config; set session values in the application's connection options",
                    ),
                    err(
                        "c.templates[0].config.early_plugin_load",
                        "keyring_file.so",
                        "'early_plugin_load' is refused: it loads a library into the server before the storage engines start, code the component does not manage",
                        "remove 'early_plugin_load' from the template's config; the component loads the plugins its replication mode needs",
                    ),
                ],
            ],
        ],
    ],
    [
        checkManagedOptions,
        [
            ["an unmanaged option", one({}, { config: { max_connections: 500 } }), []],
            ["an unsafe option (checkUnsafeOptions reports it)", one({}, { config: { skip_networking: 1 } }), []],
            [
                "read_only switched off through an option modifier",
                one({}, { config: { "disable-read-only": 1 } }),
                [
                    err(
                        "c.templates[0].config.disable-read-only",
                        1,
                        "'disable-read-only' is managed by the component: read_only follows the instance's role",
                        "remove 'disable-read-only' from the template's config",
                    ),
                ],
            ],
            [
                "plugin loading",
                one({}, { config: { plugin_load: "auth_socket.so" } }),
                [
                    err(
                        "c.templates[0].config.plugin_load",
                        "auth_socket.so",
                        "'plugin_load' is managed by the component: loading a plugin runs its code inside the server at start-up; the component loads the plugins the replication mode needs",
                        "remove 'plugin_load' from the template's config",
                    ),
                ],
            ],
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
