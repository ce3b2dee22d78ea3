# Exchange Portal: `make run` serves the portal with demo data on SQLite; `make test` runs every test.
# Both build the environment first. DATABASE_URL switches the database (see README).
SHELL := /bin/bash
UV_VERSION := 0.13.8
VENV := .venv
TOOLS := .tools
PY_FIND := scripts/find-python
UV := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_LINK_MODE := copy

.PHONY: run test test-prod venv lint format check clean bench

$(UV):
	@python=$$($(PY_FIND)) || exit 1; \
	echo "Using $$python to bootstrap uv $(UV_VERSION) into $(TOOLS)/"; \
	"$$python" -m venv $(TOOLS) && $(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	@python=$$($(PY_FIND)) || exit 1; \
	$(UV) sync --locked --python "$$python" --quiet && touch $@

venv: $(VENV)/.synced

run: venv
	$(VENV)/bin/python manage.py migrate --noinput
	$(VENV)/bin/python manage.py load_demo_data
	$(VENV)/bin/python manage.py create_demo_accounts
	@echo ""
	@echo "Exchange Portal is starting on http://127.0.0.1:8000/  (sign in with a demo account above)"
	@echo "  CSB staff screens:   http://127.0.0.1:8000/staff/"
	@echo "  Records (admin):     http://127.0.0.1:8000/admin/"
	@echo "  Participant portal:  http://127.0.0.1:8000/me/    Host contacts: /host/"
	@echo "  Public pages:        http://127.0.0.1:8000/programmes/  /figures/  /status/"
	@echo "  Stop with Ctrl-C."
	$(VENV)/bin/python manage.py runserver 127.0.0.1:8000

test: venv
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# The scans of tests/prod/ on the production settings (PostgreSQL: set DATABASE_URL).
test-prod: venv
	DJANGO_SETTINGS_MODULE=exchange_portal.settings.prod_test $(VENV)/bin/python -m pytest tests/prod $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: venv
	$(VENV)/bin/python manage.py check --fail-level WARNING
	$(VENV)/bin/python manage.py makemigrations --check --dry-run
	$(VENV)/bin/python manage.py spectacular --validate --fail-on-warn > /dev/null

# The portal under load on PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench,
# dropped and created again); figures to docs/performance.md. BENCH_ARGS: e.g. "--duration 5 --reuse".
bench: venv
	$(VENV)/bin/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) var/*.sqlite3
