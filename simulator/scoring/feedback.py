"""Feedback about this call: the rubric's advice put in the words of the scenario and the trainee.

A rubric's `reussite` and `echec` texts may name {organisation}, {prenom} (the trainee's first name),
{appelant} (how to address the caller: « Madame Lefèvre ») and {reformulation} (a good rephrasing
of this caller's request, from the scenario): « Dites : « {organisation}, {prenom}, bonjour » »
becomes « Dites : « Mairie de Villeneuve, Kevin, bonjour » » for Kevin at the town hall."""

from __future__ import annotations

from dataclasses import replace

from simulator.transcript.model import CallContext

FIELDS = ("organisation", "prenom", "appelant", "reformulation")
# When the call does not say (a free dialogue, a recording): the procedures' own examples.
GENERIC = {"organisation": "Clinique Nest", "prenom": "Clémence", "appelant": "Monsieur Dupont",
           "reformulation": "Si je comprends bien, vous souhaitez… ? (avec les mots précis de la demande)"}


def feedback_values(context: CallContext) -> dict[str, str]:
    caller = context.caller
    address = ""
    if caller is not None and caller.name:
        surname = caller.name.split()[-1]
        address = f"{caller.civility.capitalize()} {surname}" if caller.civility else caller.name
    values = {"organisation": context.organisation.strip(), "prenom": context.trainee.strip(),
              "appelant": address, "reformulation": caller.rephrasing if caller is not None else ""}
    return {key: value or GENERIC[key] for key, value in values.items()}


def personal(text: str, context: CallContext) -> str:
    """A rubric text with this call's values in its placeholders (the rubric's loader checked them)."""
    return text.format_map(feedback_values(context)) if "{" in text else text


def for_call(criterion, context: CallContext):
    """The criterion with its feedback in the words of this call."""
    return replace(criterion, on_pass=personal(criterion.on_pass, context),
                   on_fail=personal(criterion.on_fail, context))
