"""The trainee's commands: the scenarios and the training path, a call, the headset."""

from __future__ import annotations

import os
import sys
from dataclasses import asdict
from pathlib import Path

import click

from simulator.cli.common import console, json_option, print_json, print_table, store, voice_options


@click.command()
@click.option("--competence", "skill", metavar="CODE", help="Seulement les scénarios qui travaillent ce code du référentiel (T22.2, C221.1…).")
@click.option("--difficulte", "difficulty", metavar="N", type=click.IntRange(1, 5), help="Seulement cette difficulté (1 à 5).")
@json_option
def scenarios(skill: str | None, difficulty: int | None, as_json: bool) -> None:
    """Liste les scénarios disponibles, par difficulté croissante."""
    from simulator.scenario.catalogue import matching

    found = matching(skill, difficulty)
    if as_json:
        print_json([{"id": s.id, "titre": s.title, "persona": s.persona, "difficulte": s.difficulty,
                     "organisation": s.organisation, "references": list(s.references), "rubrique": s.rubric}
                    for s in found])
        return
    if not found:
        click.echo("Aucun scénario ne correspond.")
        return
    print_table("Scénarios", ("Identifiant", "Titre", "Appelant", "Difficulté", "Compétences"),
                ((s.id, s.title, s.persona, "★" * s.difficulty, ", ".join(s.references)) for s in found), ids=(0,))


@click.command()
@click.option("--trainee", "-t", metavar="PRÉNOM", required=True, help="Prénom du stagiaire.")
@json_option
@click.pass_context
def parcours(ctx: click.Context, trainee: str, as_json: bool) -> None:
    """Le parcours d'entraînement d'un stagiaire : les scénarios du plus simple au plus difficile,
    chacun ouvert quand le précédent est réussi (note d'au moins 80)."""
    from simulator.scenario.catalogue import catalogue
    from simulator.session.training_path import AHEAD, LOCKED, OPEN, PASS_SCORE, PASSED, next_step, training_path

    steps = training_path(catalogue(), store(ctx).list(), trainee)
    if as_json:
        print_json([{"id": st.scenario.id, "difficulte": st.scenario.difficulty, "meilleure_note": st.best,
                     "statut": st.status} for st in steps])
        return
    marks = {PASSED: "✓", OPEN: "▶", LOCKED: "🔒", AHEAD: "✓"}
    print_table(f"Parcours de {trainee} (réussi : note ≥ {PASS_SCORE})",
                ("", "Scénario", "Titre", "Niveau", "Note", "Statut"),
                ((marks[st.status], st.scenario.id, st.scenario.title, "★" * st.scenario.difficulty,
                  "—" if st.best is None else f"{st.best}/100", st.status) for st in steps), ids=(1,))
    upcoming = next_step(steps)
    click.echo(f"Prochain appel : accueil play --parcours -t {trainee}" if upcoming else "Parcours terminé, bravo !")


@click.command()
@click.argument("scenario", metavar="[SCÉNARIO]", required=False)
@click.option("--trainee", "-t", metavar="PRÉNOM", required=True, help="Prénom du stagiaire (celui qu'il annonce au téléphone).")
@click.option("--parcours", "next_in_path", is_flag=True,
              help="Joue le prochain scénario du parcours d'entraînement du stagiaire (voir accueil parcours).")
@click.option("--text", "text_mode", is_flag=True, help="Séance au clavier : vous tapez vos réponses.")
@click.option("--script", metavar="FICHIER", type=click.Path(dir_okay=False, path_type=Path),
              help="Mode texte : lit les réponses du stagiaire dans un fichier au lieu du clavier.")
@click.option("--replies", metavar="DOSSIER", type=click.Path(path_type=Path),
              help="Mode voix : joue les fichiers WAV de ce dossier comme voix du stagiaire (démonstrations, tests).")
@voice_options
@click.option("--ligne", "line", type=click.Choice(["casque", "telephone"]), default="casque", show_default=True,
              help="Mode voix : « telephone » fait passer la voix de l'appelant par une ligne téléphonique "
                   "(bande 300–3400 Hz, léger souffle), comme les vrais appels ; l'enregistrement garde ce qui a été joué.")
@click.option("--civilite", "civility", type=click.Choice(["madame", "monsieur", "aucune"]),
              help="Comment l'appelant s'adresse au stagiaire (« Bonjour madame ») ; retenu pour les séances "
                   "suivantes. Demandé au premier appel sinon.")
@click.option("--hors-parcours", "off_path", is_flag=True,
              help="Pour un formateur : joue un scénario que le parcours du stagiaire n'a pas encore ouvert.")
@click.option("--essai", "trial", is_flag=True,
              help="Essai d'un scénario (brouillon d'auteur) : l'appel est évalué mais pas enregistré.")
@click.option("--seed", metavar="ENTIER", type=int, default=None, help="Graine du tirage des répliques (reproductible).")
@json_option
@click.pass_context
def play(ctx: click.Context, scenario: str | None, trainee: str, next_in_path: bool, text_mode: bool,
         script: Path | None, replies: Path | None,
         engine: str, stt_model: Path | None, input_device: str | None, output_device: str | None, line: str,
         civility: str | None, off_path: bool, trial: bool, seed: int | None, as_json: bool) -> None:
    """Joue un appel au casque : l'appelant parle, vous répondez à voix haute, puis la grille s'affiche."""
    import tempfile

    from simulator.errors import InputError
    from simulator.scenario.loader import find_scenario
    from simulator.scoring import find_rubric
    from simulator.session.profile import CHOICES, civility_for
    from simulator.session.training_path import check_open, scenario_to_play
    from simulator.store import SessionStore
    from simulator.ui.render import print_delivery, print_scorecard

    trainee = trainee.strip()
    if not trainee:
        raise InputError("le prénom du stagiaire ne peut pas être vide")
    if script and replies:
        raise InputError("--script (mode texte) et --replies (mode voix) s'excluent")
    records = store(ctx)
    found = find_scenario(scenario_to_play(scenario, next_in_path, trainee, records.list))
    person = not (script or replies)  # a trainee at the keyboard or the headset, not a demonstration
    if person and not off_path and not trial:
        check_open(found, trainee, records.list())
    ask = (lambda: click.prompt(f"{trainee}, l'appelant vous dit « madame » ou « monsieur » ? (ou « aucune » ; "
                                "retenu pour la suite)", type=click.Choice(CHOICES), show_choices=False, err=True)) \
        if person and not as_json and sys.stdin.isatty() else None
    found = found.addressing(civility_for(records, trainee, civility, ask))
    rubric = find_rubric(found.rubric)
    out = console(stderr=as_json)
    seed = seed if seed is not None else int.from_bytes(os.urandom(2), "big")
    with tempfile.TemporaryDirectory(prefix="accueil-essai-") as scratch:
        if trial:  # a store of its own, gone with the call: nothing joins the trainee's sessions
            records = SessionStore(Path(scratch), url=f"sqlite:///{scratch}/essai.db")
        delivery = None  # « Indicateurs de voix »: voice sessions only
        if text_mode or script:
            from simulator.ui.typed import run_text_call

            recorder, call, scorecard = run_text_call(found, rubric, trainee, seed, script, lambda: records, out)
        else:
            from simulator.session.delivery import session_delivery
            from simulator.session.headset import VoiceOptions
            from simulator.ui.headset import run_voice_call

            options = VoiceOptions(engine, stt_model, input_device, output_device, replies, line)
            run = run_voice_call(found, rubric, trainee, seed, options, records, out)
            recorder, call, scorecard = run.recorder, run.call, run.scorecard
            delivery = session_delivery(recorder.info.directory, recorder.events)  # its recording closed: whole
        session_id = None if trial else recorder.info.id
        if trial:
            records.close()  # the scratch database closed before its folder goes
    if as_json:
        print_json({"session": session_id, **scorecard.as_dict(),
                    **({"indicateurs": delivery.as_dict()} if delivery is not None else {})})
    else:
        print_scorecard(out, scorecard)
        print_delivery(out, delivery)
        if trial:
            out.print("Essai : rien n'a été enregistré.", style="bold")
        else:
            out.print(f"Séance enregistrée : [bold]{session_id}[/]  (accueil show {session_id})")
    if not trial:  # to the centre's learning record store, when one is set (never fails the call)
        from simulator.xapi.outbox import after_session

        if (said := after_session(records, session_id)) is not None:
            click.echo(said, err=True)
    if call.error is not None:
        raise call.error


@click.command()
@click.argument("trainee", metavar="PRÉNOM")
@click.option("--civilite", "civility", type=click.Choice(["madame", "monsieur", "aucune"]),
              help="Comment l'appelant s'adresse à ce stagiaire.")
@click.pass_context
def stagiaire(ctx: click.Context, trainee: str, civility: str | None) -> None:
    """Affiche ou règle ce qui est retenu d'un stagiaire : la civilité que l'appelant emploie."""
    from simulator.session.profile import civility_for

    records = store(ctx)
    if civility is None and not records.knows(trainee):
        click.echo(f"{trainee} : civilité jamais donnée (demandée au premier appel ; --civilite pour la régler).")
        return
    known = civility_for(records, trainee, civility)
    click.echo(f"{trainee} : l'appelant dit « {known} »." if known else
               f"{trainee} : l'appelant ne dit ni « madame » ni « monsieur ».")


@click.command()
@json_option
def devices(as_json: bool) -> None:
    """Liste les micros et casques utilisables (pour --input-device et --output-device)."""
    from simulator.audio.devices import list_devices

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


@click.command()
@voice_options
@click.option("--wav", metavar="FICHIER", type=click.Path(dir_okay=False, path_type=Path),
              help="Utilise ce fichier WAV au lieu du micro (vérifier la reconnaissance sans casque).")
@click.option("--seconds", metavar="SECONDES", type=click.FloatRange(3, 120), default=20, show_default=True,
              help="Temps laissé pour dire la phrase d'essai.")
def check(engine: str, stt_model: Path | None, input_device: str | None, output_device: str | None,
          wav: Path | None, seconds: float) -> None:
    """Règle le casque : joue une phrase, affiche le niveau du micro et transcrit une phrase d'essai."""
    from simulator.errors import InputError
    from simulator.session.headset import VoiceOptions
    from simulator.ui.headset import check_headset

    report = check_headset(VoiceOptions(engine, stt_model, input_device, output_device), console(), wav, seconds)
    if report.heard is None:
        raise InputError("aucune parole détectée : vérifiez que le micro n'est pas coupé, rapprochez-le de la "
                         "bouche, ou choisissez-en un autre (accueil devices, --input-device)")


COMMANDS = (scenarios, parcours, play, stagiaire, devices, check)
