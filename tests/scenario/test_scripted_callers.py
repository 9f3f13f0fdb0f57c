"""Scenarios about the caller: appointment booking, misdirected call, talkative caller,
aggressive caller and vague request.

Each file must be valid; a well-led scripted call (tests/scenario/scripted.py, the loop of
`accueil play --script`) must reach a good end state and pass the rubric, and a poor one must end
badly and fail it. Calls run against every caller variant (seeds 0 to 2).
"""

from __future__ import annotations


import pytest
from scripted import ECHOUE, REUSSI, ScriptedCall

from simulator import paths
from simulator.scenario.loader import find_scenario
from simulator.scenario.loader import scenario_problems

NEW = ["prise-de-rendez-vous", "mauvais-numero", "appelant-bavard", "appelant-agressif", "demande-floue"]
MAIN = ("greeting", "identify", "rephrasing", "courtesy", "satisfaction", "closing")


def play(tmp_path, scenario_id: str, script: str, seed: int) -> ScriptedCall:
    return ScriptedCall(scenario_id, script, seed, tmp_path)


# -- scripted calls: (scenario, script, expected path, expected verdicts) ---------------------------

GOOD = {
    "prise-de-rendez-vous": ("""
Clinique Nest, Camille, bonjour.
C'est de la part de qui, s'il vous plaît ?
Si je comprends bien, monsieur Garnier, vous souhaitez un rendez-vous de contrôle avec le docteur Morel ?
Je peux vous proposer mardi à 10 h 30 ou jeudi à 15 h.
Je vous confirme votre rendez-vous avec le docteur Morel jeudi à 15 h, au nom de monsieur Garnier.
Puis-je faire autre chose pour vous ?
Au revoir monsieur Garnier, bonne journée.
""", ["decroche", "demande", "identifie", "creneau_choisi", "confirme", "conclusion", "fin"], {}),
    "mauvais-numero": ("""
Mairie de Saint-Ouen, Camille, bonjour.
Puis-je avoir votre nom, s'il vous plaît ?
Si je comprends bien, monsieur Dumas, vous souhaitez refaire votre carte Vitale perdue ?
Je suis désolée, la mairie ne s'occupe pas des cartes Vitale : il faut vous adresser à l'Assurance maladie, la CPAM, au 36 46.
Puis-je faire autre chose pour vous ?
Au revoir monsieur Dumas, bonne journée.
""", ["decroche", "demande", "oriente", "conclusion", "fin"], {}),
    "appelant-bavard": ("""
Aide à Domicile des Deux Rives, Camille, bonjour.
C'est de la part de qui, s'il vous plaît ?
Je vous remercie, madame Girard. Pour revenir à votre demande, que puis-je faire pour vous ?
Si je comprends bien, vous souhaitez que Sandrine, votre aide ménagère, vienne le jeudi au lieu du mardi ?
Je vous propose le jeudi à 9 h, à partir de la semaine prochaine, avec Sandrine Petit.
Puis-je faire autre chose pour vous ?
Au revoir madame Girard, bonne journée.
""", ["decroche", "bavarde", "recentree", "accord", "conclusion", "fin"], {}),
    "appelant-agressif": ("""
Mairie de Saint-Ouen, Camille, bonjour.
Je comprends votre colère, monsieur, et je suis là pour vous aider, mais je vous demande de rester courtois, s'il vous plaît.
Si je comprends bien, vos encombrants n'ont pas été ramassés hier, et c'est la troisième fois ?
Puis-je avoir votre nom, s'il vous plaît ?
Je vous prie de nous excuser, monsieur Vasseur. Je vous propose un passage prioritaire vendredi matin, entre 7 h et 12 h.
Puis-je faire autre chose pour vous ?
Au revoir monsieur Vasseur, bonne journée.
""", ["decroche", "colere", "recadre", "apaise", "conclusion", "fin"], {}),
    "demande-floue": ("""
Clinique Nest, Camille, bonjour.
Puis-je avoir votre nom, s'il vous plaît ?
Je vous écoute, madame Haddad : pouvez-vous m'en dire plus sur la situation de votre père ?
Si je comprends bien, votre père sort vendredi après son opération de la hanche et il vit seul : est-ce que vous cherchez une aide à domicile pour son retour ?
C'est le service social qui organise les retours à domicile. Un instant je vous prie, je vous passe Mme Perrin, l'assistante sociale, veuillez rester en ligne s'il vous plaît.
Puis-je faire autre chose pour vous avant de vous transférer ?
Je vous passe le service social, ne quittez pas. Au revoir madame Haddad, bonne journée.
/transfert service social
""", ["decroche", "floue", "precise", "besoin_identifie", "annonce", "transfere"], {"transfer": REUSSI}),
}

POOR = {
    "prise-de-rendez-vous": ("""
Allô ?
Ouais, je peux vous mettre jeudi à 15 h.
Au revoir.
""", ["decroche", "demande", "creneau_choisi", "sans_confirmation"], {}),
    "mauvais-numero": ("""
Mairie, bonjour.
Ah non, c'est pas ici, vous vous êtes trompé.
""", ["decroche", "demande", "vexe"], {}),
    "appelant-bavard": ("""
Deux Rives, bonjour.
Bon alors, venez-en au fait, j'ai pas le temps.
Ouais, bon, abrégez.
""", ["decroche", "bavarde", "vexee", "raccroche_vexee"], {}),
    "appelant-agressif": ("""
Allô ?
Calmez-vous, ce n'est pas ma faute !
Ouais, ben c'est pas mon problème.
""", ["decroche", "colere", "menace", "raccroche_furieux"], {}),
    "demande-floue": ("""
Clinique Nest, bonjour.
Vous voulez les admissions ?
/transfert admissions
""", ["decroche", "floue", "mal_oriente"], {"transfer": ECHOUE}),
}


@pytest.mark.parametrize("scenario_id", NEW)
def test_file_is_valid(scenario_id):
    scenario, problems = scenario_problems(paths.scenarios_dir() / f"{scenario_id}.yaml")
    assert not problems, "\n".join(map(str, problems))
    assert scenario.id == scenario_id and scenario.references and 1 <= scenario.difficulty <= 5


def test_difficulty_follows_the_progression():
    difficulty = {s: find_scenario(s).difficulty for s in NEW}
    assert difficulty == {"prise-de-rendez-vous": 2, "mauvais-numero": 2, "appelant-bavard": 3,
                          "demande-floue": 3, "appelant-agressif": 5}


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("scenario_id", NEW)
def test_well_led_call(tmp_path, scenario_id, seed):
    script, expected_path, extra = GOOD[scenario_id]
    played = play(tmp_path, scenario_id, script, seed)
    assert played.path == expected_path
    for criterion in MAIN:
        assert played.verdicts[criterion] == REUSSI, (criterion, played.verdicts)
    for criterion, verdict in extra.items():
        assert played.verdicts[criterion] == verdict
    assert played.score == 100


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("scenario_id", NEW)
def test_poor_call(tmp_path, scenario_id, seed):
    script, expected_path, extra = POOR[scenario_id]
    played = play(tmp_path, scenario_id, script, seed)
    assert played.path == expected_path
    assert find_scenario(scenario_id).states[played.end].final and played.end != "fin"
    for criterion in MAIN:
        assert played.verdicts[criterion] == ECHOUE, (criterion, played.verdicts)
    for criterion, verdict in extra.items():
        assert played.verdicts[criterion] == verdict
    assert played.score == 0


# -- other endings ----------------------------------------------------------------------------------

OTHER_PATHS = [
    # An aggressive caller who keeps threatening: the trainee announces the end and takes leave politely.
    ("appelant-agressif", """
Mairie de Saint-Ouen, Camille, bonjour.
Calmez-vous, monsieur.
Monsieur, je ne peux pas accepter ces menaces. Je vais devoir mettre fin à cet appel. Au revoir, monsieur, bonne journée.
""", ["decroche", "colere", "menace", "fin_ecourtee"], {"greeting": REUSSI, "closing": REUSSI, "courtesy": ECHOUE}),
    # A limit after the threats calms him down.
    ("appelant-agressif", """
Mairie de Saint-Ouen, Camille, bonjour.
Ce n'est pas si grave, monsieur.
Monsieur, je comprends votre colère et je suis là pour vous aider, mais je vous demande de rester courtois.
Je vous propose un passage prioritaire vendredi matin.
Au revoir monsieur, bonne journée.
""", ["decroche", "colere", "menace", "recadre", "apaise", "fin"], {"greeting": REUSSI}),
    # Closed questions only once the caller has opened up; the number of the social service is given.
    ("demande-floue", """
Clinique Nest, Camille, bonjour.
Avez-vous besoin d'une aide à domicile ?
Qu'est-ce qui vous inquiète, madame ?
Avez-vous besoin d'une aide à domicile pour son retour ?
Je vous donne les coordonnées du service social : Mme Perrin, au 01 45 67 89 40.
Puis-je faire autre chose pour vous ?
Au revoir madame, bonne journée.
""", ["decroche", "floue", "precise", "besoin_identifie", "oriente", "conclusion", "fin"],
     {"satisfaction": REUSSI, "closing": REUSSI}),
    # Transferring a misdirected caller to a department of the town hall does not help him.
    ("mauvais-numero", """
Mairie de Saint-Ouen, Camille, bonjour.
Je vous passe l'état civil, ne quittez pas.
/transfert état civil
""", ["decroche", "demande", "mal_transfere"], {}),
    # Organisation first, then the number when he asks for it.
    ("mauvais-numero", """
Mairie de Saint-Ouen, Camille, bonjour.
La mairie ne s'occupe pas des cartes Vitale, monsieur.
C'est l'Assurance maladie qui s'en occupe.
Leur numéro est le 36 46.
Au revoir monsieur, bonne journée.
""", ["decroche", "demande", "explique", "organisme_nomme", "oriente", "fin"], {}),
    # A curt interruption, then an apology: she comes back to her request.
    ("appelant-bavard", """
Aide à Domicile des Deux Rives, Camille, bonjour.
Venez-en au fait, madame.
Excusez-moi, madame, je vous écoute.
Je vous propose le jeudi à 9 h.
Au revoir madame, bonne journée.
""", ["decroche", "bavarde", "vexee", "recentree", "accord", "fin"], {"courtesy": REUSSI}),
    # Taking leave without confirming the slot leaves the patient unsure.
    ("prise-de-rendez-vous", """
Clinique Nest, Camille, bonjour.
Quel est votre nom, s'il vous plaît ?
Je peux vous proposer mardi à 10 h 30 ou jeudi à 15 h.
Au revoir monsieur, bonne journée.
""", ["decroche", "demande", "identifie", "creneau_choisi", "sans_confirmation"], {"identify": REUSSI}),
]


@pytest.mark.parametrize("seed", [1])
@pytest.mark.parametrize("scenario_id,script,expected_path,verdicts", OTHER_PATHS,
                         ids=[f"{p[0]}:{p[2][-1]}" for p in OTHER_PATHS])
def test_other_endings(tmp_path, scenario_id, script, expected_path, verdicts, seed):
    played = play(tmp_path, scenario_id, script, seed)
    assert played.path == expected_path
    for criterion, verdict in verdicts.items():
        assert played.verdicts[criterion] == verdict, (criterion, played.verdicts)


@pytest.mark.parametrize("scenario_id", NEW)
def test_silence_prompts_then_hangs_up(tmp_path, scenario_id):
    first = find_scenario(scenario_id)
    played = play(tmp_path, scenario_id, "/pause 200\nAllô ?\n", 0)
    assert played.path[-1] == "raccroche_appelant" and first.states["raccroche_appelant"].final
