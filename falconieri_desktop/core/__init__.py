"""The Qt-free core: domain types, parsing, configuration, accounts, journal and the batch engine."""
