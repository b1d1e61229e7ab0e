"""The application layer: the workflows the command line and the screens both run.

Each function takes plain values (paths, ids, numbers, text as typed), does the whole job through
the engine (rules) and exports (files written), and returns plain results or raises a structured
`engine.errors.AccordError` (fields, not text to parse). No Textual here (tests/test_architecture.py):
the CLI (tui/cli/) prints what these return, the screens (tui/screens/) show it.

- `tui.workflows.rounds`: load a round (`engine.rounds.load_round`), compare two rounds with a
  plan file, build the report/summary model of a round;
- `tui.workflows.plans`: open or create a plan, its results, and plan edits that validate and save
  (new action, agreed score, targets).
"""
