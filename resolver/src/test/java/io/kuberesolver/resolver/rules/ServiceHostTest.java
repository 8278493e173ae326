package io.kuberesolver.resolver.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceHostTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      // host                               | service | namespace | cluster domain
      "geoipd                               | geoipd  | NULL      | NULL",
      "geoipd.shop                          | geoipd  | shop      | NULL",
      "geoipd.shop.svc                      | geoipd  | shop      | NULL",
      "geoipd.shop.svc.cluster.local        | geoipd  | shop      | cluster.local",
      "GeoIPd.Shop.SVC.Corp.Example         | geoipd  | shop      | corp.example",
      "g.1shop                              | g       | 1shop     | NULL",
  })
  void serviceNames(String host, String service, String namespace, String domain) {
    ServiceHost h = ServiceHost.parse(host);
    assertThat(h.problem()).isNull();
    assertThat(h.isValid()).isTrue();
    assertThat(h.service()).isEqualTo(service);
    assertThat(h.namespace()).isEqualTo(namespace);
    assertThat(h.clusterDomain()).isEqualTo(domain);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "api.example.com                      | is not svc, svc.ns or svc.ns.svc[.cluster domain]",
      "10.0.0.7                             | is not svc, svc.ns",
      "geoipd.shop.svc.                     | is not a valid cluster domain",
      "geoipd.shop.svc.cluster..local       | is not a valid cluster domain",
      "1geoipd.shop                         | \"1geoipd\" is not a valid Service name",
      "geo_ipd                              | is not a valid Service name",
      "''                                   | is not a valid Service name",
      "geoipd.                              | \"\" is not a valid namespace",
      "geoipd.sh_op                         | is not a valid namespace",
  })
  void notServiceNames(String host, String problem) {
    ServiceHost h = ServiceHost.parse(host);
    assertThat(h.isValid()).isFalse();
    assertThat(h.problem()).contains(problem);
    assertThat(h.service()).isNull();
  }
}
