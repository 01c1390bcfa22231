#!/usr/bin/env bash
# Provisions what the container tests need on a Debian machine with no registry (CI, or a
# developer's box): a running Docker engine, mmdebstrap, Chromium, and the two offline base
# images. Idempotent and cache-friendly: installs only what is missing, starts dockerd only when
# no engine answers, and builds a base only when its tag is missing (images persist in
# /var/lib/docker on a reused machine). The final images are built by the tests themselves,
# through the daemon's `images build` route, from these bases (seconds once cached).
#
#   bash scripts/provision-docker.sh
#
# Needs root (apt, dockerd). Containers run with network none; nothing here uses the bridge.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[provision-docker] %s\n' "$*"; }
t0=$(date +%s)

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Debian's CLI: a newer docker first on PATH may lack what Debian's engine pairs with.
DOCKER=docker
[ -x /usr/bin/docker ] && DOCKER=/usr/bin/docker

if ! "$DOCKER" info >/dev/null 2>&1; then
  # A dockerd that is starting (socket not answering yet) must not get a sibling: a second one
  # fights over /var/lib/docker and the bridge.
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    log "starting dockerd (no systemd here)"
    setsid dockerd >/var/log/switchboard-dockerd.log 2>&1 </dev/null &
  fi
  for _ in $(seq 1 150); do
    "$DOCKER" info >/dev/null 2>&1 && break
    sleep 0.2
  done
  "$DOCKER" info >/dev/null 2>&1 || { log "dockerd did not come up; see /var/log/switchboard-dockerd.log"; tail -20 /var/log/switchboard-dockerd.log >&2 || true; exit 1; }
fi
log "engine $("$DOCKER" version --format '{{.Server.Version}}') is up"

# The offline bases, in parallel (mostly I/O and dpkg; each takes a few minutes on a cold machine).
pids=()
for kind in agent computer; do
  tag="switchboard/${kind}-base:latest"
  if "$DOCKER" image inspect "$tag" >/dev/null 2>&1; then
    log "$tag is present"
    continue
  fi
  log "building $tag on the host (mmdebstrap, no network in any container)"
  ( bash images/build-base.sh "$kind" 2>"/tmp/switchboard-base-$kind.log" | "$DOCKER" import - "$tag" >/dev/null ) &
  pids+=("$!:$kind")
done
failed=0
for entry in "${pids[@]}"; do
  if ! wait "${entry%%:*}"; then
    log "building the ${entry#*:} base failed:"
    tail -20 "/tmp/switchboard-base-${entry#*:}.log" >&2 || true
    failed=1
  fi
done
[ "$failed" -eq 0 ] || exit 1
log "done in $(( $(date +%s) - t0 )) s"
