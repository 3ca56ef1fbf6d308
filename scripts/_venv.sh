# Shared by scripts/start and scripts/test: make .venv with a Python >= 3.11.
cct_venv() {
    local python="${PYTHON:-python3}"
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "CCT needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
        exit 1
    fi
    if [ ! -x .venv/bin/python ]; then
        "$python" -m venv .venv
    fi
    .venv/bin/pip install --quiet --disable-pip-version-check --upgrade pip
}
