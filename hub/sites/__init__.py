"""Sites: creating, renaming, moving, suspending, merging and archiving them with their
domains (``operations``), importing a province's administrative units (``importer``),
and ``flask tenants`` (``cli``). Resolution, context and isolation stay in ``tenants``."""
