"""`python -m backend.server ...` runs `mvportrait serve ...` without loading the other commands."""

import argparse
import sys

from backend.commands import serve

parser = argparse.ArgumentParser(prog="python -m backend.server", description=serve.DESCRIPTION)
serve.add_arguments(parser)
sys.exit(serve.run(parser.parse_args()))
