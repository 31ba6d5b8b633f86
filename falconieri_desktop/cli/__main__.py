"""``python -m falconieri_desktop.cli``: the ``falconieri`` command without the console script."""

from falconieri_desktop.cli import run

if __name__ == "__main__":
    run()
