/** The cross-field checks of topology and server ids: ordinal ranges, offline instances, the primary, server_ids, acknowledgements and members (components/planner/checks/topology.ts). */
import * as concern from "../../../components/planner/checks/topology";
import {
    checkDefaultServerIdSlot,
    checkGroupSize,
    checkOfflineInRange,
    checkOfflineListedOnce,
    checkPrimary,
    checkRangeOverlaps,
    checkReplicasFit,
    checkSemisyncAcknowledgements,
    checkServerIdBase,
    checkServerIdRange,
    checkTemplateRanges,
} from "../../../components/planner/checks/topology";
import { one, two } from "../fixtures";
import { err, expectEveryCheckTested, runTable, type CheckTable } from "./table";

const TABLE: CheckTable = [
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
];

runTable(TABLE);
expectEveryCheckTested(concern, TABLE);
