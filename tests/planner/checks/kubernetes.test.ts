/** The cross-field checks of the Kubernetes fragments of a template: resources, storage, scheduling (components/planner/checks/kubernetes.ts). */
import * as concern from "../../../components/planner/checks/kubernetes";
import {
    checkAffinity,
    checkNodeSelector,
    checkPriorityClassName,
    checkResourceNames,
    checkResourceQuantities,
    checkStorageClassName,
    checkStorageSize,
    checkTolerations,
} from "../../../components/planner/checks/kubernetes";
import { one } from "../fixtures";
import { err, expectEveryCheckTested, runTable, type CheckTable, type Row, QTY_FIX, RES_FIX, LABEL_VALUE_FIX } from "./table";

const TABLE: CheckTable = [
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

runTable(TABLE);
expectEveryCheckTested(concern, TABLE);
