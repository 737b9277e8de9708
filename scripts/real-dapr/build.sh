#!/usr/bin/env bash
# Builds a real Dapr (daprd, placement, scheduler) from source through the Go module proxy, for
# running the console against the real sidecar side by side with the embedded one.
#
# The binaries land in ${XDG_CACHE_HOME:-$HOME/.cache}/dapr-workflow-tui/dapr-<version>/; when they
# are already there the script prints where and exits at once.
#
# Why a generated module: `go install github.com/dapr/dapr/cmd/daprd@<version>` is refused because
# dapr's go.mod carries replace directives. So a throwaway main module requires dapr at the pinned
# version and carries the same replace directives, read from dapr's own go.mod in the module cache.
#
# Cost, measured on a 2-core machine shared with other builds (load ~13): the first build with
# empty Go caches took 20 min (9 min of CPU), downloaded a 3.1 GB module cache and filled a
# 2.2 GB build cache, removed at the end; daprd 126 MB, placement 43 MB, scheduler 55 MB.
#
# Environment:
#   DAPR_SIDECAR_FLAVOR   build tag for daprd's component set: stablecomponents (default: the
#                         stable components, state.sqlite among them, and a far shorter build) or
#                         allcomponents (what Dapr's release binaries carry).
#   REAL_DAPR_KEEP_GOCACHE=1  keep the (large) Go build cache used for the build.
set -euo pipefail

# The newest stable release whose whole dependency set the Go module proxy serves (checked
# 2026-12-01). REAL_DAPR_VERSION overrides it for trying another release.
readonly DAPR_VERSION="${REAL_DAPR_VERSION:-v1.18.2}"
readonly FLAVOR="${DAPR_SIDECAR_FLAVOR:-stablecomponents}"
readonly BINARIES=(daprd placement scheduler)

case "$FLAVOR" in
  stablecomponents|allcomponents) ;;
  *) echo "DAPR_SIDECAR_FLAVOR must be stablecomponents or allcomponents, not '$FLAVOR'." >&2; exit 2 ;;
esac

readonly CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/dapr-workflow-tui"
readonly OUT="$CACHE_ROOT/dapr-${DAPR_VERSION#v}"

have_all() {
  local bin
  for bin in "${BINARIES[@]}"; do
    [[ -x "$OUT/$bin" ]] || return 1
  done
}

print_location() {
  echo "Dapr ${DAPR_VERSION#v} binaries are in $OUT:"
  local bin
  for bin in "${BINARIES[@]}"; do
    echo "  $OUT/$bin ($(du -h "$OUT/$bin" | cut -f1))"
  done
}

if have_all; then
  print_location
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "Go is needed to build Dapr from source (dapr ${DAPR_VERSION} wants Go 1.26 or later); install Go and run again." >&2
  exit 1
fi

echo "Building Dapr ${DAPR_VERSION} ($FLAVOR) from the Go module proxy; the first build takes a while."
started=$(date +%s)

# Dapr's own go.mod, go.sum and release commit, from the module cache.
download_json=$(go mod download -json "github.com/dapr/dapr@${DAPR_VERSION}")
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p" <<<"$download_json" | head -n1; }
dapr_dir=$(json_field Dir)
dapr_commit=$(json_field Hash)
if [[ -z "$dapr_dir" || ! -f "$dapr_dir/go.mod" ]]; then
  echo "go mod download did not give dapr's module directory:" >&2
  echo "$download_json" >&2
  exit 1
fi
go_directive=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$dapr_dir/go.mod" | head -n1)

work="$CACHE_ROOT/build-${DAPR_VERSION#v}"
rm -rf "$work/module" "$work/bin"
mkdir -p "$work/module" "$work/bin"

# The generated main module: dapr as its one requirement plus dapr's replace directives (both the
# block form and the one-line form; comments dropped).
{
  echo "module dapr-workflow-tui/real-dapr-build"
  echo
  echo "go ${go_directive}"
  echo
  echo "require github.com/dapr/dapr ${DAPR_VERSION}"
  echo
  awk '
    /^replace[[:space:]]*\($/ { inblock = 1; print; next }
    inblock && /^\)/          { inblock = 0; print; next }
    inblock                   { sub(/\/\/.*/, ""); if ($0 ~ /=>/) print; next }
    /^replace[[:space:]]+[^(]/ { print }
  ' "$dapr_dir/go.mod"
} >"$work/module/go.mod"
cp "$dapr_dir/go.sum" "$work/module/go.sum"
chmod u+w "$work/module/go.sum"

# Version stamps as Dapr's Makefile sets them, so `daprd --version` answers the release.
version_plain="${DAPR_VERSION#v}"
ldflags="-s -w"
ldflags+=" -X github.com/dapr/dapr/pkg/buildinfo.version=${version_plain}"
ldflags+=" -X github.com/dapr/dapr/pkg/buildinfo.gitversion=${DAPR_VERSION}"
ldflags+=" -X github.com/dapr/dapr/pkg/buildinfo.gitcommit=${dapr_commit}"
ldflags+=" -X github.com/dapr/kit/logger.DaprVersion=${version_plain}"

# A build cache of its own: it grows to gigabytes and is of no use once the binaries exist.
export GOCACHE="$work/go-build"
export GOFLAGS="-mod=mod"
export CGO_ENABLED=0

packages=()
for bin in "${BINARIES[@]}"; do packages+=("github.com/dapr/dapr/cmd/$bin"); done

(
  cd "$work/module"
  nice -n 10 go build -trimpath -tags "$FLAVOR" -ldflags "$ldflags" -o "$work/bin/" "${packages[@]}"
)

reported=$("$work/bin/daprd" --version)
if [[ "$reported" != "$version_plain" ]]; then
  echo "The built daprd reports version '$reported', expected '$version_plain'." >&2
  exit 1
fi

mkdir -p "$OUT"
for bin in "${BINARIES[@]}"; do mv -f "$work/bin/$bin" "$OUT/$bin"; done
elapsed=$(( $(date +%s) - started ))
{
  echo "version=${version_plain}"
  echo "commit=${dapr_commit}"
  echo "flavor=${FLAVOR}"
  echo "go=$(go env GOVERSION)"
  echo "build_seconds=${elapsed}"
} >"$OUT/build-info.txt"

echo "Built in ${elapsed}s. Go build cache used: $(du -sh "$GOCACHE" | cut -f1); module cache: $(du -sh "$(go env GOMODCACHE)" | cut -f1)."
if [[ "${REAL_DAPR_KEEP_GOCACHE:-}" == "1" ]]; then
  echo "Kept the build cache at $GOCACHE."
else
  go clean -cache
  rm -rf "$work"
fi
print_location
