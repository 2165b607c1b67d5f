# zkorch's lean ensemble member: the same entrypoint, environment contract and health check as Dockerfile, on an
# image FROM scratch holding only a linked Java runtime (jlink: the modules ZooKeeper needs), the C library, bash
# and a few tools, ZooKeeper's jars, and an ahead-of-time cache trained on a real quorum start.
#
# The runtime comes from the build context (runtime/, linked by zkorch from a local JDK >= 21) or, when runtime/
# is empty, is linked here in a builder stage from JDK_IMAGE. BASE_IMAGE (any Debian or Ubuntu image; the JDK image
# itself for a builder-stage runtime, so that the C library is the one the runtime was built for) lends the C
# library and the tools; nothing else of it reaches the member image.
ARG BASE_IMAGE=eclipse-temurin:17-jre
ARG JDK_IMAGE=eclipse-temurin:25-jdk
FROM ${JDK_IMAGE} AS runtime
ARG JAVA_MODULES
COPY runtime/ /zkorch-runtime/
# Debian's JDKs carry native debug info in separate *.debuginfo files (700 MB); jlink copies them unless objcopy is
# there to strip, so they are dropped after linking
RUN if [ ! -x /zkorch-runtime/bin/java ]; then \
      rm -rf /zkorch-runtime && jlink --add-modules "${JAVA_MODULES}" --strip-java-debug-attributes --no-man-pages \
        --no-header-files --output /zkorch-runtime; \
    fi \
    && find /zkorch-runtime -name '*.debuginfo' -delete

FROM ${BASE_IMAGE} AS rootfs
COPY --from=runtime /zkorch-runtime/ /rootfs/opt/java/
COPY make-rootfs.sh /usr/local/bin/
RUN bash /usr/local/bin/make-rootfs.sh /rootfs /rootfs/opt/java

FROM scratch
ARG ZK_VERSION
COPY --from=rootfs /rootfs/ /
ENV JAVA_HOME=/opt/java \
    PATH=/opt/java/bin:/usr/bin:/bin \
    LANG=C.UTF-8 \
    ZOO_CONF_DIR=/conf \
    ZOO_DATA_DIR=/data \
    ZOO_DATA_LOG_DIR=/datalog \
    ZOO_LOG_DIR=/logs \
    ZK_VERSION=${ZK_VERSION}
COPY lib/ /opt/zookeeper/lib/
COPY zoo.cfg.template logback.xml docker-entrypoint.sh healthcheck train-aot.sh train-cds.sh /opt/zkorch/
RUN ["/bin/bash", "-c", "/opt/zkorch/train-aot.sh"]

USER 1000:1000
WORKDIR /data
VOLUME ["/data", "/datalog"]
EXPOSE 2181 2888 3888
# ready means serving in a quorum (srvr reports a mode), not merely a process that answers ruok
HEALTHCHECK --interval=2s --timeout=2s --start-period=60s --retries=2 CMD ["/opt/zkorch/healthcheck"]
ENTRYPOINT ["/opt/zkorch/docker-entrypoint.sh"]
CMD ["zkServer"]
