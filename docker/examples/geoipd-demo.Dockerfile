# syntax=docker/dockerfile:1
#
# The example application's image (docker/k8s/example uses it as ghcr.io/kuberesolver/geoipd-demo,
# which is not published): the demo's io.kuberesolver.demo.GeoIpApp, which runs a geoipd server
# (`server --port 50051`) or the unmodified GeoClient (`client <target> <rpcs per second>`). It holds
# no agent: the agent components add it to the client's pod.
#
# From the repository root:
#   docker build -f docker/examples/geoipd-demo.Dockerfile -t ghcr.io/YOU/geoipd-demo:0.1.0 .
# Not yet built anywhere: the project's build machines have no Docker engine.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -pl demo -am install -DskipTests \
 && mvn -B -q -pl demo dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/out/lib \
 && cp demo/target/kuberesolver-demo.jar /out/lib/

FROM eclipse-temurin:17-jre
COPY --from=build /out/lib/ /app/lib/
USER 65532
ENTRYPOINT ["java", "-cp", "/app/lib/*", "io.kuberesolver.demo.GeoIpApp"]
