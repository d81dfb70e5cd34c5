"""Presenters: pure functions from export rows (`annotations/selectors/export.py`) to each output
format, one module per format. No model knows about formats, and no presenter reads the database.
"""
