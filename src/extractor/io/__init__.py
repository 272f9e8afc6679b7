"""Reading inputs (files, folders, stdin) and writing extraction results."""
from .readers import DEFAULT_MAX_BYTES, DecodeFailure, InputDoc, ReadFailure, decode_bytes, iter_inputs
from .writers import FLAT_COLUMNS, Writer, open_writer

__all__ = [
    "DEFAULT_MAX_BYTES", "DecodeFailure", "InputDoc", "ReadFailure", "decode_bytes", "iter_inputs",
    "FLAT_COLUMNS", "Writer", "open_writer",
]
