/**
 * Pulumi entry point of the Myriad project (`Pulumi.yaml` `main: infra/`). Importing this module runs the
 * program: it reads `myriad:clusters`, plans every cluster (all structural errors are reported before any
 * resource exists) and creates the clusters.
 *
 * Stack outputs: `clusters`, keyed by cluster name, each with `namespace`, `writeEndpoint`, `readEndpoint`,
 * `secretName` and `instances` (see ./program/program.ts).
 */
import { program } from "./program/program";

export const clusters = program();
