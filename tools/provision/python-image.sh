#!/usr/bin/env bash
# Builds a local Docker image that can run Python web apps (FastAPI/uvicorn...) from their venv,
# without any registry (idempotent; DESIGN §6):
#
#   bash tools/provision/python-image.sh [VENV_DIR...]      # prints the image tag on stdout
#
# The image is `docker import` of a tarball made from this host:
#   - the Python installation the venvs were made from (pyvenv.cfg `home`; without a venv,
#     `python3` on PATH), at the SAME absolute path, so a venv's bin/python symlink resolves
#     inside the container. Tests, idlelib, tkinter, the static libpython and the base
#     site-packages are left out (a venv does not use them);
#   - every shared library that interpreter, its lib-dynload modules and the venvs' compiled
#     extensions (pydantic-core, greenlet...) load, found with ldd, plus the dynamic loader;
#   - the static busybox of tools/provision/docker.sh (a shell for debugging), /tmp and /app.
# The venvs themselves are NOT in the image: mount the app directory (with its .venv) at run
# time and run `/app/.venv/bin/python -m uvicorn ...`. Copying files at image build time beats
# bind-mounting host /usr and /lib at run time: the runner mounts only the app directory, and
# the image is self-contained and read-only. It must be rebuilt when the host Python or its
# libraries change: the image carries a fingerprint label and is rebuilt when it differs.
# Tag: smoke-repair/python:<version> (override with SMOKE_REPAIR_PYTHON_IMAGE).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf 'provision/python-image: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

bash "$HERE/docker.sh" >&2 # the engine, and the busybox binary it installs

# The base interpreter: from the venvs' pyvenv.cfg, else python3 on PATH.
python=""
venvs=()
for venv in "$@"; do
  [ -f "$venv/pyvenv.cfg" ] || die "$venv is not a venv (no pyvenv.cfg)"
  venvs+=("$(cd "$venv" && pwd)")
  home="$(sed -n 's/^home *= *//p' "$venv/pyvenv.cfg")"
  candidate="$(readlink -f "$venv/bin/python")"
  [ -x "$candidate" ] || candidate="$home/python3"
  [ -z "$python" ] || [ "$python" = "$candidate" ] || die "the venvs were made from different interpreters ($python, $candidate)"
  python="$candidate"
done
[ -n "$python" ] || python="$(command -v python3 || die 'python3 not found')"

read -r exe prefix version < <("$python" -c 'import os, sys; print(os.path.realpath(sys.executable), sys.base_prefix, "%d.%d.%d" % sys.version_info[:3])')
minor="${version%.*}"
stdlib="$prefix/lib/python$minor"
[ -d "$stdlib" ] || die "no standard library at $stdlib"
tag="${SMOKE_REPAIR_PYTHON_IMAGE:-smoke-repair/python:$version}"

# Shared libraries: the ldd closure of the interpreter and of every extension module.
mapfile -t objects < <({
  echo "$exe"
  find "$stdlib/lib-dynload" -name '*.so' ! -name '_tkinter*' 2>/dev/null
  for venv in "${venvs[@]:-}"; do [ -n "$venv" ] && find "$venv" -name '*.so*' -type f 2>/dev/null; done
} | sort -u)
mapfile -t libs < <({
  for obj in "${objects[@]}"; do ldd "$obj" 2>/dev/null || true; done | awk '/=> \// {print $3} /^[ \t]*\/[^ ]*ld-linux/ {print $1}'
  # glibc loads libgcc_s at run time (thread cancellation/unwinding); ldd does not list it.
  for extra in /lib/x86_64-linux-gnu/libgcc_s.so.1 /lib/aarch64-linux-gnu/libgcc_s.so.1; do [ -e "$extra" ] && echo "$extra"; done
} | sort -u)
[ "${#libs[@]}" -gt 0 ] || die "ldd found no libraries for $exe"

busybox="$(command -v busybox || echo /bin/busybox)"
fingerprint="$( { echo "$exe $version"; for f in "$exe" "${libs[@]}" "$busybox"; do sha256sum "$(readlink -f "$f")"; done; } | sha256sum | cut -c1-16)"
if [ "$(docker image inspect -f '{{ index .Config.Labels "dev.smoke-repair.python-fingerprint" }}' "$tag" 2>/dev/null || true)" = "$fingerprint" ]; then
  log "$tag is current (python $version at $prefix)"
  echo "$tag"
  exit 0
fi

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/tmp" "$stage/app" "$stage/etc"
cp "$busybox" "$stage/bin/busybox"
for applet in $("$busybox" --list); do [ "$applet" = busybox ] || ln -sf busybox "$stage/bin/$applet"; done
chmod 1777 "$stage/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$stage/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$stage/etc/group"

# Only what the interpreter needs, never all of its prefix: a distribution Python lives in /usr,
# whose bin/ and lib/ hold the whole system. The venvs' bin/python symlink chains (absolute
# links such as /usr/bin/python3) must exist in the image too.
parts=("${exe#/}" "${stdlib#/}")
while IFS= read -r lib; do parts+=("${lib#/}"); done < <(find "$prefix/lib" -maxdepth 1 -name 'libpython*.so*' 2>/dev/null)
for venv in "${venvs[@]:-}"; do
  [ -n "$venv" ] || continue
  link="$venv/bin/python"
  while [ -L "$link" ]; do
    target="$(readlink "$link")"
    case "$target" in /*) ;; *) target="$(dirname "$link")/$target" ;; esac
    case "$target" in "$venv"/*) ;; *) parts+=("${target#/}") ;; esac
    link="$target"
  done
done
# Each path once: tar stores a repeated path as a hard link to itself, which docker import rejects.
mapfile -t parts < <(printf '%s\n' "${parts[@]}" "${libs[@]#/}" | sort -u)

old_id="$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)"
log "building $tag from python $version at $prefix (${#libs[@]} shared libraries)"
# -h stores the files symlinks point to (/lib is a symlink to usr/lib on merged-/usr hosts).
tar -C / -ch \
  --exclude="${stdlib#/}/test" --exclude="${stdlib#/}/idlelib" --exclude="${stdlib#/}/tkinter" \
  --exclude="${stdlib#/}/turtledemo" --exclude="${stdlib#/}/ensurepip" --exclude="${stdlib#/}/site-packages/*" \
  --exclude="${stdlib#/}/config-*" --exclude="${prefix#/}/include" --exclude="${prefix#/}/share" \
  --exclude="${prefix#/}/lib/pkgconfig" --exclude="*.a" --exclude="_tkinter*" \
  "${parts[@]}" \
  -C "$stage" bin tmp app etc |
  docker import \
    --change "ENV PATH=$prefix/bin:/bin" \
    --change 'ENV PYTHONDONTWRITEBYTECODE=1' \
    --change 'ENV PYTHONUNBUFFERED=1' \
    --change 'WORKDIR /app' \
    --change "LABEL dev.smoke-repair.python-fingerprint=$fingerprint dev.smoke-repair.python-prefix=$prefix" \
    --change 'CMD ["python3"]' \
    - "$tag" >/dev/null
docker run --rm --network none "$tag" python3 -c 'import ssl, sqlite3, ctypes, json, decimal, zlib' >&2 ||
  die "$tag was built but its python cannot import the standard C modules"
# The replaced image (same tag, older fingerprint) would be left dangling.
[ -z "$old_id" ] || docker rmi "$old_id" >/dev/null 2>&1 || true
log "built $tag"
echo "$tag"
