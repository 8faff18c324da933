#!/usr/bin/env bash
# Installs everything the kai end-to-end suite needs and builds (or restores) a real kube-apiserver.
#
#   bash scripts/e2e/install.sh
#
# - etcd comes from Debian's `etcd-server` package.
# - kube-apiserver is built from Debian's `kubernetes` source package (the full upstream tree with
#   vendor/), offline, with Debian's Go in GOPATH mode, and cached outside the repository in
#   ${KAI_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kai-e2e}/<version>/kube-apiserver.
# - Idempotent: a second run finds the cached binary and the installed packages and returns in
#   seconds without touching the network.
# - A missing prerequisite is a loud failure (non-zero exit and a message saying what to do).
#
# Environment:
#   KAI_E2E_CACHE          cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/kai-e2e)
#   KAI_E2E_FORCE_REBUILD  1 = rebuild kube-apiserver even if a cached binary exists
set -euo pipefail

CACHE_ROOT="${KAI_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kai-e2e}"
APT_PACKAGES=(etcd-server golang-go openssl dpkg-dev make rsync ca-certificates)
SRC_LIST=/etc/apt/sources.list.d/kai-e2e-src.sources
APT_UPDATED=0

log() { printf '[kai-e2e install] %s\n' "$*" >&2; }
die() { printf '[kai-e2e install] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@" || die "needs root for: $* (run this script as root or with passwordless sudo)"
  else die "needs root for: $* (run this script as root)"
  fi
}

apt_update_once() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq || die "apt-get update failed: is a Debian archive reachable?"
    APT_UPDATED=1
  fi
}

find_cached_apiserver() {
  local f
  for f in "$CACHE_ROOT"/*/kube-apiserver; do
    if [[ -x $f && -f $(dirname "$f")/.complete ]]; then printf '%s\n' "$f"; return 0; fi
  done
  return 1
}

missing_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  printf '%s\n' "${missing[@]}"
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages "$@" | sed '/^$/d')
  if [[ ${#missing[@]} -eq 0 ]]; then return 0; fi
  apt_update_once
  log "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" \
    || die "apt-get install ${missing[*]} failed"
  if [[ " ${missing[*]} " == *" etcd-server "* ]]; then stop_system_etcd; fi
}

# On a systemd machine, installing etcd-server starts a system-wide etcd on 127.0.0.1:2379. The
# suite runs its own etcd on free ports; stop and disable that service so nothing is left running.
stop_system_etcd() {
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
    log "stopping and disabling the etcd.service that etcd-server installed (the suite runs its own etcd)"
    as_root systemctl disable --now etcd.service >/dev/null 2>&1 || log "warning: could not stop etcd.service"
  fi
}

# Prints "URI SUITE" of the first `deb` source that serves main for the running release.
primary_archive() {
  local codename
  codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
  [[ -n $codename ]] || die "cannot read VERSION_CODENAME from /etc/os-release (this script expects Debian)"
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    awk -v c="$codename" '$1=="deb" { i=2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i+1)==c) { print $i, c; exit } }' "$f"
  done | head -n1 | grep . && return 0
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    # deb822: paragraphs separated by blank lines.
    awk -v c="$codename" '
      BEGIN { RS=""; FS="\n" }
      {
        types=""; uris=""; suites=""
        for (i=1; i<=NF; i++) {
          if ($i ~ /^Types:/)  { types=$i }
          if ($i ~ /^URIs:/)   { uris=$i; sub(/^URIs:[ \t]*/, "", uris); split(uris, u, /[ \t]+/); uris=u[1] }
          if ($i ~ /^Suites:/) { suites=" " $i " " }
        }
        if (types ~ /[ \t]deb([ \t]|$)/ && suites ~ (" " c " ")) { print uris, c; exit }
      }' "$f"
  done | head -n1 | grep . && return 0
  return 1
}

# Adds a deb-src line for the archive apt already uses for this release (deb822 file of our own).
ensure_deb_src() {
  if [[ -f $SRC_LIST ]]; then return 0; fi
  local archive uri suite
  archive=$(primary_archive) || die "no 'deb' line for this Debian release found in /etc/apt/sources.list{,.d}; cannot add a deb-src line"
  read -r uri suite <<<"$archive"
  log "adding deb-src for $uri $suite main ($SRC_LIST)"
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  {
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\n' "$uri" "$suite"
    if [[ -f $keyring ]]; then printf 'Signed-By: %s\n' "$keyring"; fi
  } | as_root tee "$SRC_LIST" >/dev/null
}

source_version() {
  local version
  version=$(source_version)
  if [[ -z $version ]]; then
    ensure_deb_src
    apt_update_once
    version=$(source_version)
  fi
  if [[ -z $version && ! -f $SRC_LIST ]]; then
    # a deb-src line exists, but not for the archive that carries kubernetes: add ours
    local archive uri suite
    archive=$(primary_archive) || die "no 'deb' line for this Debian release found; cannot add a deb-src line"
    read -r uri suite <<<"$archive"
    log "adding deb-src for $uri $suite main ($SRC_LIST)"
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\n' "$uri" "$suite" | as_root tee "$SRC_LIST" >/dev/null
    APT_UPDATED=0
    apt_update_once
    version=$(source_version)
  fi
  [[ -n $version ]] || die "apt-cache showsrc kubernetes finds nothing even with a deb-src line: is the Debian archive reachable (apt-get update)?"
  printf '%s\n' "$version"
}

source_version() {
  apt-cache showsrc kubernetes 2>/dev/null | awk '/^Version:/ { print $2 }' | sort -V | tail -n1
}

upstream_version() { # 1.20.5+really1.20.2-1 -> 1.20.2
  local v=${1%-*}; v=${v##*really}; printf '%s' "${v%%+*}"
}

fetch_source() { # $1 = download dir; prints the unpacked tree
  local dl=$1 dsc
  mkdir -p "$dl"
  dsc=$(ls "$dl"/kubernetes_*.dsc 2>/dev/null | head -n1 || true)
  if [[ -z $dsc ]]; then
    log "apt-get source --download-only kubernetes (into $dl)"
    if ! (cd "$dl" && apt-get source -qq --download-only kubernetes); then
      APT_UPDATED=0
      apt_update_once  # a stale index names files the archive no longer has
      (cd "$dl" && apt-get source -qq --download-only kubernetes) || die "apt-get source --download-only kubernetes failed (deb-src line? network?)"
    fi
    dsc=$(ls "$dl"/kubernetes_*.dsc | head -n1)
  fi
  printf '%s\n' "$dsc"
}

build_apiserver() {
  local version=$1 upstream=$2 out_dir=$3
  local work="$CACHE_ROOT/build"
  local gopath="$work/gopath" tree="$work/gopath/src/k8s.io/kubernetes"
  local dsc
  dsc=$(fetch_source "$CACHE_ROOT/src")
  rm -rf "$work/unpack" "$tree"
  mkdir -p "$work" "$(dirname "$tree")"
  log "unpacking $(basename "$dsc")"
  # --no-check: the files' hashes were already verified by apt against the signed Sources index.
  dpkg-source --no-check -x "$dsc" "$work/unpack" >/dev/null || die "dpkg-source -x $dsc failed"
  mv "$work/unpack" "$tree"
  [[ -d $tree/cmd/kube-apiserver && -d $tree/vendor ]] || die "unpacked tree $tree lacks cmd/kube-apiserver or vendor/"

  # GOPATH mode, as Debian's own build of this tree: vendor/ is used implicitly, nothing is fetched.
  export GOPATH="$gopath" GO111MODULE=off CGO_ENABLED=0 GOFLAGS="" GOCACHE="$work/gocache" GOPROXY=off
  export KUBE_GIT_VERSION="v$upstream" KUBE_GIT_TREE_STATE=clean KUBE_GIT_COMMIT="debian-$version"
  local started=$SECONDS
  log "generating OpenAPI definitions (make gen_openapi) — part of a ~6 min cold build"
  (cd "$tree" && make gen_openapi) > "$work/gen_openapi.log" 2>&1 \
    || { tail -n 40 "$work/gen_openapi.log" >&2; die "make gen_openapi failed (full log: $work/gen_openapi.log)"; }
  log "building cmd/kube-apiserver with $(go version)"
  # The tarball's version strings are git-archive placeholders (v0.0.0-master+…): stamp the real
  # version into every package that serves it, as hack/lib/version.sh does (/version, --version).
  local ldflags="-s -w" pkg
  for pkg in k8s.io/kubernetes/pkg/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version k8s.io/kubernetes/vendor/k8s.io/component-base/version; do
    ldflags+=" -X $pkg.gitVersion=v$upstream -X $pkg.gitMajor=${upstream%%.*} -X $pkg.gitMinor=$(cut -d. -f2 <<<"$upstream")"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.gitCommit=debian-$version -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  mkdir -p "$out_dir"
  (cd "$tree" && go build -trimpath -ldflags "$ldflags" -o "$out_dir/kube-apiserver.tmp" ./cmd/kube-apiserver) > "$work/build.log" 2>&1 \
    || { tail -n 40 "$work/build.log" >&2; die "go build ./cmd/kube-apiserver failed (full log: $work/build.log)"; }
  mv "$out_dir/kube-apiserver.tmp" "$out_dir/kube-apiserver"
  "$out_dir/kube-apiserver" --version >/dev/null || die "built kube-apiserver does not run"
  printf '%s\n' "$version" > "$out_dir/.complete"
  log "built kube-apiserver in $((SECONDS - started)) s"
  # Keep only the binary (and the small logs): the tree and Go build cache are ~1.2 GB.
  rm -rf "$work/gopath" "$work/gocache" "$work/unpack" "$work"/kubernetes_*
}

main() {
  command -v apt-get >/dev/null || die "apt-get not found: this script expects Debian (bookworm)"
  local cached=""
  if [[ ${KAI_E2E_FORCE_REBUILD:-0} != 1 ]]; then cached=$(find_cached_apiserver || true); fi

  if [[ -n $cached ]]; then
    install_packages etcd-server openssl
  else
    # One apt-get update covers both the deb-src line (if it had to be added) and the packages.
    if [[ -z $(source_version) ]]; then ensure_deb_src; apt_update_once; fi
    install_packages "${APT_PACKAGES[@]}"
    local version upstream
    version=$(source_version)
    [[ -n $version ]] || die "apt-cache showsrc kubernetes finds nothing: check the deb-src line in $SRC_LIST and that the Debian archive is reachable"
    upstream=$(upstream_version "$version")
    build_apiserver "$version" "$upstream" "$CACHE_ROOT/$version"
    cached="$CACHE_ROOT/$version/kube-apiserver"
  fi

  local etcd
  etcd=$(command -v etcd || true)
  [[ -n $etcd ]] || etcd=/usr/bin/etcd
  [[ -x $etcd ]] || die "etcd not found after installing etcd-server"
  command -v openssl >/dev/null || die "openssl not found"
  log "ready"
  printf 'kube-apiserver: %s (%s)\n' "$cached" "$("$cached" --version 2>/dev/null)"
  printf 'etcd: %s (%s)\n' "$etcd" "$("$etcd" --version 2>/dev/null | head -n1)"
}

main "$@"
