"""accueil: offline training simulator for French telephone reception."""

__version__ = "0.1.0"
