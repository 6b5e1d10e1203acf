"""Motion generators: text, audio and video to FLAME tracks."""
