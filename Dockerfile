# zkorch itself as an image. It drives the host's Docker engine through the mounted socket and checks members on
# their published 127.0.0.1 ports, so it runs on the host's network:
#   docker build -t zkorch/zkorch --build-arg BASE_IMAGE=zkorch/base:bookworm-jre17 .   (after `mvn package`)
#   docker run --rm --network host -v /var/run/docker.sock:/var/run/docker.sock -v "$PWD:/work" -w /work \
#     zkorch/zkorch up -f cluster.yaml
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
COPY target/zkorch-all.jar /opt/zkorch/zkorch.jar
RUN java -XX:ArchiveClassesAtExit=/opt/zkorch/zkorch.jsa -jar /opt/zkorch/zkorch.jar --version >/dev/null
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=/opt/zkorch/zkorch.jsa", "-Xshare:auto", "-jar", "/opt/zkorch/zkorch.jar"]
CMD ["--help"]
