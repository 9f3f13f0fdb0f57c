"""Load scenario YAML: schema check, then cross-checks (states, intents, rubric), all located."""

from __future__ import annotations

from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from simulator import paths
from simulator.errors import InputError, NotFoundError, Problem
from simulator.events import TraineeSaid
from simulator.filecache import FileCache, checked
from simulator.scenario.catalogue import scenario_files
from simulator.files import exists, is_file
from simulator.scenario.model import (PLACEHOLDERS, RESUMED, SPOKEN, TIMED_EVENTS, TRANSFER, VERDICTS,
                                      Example, Interruption, Scenario, State, Transition)
from simulator.scoring.criteria import INTENTS_USED
from simulator.scoring.rubric import rubric_problems
from simulator.text.lexicon import Lexicon, load_lexicon, matchers_from
from simulator.text.placeholders import placeholder_problems
from simulator.tts.prosody import marker_problems
from simulator.transcript.dialogue import DialogueError, parse_dialogue
from simulator.transcript.model import CallerFacts
from simulator.yamlfile import SchemaProblems, YamlDoc, in_line_order, load_yaml, schema_problems

ANY_STATE = "*"


@lru_cache(maxsize=4)
def _shared_lexicon(path: Path, mtime: float) -> Lexicon:
    return load_lexicon(path, required=INTENTS_USED)


def shared_lexicon() -> Lexicon:
    """The common intent vocabulary (scenarios/intentions.yaml), reloaded when the file changes."""
    path = paths.intentions_file()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise NotFoundError(f"vocabulaire des intentions introuvable : {path}") from None
    return _shared_lexicon(path, mtime)


CALLER_CIVILITY = {"femme": "madame", "homme": "monsieur"}  # from the caller's voice


def _interruption(spec) -> Interruption | None:
    """YAML `interruption` (of the scenario or a state), as the schema checked it; None if absent
    or if it says nothing of the caller (only `permise`)."""
    if not spec or not {"cede", "replique", "coupe_apres", "coupe"} & set(spec):
        return None
    after = spec.get("coupe_apres")
    return Interruption(bool(spec.get("cede", not spec.get("replique"))), _names(spec.get("replique")),
                        float(after) if after is not None else None, _names(spec.get("coupe")))


def _names(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return (str(value),) if isinstance(value, str) else tuple(str(v) for v in value)


def _did_you_mean(name: str, known) -> str | None:
    close = get_close_matches(str(name), [str(k) for k in known], n=1, cutoff=0.6)  # YAML keys may be numbers
    return f"vouliez-vous dire « {close[0]} » ?" if close else None


def _interruption_problems(doc: YamlDoc, spec, *at) -> list[Problem]:
    """The caller lines of an `interruption` block (one line or a list)."""
    problems = []
    for key in ("replique", "coupe"):
        lines = (spec or {}).get(key) if isinstance(spec, dict) else None
        if isinstance(lines, str):
            problems += placeholder_problems(doc, lines, [*at, key], PLACEHOLDERS, "dans la réplique")
        elif lines:
            problems += _line_problems(doc, lines, *at, key)
    return problems


def _line_problems(doc: YamlDoc, lines, *at) -> list[Problem]:
    """The problems of caller lines: their placeholders, and their voice marker (« (debit=130) »)."""
    return [problem for i, line in enumerate(lines or [])
            for problem in [*placeholder_problems(doc, line, [*at, i], PLACEHOLDERS, "dans la réplique"),
                            *(doc.problem([*at, i], message) for message in marker_problems(str(line)))]]


def scenario_problems(path: str | Path) -> tuple[Scenario | None, list[Problem]]:
    doc, problems = load_yaml(path)
    if doc is None:
        return None, problems
    schema = schema_problems(doc, "scenario")
    data = doc.data
    if not isinstance(data, dict):  # nothing to cross-check
        return None, schema
    # Cross-checked in the same run: every part the schema found sound (a state's name is known even
    # when its body is wrong, so transitions to it are not reported as going to an unknown state).
    section = data.get("intentions") if isinstance(data.get("intentions"), dict) else {}
    local, problems = matchers_from(doc, {n: s for n, s in section.items() if schema.sound("intentions", n)},
                                    "intentions")
    intents = {**shared_lexicon(), **local}
    intent_names = {*intents, *map(str, section)}  # one with a bad pattern is known, and reported once
    stem = Path(path).stem
    if schema.sound("id") and data["id"] != stem:
        problems.append(doc.problem(["id"], f"l'identifiant « {data['id']} » doit être le nom du fichier (« {stem} »)"))
    specs = data["etats"] if isinstance(data.get("etats"), dict) else None
    sound = {name: spec or {} for name, spec in (specs or {}).items() if schema.sound("etats", name)}
    states = {name: State(name=name, lines=tuple(map(str, sound.get(name, {}).get("repliques", []) or [])),
                          fallback=tuple(map(str, sound.get(name, {}).get("sinon", []) or [])),
                          final=bool(sound.get(name, {}).get("final", False)),
                          description=str(sound.get(name, {}).get("description", "")),
                          interruption=_interruption(sound.get(name, {}).get("interruption")))
              for name in specs or {}}
    for name, spec in sound.items():
        for key in ("repliques", "sinon"):
            problems += _line_problems(doc, spec.get(key), "etats", name, key)
        problems += _interruption_problems(doc, spec.get("interruption"), "etats", name, "interruption")
    initial = data["etat_initial"] if schema.sound("etat_initial") and specs is not None else None
    if initial is not None and initial not in states:
        problems.append(doc.problem(["etat_initial"], f"état initial inconnu « {initial} »",
                                    _did_you_mean(initial, states)))
    elif initial is not None and states[initial].final:
        problems.append(doc.problem(["etat_initial"], "l'état initial ne peut pas être un état final"))
    if specs is not None and schema.sound("etats") and not any(s.final for s in states.values()):
        problems.append(doc.problem(["etats"], "aucun état final : l'appel ne pourrait jamais se terminer",
                                    "ajoutez « final: true » à l'état de fin d'appel"))
    transitions = []
    for i, spec in _sound_items(schema, data, "transitions") if specs is not None else ():
        transition, found = _transition(doc, i, spec, states, intent_names)
        problems += found
        transitions.append(transition)
    if schema.sound("interruption"):
        problems += _interruption_problems(doc, data.get("interruption"), "interruption")
    rubric = str(data.get("rubrique", "standard")) if schema.sound("rubrique") else None
    if rubric is not None and not exists(paths.rubrics_dir() / f"{rubric}.yaml"):
        known = [p.stem for p in paths.rubrics_dir().glob("*.yaml")]
        problems.append(doc.problem(["rubrique"], f"grille d'évaluation inconnue « {rubric} »", _did_you_mean(rubric, known)))
    examples, found = _examples(doc, _sound_items(schema, data, "exemples"), states if specs is not None else None,
                                initial, rubric)
    problems = in_line_order([*schema, *problems, *found])
    if problems:
        return None, problems
    organisation, caller = data["organisation"], data["appelant"]
    scenario = Scenario(
        id=data["id"], title=data["titre"], persona=data["persona"], difficulty=int(data["difficulte"]),
        organisation=organisation["nom"], aliases=tuple(organisation.get("variantes", []) or []),
        caller=CallerFacts(name=caller["nom"], phone=str(caller.get("telephone", "")), reason=caller["motif"],
                           recipient=str(caller.get("destinataire", "")),
                           civility=CALLER_CIVILITY.get(caller.get("voix"), ""),
                           rephrasing=" ".join(str(caller.get("reformulation", "")).split())),
        initial=data["etat_initial"], states=states, transitions=tuple(transitions), intents=intents,
        description=" ".join(str(data.get("description", "")).split()),
        instructions=" ".join(str(data.get("consignes", "")).split()),
        references=tuple(data.get("references", []) or []), rubric=rubric,
        expected=tuple(data.get("criteres_attendus", []) or []), path=str(path), caller_voice=caller.get("voix"),
        voice_settings=dict(caller.get("voix_reglages", {}) or {}),
        interruption=_interruption(data.get("interruption")),
        may_interrupt=bool((data.get("interruption") or {}).get("permise", False)),
        examples=examples)
    return scenario, []


def _examples(doc: YamlDoc, specs: list[tuple[int, Any]], states: dict[str, State] | None, initial: str | None,
              rubric: str | None) -> tuple[tuple[Example, ...], list[Problem]]:
    """The golden calls: their dialogue parses, their path names states, their verdicts name criteria.
    `states`, `initial`, `rubric`: None when the schema found them wrong (not checked against)."""
    rubric_file = paths.rubrics_dir() / f"{rubric}.yaml"
    loaded = rubric_problems(rubric_file)[0] if rubric is not None and exists(rubric_file) else None
    criteria = [c.id for c in loaded.criteria] if loaded else None  # an unknown rubric is reported already
    examples, problems = [], []
    for i, spec in specs:
        at = ["exemples", i]
        text = str(spec["dialogue"])
        try:
            dialogue = parse_dialogue(text)
        except DialogueError as exc:
            problems.append(_dialogue_problem(doc, [*at, "dialogue"], exc))
        else:
            if not any(isinstance(e, TraineeSaid) for e in dialogue.events):
                problems.append(doc.problem([*at, "dialogue"], "aucune ligne STAGIAIRE dans le dialogue de l'exemple",
                                            "écrivez « [00:00] STAGIAIRE: Clinique Nest, Camille, bonjour. »"))
        chemin = [str(name) for name in spec.get("chemin", []) or []]
        for j, name in enumerate(chemin if states is not None else ()):
            if name not in states:
                problems.append(doc.problem([*at, "chemin", j], f"état inconnu « {name} » dans le chemin de l'exemple",
                                            _did_you_mean(name, states)))
        if chemin and initial is not None and chemin[0] != initial:
            problems.append(doc.problem([*at, "chemin", 0], f"le chemin commence par l'état initial "
                                                           f"« {initial} », pas « {chemin[0]} »"))
        verdicts = {str(k): str(v) for k, v in (spec.get("verdicts") or {}).items()}
        for key in verdicts:
            if criteria is not None and key not in criteria:
                line, col = doc.key_position(*at, "verdicts", key)
                problems.append(Problem(doc.path, line, col, f"critère inconnu « {key} » dans la grille « {rubric} »",
                                        _did_you_mean(key, criteria) or "critères : " + ", ".join(criteria)))
        examples.append(Example(title=str(spec["titre"]), dialogue_text=text, seed=int(spec.get("graine", 1)),
                                trainee=str(spec.get("stagiaire", "Camille")), path=tuple(chemin),
                                verdicts={k: v for k, v in verdicts.items() if v in VERDICTS},
                                line=doc.position(*at)[0]))
    return tuple(examples), problems


def _dialogue_problem(doc: YamlDoc, keys: list, exc: DialogueError) -> Problem:
    """Locate a dialogue error in the file: a block scalar (|) starts on the line after its key."""
    line, col = doc.position(*keys)
    value = doc.data
    for key in keys:
        value = value[key]
    if isinstance(value, (LiteralScalarString, FoldedScalarString)):
        line += exc.line
        try:
            raw = Path(doc.path).read_text(encoding="utf-8", errors="replace").splitlines()[line - 1]
            col = len(raw) - len(raw.lstrip()) + 1
        except (OSError, IndexError):
            pass
    else:
        line += exc.line - 1
    return Problem(doc.path, line, col, exc.reason)


def _sound_items(schema: SchemaProblems, data: dict, key: str) -> list[tuple[int, Any]]:
    """(position, item) of the items of the list at `key` that the schema found sound."""
    items = data.get(key)
    return [(i, item) for i, item in enumerate(items) if schema.sound(key, i)] if isinstance(items, list) else []


def _transition(doc: YamlDoc, i: int, spec, states: dict[str, State], intents: set[str]):
    at = ["transitions", i]
    problems: list[Problem] = []
    sources = _names(spec["de"])
    event = spec.get("evenement", SPOKEN)
    for name in sources:
        if name != ANY_STATE and name not in states:
            problems.append(doc.problem([*at, "de"], f"état inconnu « {name} » dans la transition n° {i + 1}",
                                        _did_you_mean(name, states)))
        elif name != ANY_STATE and states[name].final:
            problems.append(doc.problem([*at, "de"], f"la transition n° {i + 1} part de l'état final « {name} »",
                                        "un appel terminé ne réagit plus : retirez cette transition"))
    dest = spec.get("vers")
    if dest is not None and dest not in states:
        source = sources[0] if sources else "?"
        problems.append(doc.problem([*at, "vers"], f"état inconnu « {dest} » dans la transition depuis « {source} »",
                                    _did_you_mean(dest, states)))
    for key in ("si", "sauf"):
        for name in _names(spec.get(key)):
            if name not in intents:
                problems.append(doc.problem([*at, key], f"intention inconnue « {name} »",
                                            _did_you_mean(name, intents) or
                                            "déclarez-la dans scenarios/intentions.yaml ou dans « intentions: » du scénario"))
        if spec.get(key) is not None and event != SPOKEN:
            problems.append(doc.problem([*at, key], f"« {key} » ne s'emploie qu'avec l'événement « parole »"))
    if event in TIMED_EVENTS and spec.get("apres") is None:
        problems.append(doc.problem(at, f"l'événement « {event} » demande un délai « apres » (en secondes)"))
    if event not in TIMED_EVENTS and spec.get("apres") is not None:
        problems.append(doc.problem([*at, "apres"], f"« apres » ne s'emploie qu'avec {', '.join(TIMED_EVENTS)}"))
    if spec.get("cible") is not None and event != TRANSFER:
        problems.append(doc.problem([*at, "cible"], "« cible » ne s'emploie qu'avec l'événement « transfert »"))
    if spec.get("attente_plus_de") is not None and event != RESUMED:
        problems.append(doc.problem([*at, "attente_plus_de"], "« attente_plus_de » ne s'emploie qu'avec « reprise »"))
    problems += _line_problems(doc, spec.get("repliques"), *at, "repliques")
    transition = Transition(
        sources=sources, event=event, dest=dest, when=_names(spec.get("si")), unless=_names(spec.get("sauf")),
        after=spec.get("apres"), targets=tuple(spec.get("cible", []) or []), hold_over=spec.get("attente_plus_de"),
        lines=tuple(map(str, spec.get("repliques", []) or [])), index=i)
    return transition, problems


_scenarios: FileCache[Scenario] = FileCache(checked(scenario_problems))


def load_scenario(path: str | Path) -> Scenario:
    """A valid scenario (cross-checked against the shared intents and the rubrics), else ValidationError."""
    return _scenarios.get(Path(path), [paths.intentions_file(), *sorted(paths.rubrics_dir().glob("*.yaml"))])


def find_scenario(name_or_path: str) -> Scenario:
    """A scenario by id (from the scenarios folder) or the unique start of one, or by file path."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or is_file(candidate):
        return load_scenario(candidate)
    path = paths.scenarios_dir() / f"{name_or_path}.yaml"
    if exists(path):
        return load_scenario(path)
    known = [p.stem for p in scenario_files()]
    started = [stem for stem in known if name_or_path and stem.startswith(name_or_path)]
    if len(started) == 1:
        return load_scenario(paths.scenarios_dir() / f"{started[0]}.yaml")
    if started:
        raise InputError(f"« {name_or_path} » désigne plusieurs scénarios ({', '.join(started)}) : "
                         "donnez un identifiant plus long")
    hint = _did_you_mean(name_or_path, known)
    raise NotFoundError(f"scénario « {name_or_path} » introuvable" + (f" ; {hint}" if hint else "") +
                        " (accueil scenarios les liste)")


def list_scenarios() -> list[Scenario]:
    return sorted((load_scenario(p) for p in scenario_files()), key=lambda s: (s.difficulty, s.id))


def lexicon_for(scenario_id: str | None) -> Lexicon:
    """The intents a call is judged with: its scenario's (shared and local), or the shared ones."""
    return find_scenario(scenario_id).intents if scenario_id else shared_lexicon()
