#!/usr/bin/env bash
# Provisions a real Docker engine for the tests (idempotent; DESIGN §6):
#   1. Debian's docker.io and busybox-static, installed only when missing;
#   2. dockerd started with --bridge=none --iptables=false (containers use host networking and
#      bind to 127.0.0.1, so no bridge or NAT rules are needed), unless `docker info` answers;
#   3. a local base image, smoke-repair/busybox:local, because no image registry is reachable:
#      `FROM scratch` plus the host's statically linked busybox (a shell, httpd, nc, sleep...).
#      A static binary has no shared-library dependencies, so the image is tiny and cannot
#      drift from the host's libc the way copying python3 and its libraries would.
# Usage: bash tools/provision/docker.sh   (also run by tools/provision/all.sh docker)
set -euo pipefail

readonly BASE_IMAGE="${SMOKE_REPAIR_DOCKER_BASE_IMAGE:-smoke-repair/busybox:local}"
readonly DOCKERD_LOG="${SMOKE_REPAIR_DOCKERD_LOG:-/tmp/dockerd.log}"
readonly READY_TIMEOUT_S=60

log() { printf 'provision/docker: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    die "need root (or passwordless sudo) to run: $*"
  fi
}

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# apt waits for a held dpkg lock by itself (DPkg::Lock::Timeout); the retry loop covers the
# remaining races, e.g. unattended-upgrades taking the lock between update and install.
apt_get() {
  local attempt
  for attempt in 1 2 3 4 5 6; do
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 "$@"; then
      return 0
    fi
    log "apt-get $* failed (attempt $attempt); retrying in 10s"
    sleep 10
  done
  die "apt-get $* kept failing"
}

install_packages() {
  local missing=() pkg
  for pkg in "$@"; do is_installed "$pkg" || missing+=("$pkg"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "installing ${missing[*]}"
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends "${missing[@]}"
}

docker_ready() { docker info >/dev/null 2>&1; }

start_dockerd() {
  docker_ready && return 0
  install_packages docker.io
  command -v dockerd >/dev/null || die "dockerd not found after installing docker.io"
  if pgrep -x dockerd >/dev/null; then
    log "dockerd is running but not answering yet; waiting"
  else
    log "starting dockerd (log: $DOCKERD_LOG)"
    # setsid + nohup: the daemon must outlive this script and the shell or CI step that ran it.
    as_root setsid nohup dockerd --bridge=none --iptables=false >"$DOCKERD_LOG" 2>&1 </dev/null &
  fi
  local waited=0
  until docker_ready; do
    [ "$waited" -ge "$READY_TIMEOUT_S" ] &&
      die "dockerd did not answer within ${READY_TIMEOUT_S}s; last lines of $DOCKERD_LOG:
$(tail -n 20 "$DOCKERD_LOG" 2>/dev/null)"
    sleep 1
    waited=$((waited + 1))
  done
  log "dockerd is ready"
}

build_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then return 0; fi
  install_packages busybox-static
  local busybox ctx build_log
  busybox="$(command -v busybox || true)"
  [ -n "$busybox" ] || busybox=/bin/busybox
  file -L "$busybox" 2>/dev/null | grep -q 'statically linked' ||
    ldd "$busybox" 2>&1 | grep -q 'not a dynamic executable' ||
    die "$busybox is not statically linked (is busybox-static installed?)"
  ctx="$(mktemp -d)"
  build_log="$(mktemp)"
  trap 'rm -rf "$ctx" "$build_log"' RETURN
  cp "$busybox" "$ctx/busybox"
  cat >"$ctx/Dockerfile" <<'EOF'
FROM scratch
COPY busybox /bin/busybox
# Exec form: there is no shell in the image until busybox has installed its applet links.
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN ["/bin/busybox", "mkdir", "-p", "/tmp", "/app"]
ENV PATH=/bin
CMD ["/bin/sh"]
EOF
  log "building $BASE_IMAGE (FROM scratch + static busybox)"
  # The classic builder needs nothing from a registry for FROM scratch; BuildKit may try to.
  # Its output (and the client's "legacy builder is deprecated" notice) is shown only on failure.
  if ! DOCKER_BUILDKIT=0 docker build -q -t "$BASE_IMAGE" "$ctx" >"$build_log" 2>&1; then
    cat "$build_log" >&2
    die "building $BASE_IMAGE failed"
  fi
  log "built $BASE_IMAGE"
}

start_dockerd
build_base_image
