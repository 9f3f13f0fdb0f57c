"""xAPI 1.0.3 statements: their few shapes as frozen dataclasses, and how a session and a review
become statements. No input-output here: what the store and the files hold comes in as values.

A session gives: « attempted » the scenario when it started; « completed » it when it ended (or
« terminated » when it was interrupted), with the score; then « passed » or « failed » for each
criterion the machine judged, with the référentiel codes as grouping context activities. A trainer's
review gives « reviewed » by the trainer, whose object is the machine's statement it revises (a
statement reference; the call's end when the machine judged the criterion « sans objet »), with the
trainer's verdict as its result and the criterion as its parent context activity. Statements are
immutable facts: the trainer's verdict does not rewrite the machine's, it comes after it, and wins
as the latest word on that criterion in that session (the registration). (A sub-statement « the
trainee passed » would say it more directly, but Ralph's API refuses objects without an id.)

Every id is a UUID 5 of the session id and what the statement says (namespace: the base IRI), so
the same statement is made the same wherever and whenever: nothing is queued nor sent twice."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from simulator.scoring.review import Override
from simulator.store.sessions import trainee_key
from simulator.xapi.config import XapiSettings

VERSION = "1.0.3"
PASS_THRESHOLD = 80  # success: a score of at least this, as the training path opens the next scenario


@dataclass(frozen=True)
class Verb:
    id: str
    french: str
    english: str

    def as_json(self) -> dict:
        return {"id": self.id, "display": {"fr-FR": self.french, "en-US": self.english}}


ATTEMPTED = Verb("http://adlnet.gov/expapi/verbs/attempted", "a commencé", "attempted")
COMPLETED = Verb("http://adlnet.gov/expapi/verbs/completed", "a terminé", "completed")
TERMINATED = Verb("http://adlnet.gov/expapi/verbs/terminated", "a interrompu", "terminated")
PASSED = Verb("http://adlnet.gov/expapi/verbs/passed", "a réussi", "passed")
FAILED = Verb("http://adlnet.gov/expapi/verbs/failed", "a échoué", "failed")
REVIEWED = Verb("http://id.tincanapi.com/verb/reviewed", "a révisé", "reviewed")

SIMULATION = "http://adlnet.gov/expapi/activities/simulation"  # a scenario: the call played
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"  # a rubric
OBJECTIVE = "http://adlnet.gov/expapi/activities/objective"  # a criterion of the rubric


@dataclass(frozen=True)
class Agent:
    name: str
    account: str  # the account's name: trainee_key of the name
    homepage: str

    def as_json(self) -> dict:
        return {"objectType": "Agent", "name": self.name, "account": {"homePage": self.homepage, "name": self.account}}


@dataclass(frozen=True)
class Activity:
    id: str
    type: str
    name: str | None = None
    extensions: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        definition = {"type": self.type, **({"name": {"fr-FR": self.name}} if self.name else {}),
                      **({"extensions": self.extensions} if self.extensions else {})}
        return {"objectType": "Activity", "id": self.id, "definition": definition}


@dataclass(frozen=True)
class Result:
    success: bool | None = None
    completion: bool | None = None
    score: int | None = None  # out of 100
    duration: str | None = None  # ISO 8601
    response: str | None = None
    extensions: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        data: dict = {}
        if self.score is not None:
            data["score"] = {"scaled": self.score / 100, "raw": self.score, "min": 0, "max": 100}
        data.update((key, value) for key, value in (("success", self.success), ("completion", self.completion),
                                                    ("duration", self.duration), ("response", self.response))
                    if value is not None)
        if self.extensions:
            data["extensions"] = self.extensions
        return data


@dataclass(frozen=True)
class Context:
    registration: str  # one per session: every statement of the session, reviews included
    parent: tuple[Activity, ...] = ()
    grouping: tuple[Activity, ...] = ()
    extensions: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        activities = {key: [a.as_json() for a in found] for key, found in (("parent", self.parent),
                                                                            ("grouping", self.grouping)) if found}
        return {"registration": self.registration, "platform": "accueil", "language": "fr-FR",
                **({"contextActivities": activities} if activities else {}),
                **({"extensions": self.extensions} if self.extensions else {})}


@dataclass(frozen=True)
class StatementRef:
    id: str

    def as_json(self) -> dict:
        return {"objectType": "StatementRef", "id": self.id}


@dataclass(frozen=True)
class Statement:
    id: str
    actor: Agent
    verb: Verb
    object: Activity | StatementRef
    timestamp: str
    context: Context
    result: Result | None = None

    def as_json(self) -> dict:
        context = self.context.as_json()
        if not isinstance(self.object, Activity):  # the spec: a platform only about an activity
            del context["platform"]
        return {"id": self.id, "actor": self.actor.as_json(), "verb": self.verb.as_json(),
                "object": self.object.as_json(), **({"result": self.result.as_json()} if self.result else {}),
                "context": context, "timestamp": self.timestamp, "version": VERSION}


# -- what the mapping reads -------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionInfo:
    """A criterion as its rubric names it (today's rubric, or the copy kept with the session)."""

    label: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class ScenarioInfo:
    title: str
    difficulty: int
    references: tuple[str, ...]


@dataclass(frozen=True)
class SessionFacts:
    """What the statements of one finished session say: all read from the store and the files."""

    id: str
    trainee: str
    trainee_key: str
    scenario_id: str | None
    rubric_id: str
    started_at: str
    ended_at: str
    completed: bool  # ended normally, not interrupted
    score: int | None
    verdicts: tuple[tuple[str, bool | None, str], ...]  # (criterion, machine's verdict or None: not judged, detail)
    criteria: dict[str, CriterionInfo]
    scenario: ScenarioInfo | None = None  # None: the scenario file is gone


class Names:
    """Ids and IRIs, all derived from the base IRI: the same session always gets the same ones."""

    def __init__(self, settings: XapiSettings):
        self.settings = settings
        self.base = settings.base_iri
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, self.base)

    def id(self, *parts: str) -> str:
        return str(uuid.uuid5(self.namespace, "/".join(parts)))

    def iri(self, *parts: str) -> str:
        return "/".join([self.base, *(quote(p, safe="") for p in parts)])

    def extension(self, name: str) -> str:
        return self.iri("extensions", name)

    def scenario(self, facts: SessionFacts) -> Activity:
        iri, found = self.iri("scenarios", facts.scenario_id or "sans-scenario"), facts.scenario
        if found is None:
            return Activity(iri, SIMULATION)
        return Activity(iri, SIMULATION, found.title, {self.extension("difficulte"): found.difficulty})

    def rubric(self, facts: SessionFacts) -> Activity:
        return Activity(self.iri("grilles", facts.rubric_id), ASSESSMENT)

    def criterion(self, facts: SessionFacts, criterion_id: str) -> Activity:
        known = facts.criteria.get(criterion_id)
        return Activity(self.iri("grilles", facts.rubric_id, "criteres", criterion_id), OBJECTIVE,
                        known.label if known else None)

    def codes(self, references: tuple[str, ...]) -> tuple[Activity, ...]:
        """The référentiel's codes (C221.1…), each an activity of its own."""
        return tuple(Activity(self.iri("referentiel", c), self.iri("types", "competence"), c) for c in references)

    def trainee(self, facts: SessionFacts) -> Agent:
        return Agent(facts.trainee, facts.trainee_key, self.settings.homepage)


def _timestamp(moment: str) -> str:
    """ISO 8601 with its offset (a moment stored without one is local time)."""
    parsed = datetime.fromisoformat(moment)
    return (parsed if parsed.tzinfo else parsed.astimezone()).isoformat()


def duration(started_at: str, ended_at: str) -> str:
    seconds = max(0.0, (datetime.fromisoformat(ended_at) - datetime.fromisoformat(started_at)).total_seconds())
    return f"PT{seconds:.0f}S" if seconds == int(seconds) else f"PT{seconds:.2f}S"


def criterion_statement_id(names: Names, session_id: str, criterion_id: str) -> str:
    return names.id(session_id, "critere", criterion_id)


def session_statements(facts: SessionFacts, names: Names) -> list[Statement]:
    """The call (attempted, then completed or terminated) and each criterion the machine judged."""
    scenario = names.scenario(facts)
    codes = names.codes(facts.scenario.references if facts.scenario else ())
    context = Context(names.id(facts.id), grouping=(names.rubric(facts), *codes),
                      extensions={names.extension("seance"): facts.id})
    trainee = names.trainee(facts)
    ended = Result(success=facts.score >= PASS_THRESHOLD if facts.completed and facts.score is not None else None,
                   completion=facts.completed, score=facts.score, duration=duration(facts.started_at, facts.ended_at))
    found = [
        Statement(names.id(facts.id, "debut"), trainee, ATTEMPTED, scenario, _timestamp(facts.started_at), context),
        Statement(names.id(facts.id, "fin"), trainee, COMPLETED if facts.completed else TERMINATED, scenario,
                  _timestamp(facts.ended_at), context, ended),
    ]
    for criterion_id, passed, detail in facts.verdicts:
        if passed is None:  # « sans objet »: nothing was judged
            continue
        found.append(Statement(
            criterion_statement_id(names, facts.id, criterion_id), trainee, PASSED if passed else FAILED,
            names.criterion(facts, criterion_id), _timestamp(facts.ended_at),
            _criterion_context(facts, names, criterion_id, scenario), Result(success=passed, response=detail or None)))
    return found


def _criterion_context(facts: SessionFacts, names: Names, criterion_id: str, parent: Activity,
                       grouping: tuple[Activity, ...] = ()) -> Context:
    """About one criterion: its référentiel codes in the grouping, beside the rubric."""
    known = facts.criteria.get(criterion_id)
    codes = names.codes(known.references if known else ())
    return Context(names.id(facts.id), parent=(parent,), grouping=(*grouping, names.rubric(facts), *codes),
                   extensions={names.extension("seance"): facts.id})


def review_statement_id(names: Names, override: Override) -> str:
    """One statement per review, superseded ones included: the same review always has the same id."""
    return names.id(override.session_id, "revision", override.criterion_id, override.at, override.author,
                    "reussi" if override.passed else "echoue")


def review_statement(facts: SessionFacts, override: Override, names: Names) -> Statement:
    """A trainer's verdict on one criterion."""
    judged = any(c == override.criterion_id and passed is not None for c, passed, _ in facts.verdicts)
    revised = criterion_statement_id(names, facts.id, override.criterion_id) if judged else names.id(facts.id, "fin")
    machine = ({names.extension("verdict-machine"): override.machine_passed}
               if override.machine_passed is not None else {})
    trainer = Agent(override.author, trainee_key(override.author), names.settings.homepage)
    return Statement(
        review_statement_id(names, override), trainer, REVIEWED, StatementRef(revised), _timestamp(override.at),
        _criterion_context(facts, names, override.criterion_id, names.criterion(facts, override.criterion_id),
                           (names.scenario(facts),)),
        Result(success=override.passed, response=override.comment or None, extensions=machine))
