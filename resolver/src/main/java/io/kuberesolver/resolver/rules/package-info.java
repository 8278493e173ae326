/**
 * The Kubernetes rules the resolver, the agent and the demo share, each written once: the name and
 * target grammar ({@link io.kuberesolver.resolver.rules.KubernetesNames},
 * {@link io.kuberesolver.resolver.rules.ServiceHost},
 * {@link io.kuberesolver.resolver.rules.KubernetesUri}), the pod's namespace file
 * ({@link io.kuberesolver.resolver.rules.PodNamespaceFile}), endpoint readiness
 * ({@link io.kuberesolver.resolver.rules.Readiness}), the RBAC rules the resolver needs
 * ({@link io.kuberesolver.resolver.rules.RbacRules}) and how a failure to reach the API server is
 * named ({@link io.kuberesolver.resolver.rules.ApiFailure}).
 *
 * <p>JDK types only, and no {@code java.util.regex}, lambdas or string-concatenation bootstraps:
 * the agent's entry point validates its configuration with these classes inside {@code premain}
 * of every JVM it runs in, so they must be cheap to load. The agent jar carries a relocated copy
 * of this package for its application-visible part (see agent/pom.xml) and the original in its
 * isolated part, with the rest of the resolver.
 */
package io.kuberesolver.resolver.rules;
