package io.kuberesolver.resolver.lb;

import io.grpc.LoadBalancer;
import io.grpc.MetricRecorder;

/**
 * {@link ChildHelper} plus {@code getMetricRecorder()} (grpc 1.64+), so that the children's
 * pick_first metrics reach the channel's recorder. A class of its own because its signature names
 * {@code MetricRecorder}: it is loaded only where that type exists ({@link ChildHelper#create}).
 */
final class MetricChildHelper extends ChildHelper {
  private MetricChildHelper(LoadBalancer.Helper delegate, StateSink sink) {
    super(delegate, sink);
  }

  static ChildHelper create(LoadBalancer.Helper delegate, StateSink sink) {
    return new MetricChildHelper(delegate, sink);
  }

  @Override
  public MetricRecorder getMetricRecorder() {
    return delegate().getMetricRecorder();
  }
}
