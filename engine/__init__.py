"""Accord's domain: frameworks, bundles of answers, merging, statistics, analysis and action plans.

Plain Python. Nothing here imports Textual (a test enforces it).
"""
