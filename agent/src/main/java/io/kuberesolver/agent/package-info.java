/**
 * The zero-code agent: points unmodified gRPC channels whose target names a configured Kubernetes
 * Service at the {@code kubernetes:///} resolver, with the {@code kuberesolver_priority} policy
 * (round_robin per topology tier; plain round_robin where a grpc cannot have it).
 *
 * <h2>Layers, by class loader</h2>
 *
 * <ol>
 *   <li><b>Entry</b> ({@link io.kuberesolver.agent.AgentEntry}, system class loader, where the JVM
 *       puts every {@code -javaagent} jar): reads the configuration ({@code config}, a hand-written
 *       YAML-subset parser) and registers {@link io.kuberesolver.agent.transform.BuilderTransformer}.
 *       Nothing else loads at start-up.
 *   <li><b>Instrumentation</b> ({@code transform}): when a class loader defines
 *       {@code io.grpc.internal.ManagedChannelImplBuilder}, its String-target constructors get two
 *       calls and its resolver-source setters one (ByteBuddy's repackaged ASM, relocated) into
 *       {@link io.kuberesolver.agent.hook.Hook}, reached by name through the system class loader
 *       with JDK types only, each in a try block that swallows every {@code Throwable}. Nothing
 *       goes on the bootstrap class path (which would turn off AppCDS).
 *   <li><b>Decision</b> ({@code match}, {@code hook}): pure matching of the target against the
 *       configured Services; on a match the target argument is replaced and, at constructor exit,
 *       the policy and the original authority are set on the builder; an application that
 *       brings its own resolver gets the builder back as grpc made it.
 *   <li><b>Isolated resolver</b> ({@code isolation}): the resolver and its relocated fabric8,
 *       Jackson, snakeyaml and slf4j are stored in the jar under {@code kuberesolver-inst/} as
 *       {@code .classdata}; on the first matching channel of each copy of grpc an
 *       {@link io.kuberesolver.agent.isolation.InstLoader} (child first for its own classes, parent:
 *       the loader of that grpc's {@code NameResolverRegistry}) loads the providers, which are
 *       registered in that registry and in its {@code LoadBalancerRegistry}. {@code io.kuberesolver.agent.inst} (the doctor) lives there too.
 *   <li><b>Command line</b> ({@code cli}): explain, doctor, attach.
 * </ol>
 */
package io.kuberesolver.agent;
