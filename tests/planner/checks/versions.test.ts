/** The cross-field checks of versions and flavours: exact versions, images, the support floor, the replica write fence, what a version can honour (components/planner/checks/versions.ts). */
import * as concern from "../../../components/planner/checks/versions";
import {
    checkGroupConsistencyHonoured,
    checkImageReference,
    checkReplicaWriteFence,
    checkSemisyncHonoured,
    checkSupportedVersion,
    checkTemplateFlavor,
    checkTemplateVersion,
} from "../../../components/planner/checks/versions";
import { one, two } from "../fixtures";
import { err, expectEveryCheckTested, runTable, type CheckTable, type Row, IMAGE_FIX } from "./table";

const TABLE: CheckTable = [
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
];

runTable(TABLE);
expectEveryCheckTested(concern, TABLE);
