"""Built-in Parley cases, shipped as package data and read through importlib.resources."""
