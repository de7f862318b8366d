#!/usr/bin/env bash
# Make sure the Debian packages the project needs outside Python are installed.
#
#   scripts/ensure_debian_packages.sh                  check, install what is missing if we can, never fail
#   scripts/ensure_debian_packages.sh --require chromium  ... and fail if chromium is still missing
#
# "If we can" means: we are root, or `sudo -n` works without a password. Otherwise the exact
# apt-get command is printed and the script carries on (WeasyPrint still runs without HarfBuzz
# subsetting, only ~60x slower; the browser tests are the only thing that cannot run without
# chromium, so `make test` asks for it with --require).
#
# Used by `make install` and, through it, by .ci/run. Set OA_SKIP_APT=1 to only check, never install.
set -euo pipefail

# package                     why
PACKAGES=(
  libharfbuzz-subset0        # WeasyPrint font subsetting: 9 s -> 0.15 s for a 3-page CJK document
  libpango-1.0-0             # WeasyPrint text layout
  libpangoft2-1.0-0          # WeasyPrint text layout (FreeType backend)
  fonts-noto-cjk             # 思源黑体/宋体 for CJK text in generated PDFs
  fonts-arphic-gkai00mp      # 楷体 (AR PL KaitiM GB) used by official-document templates
  chromium                   # headless browser for the Playwright tests (/usr/bin/chromium)
  poppler-utils              # pdftotext/pdfinfo used to inspect rendered PDFs in tests; pdftoppm draws uploaded PDF 附件 pages into the OFD
)

required=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --require) required+=("$2"); shift 2 ;;
    --require=*) required+=("${1#--require=}"); shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "ensure_debian_packages: unknown argument $1" >&2; exit 2 ;;
  esac
done

say() { printf 'debian-packages: %s\n' "$*" >&2; }

if ! command -v dpkg >/dev/null 2>&1; then
  say "dpkg not found: not a Debian system. Install the equivalents of: ${PACKAGES[*]}"
  if [[ ${#required[@]} -gt 0 ]]; then
    for pkg in "${required[@]}"; do
      if [[ $pkg == chromium ]] && [[ -x /usr/bin/chromium ]]; then continue; fi
      say "cannot verify required package $pkg"; exit 1
    done
  fi
  exit 0
fi

installed() { dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'; }

missing_packages() {
  local pkg
  for pkg in "${PACKAGES[@]}" "${required[@]}"; do
    installed "$pkg" || echo "$pkg"
  done | sort -u
}

mapfile -t missing < <(missing_packages)

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

apt_command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
say "missing: ${missing[*]}"

runner=()
reason="not root, and sudo needs a password"
if [[ ${OA_SKIP_APT:-} == 1 ]]; then
  runner=(none); reason="OA_SKIP_APT=1"
elif [[ $(id -u) -eq 0 ]]; then
  runner=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  runner=(sudo -n)
else
  runner=(none)
fi

if [[ ${runner[*]:-} == none ]]; then
  say "not installing them here ($reason). Run as root:"
  printf '\n    sudo sh -c "%s"\n\n' "$apt_command" >&2
else
  say "installing: ${runner[*]:+${runner[*]} }$apt_command"
  export DEBIAN_FRONTEND=noninteractive
  if ! { "${runner[@]}" apt-get update -qq && "${runner[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; }; then
    say "apt-get failed. Install them by hand:"
    printf '\n    sudo sh -c "%s"\n\n' "$apt_command" >&2
  fi
  mapfile -t missing < <(missing_packages)
  [[ ${#missing[@]} -eq 0 ]] && say "all installed."
fi

status=0
for pkg in "${required[@]}"; do
  if ! installed "$pkg"; then
    say "ERROR: $pkg is required here and is not installed."
    status=1
  fi
done
for pkg in "${missing[@]}"; do
  case "$pkg" in
    libharfbuzz-subset0|libpango-1.0-0|libpangoft2-1.0-0)
      say "warning: $pkg missing: PDF rendering (WeasyPrint) will be slow or fail." ;;
    fonts-noto-cjk|fonts-arphic-gkai00mp)
      say "warning: $pkg missing: Chinese text in generated PDFs will use fallback fonts." ;;
    chromium)
      say "warning: chromium missing: browser tests cannot run (make run is unaffected)." ;;
    poppler-utils)
      say "warning: poppler-utils missing: PDF inspection in tests will be skipped or fail; uploaded PDF 附件 pages are left out of the OFD." ;;
  esac
done
exit "$status"
