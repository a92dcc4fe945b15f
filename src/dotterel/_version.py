"""The package version; also stamped on every event as ``coder_version``."""

__version__ = "0.1.0"
