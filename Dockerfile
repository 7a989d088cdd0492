# rebound in a container: one instance per mailbox (see README, "Beyond one machine").
#
#   docker build -t rebound:0.1.0 .
#   docker run --rm -v "$PWD/config.toml:/config/rebound/config.toml:ro" \
#     -v "$PWD/password:/run/secrets/rebound/password:ro" rebound:0.1.0 check
#
# The config is read from $XDG_CONFIG_HOME/rebound/config.toml = /config/rebound/config.toml; its
# account takes the password from a mounted file:
#   password_command = "cat /run/secrets/rebound/password"
# The record of what was read lives under $XDG_STATE_HOME = /state: a cache that may be lost
# (mount a volume there to keep it between runs).

# Build stage: the same command as the README's build from a checkout.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --locked --release
# The release profile keeps line tables for backtraces; the image does not need them.
RUN strip target/release/rebound

# Runtime: Debian slim with the CA certificates rustls reads, and nothing else.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /home/rebound --create-home rebound \
    && mkdir -p /config/rebound /state \
    && chown 10001:10001 /state
COPY --from=build /src/target/release/rebound /usr/local/bin/rebound
ENV HOME=/home/rebound \
    XDG_CONFIG_HOME=/config \
    XDG_STATE_HOME=/state
# Numeric, so Kubernetes can verify runAsNonRoot.
USER 10001:10001
WORKDIR /home/rebound
ENTRYPOINT ["rebound"]
CMD ["--help"]
