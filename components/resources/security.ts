/**
 * Security contexts: mysqld never runs as root, cannot escalate privileges and holds no capabilities.
 *
 * The pod must run as the user the image owns its files with, otherwise mysqld cannot use the image's
 * directories and the data volume (made group-writable for `fsGroup` by the kubelet) ends up with foreign
 * ownership. Which uid each image uses (checked in the image sources):
 * - `mysql` (Docker official image, docker-library/mysql `8.4/Dockerfile.oracle`):
 *   `groupadd --system --gid 999 mysql; useradd --system --uid 999 --gid 999 ...` -> 999:999.
 * - `mariadb` (Docker official image, MariaDB/mariadb-docker `11.8/Dockerfile`): `groupadd -r mysql && useradd -r -g
 *   mysql mysql` on Ubuntu, which allocates the first system id, 999; confirmed by the maintainers
 *   (https://github.com/MariaDB/mariadb-docker/issues/628: `podman run mariadb:10.6 id mysql` -> `uid=999(mysql)
 *   gid=999(mysql)`; https://github.com/MariaDB/mariadb-docker/issues/287).
 * - `percona/percona-server` (percona/percona-docker `percona-server-8.0/Dockerfile`): "It is intentionally used
 *   another UID ... `groupadd -g 1001 mysql; useradd -u 1001 -r -g 1001`" and `USER mysql` -> 1001:1001.
 * - `mysql/mysql-server` and Oracle's `container-registry.oracle.com/mysql/*-server` install the MySQL RPMs
 *   without creating the user first, so the RPM's `%pre server` scriptlet creates it: `groupadd -g 27 -o -r mysql;
 *   useradd ... -u 27 mysql` (MySQL/Fedora spec files; https://github.com/sclorg/mysql-container/issues/18 relies on the same uid) -> 27:27.
 * Images not listed get their flavour's uid. Custom images with another uid need a derived image
 * (`USER <uid>`), see docs/components.md.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { Flavor } from "../spec/types";
import { parseImage } from "../versions/image";

/** A numeric user and group. */
export interface RunAs {
    uid: number;
    gid: number;
}

/** The uid/gid of the `mysql` user in each flavour's reference image (see the file header). */
export const RUN_AS_BY_FLAVOR: Readonly<Record<Flavor, RunAs>> = {
    mysql: { uid: 999, gid: 999 },
    mariadb: { uid: 999, gid: 999 },
    percona: { uid: 1001, gid: 1001 },
};

/** Image repositories whose `mysql` user differs from their flavour's default. */
const RUN_AS_BY_REPOSITORY: readonly { repository: RegExp; runAs: RunAs }[] = [
    // Oracle's own images: RPM-created user, uid 27.
    { repository: /^mysql\/(mysql-server|community-server|enterprise-server)$/, runAs: { uid: 27, gid: 27 } },
];

/** The user mysqld runs as for an image of the given flavour. */
export function runAsFor(image: string, flavor: Flavor): RunAs {
    const repository = parseImage(image).repository.toLowerCase();
    return RUN_AS_BY_REPOSITORY.find((r) => r.repository.test(repository))?.runAs ?? RUN_AS_BY_FLAVOR[flavor];
}

/**
 * Pod security context: non-root user of the image, `fsGroup` so the data volume is writable by it,
 * `OnRootMismatch` so a large data volume is not re-chowned on every start, and the runtime's default seccomp
 * profile.
 */
export function podSecurityContext(image: string, flavor: Flavor): k8s.types.input.core.v1.PodSecurityContext {
    const { uid, gid } = runAsFor(image, flavor);
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: gid,
        fsGroup: gid,
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** Container security context: no privilege escalation, no capabilities, read-only root filesystem. */
export function containerSecurityContext(): k8s.types.input.core.v1.SecurityContext {
    return {
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
    };
}
