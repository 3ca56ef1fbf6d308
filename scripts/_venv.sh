# Shared by scripts/start and scripts/test: the system libraries CCT uses, and .venv with a Python >= 3.11.

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages installed when what they provide is missing (as root, or through sudo): one apt-get update for all.
# Each argument is WHAT=PACKAGE, WHAT a program's absolute path ("/usr/bin/chromium") or a shared library's name.
# The library list is read once and matched in the shell: `ldconfig -p | grep -q` would fail under pipefail when grep
# stops early, and a user's PATH may lack /sbin.
cct_debian_packages() {
    local missing=() pair needed package libraries ldconfig
    ldconfig="$(command -v ldconfig || echo /sbin/ldconfig)"
    libraries="$("$ldconfig" -p 2>/dev/null || true)"
    for pair in "$@"; do
        needed="${pair%%=*}" package="${pair#*=}"
        if [[ $needed == /* ]]; then
            [ -x "$needed" ] || missing+=("$package")
        else
            [[ $libraries == *"$needed"* ]] || missing+=("$package")
        fi
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "installing ${missing[*]}"
        as_root apt-get update -q >/dev/null
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
    fi
}

# WeasyPrint (PDFs from HTML templates) draws text with Pango and subsets fonts with HarfBuzz; from version 70 it warns
# when HarfBuzz's subset library is missing, and later versions will require it. LIBLINEAR's binding
# (liblinear-official, knowledge.contrast) is published as source only: pip compiles it with gcc. Arguments: more
# WHAT=PACKAGE pairs.
cct_system_libs() {
    cct_debian_packages libpango-1.0.so.0=libpango-1.0-0 libpangoft2-1.0.so.0=libpangoft2-1.0-0 \
        libharfbuzz-subset.so.0=libharfbuzz-subset0 /usr/bin/gcc=gcc "$@"
}

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
