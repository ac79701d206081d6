"""An example third-party geoplug plugin."""
