"""Presenters: pure functions from export rows (`annotations/selectors/export/`) to each output
format, one module per format. No model knows about formats, and no presenter reads the database.
"""
