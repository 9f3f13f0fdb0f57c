"""A trainer's review of one criterion of a session: checked, stored, then back to the session."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from simulator.web.dashboard import Dashboard
from simulator.xapi.outbox import after_review

MAX_COMMENT, MAX_AUTHOR = 2000, 100


def routes(d: Dashboard) -> list[Route]:
    async def review(request: Request) -> Response:
        assessment = d.assessment_or_404(request.path_params["session_id"])
        info = assessment.info
        form = await request.form()
        criterion, verdict = str(form.get("critere", "")), str(form.get("verdict", ""))
        comment, author = str(form.get("commentaire", "")).strip(), str(form.get("auteur", "")).strip()
        known = {r.machine.id for r in assessment.rows}
        problem = ("critère inconnu" if criterion not in known else
                   "choisissez « réussi » ou « à revoir »" if verdict not in ("reussi", "echoue") else
                   "indiquez votre nom" if not author else
                   "expliquez votre décision dans le commentaire" if not comment else
                   "commentaire trop long" if len(comment) > MAX_COMMENT else
                   "nom trop long" if len(author) > MAX_AUTHOR else "")
        if problem:
            return d.page(request, "erreur.html", 400, message=f"Révision non enregistrée : {problem}.",
                          back=f"/seances/{quote(info.id)}")
        override = d.store.add_override(info.id, criterion, verdict == "reussi", comment, author)
        after_review(d.store, override)  # to the centre's learning record store, when one is set (in the background)
        return RedirectResponse(f"/seances/{quote(info.id)}?revu={quote(criterion)}#critere-{quote(criterion)}",
                                status_code=303)

    return [Route("/seances/{session_id}/revue", review, methods=["POST"])]
