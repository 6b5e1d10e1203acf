#!/usr/bin/env bash
# Speech fixtures for tests/test_audio2flame.py, spoken by espeak-ng (Debian: apt-get install espeak-ng sox).
# Run once from the repository root; the WAVs are committed so tests never need espeak-ng.
set -euo pipefail
out=tests/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say() { espeak-ng -v en-us -s 160 -w "$tmp/$1.wav" "$2"; sox "$tmp/$1.wav" -r 16000 -c 1 -b 16 "$tmp/$1-16k.wav"; }
say a "Bob bought a map."
say b "Maybe we move."
sox -n -r 16000 -c 1 -b 16 "$tmp/pause.wav" trim 0 0.6
sox "$tmp/a-16k.wav" "$tmp/pause.wav" "$tmp/b-16k.wav" "$out/speech_bilabial_pause.wav"
printf '%s\n' "Bob bought a map. Maybe we move." > "$out/speech_bilabial_pause.txt"
say c "Please see the blue moon."
cp "$tmp/c-16k.wav" "$out/speech_short.wav"
printf '%s\n' "Please see the blue moon." > "$out/speech_short.txt"
