#!/usr/bin/env bash
# Runs shellcheck (Debian package `shellcheck`) on every shell script git knows of (tracked, or new and not ignored):
# files named *.sh and files whose first line is a sh/bash shebang (such as .ci/run). Settings: .shellcheckrc.
# Exits non-zero on any finding (`npm run lint` runs it). Without shellcheck installed it warns and skips, unless
# MYRIAD_SHELLCHECK_REQUIRED=1 (set by .ci/run), so that `npm test` works on a machine without Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v shellcheck >/dev/null 2>&1; then
    echo "shellcheck: not installed (Debian: apt-get install shellcheck; .ci/install-servers.sh installs it)" >&2
    if [ "${MYRIAD_SHELLCHECK_REQUIRED:-0}" = 1 ]; then exit 127; fi
    echo "shellcheck: SKIPPED: the shell scripts were not checked" >&2
    exit 0
fi

scripts=()
while IFS= read -r -d '' file; do
    [ -f "$file" ] || continue
    case "$file" in
        *.sh) scripts+=("$file") ;;
        *) if head -n 1 -- "$file" | grep -Eq '^#!(/usr)?/bin/(env +)?(ba|da)?sh([[:space:]]|$)'; then scripts+=("$file"); fi ;;
    esac
done < <(git ls-files -z --cached --others --exclude-standard)

if [ "${#scripts[@]}" -eq 0 ]; then
    echo "shellcheck: no shell scripts found" >&2
    exit 1
fi
shellcheck --version | sed -n 's/^version: /shellcheck /p'
shellcheck -x "${scripts[@]}"
echo "shellcheck: ${#scripts[@]} scripts clean"
