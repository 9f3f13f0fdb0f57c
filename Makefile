# accueil: set-up, tests and demo. Every target installs what it needs first.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@{ command -v python3 >/dev/null && python3 -c 'import ensurepip, venv' 2>/dev/null; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3 python3-venv; \
	  else echo "Installez python3 et python3-venv (sudo apt-get install python3 python3-venv)"; exit 1; fi; }
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

test: install
	$(PY) -m pytest -q

bench: install
	$(PY) bench/scoring.py

clean:
	rm -rf $(VENV) .pytest_cache
