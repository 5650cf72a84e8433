/**
 * Where the program's configuration lives. The program reads `new pulumi.Config(CONFIG_NAMESPACE)
 * .requireObject(CLUSTERS_KEY)`, which is the stack configuration key `myriad:clusters` whatever the
 * project is called; the CLI reads the same key from stack files.
 */

/** Configuration namespace of the program (the `myriad` in `myriad:clusters`). */
export const CONFIG_NAMESPACE = "myriad";

/** Key, inside the namespace, of the list of clusters. */
export const CLUSTERS_KEY = "clusters";

/** The fully qualified stack configuration key: `myriad:clusters`. */
export const CLUSTERS_CONFIG_KEY = `${CONFIG_NAMESPACE}:${CLUSTERS_KEY}`;
