# The README's commands. `make test` is what CI runs.
.PHONY: run demo test build events bench

run demo:
	go run ./cmd/warden --demo

test:
	scripts/test.sh

build:
	CGO_ENABLED=0 go build -trimpath -o bin/warden ./cmd/warden

events:
	go run ./cmd/warden events > docs/events.md
