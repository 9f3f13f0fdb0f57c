"""The trainer's commands: the recorded sessions, scoring, replay, reports and the dashboard."""

from __future__ import annotations

from pathlib import Path

import click

from simulator.cli.common import console, json_option, print_json, print_table, store, voice_options


@click.command()
@json_option
@click.pass_context
def sessions(ctx: click.Context, as_json: bool) -> None:
    """Liste les séances enregistrées, les plus récentes d'abord."""
    from simulator.records import status_label

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


@click.command()
@click.argument("session")
@json_option
@click.pass_context
def show(ctx: click.Context, session: str, as_json: bool) -> None:
    """Affiche une séance : sa transcription et sa grille d'évaluation."""
    from simulator.session.rescore import machine_scorecard
    from simulator.ui.render import print_scorecard, print_transcript, session_heading

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


@click.command()
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
    from simulator.events import to_record
    from simulator.scoring import find_rubric, score_transcript
    from simulator.session.targets import is_recording, load_target, recording_target
    from simulator.ui.render import print_scorecard, print_transcript

    if is_recording(target):
        from simulator.session.headset import VoiceOptions
        from simulator.ui.progress import open_progress

        progress, done = open_progress(console(stderr=True, quiet=as_json))
        try:
            found = recording_target(Path(target), organisation, trainee, VoiceOptions(engine, stt_model), progress)
        finally:
            done()
    else:
        found = load_target(target, lambda: store(ctx))
    scorecard = score_transcript(found.transcript, find_rubric(rubric or found.rubric_id), found.lexicon)
    if as_json:
        print_json({**({"transcription": [to_record(e) for e in found.transcript.events]} if found.heard else {}),
                    **scorecard.as_dict()})
    else:
        if found.heard:  # show what was understood
            print_transcript(console(), found.transcript)
        print_scorecard(console(), scorecard)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Adresse d'écoute. Toute autre adresse que la machine locale exige un jeton.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Port d'écoute.")
@click.option("--token", envvar="ACCUEIL_WEB_TOKEN",
              help="Jeton d'accès demandé à chaque visite (ou variable ACCUEIL_WEB_TOKEN).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token: str | None) -> None:
    """Ouvre le tableau de bord du formateur : séances, écoute, révision des verdicts, progrès, exports."""
    import uvicorn

    from simulator.ui.progress import open_progress
    from simulator.web import create_app
    from simulator.web.guard import serving_token
    from simulator.web.results import Assessments
    from simulator.web.warmup import start_warm_up

    token = serving_token(host, token)
    records = store(ctx)
    assessments = Assessments(records)
    app = create_app(records, token, assessments)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Tableau de bord : http://{shown}:{port}/" + ("  (jeton exigé)" if token else "")
               + "  — Ctrl-C pour arrêter")
    start_warm_up(assessments, console(), open_progress)  # the pages answer meanwhile; the list shows the progress
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


@click.command()
@click.argument("session")
@click.option("--no-audio", is_flag=True, help="Affiche la transcription annotée sans jouer l'enregistrement.")
@click.option("--output-device", help="Casque ou haut-parleur : numéro ou nom (voir accueil devices).")
@click.pass_context
def replay(ctx: click.Context, session: str, no_audio: bool, output_device: str | None) -> None:
    """Réécoute une séance tour par tour, avec chaque critère au moment où il s'est décidé.

    Touches : espace = pause / reprise, n = tour suivant, c = prochain critère, q = quitter."""
    from simulator.trainer.assessment import assessed
    from simulator.trainer.replay import replay_session
    from simulator.ui.replay import ReplayScreen

    try:
        replay_session(assessed(store(ctx), session), ReplayScreen(console()), audio=not no_audio,
                       output_device=output_device)
    except KeyboardInterrupt:  # Ctrl-C is a way to stop listening, not an error
        click.echo("\nRéécoute arrêtée.")


@click.command()
@click.argument("session")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier HTML à écrire (autonome : l'audio et tout le reste sont dedans).")
@click.pass_context
def report(ctx: click.Context, session: str, output: Path) -> None:
    """Écrit le compte rendu HTML d'une séance, à envoyer au stagiaire : grille, transcription, audio."""
    from simulator.trainer.assessment import assessed
    from simulator.web.report import write_report

    size = write_report(assessed(store(ctx), session), output)
    click.echo(f"Compte rendu écrit : {output} ({size / 1024:.0f} Ko)")


@click.command()
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


COMMANDS = (sessions, show, score, serve, replay, report, agreement)
