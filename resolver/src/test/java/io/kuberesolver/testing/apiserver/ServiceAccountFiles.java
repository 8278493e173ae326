package io.kuberesolver.testing.apiserver;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A service account of a {@link RealKubernetesApi} and the files a pod of it would see under
 * {@code /var/run/secrets/kubernetes.io/serviceaccount/}: {@code token}, {@code ca.crt},
 * {@code namespace}.
 *
 * <p>Its token comes from the TokenRequest API, bound to a Secret: {@link #revoke()} deletes the
 * Secret, after which the API server answers the token with 401 (as for an expired bound token);
 * {@link #rotate()} mints a new one into the token file, as the kubelet does.
 */
public final class ServiceAccountFiles {
  private final RealKubernetesApi api;
  private final String name;
  private final Path dir;
  private String boundSecret;

  private ServiceAccountFiles(RealKubernetesApi api, String name, Path dir) {
    this.api = api;
    this.name = name;
    this.dir = dir;
  }

  static ServiceAccountFiles create(RealKubernetesApi api, String name, Path roleYaml, Path dir) {
    Role role;
    try (InputStream in = Files.newInputStream(roleYaml)) {
      role = api.admin().rbac().roles().load(in).item();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return create(api, name, role, dir);
  }

  static ServiceAccountFiles create(RealKubernetesApi api, String name, Role role, Path dir) {
    KubernetesClient admin = api.admin();
    String ns = RealKubernetesApi.NAMESPACE;
    admin.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder()
        .withNewMetadata().withName(name).endMetadata().build()).serverSideApply();
    Role named = new RoleBuilder(role).editMetadata().withName(name).withNamespace(ns)
        .withResourceVersion(null).endMetadata().build();
    admin.rbac().roles().inNamespace(ns).resource(named).forceConflicts().serverSideApply();
    admin.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(ns).endSubject()
        .build()).forceConflicts().serverSideApply();
    ServiceAccountFiles files = new ServiceAccountFiles(api, name, dir);
    try {
      Files.createDirectories(dir);
      Files.copy(api.caFile(), dir.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
      Files.write(dir.resolve("namespace"), ns.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.rotate();
    return files;
  }

  public String name() {
    return name;
  }

  public Path directory() {
    return dir;
  }

  public Path tokenFile() {
    return dir.resolve("token");
  }

  public Path caFile() {
    return dir.resolve("ca.crt");
  }

  /** The token now in the token file. */
  public String token() {
    try {
      return new String(Files.readAllBytes(tokenFile()), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mints a new token (bound to a new Secret) and replaces the token file atomically. */
  public synchronized void rotate() {
    KubernetesClient admin = api.admin();
    String ns = RealKubernetesApi.NAMESPACE;
    String secret = name + "-token-" + UUID.randomUUID().toString().substring(0, 8);
    String uid = admin.secrets().inNamespace(ns).resource(new SecretBuilder()
        .withNewMetadata().withName(secret).endMetadata().build()).create().getMetadata().getUid();
    TokenRequest request = new TokenRequestBuilder().withNewSpec()
        .withExpirationSeconds(3600L)
        .withNewBoundObjectRef().withApiVersion("v1").withKind("Secret").withName(secret).withUid(uid)
        .endBoundObjectRef().endSpec().build();
    String token = admin.serviceAccounts().inNamespace(ns).withName(name).tokenRequest(request)
        .getStatus().getToken();
    try {
      Path tmp = dir.resolve(".token.tmp");
      Files.write(tmp, token.getBytes(StandardCharsets.UTF_8));
      Files.move(tmp, tokenFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boundSecret = secret;
  }

  /** Invalidates the current token (its bound Secret is deleted): the API server answers it with 401. */
  public synchronized void revoke() {
    api.admin().secrets().inNamespace(RealKubernetesApi.NAMESPACE).withName(boundSecret).delete();
  }

  /**
   * A client configuration for this service account in this JVM: the API server's URL, the CA
   * file, and the token file, read again for each request. (fabric8's own in-cluster branch, which
   * re-reads the file only after a 401, is what {@link #inClusterEnvironment()} sets up.)
   */
  public Config inClusterConfig() {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.url())
        .withCaCertFile(caFile().toString()).withNamespace(RealKubernetesApi.NAMESPACE)
        .withRequestTimeout(10_000).build();
    config.setOauthTokenProvider(this::token);
    return config;
  }

  /**
   * The environment and system properties that make fabric8's auto-configuration in another JVM
   * take this service account's files as a pod's (its in-cluster branch), for forked clients.
   */
  public Map<String, String> inClusterEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBERNETES_SERVICE_HOST", "127.0.0.1");
    env.put("KUBERNETES_SERVICE_PORT", Integer.toString(api.port()));
    return env;
  }

  /** See {@link #inClusterEnvironment()}. */
  public Map<String, String> inClusterSystemProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(Config.KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN_FILE_SYSTEM_PROPERTY, tokenFile().toString());
    props.put(Config.KUBERNETES_CA_CERTIFICATE_FILE_SYSTEM_PROPERTY, caFile().toString());
    props.put(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
    props.put(Config.KUBERNETES_NAMESPACE_SYSTEM_PROPERTY, RealKubernetesApi.NAMESPACE);
    return props;
  }
}
