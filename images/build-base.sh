#!/usr/bin/env bash
# Builds the root filesystem of an offline base image on the host and writes it as a tar to stdout,
# for `docker import`. Used where no registry is reachable: mmdebstrap installs every package at
# bootstrap time, on the host, so no container ever needs a network. The daemon (`switchboard
# images build`) and scripts/provision-docker.sh both call this one script.
#
#   bash images/build-base.sh agent|computer | docker import - switchboard/agent-base:latest
#
# The Debian mirror and suite come from this machine's apt sources (never written into the
# repository); SWITCHBOARD_DEBIAN_MIRROR / SWITCHBOARD_DEBIAN_SUITE override them. Node is the
# host's own `node` (>= 20; Debian's nodejs is too old for the ACP SDK), copied in with the
# libraries it links against coming from the base's own libc/libstdc++ (same Debian release).
# Progress goes to stderr; stdout is the tar and nothing else.
set -euo pipefail

kind="${1:-}"
case "$kind" in
  agent) packages="ca-certificates,git,procps" ;;
  # Xvfb + a window manager + a VNC server that listens on a unix socket, a terminal, socat (the
  # port proxy's forwarder), xsetroot (a visible background) and a browser.
  computer) packages="ca-certificates,git,procps,xvfb,x11vnc,fluxbox,xterm,x11-xserver-utils,socat,fonts-dejavu-core,${SWITCHBOARD_COMPUTER_BROWSER-chromium}" ;;
  *) echo "usage: build-base.sh agent|computer > rootfs.tar" >&2; exit 2 ;;
esac
packages="${packages%,}"

if [ -t 1 ]; then echo "build-base.sh: stdout is a terminal; pipe it into docker import" >&2; exit 2; fi
command -v mmdebstrap >/dev/null || { echo "build-base.sh: mmdebstrap is not installed (apt-get install -y mmdebstrap)" >&2; exit 3; }

suite="${SWITCHBOARD_DEBIAN_SUITE:-}"
if [ -z "$suite" ] && [ -r /etc/os-release ]; then suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"; fi
[ -n "$suite" ] || { echo "build-base.sh: cannot tell the Debian suite; set SWITCHBOARD_DEBIAN_SUITE" >&2; exit 3; }

# The first mirror of this machine's apt sources that serves the suite (deb822 .sources first,
# then one-line .list files). Security and updates suites are left out: the base needs only main.
mirror="${SWITCHBOARD_DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    mirror="$(awk -v suite="$suite" '
      BEGIN { RS = ""; FS = "\n" }
      {
        uris = ""; suites = ""; types = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { uris = $i; sub(/^URIs:[ \t]*/, "", uris) }
          if ($i ~ /^Suites:/) { suites = " " $i " "; sub(/^ Suites:/, "", suites) }
          if ($i ~ /^Types:/) types = $i
        }
        if (types ~ /deb( |$)/ && suites ~ (" " suite " ")) { split(uris, u, " "); print u[1]; exit }
      }' "$f")"
    [ -n "$mirror" ] && break
  done
fi
if [ -z "$mirror" ]; then
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    mirror="$(awk -v suite="$suite" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i + 1) == suite) { print $i; exit } }' "$f")"
    [ -n "$mirror" ] && break
  done
fi
[ -n "$mirror" ] || { echo "build-base.sh: no apt source for $suite found; set SWITCHBOARD_DEBIAN_MIRROR" >&2; exit 3; }

node_bin="$(readlink -f "$(command -v node)")"
node_major="$("$node_bin" -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || { echo "build-base.sh: the host's node is $("$node_bin" --version); Node 20 or newer is needed" >&2; exit 3; }

echo "build-base.sh: $kind base from $mirror $suite with $packages and node $("$node_bin" --version)" >&2
# Docs, man pages and translations are dropped: nobody reads them in an agent container.
exec mmdebstrap \
  --variant=minbase \
  --include="$packages" \
  --aptopt='Acquire::Languages "none"' \
  --dpkgopt='force-unsafe-io' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --customize-hook="copy-in $node_bin /usr/local/bin" \
  --customize-hook='chroot "$1" /usr/local/bin/node --version >&2' \
  --customize-hook='mkdir -p "$1/run/switchboard" && chmod 1777 "$1/tmp"' \
  "$suite" - "deb $mirror $suite main"
