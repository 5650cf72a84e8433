/**
 * The Pulumi engine, emulated in-process: runs a program under the SDK's mocks (no engine, no Pulumi CLI, no
 * cluster), records every resource it registers with its options and outputs, and does the engine's share of
 * the work the SDK leaves to it (secret outputs, stack outputs). ./runtime.ts runs and records; ./manifests.ts
 * turns the recorded Kubernetes resources into manifests, secret values redacted. Used by `myriad render`,
 * the offline policy check and the component tests.
 */
export * from "./runtime";
export * from "./manifests";
