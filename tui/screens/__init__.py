"""Screens of the Accord app."""
