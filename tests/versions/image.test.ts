import { flavorFromImage, parseImage, versionFromImage } from "../../components/versions/image";
import { compareVersions, mustParseVersion, parseVersion, seriesKind } from "../../components/versions/version";

describe("image references", () => {
    it.each([
        ["mysql:8.0.36", { repository: "mysql", tag: "8.0.36" }],
        ["docker.io/library/mysql:8.4.2", { repository: "library/mysql", tag: "8.4.2" }],
        ["localhost:5000/team/mysql:8.0.36-debian", { repository: "team/mysql", tag: "8.0.36-debian" }],
        ["mysql@sha256:abc", { repository: "mysql", digest: "sha256:abc" }],
        ["mysql", { repository: "mysql" }],
    ])("parses %s", (image, expected) => {
        expect(parseImage(image)).toEqual({ tag: undefined, digest: undefined, ...expected });
    });

    it.each([
        ["mysql:8.0.36", "8.0.36"],
        ["percona/percona-server:8.0.36-28", "8.0.36"],
        ["mariadb:10.11.6-jammy", "10.11.6"],
        ["mysql:8.0", undefined],
        ["mysql:latest", undefined],
        ["mysql", undefined],
        ["mysql:8.0.36@sha256:abc", "8.0.36"],
    ])("reads the version pinned by %s", (image, version) => {
        const v = versionFromImage(image);
        expect(v ? `${v.major}.${v.minor}.${v.patch}` : undefined).toBe(version);
    });

    it.each([
        ["mariadb:10.11.6", "mariadb"],
        ["bitnami/mariadb:11.4.2", "mariadb"],
        ["percona/percona-server:8.0.36-28", "percona"],
        ["mysql/mysql-server:8.0.32", "mysql"],
        ["mysql:8.0.36", "mysql"],
        ["registry.example.com/db:8.0.36", undefined],
    ])("infers the flavour of %s", (image, flavor) => {
        expect(flavorFromImage(image)).toBe(flavor);
    });
});

describe("versions", () => {
    it("parses build suffixes and rejects malformed text", () => {
        expect(parseVersion("8.0.36-28")).toEqual({ major: 8, minor: 0, patch: 36 });
        expect(parseVersion("8.0")).toBeUndefined();
        expect(() => mustParseVersion("eight")).toThrow(/eight/);
    });

    it("orders by patch level", () => {
        expect(compareVersions(mustParseVersion("8.0.36"), mustParseVersion("8.0.4"))).toBeGreaterThan(0);
        expect(compareVersions(mustParseVersion("8.4.0"), mustParseVersion("8.0.40"))).toBeGreaterThan(0);
    });

    // docs/compatibility.md#upgrade-paths "Release model".
    it.each([
        ["5.7.44", "legacy"],
        ["8.0.36", "bugfix"],
        ["8.3.0", "innovation"],
        ["8.4.2", "lts"],
        ["9.1.0", "innovation"],
        ["9.7.0", "lts"],
        ["26.7.0", "calendar"],
    ])("classifies %s as %s", (v, kind) => {
        expect(seriesKind("mysql", mustParseVersion(v))).toBe(kind);
    });
});
