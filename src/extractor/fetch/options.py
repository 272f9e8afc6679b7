"""The rendering options that ``extract``, ``fetch``, ``report`` and ``dataset build`` share, kept
apart from the browser and network code so that declaring them imports neither."""
from __future__ import annotations

import argparse

RENDER_MODES = ("never", "auto", "always")
RENDER_TIMEOUT = 30.0  # seconds of browser time for one page: load event, scripts, network quiet


def add_render_options(parser: argparse.ArgumentParser) -> None:
    """``--render`` and ``--render-timeout``, shared by ``fetch`` and ``extract``."""
    parser.add_argument("--render", choices=RENDER_MODES, default="never",
                        help="run the page's JavaScript in headless Chromium: never (default), always, or auto "
                             "(when the plain page reads like an empty shell, or its site adapter says render: true)")
    parser.add_argument("--render-timeout", type=_positive_seconds, metavar="S",
                        help=f"seconds one page may take in the browser (default {RENDER_TIMEOUT:g})")


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {text!r}")
    return value
