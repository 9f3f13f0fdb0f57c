"""A trainee's progress: every session, the score over time, each criterion's rate, the voice
indicators session after session, the competencies of the référentiel; and what a trainer sets
there: the trainee's group, a competency's level by hand."""

from __future__ import annotations

from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from simulator.errors import AccueilError
from simulator.scoring.guidance import GAP, LEVEL, RATE
from simulator.store.sessions import trainee_key
from simulator.text.figures import measured
from simulator.trainer.competency import MANUAL, Level
from simulator.trainer.grid import set_manual_level
from simulator.web import charts
from simulator.web import grid as files
from simulator.web.dashboard import Dashboard, labels
from simulator.web.pages.competencies import groups, rubric, sessions_of, trainees_grid
from simulator.web.pages.review import MAX_AUTHOR, MAX_COMMENT
from simulator.web.pages.sessions import SORTS, delivery_of
from simulator.web.results import criterion_rates, weakest_first

BACK_TO_COMPUTED = "calcule"  # the level form's choice that withdraws the trainer's level


def routes(d: Dashboard) -> list[Route]:
    async def trainee_page(request: Request) -> Response:
        name = request.path_params["name"]
        mine = await d.matching_or_404(lambda a: a.info.trainee == name, "Stagiaire introuvable.")
        mine.sort(key=SORTS["date"])
        rates = criterion_rates(mine)
        order = weakest_first(rates)
        names = labels(mine)
        # Kept beside each recording: read, or measured once for a session older than them.
        voices = await run_in_threadpool(lambda: [(a, v) for a in mine if (v := delivery_of(a)) is not None])
        memberships = d.store.memberships()
        competencies = await run_in_threadpool(trainees_grid, d, [name], mine, memberships)
        member = memberships.get(trainee_key(name))
        return d.page(request, "stagiaire.html", name=name, sessions=mine, rates=rates, order=order, labels=names,
                      chart=charts.score_chart(mine), grid=charts.criterion_grid(mine, order, names, rates),
                      voices=voices, voice_charts=charts.voice_charts(voices), measured=measured,
                      rate_range=RATE, level_range=LEVEL, gap_range=GAP,
                      competencies=competencies, row=competencies.rows[0], families=files.families,
                      sessions_of=sessions_of, group=member.group if member else "",
                      groups=groups(memberships), manual_levels=MANUAL,
                      levels=list(Level), day=files.day, saved=request.query_params.get("enregistre", ""))

    def refused(request: Request, name: str, what: str, problem: str) -> Response:
        return d.page(request, "erreur.html", 400, message=f"{what} non enregistré : {problem}.",
                      back=f"/stagiaires/{quote(name, safe='')}")

    async def set_group(request: Request) -> Response:
        name = request.path_params["name"]
        await d.matching_or_404(lambda a: a.info.trainee == name, "Stagiaire introuvable.")
        form = await request.form()
        group = " ".join(str(form.get("groupe", "")).split())
        leave = form.get("action") == "retirer"
        if not group and not leave:
            return refused(request, name, "Groupe", "indiquez le nom du groupe")
        try:
            d.store.set_group(name, None if leave else group)
        except AccueilError as exc:
            return refused(request, name, "Groupe", exc.format_message())
        return RedirectResponse(f"/stagiaires/{quote(name, safe='')}?enregistre=groupe#groupe", status_code=303)

    async def set_level(request: Request) -> Response:
        name = request.path_params["name"]
        await d.matching_or_404(lambda a: a.info.trainee == name, "Stagiaire introuvable.")
        form = await request.form()
        code, chosen = str(form.get("code", "")), str(form.get("niveau", ""))
        comment, author = str(form.get("commentaire", "")).strip(), str(form.get("auteur", "")).strip()
        choices = {level.value: level for level in MANUAL} | {BACK_TO_COMPUTED: None}
        problem = ("choisissez un niveau" if chosen not in choices else
                   "indiquez votre nom" if not author else
                   "dites sur quoi repose ce niveau dans le commentaire" if not comment else
                   "commentaire trop long" if len(comment) > MAX_COMMENT else
                   "nom trop long" if len(author) > MAX_AUTHOR else "")
        if problem:
            return refused(request, name, "Niveau", problem)
        level: Level | None = choices[chosen]
        try:
            manual = await run_in_threadpool(set_manual_level, d.store, rubric(), name, code, level, comment, author)
        except AccueilError as exc:
            return refused(request, name, "Niveau", exc.format_message())
        return RedirectResponse(f"/stagiaires/{quote(name, safe='')}?enregistre={quote(manual.code)}"
                                f"#competence-{quote(manual.code)}", status_code=303)

    return [Route("/stagiaires/{name}", trainee_page),
            Route("/stagiaires/{name}/groupe", set_group, methods=["POST"]),
            Route("/stagiaires/{name}/niveau", set_level, methods=["POST"])]
