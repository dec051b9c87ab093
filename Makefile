# segur-spec — two entry points: `make publish` and `make test`.
# Both create .venv and install the pinned dependency set on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SYSSTAMP := .venv/.system-packages
APT_PACKAGES := libreoffice-calc libreoffice-writer chromium poppler-utils fonts-dejavu-core fonts-liberation2

.PHONY: publish test check install system-packages bench clean goldens mutation

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[test]" > $(VENV)/pip.log 2>&1 \
	  || { cat $(VENV)/pip.log; exit 1; }
	$(PY) -c "import build_tools" && touch $(STAMP)

install: $(STAMP)

# LibreOffice (docx -> pdf, xlsx checks), Chromium (site tests), poppler (pdftotext).
# Installed only when running as root; otherwise the tools must already be there.
system-packages: $(STAMP)
	@if [ -f $(SYSSTAMP) ]; then exit 0; fi; \
	missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing system packages:" $$missing; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	  else echo "warning: missing system packages (install them as root):" $$missing; fi; \
	fi; touch $(SYSSTAMP)

check: $(STAMP)
	$(VENV)/bin/segur check

publish: system-packages
	$(VENV)/bin/segur publish
	$(VENV)/bin/segur book

test: system-packages
	$(PY) -m pytest -q

# Rewrite tests/golden/ from the current writers; review `git diff tests/golden` before committing.
goldens: $(STAMP)
	$(PY) -m pytest -q tests/test_golden.py tests/test_check_rules.py -k 'not passes' --update-goldens

# Mutation score of the modules users depend on most (scope in pyproject.toml [tool.mutmut]).
# Not in CI (about half an hour on 2 cores); results reviewed in tests/README.md.
mutation: $(STAMP)
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[mutation]"
	rm -rf mutants
	SEGUR_SHARED_CORPUS=$(CURDIR)/../shared/corpus/ansforge-segur-squash-plugins $(VENV)/bin/mutmut run --max-children 2 || true
	$(VENV)/bin/mutmut results

bench: $(STAMP)
	$(PY) benchmarks/bench_check.py
	$(PY) benchmarks/bench_rem.py
	$(PY) benchmarks/bench_documents.py

clean:
	rm -rf _build .segur-cache
