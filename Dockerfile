# wsaerrd in a container: built on debian:bookworm, run on
# debian:bookworm-slim with only the shared libraries it links.
#
#   podman build --format docker -t wsaerr .     (docker build -t wsaerr .)
#   podman run -p 8080:8080 --read-only --cap-drop ALL wsaerr
#
# --format docker keeps the HEALTHCHECK, which the OCI format drops.
# Configuration is the environment the server reads: WSAERR_PORT,
# WSAERR_THREADS, WSAERR_LOG_FORMAT, ... (wsaerrd --help lists them).

# The base images, pinnable by digest for a build that must be the same
# every time: --build-arg BUILD_IMAGE=docker.io/library/debian@sha256:...
# (and RUN_IMAGE for the runtime's). The defaults follow Debian 12's tags.
ARG BUILD_IMAGE=docker.io/library/debian:bookworm
ARG RUN_IMAGE=docker.io/library/debian:bookworm-slim

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# the build list is written once, in the script the README uses
COPY scripts/install-deps scripts/install-deps
RUN ./scripts/install-deps build && rm -rf /var/lib/apt/lists/*
COPY Makefile openapi.yaml ./
COPY mk mk
COPY data data
COPY lib lib
COPY render render
COPY server server
COPY cli cli
COPY tools tools
COPY web web
RUN make CI=true all && strip build/wsaerrd build/wsaerr

FROM ${RUN_IMAGE}
ARG VERSION=0.1.0
# where the source is published; set it when the project is
ARG SOURCE=https://github.com/wsaerr/wsaerr
LABEL org.opencontainers.image.title="wsaerr" \
      org.opencontainers.image.description="What does this Windows Sockets error mean? An HTTP service." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="MIT"
# libmicrohttpd12, libjansson4 and libutf8proc2; zlib and libc are in the base already
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        libmicrohttpd12 libjansson4 libutf8proc2 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log
COPY --from=build /src/build/wsaerrd /usr/sbin/wsaerrd
COPY --from=build /src/build/wsaerr /usr/bin/wsaerr
# a numeric user, so that runAsNonRoot can check it; no home, no shell
USER 65532:65532
ENV WSAERR_PORT=8080
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=2s --retries=3 \
    CMD ["/usr/sbin/wsaerrd", "--healthcheck"]
ENTRYPOINT ["/usr/sbin/wsaerrd"]
