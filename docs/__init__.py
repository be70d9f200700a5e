"""Parley's documentation, shipped in the package so ``parley guide`` can print it.

The Markdown files and ``examples/*.yaml`` are package data (see pyproject.toml),
read through :mod:`importlib.resources`; nothing here is code.
"""
