/** mysql-tls-version-accepted: a tls_version naming protocols the server no longer accepts (or never knew). */
import { componentResources, mixedCluster } from "./fixtures/component";
import { rawConfigMap, rawStatefulSet } from "./fixtures/raw";
import { violationsOf } from "./fixtures/run";

const TLS = "mysql-tls-version-accepted";

const withTls = (image: string, tlsVersion: string) => [
    rawConfigMap("c", { "my.cnf": `[mysqld]\ntls_version=${tlsVersion}\n` }),
    rawStatefulSet({ name: "m", image, configMap: "c" }),
];

test("the component's rendering and a valid list pass", async () => {
    expect(await violationsOf(TLS, await componentResources(mixedCluster("80")))).toEqual([]);
    expect(await violationsOf(TLS, withTls("mysql:8.0.40", "TLSv1.2,TLSv1.3"))).toEqual([]);
    expect(await violationsOf(TLS, withTls("mariadb:10.11.6", "TLSv1.2,TLSv1.3"))).toEqual([]);
    expect(await violationsOf(TLS, withTls("mysql:8.0.27", "TLSv1,TLSv1.1,TLSv1.2"))).toEqual([]);
});

test("TLSv1 and TLSv1.1 on 8.0.28+: removed, cited, with the value to use instead", async () => {
    const v = await violationsOf(TLS, withTls("mysql:8.0.40", "TLSv1.1,TLSv1.2"));
    expect(v).toHaveLength(1);
    expect(v[0].level).toBe("advisory");
    expect(v[0].message).toContain("tls_version=TLSv1.1,TLSv1.2");
    expect(v[0].message).toContain("TLSv1.1 was removed");
    expect(v[0].message).not.toContain("offers no TLS protocol");
    expect(v[0].message).toContain("https://dev.mysql.com/doc/refman/8.0/en/encrypted-connection-protocols-ciphers.html");
    expect(v[0].message).toContain("Instead: set tls_version=TLSv1.2,TLSv1.3");
});

test("only removed or unknown protocols leave the server without TLS", async () => {
    const [removed] = await violationsOf(TLS, withTls("mysql:8.4.3", "TLSv1,TLSv1.1"));
    expect(removed.message).toContain("TLSv1, TLSv1.1 were removed, so mysql 8.4.3 offers no TLS protocol at all");
    const [maria] = await violationsOf(TLS, withTls("mariadb:10.11.6", "TLSv1"));
    expect(maria.message).toContain("TLSv1 is not a protocol of mariadb 10.11.6");
    expect(maria.message).toContain("https://mariadb.com/kb/en/ssltls-system-variables/");
    const [old] = await violationsOf(TLS, withTls("mysql:5.7.44", "TLSv1.3"));
    expect(old.message).toContain("TLSv1.3 is not a protocol of mysql 5.7.44");
    expect(old.message).toContain("Instead: set tls_version=TLSv1.2");
});

test("a template override is judged on the component's objects, and the level is configurable", async () => {
    const spec = mixedCluster("80");
    spec.templates[1] = { ...spec.templates[1], config: { tls_version: "TLSv1,TLSv1.1" } };
    const res = await componentResources(spec);
    const v = await violationsOf(TLS, res);
    expect(v.map((x) => x.resource?.split("::").pop())).toEqual(["orders-10"]);
    const mandatory = await violationsOf(TLS, res, { [TLS]: "mandatory" });
    expect(mandatory[0].level).toBe("mandatory");
});
