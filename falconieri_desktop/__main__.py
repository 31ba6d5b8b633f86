"""``python -m falconieri_desktop``: the desktop application."""

from falconieri_desktop.ui.app import run

if __name__ == "__main__":
    run()
