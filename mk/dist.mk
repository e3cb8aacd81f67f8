# mk/dist.mk: the checks of what is shipped (the install, the Debian
# package, a fresh root, the deployment files, the web page in browsers,
# the container), included by the Makefile.

# The install, the man pages and the unit, checked: installed where the
# conventions say, the man pages lint-clean and true to --help, the unit
# verified and rated by systemd-analyze, and uninstall leaves nothing.
check-install: $(BUILD)/wsaerr $(BUILD)/wsaerrd
	tests/install/run.sh $(BUILD)

# The Debian package, built from the committed tree, held to lintian, and
# installed on a fresh Debian 12 root (mmdebstrap; needs Debian's archive).
check-deb:
	tests/deb/run.sh

# The README's run command on a fresh Debian 12 root: serving within 60 s,
# under 300 MiB added (tests/fresh/run.sh).
check-fresh:
	tests/fresh/run.sh

# The Dockerfile and compose file through their linters, the Kubernetes
# manifests against the Kubernetes schemas and the properties the
# deployment relies on (tests/deploy/check.mjs); offline.
DEPLOY := tests/deploy
check-deploy: $(BUILD)/wsaerrd
	@test -d $(DEPLOY)/node_modules || \
	  { echo "check-deploy: run scripts/install-deps first" >&2; exit 1; }
	node $(DEPLOY)/check.mjs $(BUILD)/wsaerrd

# The web page in Debian's Chromium, driven by playwright-core: search,
# code view, deep links, no JavaScript, keyboard, axe-core
# (tests/e2e/run.mjs); then in Debian's Firefox ESR, driven by
# puppeteer-core over WebDriver BiDi, the same paths (tests/e2e/firefox.mjs).
# Screenshots go to $(BUILD)/e2e/screens.
E2E := tests/e2e
e2e: $(BUILD)/wsaerrd
	@test -d $(E2E)/node_modules || \
	  { echo "e2e: run scripts/install-deps first" >&2; exit 1; }
	cd $(E2E) && node run.mjs ../../$(BUILD)/wsaerrd ../../$(BUILD)/e2e
	cd $(E2E) && node firefox.mjs ../../$(BUILD)/wsaerrd ../../$(BUILD)/e2e

# The image for real with podman: build, run read-only, query, health
# check, stop (tests/container/run.sh).
test-container:
	tests/container/run.sh
