# Thin wrapper over meson: `make run` scans this machine, `make test` runs the suite.
# `make` and `make build` only build: packages are installed (apt-get) as a step
# of run, test, test-asan, fuzz-smoke and bench, never by a plain build.
BUILD      ?= build
ASAN_BUILD ?= build-asan
ARGS       ?=

DEB_PACKAGES = meson ninja-build pkg-config gcc libc6-dev libyaml-dev libcap-dev libkmod-dev libssl-dev libcmocka-dev
# Oracles the tests compare against (the scanner never runs them).
TEST_PACKAGES = openssl openssh-server kmod binutils util-linux libcap2-bin strace valgrind cppcheck clang-tidy clang libclang-rt-14-dev \
                python3-jsonschema python3-yaml libxml2-utils prometheus chromium procps time golang-1.19-go

.PHONY: all deps test-deps install-packages build run test test-asan fuzz-smoke bench clean

all: build

deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES) $(TEST_PACKAGES)"

install-packages:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD)/build.ninja:
	meson setup $(BUILD)

build: $(BUILD)/build.ninja
	meson compile -C $(BUILD)

# The packages first, then the build: a recipe, so that make -j cannot start
# meson before apt-get is done.
# Exit 1 means findings: the scan worked, so make does not call it a failure.
run: deps
	@$(MAKE) --no-print-directory build
	./$(BUILD)/nodeaudit $(ARGS) || [ $$? -eq 1 ]

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

test-asan: test-deps
	@$(MAKE) --no-print-directory $(ASAN_BUILD)/build.ninja
	meson compile -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  meson test -C $(ASAN_BUILD) --print-errorlogs

# Each meson test is one line of testlog.json; the last line sums both builds.
test: test-deps
	@$(MAKE) --no-print-directory build
	meson test -C $(BUILD) --print-errorlogs
	$(MAKE) test-asan
	$(MAKE) fuzz-smoke
	@ok=$$(cat $(BUILD)/meson-logs/testlog.json $(ASAN_BUILD)/meson-logs/testlog.json | grep -c '"result": "OK"'); \
	bad=$$(cat $(BUILD)/meson-logs/testlog.json $(ASAN_BUILD)/meson-logs/testlog.json | grep -vc '"result": "OK"'); \
	echo "tests: $$ok passed, $$bad failed"; [ "$$bad" = 0 ]

# A short run of every libFuzzer target (fuzz/run.sh SECONDS for longer ones).
fuzz-smoke: test-deps
	fuzz/run.sh 10

# Scan time, memory, system calls and instructions against process count, and
# the side-by-side run against the shell baseline (bench/README.md).
bench: test-deps
	@$(MAKE) --no-print-directory build
	bench/run.sh --build $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
