# Two commands on a fresh machine:  make run   (install, train if needed, start everything)
#                                    make test  (install, train if needed, run the whole suite)
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MODEL := models/assistant.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find data components knowledge -type f \( -name '*.yml' -o -name '*.py' -o -name '*.csv' \) 2>/dev/null)
PIP_VERSION := 26.3
WIDGET_CLIENT := channels/widget/vendor/socket.io.min.js

.PHONY: install system-packages train run scale-out test benchmark load clean

install: $(STAMP) $(WIDGET_CLIENT)

# The web widget's pinned client code (package-lock.json), served by the service itself.
$(WIDGET_CLIENT): package.json package-lock.json
	@scripts/install-widget-client.sh

$(PY):
	@python310=$$(scripts/find-python.sh) || exit 1; \
	echo "Creating $(VENV) with $$python310"; \
	$$python310 -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet --upgrade "pip==$(PIP_VERSION)"
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

# Debian packages only the tests need (PostgreSQL's server); `make run` does not need them.
system-packages:
	@scripts/install-system-packages.sh

train: $(MODEL)

# Retrains only when the training data, config, domain or custom components changed.
$(MODEL): $(STAMP) $(TRAINING_INPUTS)
	TF_CPP_MIN_LOG_LEVEL=3 $(VENV)/bin/rasa train --fixed-model-name assistant --out models
	@touch $@

run: $(MODEL) $(WIDGET_CLIENT)
	$(PY) -m bot run

# The scale-out profile: PostgreSQL, Redis, two Rasa and two action servers behind nginx.
scale-out: $(MODEL) $(WIDGET_CLIENT) system-packages
	$(PY) -m bot scale-out

# Load figures (not a test): the default profile and the scale-out profile, 50 conversations.
# `make load FAULTS=1`: the scale-out run with a Rasa server killed and an action server paused 30 s.
load: $(MODEL) $(WIDGET_CLIENT) system-packages
	$(PY) scripts/load.py $(if $(FAULTS),--profile scale-out --faults)

test: $(MODEL) $(WIDGET_CLIENT) system-packages
	$(PY) -m pytest

benchmark: $(MODEL)
	$(PY) scripts/benchmark.py

clean:
	rm -rf $(VENV) models var .pytest_cache node_modules channels/widget/vendor
