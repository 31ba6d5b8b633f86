"""Falconieri Desktop: register IP phones with their vendors' redirect services."""

__version__ = "0.1.0"
APP_ID = "it.nethesis.FalconieriDesktop"
APP_NAME = "Falconieri Desktop"
APP_DIR_NAME = "falconieri-desktop"  # settings, data, cache and log folders
