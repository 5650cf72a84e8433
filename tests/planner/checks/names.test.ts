/** The cross-field checks of names: the cluster, namespace, domain and template names (components/planner/checks/names.ts). */
import * as concern from "../../../components/planner/checks/names";
import {
    checkClusterDomain,
    checkClusterName,
    checkCreateNamespace,
    checkNamespace,
    checkTemplateNames,
    checkTemplateNamesUnique,
} from "../../../components/planner/checks/names";
import { one, tpl, two } from "../fixtures";
import { err, expectEveryCheckTested, runTable, type CheckTable } from "./table";

const TABLE: CheckTable = [
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
];

runTable(TABLE);
expectEveryCheckTested(concern, TABLE);
