#!/usr/bin/env bash
# Virtual sound devices for tests and CI (no sound hardware needed). Idempotent.
#
#   accueil_casque      null sink: the virtual headset; the caller's voice goes here,
#                       record accueil_casque.monitor to hear it.
#   accueil_micro_in    null sink: play trainee WAVs into it (paplay --device=accueil_micro_in);
#   accueil_micro       ...and they come out of this source, the virtual microphone.
#
# Starts a PulseAudio daemon when none answers (also as root: PulseAudio then warns
# "not intended to be run as root" but works for the user session of root). When the
# daemon was started here, or with --set-default, the virtual devices become the defaults.
# Needs: pulseaudio pulseaudio-utils libasound2-plugins (ALSA "default" -> pulse for PyAudio).
set -euo pipefail

set_default=0
[ "${1:-}" = "--set-default" ] && set_default=1

if ! command -v pulseaudio >/dev/null || ! command -v pactl >/dev/null; then
  echo "pulse-virtual-devices: installez pulseaudio et pulseaudio-utils (apt-get install -y pulseaudio pulseaudio-utils libasound2-plugins)" >&2
  exit 1
fi

if ! pactl info >/dev/null 2>&1; then
  # -n: no default.pa, so nothing probes hardware, D-Bus or X11 (absent in CI containers).
  pulseaudio --daemonize=yes --exit-idle-time=-1 -n \
    --load=module-native-protocol-unix \
    --load=module-always-sink \
    --log-target=stderr 2>/dev/null || true
  for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
  pactl info >/dev/null 2>&1 || { echo "pulse-virtual-devices: le serveur PulseAudio ne démarre pas" >&2; exit 1; }
  set_default=1
fi

has() { pactl list short "$1" | cut -f2 | grep -qx "$2"; }

has sinks accueil_casque || pactl load-module module-null-sink sink_name=accueil_casque \
  sink_properties=device.description=Casque_virtuel_accueil >/dev/null
has sinks accueil_micro_in || pactl load-module module-null-sink sink_name=accueil_micro_in \
  sink_properties=device.description=Entree_du_micro_virtuel_accueil >/dev/null
has sources accueil_micro || pactl load-module module-remap-source master=accueil_micro_in.monitor \
  source_name=accueil_micro source_properties=device.description=Micro_virtuel_accueil >/dev/null

# A silent low-latency stream on each sink keeps it clocked like real hardware: an idle null
# sink sleeps in 2-second blocks, so a sound arriving then would wait up to 2 s to be heard.
# Only pacat goes to the background: a backgrounded `a || b` would leave a subshell holding this
# script's stdout for as long as pacat runs, and a caller reading that output would never see it end.
for sink in accueil_casque accueil_micro_in; do
  if ! pactl list sink-inputs | grep -q "media.name = \"accueil-keepalive-$sink\""; then
    setsid pacat --playback --device="$sink" --stream-name="accueil-keepalive-$sink" --latency-msec=20 \
      --format=s16le --rate=16000 --channels=1 /dev/zero </dev/null >/dev/null 2>&1 &
  fi
done

if [ "$set_default" = 1 ]; then
  pactl set-default-sink accueil_casque
  pactl set-default-source accueil_micro
fi
pactl info | grep -E '^(Server String|Default Sink|Default Source)'
