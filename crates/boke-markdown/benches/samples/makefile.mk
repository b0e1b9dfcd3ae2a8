# 常用命令
CARGO ?= cargo
PROFILE := release
TARGET_DIR = target/$(PROFILE)
SOURCES := $(wildcard crates/*/src/*.rs)
export RUST_LOG = info

.PHONY: all build test serve clean

all: build test

build: $(TARGET_DIR)/boke

$(TARGET_DIR)/boke: $(SOURCES) Cargo.lock
	$(CARGO) build --$(PROFILE) -p boke
	@echo "构建完成: $@"

test:
	$(CARGO) test --workspace -- --nocapture

serve: build
	$(TARGET_DIR)/boke serve --port $${PORT:-1313}

%.html: %.md
	pandoc -o $@ $<

ifeq ($(OS),Windows_NT)
    EXE := .exe
else
    EXE :=
endif

clean:
	rm -rf public .boke-cache $(TARGET_DIR)
