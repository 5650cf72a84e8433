/** mysql-config-valid-for-version (mandatory) and mysql-config-deprecated-or-unknown (advisory). */
import { componentResources, editResource, mixedCluster } from "./fixtures/component";
import { rawConfigMap, rawStatefulSet, resource } from "./fixtures/raw";
import { violationsOf } from "./fixtures/run";

const VALID = "mysql-config-valid-for-version";
const ADVICE = "mysql-config-deprecated-or-unknown";

test("the component's rendered my.cnf is valid for 8.0 and 8.4, and its managed (deprecated) keys are not advised", async () => {
    const res = await componentResources(mixedCluster("80", { mode: "semisync" }));
    expect(await violationsOf(VALID, res)).toEqual([]);
    expect(await violationsOf(ADVICE, res)).toEqual([]);
});

test("a template override removed in its version is rejected where it is rendered (expire_logs_days on 8.4)", async () => {
    const spec = mixedCluster("80");
    spec.templates[1] = { ...spec.templates[1], config: { expire_logs_days: 7 } };
    const v = await violationsOf(VALID, await componentResources(spec));
    expect(v).toHaveLength(1);
    expect(v[0].resource).toMatch(/StatefulSet::orders-10$/);
    expect(v[0].message).toContain(
        "'expire_logs_days' was removed in 8.2.0 (deprecated since 8.0.3), so mysql 8.4.3 refuses to start with it",
    );
    expect(v[0].message).toMatch(/ConfigMap staging\/orders-canary-84-replica-[0-9a-f]{10} key my\.cnf/);
    expect(v[0].message).toContain("use binlog_expire_logs_seconds");
    // The same override on the 8.0 template is only deprecated: advised, not rejected.
    const spec80 = mixedCluster("80");
    spec80.templates[0] = { ...spec80.templates[0], config: { expire_logs_days: 7 } };
    const res80 = await componentResources(spec80);
    expect(await violationsOf(VALID, res80)).toEqual([]);
    // Advised once for the template, naming both of its StatefulSets.
    expect((await violationsOf(ADVICE, res80)).map((x) => x.message)).toEqual([
        expect.stringContaining(
            "MySqlCluster staging/orders, template 'stable-80' (StatefulSet staging/orders-0, StatefulSet staging/orders-1): 'expire_logs_days' is deprecated since 8.0.3 and removed in 8.2.0",
        ),
    ]);
});

test("a managed key in the component's inputs is rejected (the planner refuses it first in the program)", async () => {
    const component = resource(
        "myriad:mysql:MySqlCluster",
        {
            spec: {
                name: "orders",
                templates: [{ name: "main", image: "mysql:8.0.40", replicas: 1, config: { server_id: 5, innodb_buffer_pool_size: "1G" } }],
            },
        },
        "orders",
    );
    const v = await violationsOf(VALID, [component, rawStatefulSet({ name: "x", image: "mysql:8.0.40" })]);
    expect(v.map((x) => [x.resource, x.message])).toEqual([
        [component.urn, expect.stringContaining("'server_id' (template 'main' config) is managed by the MySqlCluster component")],
    ]);
});

test("a setting that switches off authentication in the component's inputs is refused with the reason and the fix", async () => {
    const component = resource(
        "myriad:mysql:MySqlCluster",
        { spec: { name: "orders", templates: [{ name: "main", image: "mysql:5.7.29", replicas: 1, config: { "skip-grant-tables": 1 } }] } },
        "orders",
    );
    const v = await violationsOf(VALID, [component, rawStatefulSet({ name: "x", image: "mysql:5.7.29" })]);
    expect(v.map((x) => [x.resource, x.message])).toEqual([
        [
            component.urn,
            expect.stringContaining(
                "'skip-grant-tables' (template 'main' config) is refused: it switches off authentication: every client connects without a password",
            ),
        ],
    ]);
    expect(v[0].message).toContain("Instead: remove 'skip-grant-tables' from template 'main'; to regain access, connect as root");
});

test("an unsafe setting in the my.cnf of a component's workload (as --manifests reads it) is refused; other workloads are not judged by it", async () => {
    const rendered = await componentResources(mixedCluster("80"));
    const cnf = rendered.find(
        (r) =>
            r.type === "kubernetes:core/v1:ConfigMap" &&
            /orders-stable-80-replica-/.test(String((r.props.metadata as { name: string }).name)),
    );
    const name = String((cnf!.props.metadata as { name: string }).name);
    const edited = editResource(rendered, "kubernetes:core/v1:ConfigMap", name, (p) => {
        p.data["my.cnf"] = String(p.data["my.cnf"]).replace("[mysqld]\n", "[mysqld]\nskip_networking = ON\ninit_file = /tmp/boot.sql\n");
    });
    const v = await violationsOf(VALID, edited);
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining(
            "'skip_networking' (ConfigMap staging/" + name + " key my.cnf [mysqld]) is refused: it switches off TCP connections",
        ),
        expect.stringContaining("'init_file' (ConfigMap staging/" + name + " key my.cnf [mysqld]) is refused: it runs the SQL of a file"),
    ]);
    // A server the component did not create may use init_connect; this rule leaves it to its owners.
    const raw = [
        rawConfigMap("cnf", { "my.cnf": "[mysqld]\ninit_connect = SET NAMES utf8mb4\n" }),
        rawStatefulSet({ name: "db", image: "mysql:8.0.40", configMap: "cnf" }),
    ];
    expect(await violationsOf(VALID, raw)).toEqual([]);
});

test.each([
    ["query_cache_size = 64M", "mysql:8.0.40", "'query_cache_size' was removed in 8.0.3"],
    ["default-authentication-plugin = mysql_native_password", "mysql:8.4.3", "'default-authentication-plugin' was removed in 8.4.0"],
    ["gtid_strict_mode = ON", "mysql:8.0.40", "'gtid_strict_mode' does not exist in mysql (it is a setting of MariaDB)"],
    ["innodb_redo_log_capacity = 1G", "mysql:8.0.29", "'innodb_redo_log_capacity' exists only from 8.0.30"],
    [
        "innodb_bufer_pool_size = 1G",
        "mysql:8.0.40",
        "'innodb_bufer_pool_size' is not a server setting of mysql 8.0.40 (did you mean 'innodb_buffer_pool_size'?)",
    ],
    ["replica_parallel_workers = 4", "mysql:8.0.25", "'replica_parallel_workers' exists only from 8.0.26"],
    ["super_read_only = ON", "mariadb:10.11.6", "'super_read_only' does not exist in mariadb"],
])("raw option file: %s on %s is rejected", async (line, image, text) => {
    const v = await violationsOf(VALID, [
        rawConfigMap("cnf", { "my.cnf": `[mysqld]\n${line}\n` }),
        rawStatefulSet({ name: "db", image, configMap: "cnf" }),
    ]);
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining(text)]);
});

test("raw command-line options are judged too; the loose- prefix turns a rejection into advice", async () => {
    const v = await violationsOf(VALID, [rawStatefulSet({ name: "db", image: "mysql:8.4.3", args: ["--expire-logs-days=3"] })]);
    expect(v.map((x) => x.message)).toEqual([expect.stringContaining("(container mysql arguments, value '3')")]);
    const loose = [rawStatefulSet({ name: "db", image: "mysql:8.4.3", args: ["--loose-expire-logs-days=3"] })];
    expect(await violationsOf(VALID, loose)).toEqual([]);
    expect((await violationsOf(ADVICE, loose)).map((x) => x.message)).toEqual([
        expect.stringContaining("the loose- prefix makes the server skip it silently"),
    ]);
});

test("advice: deprecated names with their replacement, unknown loose- names with a suggestion; knownSettings silences a name", async () => {
    const res = [
        rawConfigMap("cnf", {
            "my.cnf": "[mysqld]\nlog_slave_updates = ON\nloose-innodb-bufer-pool-size = 1G\nloose_my_plugin_option = 3\n",
        }),
        rawStatefulSet({ name: "db", image: "mysql:8.0.40", configMap: "cnf" }),
    ];
    expect(await violationsOf(VALID, res)).toEqual([]);
    const v = await violationsOf(ADVICE, res);
    expect(v.every((x) => x.level === "advisory")).toBe(true);
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining("'log_slave_updates' is deprecated since 8.0.26; use log_replica_updates instead"),
        expect.stringContaining(
            "'loose-innodb-bufer-pool-size' is not a server setting of mysql 8.0.40 (did you mean 'innodb_buffer_pool_size'?), so mysql 8.0.40 skips it with a warning",
        ),
        expect.stringContaining("'loose_my_plugin_option' is not a server setting of mysql 8.0.40"),
    ]);
    expect(await violationsOf(ADVICE, res, { [ADVICE]: { knownSettings: ["my_plugin_option", "innodb_bufer_pool_size"] } })).toHaveLength(
        1,
    );
});

test("an unknown name is rejected once per template, naming the template, the key as written, the version and the fix", async () => {
    const spec = mixedCluster("80");
    spec.templates[0] = { ...spec.templates[0], config: { "innodb-bufer-pool-size": "1G" } };
    const v = await violationsOf(VALID, await componentResources(spec));
    expect(v.map((x) => x.message)).toEqual([
        expect.stringContaining(
            "MySqlCluster staging/orders, template 'stable-80' (StatefulSet staging/orders-0, StatefulSet staging/orders-1): 'innodb-bufer-pool-size' is not a server setting of mysql 8.0.40 (did you mean 'innodb_buffer_pool_size'?), so mysql 8.0.40 refuses to start with it",
        ),
    ]);
    expect(v[0].message).toContain("Instead: write 'innodb_buffer_pool_size' if that is what you meant");
    // knownSettings of the mandatory policy accepts a plugin's option.
    expect(await violationsOf(VALID, await componentResources(spec), { [VALID]: { knownSettings: ["innodb_bufer_pool_size"] } })).toEqual(
        [],
    );
});

test("a template's loose- setting is rendered with its prefix and only advised where the version lacks it", async () => {
    const spec = mixedCluster("80");
    spec.templates[1] = { ...spec.templates[1], config: { "loose-query-cache-size": "0", "loose-innodb-buffer-pool-size": "256M" } };
    const res = await componentResources(spec);
    const cnf = res.find(
        (r) => r.type === "kubernetes:core/v1:ConfigMap" && /canary-84-replica/.test(String((r.props.metadata as { name?: string })?.name)),
    );
    const text = String((cnf!.props.data as Record<string, string>)["my.cnf"]);
    expect(text).toMatch(/^loose-query-cache-size = 0$/m);
    expect(text).toMatch(/^loose-innodb-buffer-pool-size = 256M$/m);
    expect(text).not.toMatch(/^innodb_buffer_pool_size = /m); // the loose override replaces Myriad's default
    expect(await violationsOf(VALID, res)).toEqual([]);
    expect((await violationsOf(ADVICE, res)).map((x) => x.message)).toEqual([
        expect.stringContaining(
            "MySqlCluster staging/orders, template 'canary-84' (StatefulSet staging/orders-10): 'loose-query-cache-size' was removed in 8.0.3",
        ),
    ]);
});
