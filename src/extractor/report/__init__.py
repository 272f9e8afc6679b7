"""``extractor report``: the review page (``page``), its command (``cli``), and the recognisers'
highlights of ``extractor tag --html`` (``tagpage``)."""
from .cli import register, report_cmd
from .page import render_report, report_data

__all__ = ["register", "render_report", "report_cmd", "report_data"]
