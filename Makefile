# The portal hub. `make run` serves the demo province; `make test` runs the tests.
# Both work on a fresh machine with only Python 3.11+: they create .venv and install.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export FLASK_APP := wsgi
export PORT

.PHONY: run test test-slow install install-dev i18n i18n-compile migrate seed clean lint bench-search screenshots \
        bench-questions security-scan browser-deps pdf-deps deploy-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed i18n-compile
install-dev: $(VENV)/.installed-dev i18n-compile

# Compile the message catalogs (the .mo files are build output, not committed).
i18n-compile: $(VENV)/.installed
	$(BIN)/pybabel compile -d i18n/translations

# Extract UI strings, update the catalogs, compile them.
i18n: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o i18n/messages.pot \
	  --no-location --sort-output --width 88 --project "portal hub" hub tenants search i18n
	$(BIN)/pybabel update -i i18n/messages.pot -d i18n/translations --no-fuzzy-matching --ignore-obsolete --width 88
	$(BIN)/pybabel compile -d i18n/translations

migrate: install
	$(BIN)/flask db upgrade

seed: migrate
	$(BIN)/flask demo seed --if-empty --port $(PORT)
	$(BIN)/flask search reindex --if-unreadable
	$(BIN)/flask search extract --missing

# The demo's staff log in with their password alone; any of them may still set up a
# second factor on their account page (`make run PORTAL_SECOND_FACTOR_REQUIRED=on` asks
# it of administrators, as production does).
run: seed
	@echo "Serving on port $(PORT), every site on its own *.localhost host (Ctrl+C stops)."
	PORTAL_PUBLIC_PORT=$(PORT) PORTAL_SECOND_FACTOR_REQUIRED=$(or $(PORTAL_SECOND_FACTOR_REQUIRED),off) \
	  $(BIN)/gunicorn -c gunicorn.conf.py --workers 2 --bind 127.0.0.1:$(PORT) wsgi:app

# Pango, which WeasyPrint (the PDF of the periodic reports) loads at run time: Debian's
# libpango-1.0-0 and libpangoft2-1.0-0, installed with apt-get when root or sudo allows.
# `make install` does not need it (WeasyPrint installs from PyPI alone); without Pango
# only making a report fails (503) and its tests are skipped — unless CI=true.
PANGO := libpango-1.0-0 libpangoft2-1.0-0
pdf-deps: $(VENV)/.installed
	@$(BIN)/python -c "import weasyprint" 2>/dev/null || { \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo -n"; \
	  if command -v apt-get >/dev/null 2>&1 && { [ -z "$$SUDO" ] || sudo -n true 2>/dev/null; }; then \
	    $$SUDO apt-get install -y -q $(PANGO) >/dev/null 2>&1 \
	      || { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q $(PANGO) >/dev/null; }; \
	  fi; \
	  $(BIN)/python -c "import weasyprint" 2>/dev/null || { \
	    echo "pdf-deps: Pango is missing (apt-get install $(PANGO)); no PDF reports" >&2; \
	    [ "$$CI" != "true" ]; }; }

# nginx (Debian's nginx-light) for tests/deploy, which run the site of deploy/nginx in
# front of the application. Outside CI a machine without it only skips those tests.
deploy-deps:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo -n"; \
	  if command -v apt-get >/dev/null 2>&1 && { [ -z "$$SUDO" ] || sudo -n true 2>/dev/null; }; then \
	    $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >/dev/null 2>&1 \
	      || { $$SUDO apt-get update -q >/dev/null && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >/dev/null; }; \
	  fi; \
	  [ -x /usr/sbin/nginx ] || { echo "deploy-deps: nginx is missing (apt-get install nginx-light)" >&2; \
	    [ "$$CI" != "true" ]; }; }

# Chromium, chromedriver (Debian) and axe-core (npm) for tests/browser. Outside CI a
# machine without apt only skips those tests; under CI=true they must be there.
browser-deps:
	@bash tests/browser/install.sh || if [ "$$CI" = "true" ]; then \
	  echo "browser-deps: could not install Chromium or axe-core (CI=true)" >&2; exit 1; \
	else echo "browser-deps: the browser tests will be skipped" >&2; fi

# Screenshots of the demo's home, news, an article and the site directory at 375 and
# 1280 px, into docs/screenshots/ (the browser tests' Chromium).
screenshots: install-dev browser-deps
	$(BIN)/python -m tests.browser.screenshots

# Two processes by default (JOBS=1 for one): each has its own databases and index.
test: install-dev browser-deps pdf-deps deploy-deps
	$(BIN)/python -m pytest -q -n $(or $(JOBS),2) $(PYTEST_ARGS)

# The long load and fault tests alone (CI runs them inside `make test`, with CI=true).
test-slow: install-dev browser-deps pdf-deps deploy-deps
	PORTAL_TEST_SLOW=1 $(BIN)/python -m pytest -q -n $(or $(JOBS),2) -m slow $(PYTEST_ARGS)

# Search benchmark: 1M synthetic items into the embedded backend (ITEMS=100000 for less).
bench-search: install
	$(BIN)/python -m bench.search_bench --items $(or $(ITEMS),1000000)

# Questions benchmark: QUESTIONS (2000) posted with solved proofs of work to 2 workers
# (rate limits off), then /hoi-dap against the news list; DATABASE=postgresql://... too.
bench-questions: install-dev
	$(BIN)/python -m bench.questions_bench --questions $(or $(QUESTIONS),2000) \
	  $(if $(DATABASE),--database $(DATABASE))

# Security scan of the running demo: wapiti (province and a commune) and sqlmap (search
# and list parameters), installed in their own .venv-scan; QUICK=1 for shorter limits.
security-scan: install-dev
	$(BIN)/python -m bench.security_scan $(if $(QUICK),--quick)

lint: install-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance/*.sqlite3 instance/hosts.version
