/** The path of template `t` of the cluster found at `path` (e.g. `clusters[0].templates[1]`). */
export const tplPath = (path: string, t: number) => `${path}.templates[${t}]`;
