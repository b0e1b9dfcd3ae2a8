# 多阶段构建：编译 boke 并打包站点
FROM rust:1.95-slim AS build
ARG FEATURES=""
WORKDIR /src
RUN apt-get update \
 && apt-get install -y --no-install-recommends pkg-config \
 && rm -rf /var/lib/apt/lists/*
COPY Cargo.toml Cargo.lock ./
COPY crates ./crates
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    cargo build --release -p boke ${FEATURES:+--features $FEATURES}

FROM debian:trixie-slim
LABEL org.opencontainers.image.title="blog"
ENV BOKE_LOG=info \
    TZ=Asia/Shanghai
COPY --from=build /src/target/release/boke /usr/local/bin/boke
COPY . /site
WORKDIR /site
EXPOSE 1313
HEALTHCHECK --interval=30s CMD ["wget", "-qO-", "http://localhost:1313/"]
USER 1000:1000
ENTRYPOINT ["boke"]
CMD ["serve", "--bind", "0.0.0.0"]
