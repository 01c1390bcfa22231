#!/bin/sh
# The computer container's main process: an X server, a window manager, a terminal, and the VNC
# server on a unix socket in /run/switchboard (bind-mounted from the host, where the daemon
# bridges it to a WebSocket). The container has no network, so nothing listens on TCP.
set -eu
RUN=/run/switchboard
mkdir -p "$RUN/home" "$RUN/pids" "$RUN/ports"
export DISPLAY=:0 HOME="${HOME:-$RUN/home}"
rm -f "$RUN/vnc.sock" "$RUN"/ports/*.sock "$RUN"/pids/*.pid 2>/dev/null || true

Xvfb :0 -screen 0 "${SWITCHBOARD_SCREEN:-1280x800x24}" -nolisten tcp >"$RUN/xvfb.log" 2>&1 &
i=0
while [ ! -S /tmp/.X11-unix/X0 ] && [ "$i" -lt 200 ]; do sleep 0.05; i=$((i + 1)); done

# A visible background even before the window manager paints one. Debian's default fluxbox
# style wants a wallpaper setter the image lacks (a black screen and a nagging dialog), so the
# first start picks a style with a flat background that fluxbox paints itself.
xsetroot -solid '#32436b' || true
mkdir -p "$HOME/.fluxbox"
[ -f "$HOME/.fluxbox/init" ] || echo 'session.styleFile: /usr/share/fluxbox/styles/bora_blue' >"$HOME/.fluxbox/init"
fluxbox >"$RUN/fluxbox.log" 2>&1 &
xterm -geometry 100x30+60+60 -bg '#eceff4' -fg '#2e3440' -title 'Switchboard computer' >/dev/null 2>&1 &

# -forever/-shared: the desktop outlives viewers and several may watch at once. No password: the
# socket is reachable only through the host folder, and the daemon guards it with tickets.
exec x11vnc -display :0 -unixsock "$RUN/vnc.sock" -rfbport 0 -forever -shared -nopw -quiet -noxdamage
