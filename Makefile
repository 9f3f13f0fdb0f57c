# accueil: set-up, tests and demo. Every target installs what it needs first.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Debian packages: the caller's voice (espeak-ng with the MBROLA French voices, from Debian's
# contrib non-free components, which scripts/debian-packages.sh enables as root), the sound
# server and its ALSA bridge, PortAudio for PyAudio, sox for the test tools, and Pango (with HarfBuzz's
# font subsetting) and the DejaVu fonts for WeasyPrint, which makes the competency grid's PDF.
DEBS   := python3 python3-venv python3-dev gcc espeak-ng mbrola mbrola-fr1 mbrola-fr4 pulseaudio pulseaudio-utils \
          libasound2-plugins graphviz portaudio19-dev sox libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
          fonts-dejavu-core
# Only the tests need these: a PostgreSQL server (shared store), a browser and a load tool (dashboard).
TEST_DEBS := postgresql chromium wrk
DEMO_REPLIES ?= tests/data/replies/appel-calme-bon
# The learning record store of the xAPI tests (Ralph), in an environment of its own: none of its
# dependencies in the simulator's. Its OpenID module imports requests, which no extra of Ralph brings.
RALPH  := .venv-ralph
RALPH_PACKAGES := "ralph-malph[cli,lrs]==5.1.0" "requests>=2.31,<3"

.PHONY: install system test bench demo clean

install: $(STAMP)

# Installs missing Debian packages when run as root; otherwise says which to install.
system:
	@bash scripts/debian-packages.sh $(DEBS)

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

$(RALPH)/.installed:
	test -x $(RALPH)/bin/python || python3 -m venv $(RALPH)
	$(RALPH)/bin/python -m pip install -q $(RALPH_PACKAGES)
	@touch $@

test: install $(RALPH)/.installed
	@$(MAKE) --no-print-directory system DEBS="$(TEST_DEBS)"
	bash scripts/pulse-virtual-devices.sh
	ACCUEIL_TEST_POSTGRES_URL="$$(sh scripts/postgres-test-server.sh)" $(PY) -m pytest -q

bench: install
	@$(MAKE) --no-print-directory system DEBS="wrk"
	$(PY) bench/scoring.py
	$(PY) bench/scoring_audio.py
	$(PY) bench/dashboard_load.py

# One complete call through the real engines: recorded trainee replies, the synthesized caller
# in the headset (or in a virtual one when this machine has no sound server), then the scorecard.
demo: install
	@pactl info >/dev/null 2>&1 || bash scripts/pulse-virtual-devices.sh
	$(VENV)/bin/accueil play appel-calme --trainee Camille --civilite madame --replies $(DEMO_REPLIES) --seed 7

clean:
	rm -rf $(VENV) $(RALPH) .pytest_cache
