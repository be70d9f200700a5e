"""Widgets that render engine snapshots; they keep no game state and post messages up."""
