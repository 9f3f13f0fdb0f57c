"""What `accueil score` evaluates: a dialogue file, a recorded session, or the recording of a call
(caller left, trainee right), each turned into a transcript with the rubric and intents to judge it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from simulator.audio.vad import SpeechDetector
from simulator.errors import InputError, NotFoundError
from simulator.files import exists
from simulator.scenario.loader import find_scenario, shared_lexicon
from simulator.session.headset import Progress, VoiceOptions, speech_engine
from simulator.session.recorded_call import AUDIO_SUFFIXES, read_channels, transcribe_call
from simulator.session.rescore import scoring_files
from simulator.store import SessionStore
from simulator.text.lexicon import Lexicon
from simulator.transcript.dialogue import read_dialogue
from simulator.transcript.model import CallContext, Transcript


@dataclass(frozen=True)
class Target:
    transcript: Transcript
    rubric_id: str | None  # None: the standard rubric
    lexicon: Lexicon
    heard: bool = False  # transcribed from a recording: what was understood is worth showing
    channels: tuple[bytes, bytes] | None = None  # the recording's (caller, trainee) voices, for the indicators


def is_recording(target: str) -> bool:
    return Path(target).suffix.lower() in AUDIO_SUFFIXES


def load_target(target: str, records: Callable[[], SessionStore]) -> Target:
    """A dialogue file, or the id of a recorded session or its unique start (the store is opened only then)."""
    path = Path(target)
    if exists(path) or path.suffix in (".txt", ".dialogue"):
        found = _dialogue(path)
    else:
        store = records()
        try:
            session_id = store.resolve(target)  # an id or its unique start; several: said by the store
        except NotFoundError:
            raise InputError(f"« {target} » n'est ni un fichier de dialogue ni une séance enregistrée "
                             "(accueil sessions liste les séances)") from None
        transcript = store.transcript(session_id)
        info = store.get(session_id)  # scored with its scenario's intents, a draft's from its copy
        found = Target(transcript, info.rubric_id, scoring_files(info, store).lexicon)
    if not found.transcript.trainee_turns:
        raise InputError(f"{target} : aucune réplique du stagiaire (lignes « STAGIAIRE: ... ») : rien à évaluer")
    return found


def _dialogue(path: Path) -> Target:
    dialogue = read_dialogue(path)
    scenario_id = dialogue.headers.get("scenario")
    if scenario_id:
        scenario = find_scenario(scenario_id)
        context = scenario.context(dialogue.headers.get("stagiaire", ""))
        if dialogue.headers.get("organisation"):
            context = replace(context, organisation=dialogue.headers["organisation"])
        found = Target(dialogue.transcript(context), scenario.rubric, scenario.intents)
    else:
        found = Target(dialogue.transcript(), None, shared_lexicon())
    for header, label in (("organisation", "# organisation: Clinique Nest"), ("trainee", "# stagiaire: Clémence")):
        if not getattr(found.transcript.context, header):
            raise InputError(f"{path} : en-tête manquant « {label} » (nécessaire pour juger l'accueil)")
    return found


def recording_target(path: Path, organisation: str | None, trainee: str | None, options: VoiceOptions,
                     progress: Progress | None = None) -> Target:
    """The recording transcribed (both channels) with the engine of `options`."""
    organisation, trainee = (organisation or "").strip(), (trainee or "").strip()
    if not (organisation and trainee):
        raise InputError("pour un enregistrement audio, indiquez --organisation et --trainee "
                         "(la présentation du stagiaire est jugée sur eux)")
    channels = read_channels(path)  # a bad recording is refused before the speech model loads
    transcriber = speech_engine(options, progress, offline=True)
    context = CallContext(organisation=organisation, trainee=trainee)
    events = transcribe_call(channels, transcriber, SpeechDetector, context=context,
                             progress=(lambda n, total: progress("Transcription de l'appel", n, total))
                             if progress else None)
    transcript = Transcript(context, tuple(events))
    if not transcript.trainee_turns:
        raise InputError(f"{path} : aucune parole du stagiaire sur le canal droit : rien à évaluer")
    return Target(transcript, None, shared_lexicon(), heard=True, channels=channels)
