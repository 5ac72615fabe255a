"""The MkDocs adapter of the cchc core: everything that imports MkDocs lives here.

settings (the one settings check), events (the build's event handlers, state per build),
preview (the incremental preview server) and cli with commands (the `cchc` command).
"""
