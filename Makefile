# The two set-up commands of the README: `make run` and `make test`.
# Both install what is missing first (scripts/ensure-tools.sh).

.PHONY: run test bench setup e2e clean

# Builds the release site (size-optimised WASM, precompressed assets) and
# serves it on http://localhost:3000 with SQLite (./data/) and demo data.
run:
	@scripts/ensure-tools.sh
	scripts/build-release.sh
	@echo
	@echo "  SkillPass: http://localhost:3000   (Ctrl-C to stop)"
	@echo
	SKILLPASS_DEMO_DATA=$${SKILLPASS_DEMO_DATA:-true} ./target/release/skillpass

# Format, clippy, unit, integration (SQLite and PostgreSQL), browser tests.
test:
	@scripts/ensure-tools.sh --browser
	@scripts/test.sh

# Page weight and throughput figures of the release build.
bench:
	@scripts/ensure-tools.sh --browser --bench
	@scripts/bench.sh

setup:
	@scripts/ensure-tools.sh --browser --bench

e2e:
	@scripts/ensure-tools.sh --browser
	@scripts/e2e.sh

clean:
	cargo clean
	rm -rf data end2end/node_modules
