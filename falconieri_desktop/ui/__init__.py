"""The desktop application: the only package that imports PySide6.

Rule for contributors: never touch a widget or a model outside the GUI thread. Background work
comes back through ``ui.bridge.EngineBridge`` (engine events, executor results); see its docstring.
"""
