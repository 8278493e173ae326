package io.kuberesolver.docker.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiRequestTest {
  @ParameterizedTest(name = "{0} {1} -> {2} {3}/{4} in {5}")
  @CsvSource(nullValues = "null", value = {
      // method, path, verb, group, resource, namespace
      "GET, /apis/discovery.k8s.io/v1/namespaces/ns/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dgeoipd,"
          + " list, discovery.k8s.io, endpointslices, ns",
      "GET, /apis/discovery.k8s.io/v1/namespaces/ns/endpointslices?labelSelector=a%3Db&resourceVersion=5&allowWatchBookmarks=true&watch=true,"
          + " watch, discovery.k8s.io, endpointslices, ns",
      "GET, /api/v1/namespaces/ns/services?fieldSelector=metadata.name%3Dgeoipd, list, '', services, ns",
      "GET, /api/v1/namespaces/ns/services?fieldSelector=metadata.name%3Dgeoipd&watch=true, watch, '', services, ns",
      "GET, /api/v1/namespaces/ns/services?watch=1, watch, '', services, ns",
      "GET, /api/v1/namespaces/ns/services?watch=false, list, '', services, ns",
      "GET, /api/v1/namespaces/ns/services/geoipd, get, '', services, ns",
      "GET, /api/v1/watch/namespaces/ns/services, watch, '', services, ns",
      "GET, /api/v1/services, list, '', services, null",
      "GET, /apis/discovery.k8s.io/v1/endpointslices?watch=true, watch, discovery.k8s.io, endpointslices, null",
      "GET, /api/v1/namespaces/ns/pods/p1/log, get, '', pods/log, ns",
      "POST, /api/v1/namespaces/ns/services, create, '', services, ns",
      "PUT, /api/v1/namespaces/ns/services/geoipd, update, '', services, ns",
      "PATCH, /api/v1/namespaces/ns/services/geoipd, patch, '', services, ns",
      "DELETE, /api/v1/namespaces/ns/services/geoipd, delete, '', services, ns",
      "DELETE, /api/v1/namespaces/ns/services, deletecollection, '', services, ns",
      "GET, /api/v1/namespaces/ns, get, '', namespaces, null",
      "GET, /api/v1/namespaces, list, '', namespaces, null",
  })
  void mapsRequestsToRbacTerms(String method, String path, String verb, String group, String resource,
      String namespace) {
    ApiRequest request = ApiRequest.parse(method, path);

    assertThat(request).isEqualTo(new ApiRequest(verb, group, resource, namespace));
  }

  @ParameterizedTest
  @CsvSource({"GET, /version", "GET, /apis", "GET, /api/v1", "GET, /apis/discovery.k8s.io/v1"})
  void nonResourcePathsHaveNoResource(String method, String path) {
    assertThat(ApiRequest.parse(method, path).resource()).isNull();
  }

  @ParameterizedTest(name = "{0} {1} allowed={2}")
  @CsvSource({
      "GET, /apis/discovery.k8s.io/v1/namespaces/app/endpointslices?watch=true, true",
      "GET, /apis/discovery.k8s.io/v1/namespaces/app/endpointslices, true",
      "GET, /apis/discovery.k8s.io/v1/namespaces/app/endpointslices/s1, false",
      "GET, /apis/discovery.k8s.io/v1/namespaces/other/endpointslices, false",
      "GET, /apis/discovery.k8s.io/v1/endpointslices, false",
      "GET, /api/v1/namespaces/app/services/geoipd, true",
      "GET, /api/v1/namespaces/app/services?watch=true, true",
      "POST, /api/v1/namespaces/app/services, false",
      "GET, /api/v1/namespaces/app/endpoints, false",
      "GET, /apis/extensions.example/v1/namespaces/app/services, false",
      "GET, /version, false",
  })
  void authorizesLikeRbacForOneNamespacedRole(String method, String path, boolean allowed) {
    RoleAuthorizer authorizer = new RoleAuthorizer("app", List.of(
        new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
            .withApiGroups("discovery.k8s.io").withResources("endpointslices").withVerbs("list", "watch").build(),
        new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
            .withApiGroups("").withResources("services").withVerbs("get", "list", "watch").build()));

    assertThat(authorizer.allows(ApiRequest.parse(method, path))).isEqualTo(allowed);
  }
}
