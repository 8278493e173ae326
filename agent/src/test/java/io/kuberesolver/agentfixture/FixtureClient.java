package io.kuberesolver.agentfixture;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary gRPC client application for the agent's integration tests. It never references the
 * agent. It reads commands on stdin and answers one line each on stdout:
 *
 * <pre>
 * channel ID ENTRY TARGET [OPTION...]   ENTRY: forTarget forAddress grpcNew grpcNewOwnRegistry nettyForTarget
 *                                        nettyForAddress okhttpForTarget
 *   OPTION: pickfirst (a pick_first service config), ownresolver (nameResolverFactory(LoopbackResolver)),
 *           dnsresolver (nameResolverFactory(new DnsNameResolverProvider()))
 *   -> ok ID authority=...
 * interrupted ID ENTRY TARGET           builds the channel on a thread whose interrupt flag is set
 *   -> ok ID authority=... stillInterrupted=true|false
 * where CLASS                           -> class CLASS from LOCATION | class CLASS missing
 * call ID N                             N unary RPCs
 *   -> backends ID a,b,c   (the servers that answered; "error:CODE" entries for failed RPCs)
 * quit
 * </pre>
 */
public final class FixtureClient {
  public static final MethodDescriptor<String, String> WHO = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName("fixture.Who/Id")
      .setRequestMarshaller(new Utf8())
      .setResponseMarshaller(new Utf8())
      .build();

  public static void main(String[] args) throws Exception {
    Map<String, ManagedChannel> channels = new HashMap<>();
    // "--stdin FILE" reads the commands from FILE (for benchmarks that cannot redirect stdin).
    InputStream commands = args.length == 2 && args[0].equals("--stdin")
        ? new java.io.FileInputStream(args[1]) : System.in;
    BufferedReader in = new BufferedReader(new InputStreamReader(commands, StandardCharsets.UTF_8));
    System.out.println("ready");
    System.out.flush();
    String line;
    while ((line = in.readLine()) != null) {
      String[] w = line.trim().split(" ");
      try {
        if (w[0].equals("quit")) {
          break;
        } else if (w[0].equals("channel")) {
          ManagedChannel ch = build(w[2], w[3], Arrays.asList(w).subList(4, w.length));
          channels.put(w[1], ch);
          System.out.println("ok " + w[1] + " authority=" + ch.authority());
        } else if (w[0].equals("interrupted")) {
          Thread.currentThread().interrupt();
          ManagedChannel ch;
          boolean stillInterrupted;
          try {
            ch = build(w[2], w[3], java.util.Collections.<String>emptyList());
          } finally {
            stillInterrupted = Thread.interrupted();
          }
          channels.put(w[1], ch);
          System.out.println("ok " + w[1] + " authority=" + ch.authority() + " stillInterrupted=" + stillInterrupted);
        } else if (w[0].equals("where")) {
          // Which jar the application's own class loader finds a class in (isolation checks).
          try {
            Class<?> c = Class.forName(w[1], false, FixtureClient.class.getClassLoader());
            System.out.println("class " + w[1] + " from " + c.getProtectionDomain().getCodeSource().getLocation());
          } catch (ClassNotFoundException e) {
            System.out.println("class " + w[1] + " missing");
          }
        } else if (w[0].equals("call")) {
          ManagedChannel ch = channels.get(w[1]);
          TreeSet<String> seen = new TreeSet<>();
          for (int i = 0; i < Integer.parseInt(w[2]); i++) {
            try {
              seen.add(ClientCalls.blockingUnaryCall(ch, WHO, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), "hi"));
            } catch (StatusRuntimeException e) {
              seen.add("error:" + e.getStatus().getCode());
            }
          }
          System.out.println("backends " + w[1] + " " + String.join(",", seen));
        } else {
          System.out.println("unknown " + line);
        }
      } catch (Throwable e) {
        System.out.println("failed " + e);
      }
      System.out.flush();
    }
    for (ManagedChannel ch : channels.values()) {
      ch.shutdownNow();
    }
  }

  private static ManagedChannel build(String entry, String target, List<String> options) throws Throwable {
    ManagedChannelBuilder<?> b;
    int colon = target.lastIndexOf(':');
    switch (entry) {
      case "forTarget":
        b = ManagedChannelBuilder.forTarget(target);
        break;
      case "forAddress":
        b = ManagedChannelBuilder.forAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
        break;
      case "grpcNew":
        b = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create());
        break;
      case "grpcNewOwnRegistry":
        b = OwnRegistry.newChannelBuilder(target);
        break;
      case "nettyForTarget":
        b = NettyEntry.forTarget(target);
        break;
      case "nettyForAddress":
        b = NettyEntry.forAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
        break;
      case "okhttpForTarget":
        // A method handle resolves only this method (getMethod would load every parameter type,
        // including the optional com.squareup.okhttp ones).
        Class<?> okhttp = Class.forName("io.grpc.okhttp.OkHttpChannelBuilder");
        b = (ManagedChannelBuilder<?>) MethodHandles.publicLookup()
            .findStatic(okhttp, "forTarget", MethodType.methodType(okhttp, String.class)).invoke(target);
        break;
      default:
        throw new IllegalArgumentException(entry);
    }
    if (!entry.startsWith("grpcNew")) {
      b.usePlaintext();
    }
    if (options.contains("ownresolver")) {
      b.nameResolverFactory(new LoopbackResolver());
    }
    if (options.contains("dnsresolver")) {
      b.nameResolverFactory(new io.grpc.internal.DnsNameResolverProvider());
    }
    if (options.contains("pickfirst")) {
      Map<String, Object> pf = Collections.singletonMap("pick_first", Collections.emptyMap());
      b.defaultServiceConfig(Collections.singletonMap("loadBalancingConfig", Collections.singletonList(pf)));
    }
    return b.build();
  }

  static final class Utf8 implements MethodDescriptor.Marshaller<String> {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
