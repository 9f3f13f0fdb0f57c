"""The trainer's commands: the recorded sessions, scoring, replay, reports and the dashboard."""

from __future__ import annotations

from pathlib import Path

import click

from simulator.cli.common import (console, json_option, output_device_option, print_json, print_table, store,
                                  voice_options)


SHOWN = 50  # sessions listed when --limit is not given: the newest stay on screen


@click.command()
@click.option("--stagiaire", "trainee", metavar="PRÉNOM",
              help="Seulement les séances de ce stagiaire (majuscules et accents indifférents).")
@click.option("--scenario", metavar="SCÉNARIO", help="Seulement les séances de ce scénario (identifiant ou son début).")
@click.option("--limit", type=click.IntRange(min=1), metavar="N",
              help=f"Nombre de séances listées (défaut : les {SHOWN} plus récentes ; avec --json, toutes).")
@json_option
@click.pass_context
def sessions(ctx: click.Context, trainee: str | None, scenario: str | None, limit: int | None,
             as_json: bool) -> None:
    """Liste les séances enregistrées, les plus récentes d'abord."""
    from rich.text import Text

    from simulator.records import status_label

    records = store(ctx)
    scenario_id = None
    if scenario is not None:  # scenarios are only read (0.2 s) when one is asked for
        from simulator.scenario.loader import find_scenario

        scenario_id = find_scenario(scenario).id
    shown = limit if limit is not None or as_json else SHOWN  # a script gets every session unless it asks
    found = records.list(trainee=trainee, scenario=scenario_id, limit=shown)
    if as_json:
        print_json([s.as_dict() for s in found])
        return
    if not found:
        click.echo("Aucune séance ne correspond." if trainee is not None or scenario is not None else
                   "Aucune séance enregistrée. Lancez un appel : accueil play appel-calme --trainee Prénom")
        return

    def note(s) -> Text:  # the status only when the call did not end normally
        score = "—" if s.score is None else f"{s.score}/100"
        if s.status == "completed":
            return Text(score)
        return Text.assemble((status_label(s.status), "yellow"), "" if s.score is None else f" {score}")

    # The id starts with the date and time of the call: no column of its own, so that a line fits 80 columns.
    print_table("Séances", ("Séance", "Stagiaire", "Scénario", "Note"),
                ((s.id, s.trainee, s.scenario_id or "—", note(s)) for s in found), ids=(0,))
    more = records.count(trainee=trainee, scenario=scenario_id) - len(found) if len(found) == shown else 0
    if more:
        click.echo(f"… {more} séance{'s' if more > 1 else ''} de plus (--limit)")


@click.command()
@click.argument("session", metavar="SÉANCE")
@json_option
@click.pass_context
def show(ctx: click.Context, session: str, as_json: bool) -> None:
    """Affiche une séance : sa transcription, sa grille d'évaluation et ses indicateurs de voix
    (SÉANCE : son identifiant, ou son début s'il n'y en a qu'une qui commence ainsi)."""
    from simulator.session.delivery import session_delivery
    from simulator.session.rescore import scored
    from simulator.ui.render import print_delivery, print_scorecard, print_transcript, session_heading

    records = store(ctx)
    info = records.get(records.resolve(session))
    transcript = records.transcript(info.id)
    scorecard, notes = scored(info, transcript, records)
    delivery = session_delivery(info.directory, transcript.events)  # None for a typed session
    if as_json:
        print_json({"session": info.as_dict(), **scorecard.as_dict(), "notes": list(notes),
                    "indicateurs": delivery.as_dict() if delivery is not None else None})
        return
    out = console()
    session_heading(out, info.id, info.trainee, info.scenario_id, info.status)
    for note in notes:
        out.print(note, style="yellow", markup=False)
    print_transcript(out, transcript)
    print_scorecard(out, scorecard)
    print_delivery(out, delivery)


@click.command()
@click.argument("target", metavar="CIBLE")
@click.option("--rubric", "-r", metavar="GRILLE", help="Grille d'évaluation (identifiant ou fichier YAML ; défaut : standard).")
@click.option("--organisation", metavar="NOM", help="Enregistrement audio : nom de la structure que le stagiaire doit annoncer.")
@click.option("--trainee", "-t", metavar="PRÉNOM", help="Enregistrement audio : prénom du stagiaire.")
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
    from simulator.ui.render import print_delivery, print_scorecard, print_transcript

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
    delivery = None
    if found.channels is not None:  # a recording: « Indicateurs de voix » as after a headset call
        from simulator.session.delivery import measure

        delivery = measure(found.transcript.events, found.channels)
    if as_json:
        print_json({**({"transcription": [to_record(e) for e in found.transcript.events]} if found.heard else {}),
                    **scorecard.as_dict(), **({"indicateurs": delivery.as_dict()} if delivery is not None else {})})
    else:
        if found.heard:  # show what was understood
            print_transcript(console(), found.transcript)
        print_scorecard(console(), scorecard)
        print_delivery(console(), delivery)


@click.command()
@click.option("--host", metavar="ADRESSE", default="127.0.0.1", show_default=True,
              help="Adresse d'écoute. Toute autre adresse que la machine locale exige un jeton.")
@click.option("--port", metavar="PORT", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Port d'écoute.")
@click.option("--token", metavar="JETON", envvar="ACCUEIL_WEB_TOKEN",
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
@click.argument("session", metavar="SÉANCE")
@click.option("--no-audio", is_flag=True, help="Affiche la transcription annotée sans jouer l'enregistrement.")
@output_device_option
@click.pass_context
def replay(ctx: click.Context, session: str, no_audio: bool, output_device: str | None) -> None:
    """Réécoute une séance tour par tour, avec chaque critère au moment où il s'est décidé.

    Touches : espace = pause / reprise, n = tour suivant, c = prochain critère, q = quitter."""
    from simulator.trainer.assessment import assessed
    from simulator.trainer.replay import replay_session
    from simulator.ui.replay import ReplayScreen

    try:
        records = store(ctx)
        replay_session(assessed(records, records.resolve(session)), ReplayScreen(console()), audio=not no_audio,
                       output_device=output_device)
    except KeyboardInterrupt:  # Ctrl-C is a way to stop listening, not an error
        click.echo("\nRéécoute arrêtée.")


@click.command()
@click.argument("session", metavar="SÉANCE")
@click.option("--output", "-o", metavar="FICHIER", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier HTML à écrire (autonome : l'audio et tout le reste sont dedans).")
@click.pass_context
def report(ctx: click.Context, session: str, output: Path) -> None:
    """Écrit le compte rendu HTML d'une séance, à envoyer au stagiaire : grille, transcription, audio."""
    from simulator.trainer.assessment import assessed
    from simulator.web.report import write_report

    records = store(ctx)
    size = write_report(assessed(records, records.resolve(session)), output)
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


@click.command()
@click.option("--stagiaire", "trainee", metavar="PRÉNOM", help="Seulement ce stagiaire.")
@click.option("--groupe", "group", metavar="GROUPE", help="Seulement les stagiaires de ce groupe (voir accueil groupe).")
@click.option("--rubric", "-r", metavar="GRILLE",
              help="Grille d'évaluation dont les codes et la règle d'acquisition comptent (défaut : standard).")
@click.option("--output", "-o", metavar="FICHIER", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier à écrire : .html (page autonome, à imprimer), .pdf (A4 paysage, pour le dossier "
                   "de certification) ou .csv (tableur, une ligne par stagiaire et code).")
@click.pass_context
def grille(ctx: click.Context, trainee: str | None, group: str | None, rubric: str | None, output: Path) -> None:
    """Écrit la grille des compétences du référentiel, stagiaire par stagiaire : acquis, en cours
    d'acquisition, non acquis ou non évalué, avec les séances qui le prouvent."""
    from simulator.scoring import find_rubric
    from simulator.trainer.grid import read_grid
    from simulator.web.grid import write_grid

    found = read_grid(store(ctx), find_rubric(rubric), trainee, group)
    size = write_grid(found, output, found.rows[0].group if group else None)  # the group as it was named
    click.echo(f"Grille écrite : {output} ({len(found.rows)} stagiaire{'s' if len(found.rows) > 1 else ''}, "
               f"{len(found.codes)} codes, {max(size // 1024, 1)} Ko)")


@click.command()
@click.argument("trainee", metavar="PRÉNOM")
@click.argument("group", metavar="[GROUPE]", required=False)
@click.option("--retirer", "leave", is_flag=True, help="Retire le stagiaire de son groupe.")
@click.pass_context
def groupe(ctx: click.Context, trainee: str, group: str | None, leave: bool) -> None:
    """Affiche ou règle le groupe (classe, session de formation) d'un stagiaire : un seul à la fois."""
    from simulator.errors import InputError
    from simulator.store.sessions import trainee_key

    records = store(ctx)
    if group is not None and leave:
        raise InputError("indiquez un groupe ou --retirer, pas les deux")
    if group is not None or leave:
        records.set_group(trainee, group)
    member = records.memberships().get(trainee_key(trainee))
    click.echo(f"{trainee.strip()} : groupe « {member.group} »." if member else
               f"{trainee.strip()} n'est dans aucun groupe.")


LEVEL_CHOICES = ("acquis", "en-cours", "non-acquis", "calcule")  # competency.MANUAL, and back to the computed level


@click.command()
@click.argument("trainee", metavar="PRÉNOM")
@click.argument("code", metavar="CODE")
@click.argument("level", metavar="[NIVEAU]", required=False, type=click.Choice(LEVEL_CHOICES))
@click.option("--commentaire", "-c", "comment", metavar="TEXTE", default="",
              help="Sur quoi repose ce niveau (obligatoire pour le fixer).")
@click.option("--auteur", "author", metavar="NOM", default="", help="Le formateur qui décide (obligatoire pour le fixer).")
@click.option("--rubric", "-r", metavar="GRILLE", help="Grille d'évaluation (défaut : standard).")
@click.pass_context
def niveau(ctx: click.Context, trainee: str, code: str, level: str | None, comment: str, author: str,
           rubric: str | None) -> None:
    """Affiche ou fixe à la main le niveau d'un stagiaire sur un code du référentiel (NIVEAU : acquis,
    en-cours, non-acquis, ou calcule pour revenir au niveau calculé). Le niveau calculé reste à côté."""
    from simulator.scoring import find_rubric
    from simulator.trainer.competency import Level
    from simulator.trainer.grid import read_grid, rubric_code, set_manual_level
    from simulator.web.present import date

    records = store(ctx)
    found_rubric = find_rubric(rubric)
    code = rubric_code(found_rubric, code)
    if level is not None:
        chosen = None if level == "calcule" else Level(level)
        set_manual_level(records, found_rubric, trainee, code, chosen, comment, author)
    grid = read_grid(records, found_rubric, trainee)
    row = grid.rows[0]
    c = next(c for c in row.competencies if c.code == code)
    click.echo(f"{row.trainee} · {code} ({' ; '.join(grid.codes[code])})")
    click.echo(f"Niveau retenu : {c.level.label}" + (f" ✎ (fixé par {c.manual.author} le {date(c.manual.at)} : "
                                                      f"« {c.manual.comment} »)" if c.manual else ""))
    passed = sum(p.passed for p in c.proofs)
    click.echo(f"Niveau calculé : {c.computed.label} ({passed} réussite{'s' if passed > 1 else ''} dans les "
               f"{len(c.proofs)} dernières séances où il a été évalué)" if c.proofs else
               f"Niveau calculé : {c.computed.label} (aucune séance terminée ne l'a évalué)")
    for p in c.proofs:
        click.echo(f"  {'✓' if p.passed else '✗'} {p.session_id}" + (f" {'★' * p.difficulty}" if p.difficulty else ""))
    history = records.level_history(row.trainee, code)
    if history:
        click.echo("Niveaux fixés à la main :")
    for h in history:
        said = Level(h.level).label if h.level else "retour au niveau calculé"
        click.echo(f"  {date(h.at)} · {h.author} : {said} — « {h.comment} »")


COMMANDS = (sessions, show, score, serve, replay, report, agreement, grille, groupe, niveau)
