"""The learning record store's statements resource over HTTP (httpx). Each statement is PUT under
its own id: a store that already has it answers 204 (or 409 when it keeps the first copy), and it
counts as sent; a statement is never sent as a new one."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from simulator.store import Outgoing
from simulator.xapi.config import XapiSettings
from simulator.xapi.statements import VERSION

TIMEOUT = httpx.Timeout(10.0, connect=3.0)  # a store gone must not hold up the end of a call for long


@dataclass
class Answer:
    sent: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # statement id -> why the store refused it
    stopped: str | None = None  # why sending stopped (store unreachable, credentials refused): the rest waits


def statements_url(settings: XapiSettings) -> str:
    return f"{settings.lrs_url}/statements"


def send(settings: XapiSettings, outgoing: list[Outgoing]) -> Answer:
    """PUT each statement, in order; stop at the first sign that the store cannot take any."""
    url, answer = statements_url(settings), Answer()
    auth = (settings.lrs_user or "", settings.lrs_password or "") if settings.lrs_user else None
    with httpx.Client(auth=auth, timeout=TIMEOUT, headers={"X-Experience-API-Version": VERSION}) as client:
        for item in outgoing:
            try:
                response = client.put(url, params={"statementId": item.id}, content=item.statement.encode("utf-8"),
                                      headers={"Content-Type": "application/json"})
            except httpx.HTTPError as exc:
                answer.stopped = f"LRS injoignable ({url} : {exc or exc.__class__.__name__})"
                return answer
            status = response.status_code
            if status in (200, 204, 409):
                answer.sent.append(item.id)
            elif status in (401, 403):
                answer.stopped = (f"le LRS refuse l'accès ({status}) : vérifiez ACCUEIL_LRS_USER et "
                                  "ACCUEIL_LRS_PASSWORD")
                return answer
            elif status == 404:
                answer.stopped = f"adresse du LRS incorrecte ({url} : 404) : ACCUEIL_LRS_URL doit finir par …/xAPI"
                return answer
            elif 400 <= status < 500:
                answer.refused[item.id] = f"refusée par le LRS ({status} : {response.text[:300]})"
            else:
                answer.stopped = f"le LRS ne répond pas normalement ({url} : {status})"
                return answer
    return answer
