# Way 3: put the agent into your application image at build time; no volume and no init container.
# Add the two kuberesolver lines to your own Dockerfile (the base image and app lines are examples).
FROM eclipse-temurin:21-jre
COPY target/my-grpc-client.jar /app/app.jar

# kuberesolver: the jar from the agent image, at the same path as in the other two ways.
COPY --from=ghcr.io/kuberesolver/kuberesolver-agent:0.1.0 /kuberesolver/kuberesolver-agent.jar /kuberesolver/kuberesolver-agent.jar
# kuberesolver (optional): turn it on in the image. Or leave this out and set JAVA_TOOL_OPTIONS in
# the pod (docker/k8s/components/agent-in-app-image does, together with the config file).
ENV JAVA_TOOL_OPTIONS="-javaagent:/kuberesolver/kuberesolver-agent.jar=config=/etc/kuberesolver/agent.yaml"

ENTRYPOINT ["java", "-jar", "/app/app.jar"]
