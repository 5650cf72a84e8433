/** Pulumi mocks runtime: run a program without an engine and turn what it registered into manifests. */
export * from "./runtime";
export * from "./manifests";
