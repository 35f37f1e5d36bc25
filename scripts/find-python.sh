#!/usr/bin/env bash
# Print the path of a working Python 3.10 interpreter (rasa 3.6 needs 3.10), or explain what to install.
set -u
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
candidates+=(python3.10)
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for p in "$root"/versions/3.10*/bin/python; do [ -x "$p" ] && candidates+=("$p"); done
fi
for p in /usr/bin/python3.10 /usr/local/bin/python3.10 "$HOME"/.pyenv/versions/3.10*/bin/python; do
  [ -x "$p" ] && candidates+=("$p")
done
for candidate in "${candidates[@]}"; do
  version=$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
  if [ "$version" = "3.10" ]; then
    command -v "$candidate" 2>/dev/null || echo "$candidate"
    exit 0
  fi
done
cat >&2 <<'MSG'
No working Python 3.10 was found. Rasa 3.6 runs only on Python 3.10.
Install it with one of:
  pyenv install 3.10.13          (then run make again)
  apt-get install python3.10 python3.10-venv
Or point to one: make PYTHON=/path/to/python3.10 ...
MSG
exit 1
