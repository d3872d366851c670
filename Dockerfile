# syntax=docker/dockerfile:1
# Multi-stage build: a static warden binary on a distroless base, run as a
# non-root user.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/warden ./cmd/warden

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/warden /usr/local/bin/warden
USER nonroot:nonroot
WORKDIR /var/lib/warden
ENV DATA_DIR=/var/lib/warden/data \
    METRICS_ADDR=0.0.0.0:9464
EXPOSE 3000 3002
ENTRYPOINT ["/usr/local/bin/warden"]
