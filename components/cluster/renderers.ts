/**
 * The runtime renderers the component consumes, implemented once in `components/mysqld` and
 * `components/runtime` and shared with the local runner: the my.cnf and shared environment file of a
 * template and role, the cluster's scripts, the instance's own `MYRIAD_*` environment, its probes and its post-start hook. This module is the
 * component's single import point for them.
 */
export { renderMyCnf } from "../runtime/my-cnf";
export { instanceEnv, podEnv, renderEnvFile, sharedEnv } from "../runtime/env";
export { lifecycleSpec, probeSpecs } from "../runtime/probes";
export { renderScripts } from "../runtime/scripts";
