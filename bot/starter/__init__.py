"""The starter config `newsdigest init` writes (``config.yaml.j2``, data only); shipped inside the package."""
