"""Accord's user interfaces: the command line (`tui.cli`) and the Textual app (`tui.app`).

Nothing here imports Textual at module level, so CLI commands start fast.
"""
