package io.kuberesolver.resolver.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetParserTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "-", value = {
      // target,                                              service, namespace, port,  domain,          authority
      "kubernetes:///geoipd,                                   geoipd,  -,         -,     -,               geoipd",
      "kubernetes:///geoipd:50051,                             geoipd,  -,         50051, -,               geoipd:50051",
      "kubernetes:///geoipd:grpc,                              geoipd,  -,         grpc,  -,               geoipd:grpc",
      "kubernetes:///geoipd.prod:50051,                        geoipd,  prod,      50051, -,               geoipd.prod:50051",
      "kubernetes:///geoipd.prod:grpc,                         geoipd,  prod,      grpc,  -,               geoipd.prod:grpc",
      "kubernetes:///geoipd.prod.svc:50051,                    geoipd,  prod,      50051, -,               geoipd.prod.svc:50051",
      "kubernetes:///geoipd.prod.svc.cluster.local:50051,      geoipd,  prod,      50051, cluster.local,   geoipd.prod.svc.cluster.local:50051",
      "kubernetes:///geoipd.prod.svc.k8s.example.org:50051,    geoipd,  prod,      50051, k8s.example.org, geoipd.prod.svc.k8s.example.org:50051",
      "kubernetes://prod/geoipd:50051,                         geoipd,  prod,      50051, -,               geoipd:50051",
      "kubernetes://prod/geoipd,                               geoipd,  prod,      -,     -,               geoipd",
      "kubernetes:///GeoIPd.Prod:GRPC,                         geoipd,  prod,      grpc,  -,               GeoIPd.Prod:GRPC",
      "kubernetes:///a:1,                                      a,       -,         1,     -,               a:1",
      "kubernetes:///a:65535,                                  a,       -,         65535, -,               a:65535",
  })
  void acceptsTheDocumentedForms(String uri, String service, String namespace, String port, String domain,
      String authority) {
    KubernetesTarget target = TargetParser.parse(URI.create(uri));

    assertThat(target.service()).isEqualTo(service);
    assertThat(target.namespace()).isEqualTo(namespace);
    assertThat(target.port() == null ? null : target.port().toString()).isEqualTo(port);
    assertThat(target.clusterDomain()).isEqualTo(domain);
    assertThat(target.authority()).isEqualTo(authority);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "kubernetes:///                              | no Service named",
      "kubernetes://prod                           | no Service named",
      "kubernetes:///geoipd:                       | empty port",
      "kubernetes:///geoipd:0                      | out of range",
      "kubernetes:///geoipd:70000                  | out of range",
      "kubernetes:///geoipd:-1                     | not a valid port name",
      "kubernetes:///geoipd:grpc_port              | not a valid port name",
      "kubernetes:///geo_ipd:50051                 | not a valid Service name",
      "kubernetes:///1geoipd:50051                 | not a valid Service name",
      "kubernetes:///geoipd.prod.cluster:50051     | is not svc, svc.ns or svc.ns.svc",
      "kubernetes:///geoipd..svc:50051             | not a valid namespace",
      "kubernetes:///geoipd.prod.svc.:50051        | not a valid cluster domain",
      "kubernetes://prod/geoipd.other:50051        | namespace is given twice",
      "kubernetes:///geoipd:50051?x=1              | query or fragment",
      "dns:///geoipd:50051                         | scheme is not kubernetes",
  })
  void rejectsMalformedTargetsNamingTheTargetAndTheAcceptedForms(String uri, String reason) {
    assertThatThrownBy(() -> TargetParser.parse(URI.create(uri)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + uri + "\"")
        .hasMessageContaining(reason)
        .hasMessageContaining("Accepted forms: kubernetes:///svc");
  }
}
