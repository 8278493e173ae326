package io.kuberesolver.agent.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.kuberesolver.agent.config.ConfigReader;
import io.kuberesolver.agent.match.TargetMatcher;
import io.kuberesolver.agent.transform.BuilderBytecode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real grpc-core ManagedChannelImplBuilder, instrumented and defined in a fresh loader (so the
 * JVM verifies the rewritten bytecode), driven through its constructors with the hook installed.
 */
class InstrumentedBuilderTest {
  final List<Class<?>> installedFor = new ArrayList<>();
  ClassLoader grpc;

  @BeforeEach
  void install() throws Exception {
    TargetMatcher matcher = new TargetMatcher(
        ConfigReader.read(null, "services: [geoipd]\n", k -> null, k -> null), "default");
    Hook.uninstallForTest();
    assertThat(Hook.install(new ChannelRewriter(() -> matcher, c -> {
      installedFor.add(c);
      return "kuberesolver_priority";
    }))).isTrue();
    grpc = new InstrumentingLoader(getClass().getClassLoader());
  }

  @AfterEach
  void uninstall() {
    Hook.uninstallForTest();
  }

  Object builder(String target) throws Exception {
    Class<?> b = grpc.loadClass("io.grpc.internal.ManagedChannelImplBuilder");
    Class<?> factory = grpc.loadClass("io.grpc.internal.ManagedChannelImplBuilder$ClientTransportFactoryBuilder");
    Class<?> ports = grpc.loadClass("io.grpc.internal.ManagedChannelImplBuilder$ChannelBuilderDefaultPortProvider");
    Object f = Proxy.newProxyInstance(grpc, new Class<?>[] {factory}, (p, m, a) -> null);
    // The three-argument constructor chains into the five-argument one: two enters and exits.
    Constructor<?> c = b.getConstructor(String.class, factory, ports);
    return c.newInstance(target, f, null);
  }

  static Object field(Object o, String name) throws Exception {
    Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }

  @Test
  void listedTargetIsRewrittenWithTheInstallersPolicyAndTheOriginalAuthority() throws Exception {
    Object b = builder("geoipd:50051");
    assertThat(field(b, "target")).isEqualTo("kubernetes:///geoipd.default:50051");
    assertThat(field(b, "defaultLbPolicy")).isEqualTo("kuberesolver_priority");
    assertThat(field(b, "authorityOverride")).isEqualTo("geoipd:50051");
    assertThat(installedFor).containsExactly(b.getClass());
  }

  @Test
  void applicationCallsAfterConstructionWin() throws Exception {
    Object b = builder("geoipd:50051");
    b.getClass().getMethod("defaultLoadBalancingPolicy", String.class).invoke(b, "pick_first");
    b.getClass().getMethod("overrideAuthority", String.class).invoke(b, "geoipd.example.com");
    assertThat(field(b, "defaultLbPolicy")).isEqualTo("pick_first");
    assertThat(field(b, "authorityOverride")).isEqualTo("geoipd.example.com");
  }

  @Test
  void otherTargetsAndAddressBuildersAreUntouched() throws Exception {
    Object b = builder("api.example.com:443");
    assertThat(field(b, "target")).isEqualTo("api.example.com:443");
    assertThat(field(b, "defaultLbPolicy")).isEqualTo("pick_first");
    assertThat(field(b, "authorityOverride")).isNull();
    // A rewritten builder does not leak its state into the next one on the same thread.
    builder("geoipd:1");
    Object next = builder("other:1");
    assertThat(field(next, "target")).isEqualTo("other:1");
    assertThat(field(next, "authorityOverride")).isNull();

    Class<?> cls = grpc.loadClass("io.grpc.internal.ManagedChannelImplBuilder");
    Class<?> factory = grpc.loadClass("io.grpc.internal.ManagedChannelImplBuilder$ClientTransportFactoryBuilder");
    Class<?> ports = grpc.loadClass("io.grpc.internal.ManagedChannelImplBuilder$ChannelBuilderDefaultPortProvider");
    Object direct = cls.getConstructor(SocketAddress.class, String.class, factory, ports).newInstance(
        new InetSocketAddress("127.0.0.1", 1), "geoipd:1",
        Proxy.newProxyInstance(grpc, new Class<?>[] {factory}, (p, m, a) -> null), null);
    assertThat(field(direct, "authorityOverride")).isNull();
  }

  @Test
  void installerFailureLeavesTheTargetAlone() throws Exception {
    Hook.uninstallForTest();
    TargetMatcher matcher = new TargetMatcher(
        ConfigReader.read(null, "services: [geoipd]\n", k -> null, k -> null), "default");
    Hook.install(new ChannelRewriter(() -> matcher, c -> {
      throw new IllegalStateException("no resolver");
    }));
    Object b = builder("geoipd:50051");
    assertThat(field(b, "target")).isEqualTo("geoipd:50051");
    assertThat(field(b, "defaultLbPolicy")).isEqualTo("pick_first");
  }

  @Test
  void withoutTheAgentInstalledTheHooksDoNothing() throws Exception {
    Hook.uninstallForTest();
    Object b = builder("geoipd:50051");
    assertThat(field(b, "target")).isEqualTo("geoipd:50051");
  }

  @Test
  void ownResolverFactoryGivesTheApplicationItsBuilderBack() throws Exception {
    Object b = builder("geoipd:50051");
    Class<?> factory = grpc.loadClass("io.grpc.NameResolver$Factory");
    Object dns = grpc.loadClass("io.grpc.internal.DnsNameResolverProvider").getConstructor().newInstance();
    b.getClass().getMethod("nameResolverFactory", factory).invoke(b, dns);
    assertThat(field(b, "target")).isEqualTo("geoipd:50051");
    assertThat(field(b, "defaultLbPolicy")).isEqualTo("pick_first");
    assertThat(field(b, "authorityOverride")).isNull();
  }

  @Test
  void settingsTheApplicationMadeBeforeItsOwnFactoryAreKept() throws Exception {
    Object b = builder("geoipd:50051");
    b.getClass().getMethod("defaultLoadBalancingPolicy", String.class).invoke(b, "round_robin");
    b.getClass().getMethod("overrideAuthority", String.class).invoke(b, "geoipd:50051");
    Class<?> factory = grpc.loadClass("io.grpc.NameResolver$Factory");
    b.getClass().getMethod("nameResolverFactory", factory)
        .invoke(b, grpc.loadClass("io.grpc.internal.DnsNameResolverProvider").getConstructor().newInstance());
    assertThat(field(b, "target")).isEqualTo("geoipd:50051");
    assertThat(field(b, "defaultLbPolicy")).isEqualTo("round_robin");
    assertThat(field(b, "authorityOverride")).isEqualTo("geoipd:50051");
  }

  @Test
  void backToTheDefaultRegistryKeepsTheRewrite() throws Exception {
    Object b = builder("geoipd:50051");
    b.getClass().getMethod("nameResolverFactory", grpc.loadClass("io.grpc.NameResolver$Factory"))
        .invoke(b, new Object[] {null});
    assertThat(field(b, "target")).isEqualTo("kubernetes:///geoipd.default:50051");
  }

  @Test
  void constructedWithTheApplicationsRegistryIsNotRewritten() throws Exception {
    Class<?> b = grpc.loadClass("io.grpc.internal.ManagedChannelImplBuilder");
    Class<?> factory = grpc.loadClass("io.grpc.internal.ManagedChannelImplBuilder$ClientTransportFactoryBuilder");
    Class<?> ports = grpc.loadClass("io.grpc.internal.ManagedChannelImplBuilder$ChannelBuilderDefaultPortProvider");
    Class<?> registry = grpc.loadClass("io.grpc.NameResolverRegistry");
    Class<?> provider = grpc.loadClass("io.grpc.NameResolverProvider");
    Class<?> creds = grpc.loadClass("io.grpc.ChannelCredentials");
    Class<?> callCreds = grpc.loadClass("io.grpc.CallCredentials");
    Object f = Proxy.newProxyInstance(grpc, new Class<?>[] {factory}, (p, m, a) -> null);
    Constructor<?> c = b.getConstructor(String.class, creds, callCreds, factory, ports, registry, provider);
    Object own = c.newInstance("geoipd:50051", null, null, f, null, registry.getConstructor().newInstance(), null);
    assertThat(field(own, "target")).isEqualTo("geoipd:50051");
    assertThat(field(own, "authorityOverride")).isNull();
    Object dflt = c.newInstance("geoipd:50051", null, null, f, null, registry.getMethod("getDefaultRegistry").invoke(null), null);
    assertThat(field(dflt, "target")).isEqualTo("kubernetes:///geoipd.default:50051");
  }

  @Test
  void insertedCodeThatFailsNeverReachesTheApplication() throws Exception {
    // The inserted code cannot find its hook class: every sequence throws and is swallowed.
    grpc = new InstrumentingLoader(getClass().getClassLoader(), "io.kuberesolver.agent.hook.Missing");
    Object b = builder("geoipd:50051");
    assertThat(field(b, "target")).isEqualTo("geoipd:50051");
    assertThat(field(b, "defaultLbPolicy")).isEqualTo("pick_first");
    b.getClass().getMethod("nameResolverFactory", grpc.loadClass("io.grpc.NameResolver$Factory"))
        .invoke(b, new Object[] {null});
    assertThat(field(b, "target")).isEqualTo("geoipd:50051");
  }

  @Test
  void onlyTheBuilderIsTransformed() {
    assertThat(new io.kuberesolver.agent.transform.BuilderTransformer()
        .transform(null, "io/grpc/ManagedChannelBuilder", null, null, new byte[0])).isNull();
  }

  /** Child first for io.grpc.* (and the resolver its service file names), so the package-private builder internals share one runtime package. */
  static final class InstrumentingLoader extends ClassLoader {
    private final String hookClass;

    InstrumentingLoader(ClassLoader parent) {
      this(parent, "io.kuberesolver.agent.hook.Hook");
    }

    InstrumentingLoader(ClassLoader parent, String hookClass) {
      super(parent);
      this.hookClass = hookClass;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (!name.startsWith("io.grpc.") && !name.startsWith("io.kuberesolver.resolver.")) {
          return super.loadClass(name, resolve);
        }
        Class<?> c = findLoadedClass(name);
        if (c != null) {
          return c;
        }
        byte[] bytes;
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
          if (in == null) {
            throw new ClassNotFoundException(name);
          }
          bytes = in.readAllBytes();
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
        if (name.equals("io.grpc.internal.ManagedChannelImplBuilder")) {
          bytes = BuilderBytecode.instrument(bytes, false, hookClass);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    }
  }

}
