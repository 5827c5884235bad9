"""reconcile: link prison and immigration extracts; list prisoners never considered."""

__version__ = "0.1.0"
