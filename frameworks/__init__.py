"""Built-in frameworks: one TOML file per published toolkit (format: frameworks/README.md)."""

from pathlib import Path

BUILTIN_DIR = Path(__file__).resolve().parent
