"""The dashboard's routes, by subject; each module's `routes(dashboard)` lists its own."""
