"""Click's own messages in French: usage errors (« Option manquante '--trainee' »), help headings.

Click reads them through gettext, which follows the machine's locale and ships no French
catalogue; this tool speaks French whatever the locale. Each click module looks up its `_` and
`ngettext` globals when a message is made, so `use_french()` points those at this table.
A message missing from the table stays in English (tests/test_cli_french.py checks the common ones).
Click names an option's value after its type (TEXT, INTEGER, PATH), outside gettext: every option
and argument of `accueil` names its own in French (`metavar=`), which the same tests check.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

MESSAGES = {
    "Aborted!": "Abandon.",
    "Usage:": "Usage :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Voir « {command} {option} » pour l'aide.",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing {param_type}": "{param_type} manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} prend {nargs} valeurs.",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un nombre valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} n'est pas une valeur oui/non. Valeurs reconnues : {states}",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} illisible (droits ?).",
    "{name} {filename!r} is not writable.": "{name} {filename!r} non modifiable (droits ?).",
    "Could not open file {filename!r}: {message}": "Impossible d'ouvrir le fichier {filename!r} : {message}",
    "file": "Fichier",
    "directory": "Dossier",
    "path": "Chemin",
    "default: {default}": "défaut : {default}",
    "required": "obligatoire",
    "env var: {var}": "variable d'environnement : {var}",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
}
PLURALS = {
    "Got unexpected extra argument ({args})":
        ("Argument en trop ({args})", "Arguments en trop ({args})"),
    "Option {name!r} requires an argument.":
        ("L'option {name!r} attend une valeur.", "L'option {name!r} attend {nargs} valeurs."),
    "Did you mean {possibility}?":
        ("Vouliez-vous dire {possibility} ?", "(Vouliez-vous dire l'une de celles-ci : {possibilities} ?)"),
    "{value!r} is not {choice}.":
        ("{value!r} n'est pas {choice}.", "{value!r} n'est pas parmi {choices}."),
    "Takes {nargs} values but 1 was given.":
        ("Attend {nargs} valeurs mais 1 a été donnée.", "Attend {nargs} valeurs mais {len} ont été données."),
}
_MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui, click.types)


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if singular in PLURALS:
        one, many = PLURALS[singular]
        return one if n == 1 else many
    return singular if n == 1 else plural


def use_french() -> None:
    for module in _MODULES:
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
