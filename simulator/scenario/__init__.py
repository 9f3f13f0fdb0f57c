"""Scenarios: YAML files loaded and checked (`loader`), their data (`model`), the quick list
(`catalogue`), the author's checks (`lint`, `validation`) and diagrams (`graph`)."""
