"""Turning engine objects into files and text: TOML bundles, CSV, reports, charts."""
