package io.kuberesolver.demo.pod;

import io.grpc.stub.StreamObserver;
import io.kuberesolver.demo.geoip.GeoIpGrpc;
import io.kuberesolver.demo.geoip.LookupReply;
import io.kuberesolver.demo.geoip.LookupRequest;
import java.util.List;

/**
 * The "geoipd" service: a toy GeoIP lookup. The location is derived from the address so answers are
 * stable; what matters to the demo is {@code served_by}, the name of the pod that answered.
 */
final class GeoIpService extends GeoIpGrpc.GeoIpImplBase {
  private static final List<String[]> PLACES = List.of(
      new String[] {"DE", "Berlin"}, new String[] {"FR", "Paris"}, new String[] {"JP", "Tokyo"},
      new String[] {"BR", "Sao Paulo"}, new String[] {"US", "Chicago"}, new String[] {"IN", "Pune"},
      new String[] {"KE", "Nairobi"}, new String[] {"AU", "Perth"});

  private final String podName;

  GeoIpService(String podName) {
    this.podName = podName;
  }

  @Override
  public void lookup(LookupRequest request, StreamObserver<LookupReply> responseObserver) {
    String[] place = PLACES.get(Math.floorMod(request.getIp().hashCode(), PLACES.size()));
    responseObserver.onNext(LookupReply.newBuilder()
        .setIp(request.getIp())
        .setCountryCode(place[0])
        .setCity(place[1])
        .setServedBy(podName)
        .build());
    responseObserver.onCompleted();
  }
}
