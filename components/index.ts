export * from "./spec/types";
export * from "./spec/errors";
export * from "./planner/types";
export { planClusters, planCluster, planOrThrow, planStack, type PlanResult } from "./planner/plan";
export { DEFAULTS, COMPONENT_DEFAULTS } from "./spec/defaults";
export { MAX_SERVER_ID } from "./spec/limits";
export * from "./planner/naming";
export * from "./versions/version";
export * from "./versions/image";
export {
    MySqlCluster,
    MYSQL_CLUSTER_TYPE,
    instanceTable,
    rolloutOrder,
    type MySqlClusterArgs,
    type MySqlClusterOptions,
    type PlannedCluster,
    type InstanceRow,
} from "./cluster/mysql-cluster";
export * from "./resources/labels";
export * from "./resources/pod-layout";
export { runAsFor, RUN_AS_BY_FLAVOR, podSecurityContext, containerSecurityContext, type RunAs } from "./resources/security";
export { PASSWORD_POLICY, clientOptionFile, buildCredentialsSecret, type ClusterPasswords } from "./resources/secret";
export {
    MY_CNF_KEY,
    ENV_FILE_KEY,
    buildScriptsConfigMap,
    buildConfigMap,
    configGroups,
    configMapName,
    scriptsConfigMapName,
    configChecksum,
    type ConfigGroup,
} from "./resources/configmaps";
export { buildHeadlessService, buildPrimaryService, buildReplicaService, serviceEndpoint } from "./resources/services";
export { buildDisruptionBudget } from "./resources/disruption-budget";
export {
    buildStatefulSet,
    mysqldCommand,
    defaultAffinity,
    PULUMI_TIMEOUT_ANNOTATION,
    type InstanceProbes,
    type InstanceLifecycle,
    type InstanceWorkloadInputs,
} from "./resources/statefulset";
export { DIALECT_TABLE, dialectFor, resolveRow, type Dialect, type DialectRow, type Steps, type ServerRef } from "./mysqld/dialect";
export { unsupportedReason, MINIMUM_SUPPORTED } from "./compat/support";
export {
    cloneAllowed,
    seedingDecision,
    seedingMethod,
    logicalDumpOptions,
    type SeedingMethod,
    type SeedingDecision,
} from "./compat/seeding";
export { replicationAuth, type ReplicationAuth } from "./compat/authentication";
export {
    renderMyCnf,
    instanceServerOptions,
    instanceServerArgs,
    sourceOf,
    primaryOf,
    clusterReplicationAuth,
    BINLOG_RETENTION_SECONDS,
    type Placement,
    type RenderExtras,
    type InstanceServerOption,
} from "./mysqld/config";
export {
    instanceEnv,
    sharedEnv,
    podEnv,
    renderEnvFile,
    INSTANCE_VARIABLES,
    temporaryServerArgs,
    replicationPrivileges,
    PLACEMENT_VARIABLES,
} from "./runtime/env";
export {
    MYSQL_PORT,
    GROUP_PORT,
    DATA_DIR,
    SOCKET_PATH,
    ENV_FILE_PATH,
    SCRIPTS_DIR,
    CONFIG_PATH,
    SECRETS_DIR,
    USERS,
    SECRET_KEYS,
    SCRIPT_TUNABLES,
} from "./runtime/contract";
export { probeSpecs, lifecycleSpec, initCommand, scriptCommand, PROBE_TIMINGS, type ExecProbe, type ProbeSpecs } from "./runtime/probes";
export { renderScripts, scriptSources, scriptsSourceDir, SCRIPT_FILES, type ScriptFile } from "./runtime/scripts";
