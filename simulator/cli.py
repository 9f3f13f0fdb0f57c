"""The `accueil` command: parses options and calls the library. All messages are French."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import asdict, replace
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from simulator import __version__, paths
from simulator.audio.devices import list_devices
from simulator.audio.vad import SpeechDetector
from simulator.cli_french import use_french
from simulator.engine import CallRuntime
from simulator.errors import AccueilError, InputError, Problem, ValidationError
from simulator.events import to_record
from simulator.files import exists, is_dir
from simulator.records import status_label
from simulator.scenario.loader import find_scenario, lexicon_for, list_scenarios, scenario_problems, shared_lexicon
from simulator.scoring import find_rubric, score_transcript
from simulator.scoring.criteria import INTENTS_USED
from simulator.scoring.rubric import rubric_problems
from simulator.session.call import Call
from simulator.session.inputs import HELP, RealClock, ScriptInput, TerminalInput, VirtualClock
from simulator.session.recorder import Recorder
from simulator.session.training_path import LOCKED, OPEN, PASS_SCORE, PASSED, next_step, training_path
from simulator.session.headset import VoiceOptions, speech_engine
from simulator.session.recorded_call import AUDIO_SUFFIXES, read_channels, transcribe_call
from simulator.session.recovery import notices, recover_interrupted
from simulator.session.rescore import machine_scorecard
from simulator.store import SessionStore
from simulator.text.lexicon import Lexicon, load_lexicon
from simulator.transcript.dialogue import read_dialogue
from simulator.transcript.model import CallContext, Transcript
from simulator.ui.progress import open_progress
from simulator.ui.render import (RichDisplay, print_call_opening, print_scorecard, print_transcript,
                                 session_heading)
from simulator.yamlfile import load_yaml

use_french()  # click's own usage errors and help headings

# Typing is slower than speaking: in interactive text mode silence timers are stretched.
TYPING_SLOWDOWN = 3.0

json_option = click.option("--json", "as_json", is_flag=True, help="Sortie JSON (pour les scripts).")


def console() -> Console:
    return Console(highlight=False)


def store(ctx: click.Context) -> SessionStore:
    """The sessions, once those a crash cut short are finished (see session.recovery)."""
    records = SessionStore(ctx.obj["data_dir"])
    for line in notices(recover_interrupted(records)):
        click.echo(line, err=True)
    return records


def print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def print_table(title: str, columns: tuple[str, ...], rows) -> None:
    table = Table(title=Text(title))
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # names and titles are user text, not markup
    console().print(table)


class Failed(click.ClickException):
    """A library error (AccueilError) where it ends a command: « Erreur : … », exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"Erreur : {self.format_message()}", file=file, err=True)


class AccueilGroup(click.Group):
    """The commands, with the library's errors turned into the command line's at this one edge."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AccueilError as error:
            raise Failed(error.format_message()) from error


@click.group(cls=AccueilGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="accueil", message="%(prog)s %(version)s")
@click.option("--data-dir", type=click.Path(path_type=Path), envvar="ACCUEIL_DATA_DIR",  # the store checks it
              help="Dossier des séances enregistrées (défaut : dossier de données de l'utilisateur).")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None) -> None:
    """Simulateur d'entraînement à l'accueil téléphonique, hors ligne."""
    ctx.obj = {"data_dir": data_dir}


@cli.command()
@click.option("--competence", "skill", help="Seulement les scénarios qui travaillent ce code du référentiel (T22.2, C221.1…).")
@click.option("--difficulte", "difficulty", type=click.IntRange(1, 5), help="Seulement cette difficulté (1 à 5).")
@json_option
def scenarios(skill: str | None, difficulty: int | None, as_json: bool) -> None:
    """Liste les scénarios disponibles, par difficulté croissante."""
    found = [s for s in list_scenarios()
             if (difficulty is None or s.difficulty == difficulty)
             and (skill is None or any(r.upper().startswith(skill.strip().upper()) for r in s.references))]
    if as_json:
        print_json([{"id": s.id, "titre": s.title, "persona": s.persona, "difficulte": s.difficulty,
                     "organisation": s.organisation, "references": list(s.references), "rubrique": s.rubric}
                    for s in found])
        return
    if not found:
        click.echo("Aucun scénario ne correspond.")
        return
    print_table("Scénarios", ("Identifiant", "Titre", "Appelant", "Difficulté", "Compétences"),
                ((s.id, s.title, s.persona, "★" * s.difficulty, ", ".join(s.references)) for s in found))


@cli.command()
@click.option("--trainee", "-t", required=True, help="Prénom du stagiaire.")
@json_option
@click.pass_context
def parcours(ctx: click.Context, trainee: str, as_json: bool) -> None:
    """Le parcours d'entraînement d'un stagiaire : les scénarios du plus simple au plus difficile,
    chacun ouvert quand le précédent est réussi (note d'au moins 80)."""
    steps = training_path(list_scenarios(), store(ctx).list(), trainee)
    if as_json:
        print_json([{"id": st.scenario.id, "difficulte": st.scenario.difficulty, "meilleure_note": st.best,
                     "statut": st.status} for st in steps])
        return
    marks = {PASSED: "✓", OPEN: "▶", LOCKED: "🔒"}
    print_table(f"Parcours de {trainee} (réussi : note ≥ {PASS_SCORE})",
                ("", "Scénario", "Difficulté", "Meilleure note", "Statut"),
                ((marks[st.status], f"{st.scenario.id} — {st.scenario.title}", "★" * st.scenario.difficulty,
                  "—" if st.best is None else f"{st.best}/100", st.status) for st in steps))
    upcoming = next_step(steps)
    click.echo(f"Prochain appel : accueil play --parcours -t {trainee}" if upcoming else "Parcours terminé, bravo !")


def _file_problems(path: Path) -> list[Problem]:
    """Validate one YAML file of any kind: rubric, intent vocabulary or scenario."""
    doc, problems = load_yaml(path)
    if doc is None:
        return problems
    if isinstance(doc.data, dict) and "criteres" in doc.data:
        return rubric_problems(path)[1]
    if isinstance(doc.data, dict) and set(doc.data) == {"intentions"}:
        try:
            load_lexicon(path, required=INTENTS_USED)
        except ValidationError as exc:
            return exc.problems
        return []
    return scenario_problems(path)[1]


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Vérifie des scénarios, grilles ou vocabulaires YAML (fichiers ou dossiers).

    Chaque erreur s'affiche sous la forme fichier:ligne:colonne: message.
    """
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.y*ml")) if is_dir(path) else [path]
    if not files:
        raise InputError("aucun fichier YAML à vérifier")
    failed = 0
    for path in files:
        problems = _file_problems(path)
        if problems:
            failed += 1
            for problem in problems:
                click.echo(str(problem), err=True)
        else:
            click.echo(f"✓ {path}")
    if failed:
        click.echo(f"{failed} fichier(s) sur {len(files)} contiennent des erreurs.", err=True)
        sys.exit(2)


def voice_options(command):
    """Options shared by every command that listens: engine, model and devices."""
    for option in reversed([
        click.option("--stt", "engine", type=click.Choice(["whisper", "vosk"]), default="whisper", show_default=True,
                     help="Moteur de reconnaissance vocale (hors ligne)."),
        click.option("--stt-model", type=click.Path(file_okay=False, path_type=Path), envvar="ACCUEIL_STT_MODEL",
                     help="Dossier d'un autre modèle (Whisper converti pour faster-whisper, ou modèle Vosk)."),
        click.option("--input-device", help="Micro : numéro ou nom (voir accueil devices)."),
        click.option("--output-device", help="Casque ou haut-parleur : numéro ou nom (voir accueil devices)."),
    ]):
        command = option(command)
    return command


@cli.command()
@click.argument("scenario", required=False)
@click.option("--trainee", "-t", required=True, help="Prénom du stagiaire (celui qu'il annonce au téléphone).")
@click.option("--parcours", "next_in_path", is_flag=True,
              help="Joue le prochain scénario du parcours d'entraînement du stagiaire (voir accueil parcours).")
@click.option("--text", "text_mode", is_flag=True, help="Séance au clavier : vous tapez vos réponses.")
@click.option("--script", type=click.Path(dir_okay=False, path_type=Path),
              help="Mode texte : lit les réponses du stagiaire dans un fichier au lieu du clavier.")
@click.option("--replies", type=click.Path(path_type=Path),
              help="Mode voix : joue les fichiers WAV de ce dossier comme voix du stagiaire (démonstrations, tests).")
@voice_options
@click.option("--seed", type=int, default=None, help="Graine du tirage des répliques (reproductible).")
@json_option
@click.pass_context
def play(ctx: click.Context, scenario: str | None, trainee: str, next_in_path: bool, text_mode: bool,
         script: Path | None, replies: Path | None,
         engine: str, stt_model: Path | None, input_device: str | None, output_device: str | None,
         seed: int | None, as_json: bool) -> None:
    """Joue un appel au casque : l'appelant parle, vous répondez à voix haute, puis la grille s'affiche."""
    if not trainee.strip():
        raise InputError("le prénom du stagiaire ne peut pas être vide")
    if script and replies:
        raise InputError("--script (mode texte) et --replies (mode voix) s'excluent")
    if next_in_path:
        if scenario:
            raise InputError("indiquez un scénario ou --parcours, pas les deux")
        upcoming = next_step(training_path(list_scenarios(), store(ctx).list(), trainee.strip()))
        if upcoming is None:
            raise InputError(f"{trainee.strip()} a réussi tout le parcours (accueil parcours -t {trainee.strip()})")
        scenario = upcoming.scenario.id
    elif not scenario:
        raise InputError("indiquez le scénario à jouer (accueil scenarios les liste) ou --parcours")
    found = find_scenario(scenario)
    rubric = find_rubric(found.rubric)
    out = Console(highlight=False, stderr=as_json)
    seed = seed if seed is not None else int.from_bytes(os.urandom(2), "big")
    if text_mode or script:
        recorder, call = _text_call(ctx, found, rubric, trainee.strip(), script, seed, out)
        scorecard = call.run()
    else:
        from simulator.ui.headset import run_voice_call

        options = VoiceOptions(engine, stt_model, input_device, output_device, replies)
        run = run_voice_call(found, rubric, trainee.strip(), seed, options, store(ctx), out)
        recorder, call, scorecard = run.recorder, run.call, run.scorecard
    if as_json:
        print_json({"session": recorder.info.id, **scorecard.as_dict()})
    else:
        print_scorecard(out, scorecard)
        out.print(f"Séance enregistrée : [bold]{recorder.info.id}[/]  (accueil show {recorder.info.id})")
    if call.error is not None:
        raise call.error


def _text_call(ctx, found, rubric, trainee: str, script: Path | None, seed: int, out: Console):
    trainee_input = ScriptInput(script) if script else None  # checked before anything is recorded
    if trainee_input is not None and trainee_input.has_audio:
        raise InputError(f"{script} : les lignes « @fichier.wav » demandent le mode voix (--replies DOSSIER)")
    recorder = Recorder(store(ctx), found.context(trainee), rubric.id, "texte", seed)
    print_call_opening(out, found.title, found.organisation, found.instructions)
    if trainee_input is None:
        out.print(HELP, style="dim")
        out.print("Le téléphone sonne… vous décrochez. Parlez le premier.", style="bold")
        clock, timer_scale = RealClock(), TYPING_SLOWDOWN
        trainee_input = TerminalInput(sys.stdin, lambda s: out.print(s, end="", markup=False))
        if "message" in found.expected:
            out.print("Cet appel demande une fiche message : tapez /fiche pour la remplir.", style="bold")
    else:
        clock, timer_scale = VirtualClock(), 1.0
    call = Call(found, rubric, CallRuntime(found, seed=seed, timer_scale=timer_scale), recorder, trainee_input,
                clock, RichDisplay(out), echo_trainee=script is not None)
    return recorder, call


def _load_target(ctx: click.Context, target: str) -> tuple[Transcript, str | None, Lexicon]:
    """A dialogue file, or the id of a recorded session: its transcript, rubric id and intents."""
    path = Path(target)
    if exists(path) or path.suffix in (".txt", ".dialogue"):
        dialogue = read_dialogue(path)
        scenario_id = dialogue.headers.get("scenario")
        if scenario_id:
            scenario = find_scenario(scenario_id)
            context = scenario.context(dialogue.headers.get("stagiaire", ""))
            if dialogue.headers.get("organisation"):
                context = replace(context, organisation=dialogue.headers["organisation"])
            transcript, rubric_id, lexicon = dialogue.transcript(context), scenario.rubric, scenario.intents
        else:
            transcript, rubric_id, lexicon = dialogue.transcript(), None, shared_lexicon()
        for header, label in (("organisation", "# organisation: Clinique Nest"), ("trainee", "# stagiaire: Clémence")):
            if not getattr(transcript.context, header):
                raise InputError(f"{path} : en-tête manquant « {label} » (nécessaire pour juger l'accueil)")
    else:
        records = store(ctx)
        if not records.exists(target):
            raise InputError(f"« {target} » n'est ni un fichier de dialogue ni une séance enregistrée "
                             "(accueil sessions liste les séances)")
        transcript, rubric_id = records.transcript(target), records.get(target).rubric_id
        lexicon = lexicon_for(transcript.context.scenario_id)
    if not transcript.trainee_turns:
        raise InputError(f"{target} : aucune réplique du stagiaire (lignes « STAGIAIRE: ... ») : rien à évaluer")
    return transcript, rubric_id, lexicon


@cli.command()
@click.argument("target")
@click.option("--rubric", "-r", help="Grille d'évaluation (identifiant ou fichier YAML ; défaut : standard).")
@click.option("--organisation", help="Enregistrement audio : nom de la structure que le stagiaire doit annoncer.")
@click.option("--trainee", "-t", help="Enregistrement audio : prénom du stagiaire.")
@voice_options
@json_option
@click.pass_context
def score(ctx: click.Context, target: str, rubric: str | None, organisation: str | None, trainee: str | None,
          engine: str, stt_model: Path | None, input_device: str | None, output_device: str | None,
          as_json: bool) -> None:
    """Évalue un fichier de dialogue, une séance enregistrée, ou l'enregistrement d'un appel
    (WAV stéréo : appelant à gauche, stagiaire à droite)."""
    if Path(target).suffix.lower() in AUDIO_SUFFIXES:
        if not (organisation and organisation.strip() and trainee and trainee.strip()):
            raise InputError("pour un enregistrement audio, indiquez --organisation et --trainee "
                             "(la présentation du stagiaire est jugée sur eux)")
        transcript = _transcribe_recording(Path(target), organisation.strip(), trainee.strip(), engine, stt_model,
                                           quiet=as_json)
        rubric_id, lexicon = None, shared_lexicon()
        if not transcript.trainee_turns:
            raise InputError(f"{target} : aucune parole du stagiaire sur le canal droit : rien à évaluer")
    else:
        transcript, rubric_id, lexicon = _load_target(ctx, target)
    scorecard = score_transcript(transcript, find_rubric(rubric or rubric_id), lexicon)
    heard = Path(target).suffix.lower() in AUDIO_SUFFIXES  # then show what was understood
    if as_json:
        print_json({**({"transcription": [to_record(e) for e in transcript.events]} if heard else {}),
                    **scorecard.as_dict()})
    else:
        if heard:
            print_transcript(console(), transcript)
        print_scorecard(console(), scorecard)


def _transcribe_recording(path: Path, organisation: str, trainee: str, engine: str, stt_model: Path | None,
                          quiet: bool) -> Transcript:
    channels = read_channels(path)  # a bad recording is refused before the speech model loads
    out = Console(highlight=False, stderr=True, quiet=quiet)
    progress, done = open_progress(out)
    try:
        transcriber = speech_engine(VoiceOptions(engine, stt_model), progress, offline=True)
        context = CallContext(organisation=organisation, trainee=trainee)
        events = transcribe_call(channels, transcriber, SpeechDetector,
                                 progress=lambda n, total: progress("Transcription de l'appel", n, total),
                                 context=context)
    finally:
        done()
    return Transcript(context, tuple(events))


@cli.command()
@json_option
def devices(as_json: bool) -> None:
    """Liste les micros et casques utilisables (pour --input-device et --output-device)."""
    found = list_devices()
    if as_json:
        print_json([asdict(d) for d in found])
        return
    if not found:
        click.echo("Aucun périphérique audio. Branchez un casque, ou démarrez le serveur de son (PulseAudio).")
        return
    def default(d) -> str:
        return ", ".join(label for label, yes in (("entrée", d.is_default_input), ("sortie", d.is_default_output))
                         if yes) or "—"

    print_table("Périphériques audio", ("N°", "Nom", "Entrée", "Sortie", "Par défaut"),
                ((str(d.index), d.name, str(d.input_channels or "—"), str(d.output_channels or "—"), default(d))
                 for d in found))


@cli.command()
@voice_options
@click.option("--wav", type=click.Path(dir_okay=False, path_type=Path),
              help="Utilise ce fichier WAV au lieu du micro (vérifier la reconnaissance sans casque).")
@click.option("--seconds", type=click.FloatRange(3, 120), default=20, show_default=True,
              help="Temps laissé pour dire la phrase d'essai.")
def check(engine: str, stt_model: Path | None, input_device: str | None, output_device: str | None,
          wav: Path | None, seconds: float) -> None:
    """Règle le casque : joue une phrase, affiche le niveau du micro et transcrit une phrase d'essai."""
    from simulator.ui.headset import check_headset

    out = console()
    report = check_headset(VoiceOptions(engine, stt_model, input_device, output_device), out, wav, seconds)
    if report.heard is None:
        raise InputError("aucune parole détectée : vérifiez que le micro n'est pas coupé, rapprochez-le de la "
                         "bouche, ou choisissez-en un autre (accueil devices, --input-device)")


@cli.command()
@json_option
@click.pass_context
def sessions(ctx: click.Context, as_json: bool) -> None:
    """Liste les séances enregistrées, les plus récentes d'abord."""
    found = store(ctx).list()
    if as_json:
        print_json([s.as_dict() for s in found])
        return
    if not found:
        click.echo("Aucune séance enregistrée. Lancez un appel : accueil play appel-calme --trainee Prénom")
        return
    print_table("Séances", ("Séance", "Stagiaire", "Scénario", "Début", "Statut", "Note"),
                ((s.id, s.trainee, s.scenario_id or "—", s.started_at.replace("T", " ")[:16],
                  status_label(s.status) if s.status == "completed" else f"[yellow]{status_label(s.status)}[/]",
                  "—" if s.score is None else f"{s.score}/100") for s in found))


@cli.command()
@click.argument("session")
@json_option
@click.pass_context
def show(ctx: click.Context, session: str, as_json: bool) -> None:
    """Affiche une séance : sa transcription et sa grille d'évaluation."""
    records = store(ctx)
    info = records.get(session)
    transcript = records.transcript(session)
    scorecard = machine_scorecard(info, transcript)
    if as_json:
        print_json({"session": info.as_dict(), **scorecard.as_dict()})
        return
    out = console()
    session_heading(out, info.id, info.trainee, info.scenario_id, info.status)
    print_transcript(out, transcript)
    print_scorecard(out, scorecard)


LOOPBACK_ADDRESSES = ("127.0.0.1", "localhost", "::1")
MIN_TOKEN_CHARS = 12


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Adresse d'écoute. Toute autre adresse que la machine locale exige un jeton.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Port d'écoute.")
@click.option("--token", envvar="ACCUEIL_WEB_TOKEN",
              help="Jeton d'accès demandé à chaque visite (ou variable ACCUEIL_WEB_TOKEN).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token: str | None) -> None:
    """Ouvre le tableau de bord du formateur : séances, écoute, révision des verdicts, progrès, exports."""
    token = (token or "").strip() or None
    if token is None and host not in LOOPBACK_ADDRESSES:
        raise InputError(f"écouter sur {host} rend les séances visibles depuis le réseau : donnez un jeton d'accès "
                         "(--token ou variable ACCUEIL_WEB_TOKEN), ou gardez --host 127.0.0.1")
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise InputError(f"jeton trop court (au moins {MIN_TOKEN_CHARS} caractères) ; par exemple : "
                         "python3 -c 'import secrets; print(secrets.token_urlsafe())'")
    import uvicorn  # only this command needs the web stack

    from simulator.web import create_app
    from simulator.web.results import Assessments
    from simulator.web.warmup import start_warm_up

    records = store(ctx)
    assessments = Assessments(records)
    app = create_app(records, token, assessments)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Tableau de bord : http://{shown}:{port}/" + ("  (jeton exigé)" if token else "")
               + "  — Ctrl-C pour arrêter")
    start_warm_up(assessments, console(), open_progress)  # the pages answer meanwhile; the list shows the progress
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


@cli.command()
@click.argument("session")
@click.option("--no-audio", is_flag=True, help="Affiche la transcription annotée sans jouer l'enregistrement.")
@click.option("--output-device", help="Casque ou haut-parleur : numéro ou nom (voir accueil devices).")
@click.pass_context
def replay(ctx: click.Context, session: str, no_audio: bool, output_device: str | None) -> None:
    """Réécoute une séance tour par tour, avec chaque critère au moment où il s'est décidé.

    Touches : espace = pause / reprise, n = tour suivant, c = prochain critère, q = quitter."""
    from simulator.trainer.replay import replay_session
    from simulator.trainer.session import load_session
    from simulator.ui.replay import ReplayScreen

    try:
        replay_session(load_session(store(ctx), session), ReplayScreen(console()), audio=not no_audio,
                       output_device=output_device)
    except KeyboardInterrupt:  # Ctrl-C is a way to stop listening, not an error
        click.echo("\nRéécoute arrêtée.")


@cli.command()
@click.argument("session")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier HTML à écrire (autonome : l'audio et tout le reste sont dedans).")
@click.pass_context
def report(ctx: click.Context, session: str, output: Path) -> None:
    """Écrit le compte rendu HTML d'une séance, à envoyer au stagiaire : grille, transcription, audio."""
    from simulator.web.report import write_report
    from simulator.trainer.session import load_session

    size = write_report(load_session(store(ctx), session), output)
    click.echo(f"Compte rendu écrit : {output} ({size / 1024:.0f} Ko)")


@cli.command()
@json_option
@click.pass_context
def agreement(ctx: click.Context, as_json: bool) -> None:
    """Accord des formateurs avec la machine, par critère, sur les verdicts revus."""
    from simulator.trainer.agreement import agreement_table, as_dict, criterion_labels
    from simulator.ui.agreement import print_agreement

    rows, overall = agreement_table(store(ctx))
    if as_json:
        print_json({"criteria": [as_dict(r) for r in rows], "overall": as_dict(overall)})
        return
    print_agreement(console(), rows, overall, criterion_labels())


@cli.command(name="test")
@click.argument("targets", nargs=-1)
@json_option
def test_examples(targets: tuple[str, ...], as_json: bool) -> None:
    """Rejoue les appels modèles (« exemples: ») des scénarios et vérifie chemin et verdicts.

    TARGETS : fichiers, dossiers ou identifiants de scénarios (défaut : tous les scénarios fournis).
    Code de sortie 2 si un exemple s'écarte de l'attendu ou si un fichier est invalide.
    """
    import time

    from simulator.session.examples import check_file, example_files

    started = time.perf_counter()
    files = [check_file(path) for path in example_files(list(targets))]
    results = [r for f in files for r in f.results]
    failed = sum(not r.passed for r in results)
    invalid = sum(bool(f.problems) for f in files)
    if as_json:
        print_json({"fichiers": [f.as_dict() for f in files], "exemples": len(results), "echecs": failed,
                    "invalides": invalid})
    else:
        for f in files:
            click.echo(f.path)
            for problem in f.problems:
                click.echo(f"  {problem}", err=True)
            if f.scenario is not None and not f.results:
                click.echo("  — aucun exemple")
            for r in f.results:
                click.echo(f"  {'✓' if r.passed else '✗'} {r.example.title} (ligne {r.example.line})")
                for mismatch in r.mismatches:
                    click.echo(f"      {mismatch}")
        click.echo(f"{len(results)} exemple(s) : {len(results) - failed} conforme(s), {failed} en écart ; "
                   f"{invalid} fichier(s) invalide(s) — {time.perf_counter() - started:.1f} s")
    if failed or invalid:
        sys.exit(2)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))  # a missing file is reported in French
@click.option("--strict", is_flag=True, help="Code de sortie 2 s'il y a des avertissements (pour l'intégration continue).")
def lint(paths: tuple[Path, ...], strict: bool) -> None:
    """Signale ce qui, dans un scénario valide, ne peut jamais se produire (défaut : scénarios fournis).

    États jamais atteints ou sans issue, répliques jamais dites, délais qui ne se déclenchent
    jamais, transitions masquées par une précédente : fichier:ligne:colonne: avertissement : message.
    """
    from simulator.scenario.lint import lint_file
    from simulator.scenario.loader import scenario_files

    files: list[Path] = []
    for path in paths:
        files += sorted(p for p in path.glob("*.y*ml") if p.stem != "intentions") if is_dir(path) else [path]
    files = files if paths else scenario_files()
    if not files:
        raise InputError("aucun scénario à vérifier")
    invalid = warned = 0
    for path in files:
        errors, warnings = lint_file(path)
        invalid += bool(errors)
        warned += bool(warnings)
        for problem in errors:
            click.echo(str(problem), err=True)
        for problem in warnings:
            click.echo(str(problem))
        if not errors and not warnings:
            click.echo(f"✓ {path}")
    if invalid:
        click.echo(f"{invalid} fichier(s) sur {len(files)} contiennent des erreurs (voir accueil validate).", err=True)
    if warned:
        click.echo(f"{warned} fichier(s) sur {len(files)} ont des avertissements.", err=True)
    if invalid or (strict and warned):
        sys.exit(2)


@cli.command()
@click.argument("scenario")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier à écrire : .svg, .png ou .pdf (dessiné par Graphviz), .mmd (Mermaid).")
@click.option("--mermaid", "as_mermaid", is_flag=True, help="Écrit le diagramme en texte Mermaid (sans Graphviz).")
def graph(scenario: str, output: Path, as_mermaid: bool) -> None:
    """Dessine le diagramme des états d'un scénario (identifiant ou fichier YAML)."""
    from simulator.scenario.graph import write_diagram

    write_diagram(find_scenario(scenario), output, as_mermaid)
    click.echo(f"Diagramme écrit : {output}")


def _crash_report() -> Path | None:
    """Write the current exception's traceback where a trainer can find it and send it on."""
    import platform
    import time
    import traceback

    # The file is meant to be sent on: no access token in it.
    command = " ".join("***" if previous == "--token" else "--token=***" if arg.startswith("--token=") else arg
                       for previous, arg in zip(["", *sys.argv], sys.argv))
    text = (f"accueil {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
            f"commande : {command}\n\n{traceback.format_exc()}")
    for folder in (paths.cache_dir() / "erreurs", Path(tempfile.gettempdir())):
        path = folder / f"accueil-erreur-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def main() -> None:
    """The `accueil` program: click's handling of bad input (« Erreur : … », code 2), plus a
    last resort so that nobody ever faces a traceback."""
    try:
        code = cli.main(prog_name="accueil", standalone_mode=False)
    except click.ClickException as exc:  # a library error (Failed) or a usage error: exit code 2
        exc.show()
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):  # Ctrl-C (or Ctrl-D at a prompt) outside a call
        sys.exit(130)
    except Exception:  # a bug: say so briefly, keep the details for the maintainers
        log = _crash_report()
        click.echo("Erreur interne inattendue, désolé : accueil a rencontré un défaut qu'il ne sait pas expliquer. "
                   + (f"Les détails sont dans {log} : joignez ce fichier à votre signalement." if log
                      else "Les détails n'ont pas pu être enregistrés (dossier de cache et /tmp en lecture seule)."),
                   err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
