"""Scenarios about the service: closed service, spelling a name and a number, busy extension,
escalated complaint, documents to provide.

Each file validates; a scripted good call (tests/scenario/scripted.py, the loop of
`accueil play --script`) reaches a good end state and passes every applicable criterion, whatever
caller variants the seed draws; a poor call fails them; the side branches react as written; and
the golden examples (`exemples:`) replay as their authors expect.
"""

from __future__ import annotations


import pytest
from scripted import ScriptedCall

from simulator.paths import scenarios_dir
from simulator.scenario.loader import find_scenario
from simulator.scenario.loader import scenario_problems

SPEECH = ["greeting", "identify", "rephrasing", "courtesy", "satisfaction", "closing"]


# -- good and poor calls -----------------------------------------------------------------------------

GOOD = {
    "hors-horaires": ("""
Clinique Nest, Camille, bonjour.
C'est de la part de qui, s'il vous plaît ?
Si je comprends bien, madame Benali, vous souhaitez vérifier que votre dossier de pré-admission est complet avant votre hospitalisation de lundi ?
Je suis désolée, le service des admissions est fermé : il est ouvert du lundi au vendredi de 8 h à 17 h 30.
Je peux prendre un message pour que le service des admissions vous rappelle lundi matin.
Pouvez-vous me donner votre numéro de téléphone, s'il vous plaît ?
Je relis : 06 71 38 52 94.
/fiche
nom: Nadia Benali
téléphone: 06 71 38 52 94
motif: vérifier que le dossier de pré-admission est complet, hospitalisation lundi 14 h
destinataire: service des admissions
Puis-je faire autre chose pour vous ?
Au revoir madame Benali, et bonne soirée.
""", ["decroche", "demande", "informee", "message", "numero_donne", "conclusion", "fin"]),
    "epeler-nom-numero": ("""
Aide à Domicile des Deux Rives, Camille, bonjour.
Je suis désolée, madame, monsieur Garnier est en visite chez un bénéficiaire jusqu'à 15 h. Je peux prendre un message, s'il vous plaît ?
Pouvez-vous épeler votre nom, s'il vous plaît ?
Je relis : S-Z-C-Z-E-P-A-N-I-A-K.
Je relis votre numéro : 07 81 70 16 96.
/fiche
nom: Bénédicte Szczepaniak
téléphone: 07 81 70 16 96
motif: décaler l'intervention de jeudi matin chez son père, M. Szczepaniak, à vendredi matin
destinataire: M. Garnier, planning
Si je comprends bien, madame Szczepaniak, vous souhaitez décaler l'intervention de jeudi matin chez votre père à vendredi matin, et que monsieur Garnier vous rappelle ?
Puis-je faire autre chose pour vous ?
Au revoir madame, et bonne journée.
""", ["decroche", "demande", "message", "nom_epele", "verifie", "conclusion", "fin"]),
    "transfert-occupe": ("""
Clinique Nest, Camille, bonjour.
Si je comprends bien, monsieur Vasseur, vous souhaitez parler à madame Perrin de la sortie de votre mère prévue demain ?
Je regarde si madame Perrin est disponible. Pouvez-vous patienter un instant, s'il vous plaît ?
/attente
/pause 20
/reprise
Merci d'avoir patienté. Madame Perrin est en ligne. Souhaitez-vous patienter, laisser un message, ou préférez-vous qu'elle vous rappelle ?
Très bien. À quel numéro peut-elle vous joindre, s'il vous plaît ?
Je relis : 06 33 74 21 58.
/fiche
nom: Thierry Vasseur
téléphone: 06 33 74 21 58
motif: heure de sortie de sa mère, Mme Odette Vasseur, prévue demain
destinataire: Mme Perrin, cadre de santé de chirurgie
Madame Perrin vous rappellera dans l'heure. Puis-je faire autre chose pour vous ?
Au revoir monsieur Vasseur, et bonne journée.
""", ["decroche", "demande", "en_attente", "reprise_ligne", "rappel", "numero_donne", "conclusion", "fin"]),
    "reclamation-escalade": ("""
Aide à Domicile des Deux Rives, Camille, bonjour.
Je suis vraiment désolée, monsieur Morin. Si je comprends bien, l'intervenante n'est pas venue lundi matin ni ce matin chez votre père, et personne n'a prévenu la famille ?
Je comprends votre colère. Madame Leroy, la responsable de secteur, est présente : elle pourra vous répondre. Avez-vous une autre question pour moi ?
Un instant je vous prie, je vous passe madame Leroy, responsable de secteur, veuillez rester en ligne s'il vous plaît. Au revoir monsieur Morin, et bonne journée.
/transfert Mme Leroy
""", ["decroche", "plainte", "comprise", "annonce", "transfere"]),
    "documents-a-fournir": ("""
Mairie de Saint-Ouen, Camille, bonjour.
Si je comprends bien, monsieur Dubreuil, vous souhaitez savoir quels documents fournir pour renouveler votre carte d'identité périmée ?
Il vous faut quatre documents : une photo d'identité de moins de six mois, un justificatif de domicile de moins d'un an, votre ancienne carte d'identité, et le numéro de votre pré-demande faite sur le site de l'ANTS. Le service reçoit uniquement sur rendez-vous.
Avez-vous bien noté ?
Pas tout à fait : la pré-demande se fait en ligne, sur le site de l'ANTS, avant le rendez-vous. Vous apportez simplement son numéro.
Je vous en prie. Puis-je faire autre chose pour vous ?
Au revoir monsieur Dubreuil, et bonne journée.
""", ["decroche", "demande", "liste_donnee", "doute", "clair", "conclusion", "fin"]),
}

POOR = {
    "hors-horaires": ("""
Allô ?
Ouais, les admissions c'est fermé à cette heure-ci.
Lundi, 8 h.
Ben rappelez lundi.
Au revoir.
""", "fin"),
    "epeler-nom-numero": ("""
Aide à domicile, bonjour.
Il est pas là.
Ok, allez-y.
C'est noté.
/fiche
nom: Bénédicte Chepaniak
téléphone: 07 81 60 16 96
motif: rappeler
destinataire: Garnier
Au revoir.
""", "fin_doute"),
    "transfert-occupe": ("""
Clinique Nest, bonjour.
Attendez.
/attente
/pause 40
/reprise
Elle est occupée, rappelez plus tard.
Ben je sais pas, moi.
Au revoir.
""", "coupe"),
    "reclamation-escalade": ("""
Allô, oui ?
Calmez-vous, monsieur, ce n'est pas de ma faute, c'est le planning.
Ouais, je vous passe quelqu'un.
/transfert planning
""", "coupe"),
    "documents-a-fournir": ("""
Mairie, bonjour.
Faut une photo.
Ben le justificatif de domicile, tout ça.
Au revoir.
""", "fin_incomprise"),
}

NEW = list(GOOD)


@pytest.mark.parametrize("scenario_id", NEW)
def test_file_validates(scenario_id):
    path = scenarios_dir() / f"{scenario_id}.yaml"
    scenario, problems = scenario_problems(path)
    assert not problems, [str(p) for p in problems]
    assert scenario.id == scenario_id and scenario.caller_voice in ("femme", "homme")
    assert {"fin", "coupe", "raccroche_appelant"} <= set(scenario.final_states)


def test_difficulty_follows_the_progression():
    difficulty = {s: find_scenario(s).difficulty for s in NEW}
    assert difficulty == {"hors-horaires": 2, "epeler-nom-numero": 3, "transfert-occupe": 3,
                          "reclamation-escalade": 5, "documents-a-fournir": 2}


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("scenario_id", NEW)
def test_good_call_passes_every_criterion(scenario_id, seed, tmp_path):
    script, path = GOOD[scenario_id]
    call = ScriptedCall(scenario_id, script, seed, tmp_path)
    assert call.path == path
    assert call.card.score == 100, call.failures()
    for expected in call.scenario.expected:
        assert call.verdict(expected) is True


@pytest.mark.parametrize("scenario_id", NEW)
def test_poor_call_fails(scenario_id, tmp_path):
    script, end = POOR[scenario_id]
    call = ScriptedCall(scenario_id, script, 1, tmp_path)
    assert call.end == end
    assert [call.verdict(c) for c in SPEECH] == [False] * len(SPEECH)
    for expected in call.scenario.expected:
        assert call.verdict(expected) is False
    assert call.card.score == 0


# -- side branches ------------------------------------------------------------------------------------

def test_closed_service_caller_calls_back_herself(tmp_path):
    call = ScriptedCall("hors-horaires", """
Clinique Nest, Camille, bonjour.
Je suis désolée, madame, le service des admissions est fermé.
Il rouvre lundi à 8 h. Vous pourrez les rappeler lundi matin, dès l'ouverture.
Puis-je faire autre chose pour vous ?
Au revoir madame, bonne soirée.
""", 1, tmp_path)
    assert call.path == ["decroche", "demande", "fermee", "rappellera", "conclusion", "fin"]
    assert call.verdict("message") is None


def test_closed_service_transfer_rings_out(tmp_path):
    call = ScriptedCall("hors-horaires", """
Clinique Nest, Camille, bonjour.
Je vous passe les admissions, ne quittez pas.
/transfert service des admissions
""", 1, tmp_path)
    assert call.said("sonné dans le vide") and "fermee" in call.path and call.end == "coupe"


def test_closed_service_caller_gives_up_without_a_solution(tmp_path):
    call = ScriptedCall("hors-horaires", """
Clinique Nest, Camille, bonjour.
Le service des admissions est fermé, il ouvre à 8 h lundi.
D'accord.
/pause 15
D'accord.
/pause 15
D'accord.
/pause 15
""", 1, tmp_path)
    assert call.end == "raccroche_decue"


def test_spelling_wrong_readbacks_are_corrected(tmp_path):
    call = ScriptedCall("epeler-nom-numero", """
Aide à Domicile des Deux Rives, Camille, bonjour.
Monsieur Garnier est absent. Je prends un message ?
Pouvez-vous épeler votre nom ?
Je relis : S-Z-C-Z-E-P-A-N-I-A-C.
Je relis : 07 81 60 16 96.
Puis-je faire autre chose pour vous ?
Au revoir, bonne journée.
""", 1, tmp_path)
    assert call.said("Non, ce n'est pas ça : S-Z-C-Z-E-P-A-N-I-A-K.") and call.said("Non, pas du tout")
    assert call.said("vous pouvez me relire le numéro")
    assert call.end == "fin_doute"  # the number was never read back right


def test_spelling_number_first_then_name(tmp_path):
    call = ScriptedCall("epeler-nom-numero", """
Aide à Domicile des Deux Rives, Camille, bonjour.
Je suis désolée, monsieur Garnier est en visite. Je peux prendre un message ?
Je relis : zéro sept, quatre-vingt-un, soixante-dix, seize, quatre-vingt-seize.
Puis-je faire autre chose pour vous ?
Comment s'écrit votre nom, s'il vous plaît ?
Puis-je faire autre chose pour vous ?
Au revoir madame, bonne journée.
""", 1, tmp_path)
    assert call.path == ["decroche", "demande", "message", "numero_relu", "verifie", "conclusion", "fin"]
    assert call.said("Vous avez bien l'orthographe de mon nom ?")


def test_busy_transfer_comes_back_and_long_hold_hangs_up(tmp_path):
    back = ScriptedCall("transfert-occupe", """
Clinique Nest, Camille, bonjour.
Je vous passe madame Perrin, ne quittez pas.
/transfert Mme Perrin
Je suis désolée, madame Perrin est en ligne. Je peux prendre un message pour qu'elle vous rappelle ?
""", 1, tmp_path)
    assert back.said("Ça sonne occupé") and back.path[-3:] == ["occupe", "rappel", "coupe"]
    assert back.verdict("hold") is False and back.verdict("transfer") is True
    gone = ScriptedCall("transfert-occupe", """
Clinique Nest, Camille, bonjour.
Un instant, s'il vous plaît, je vérifie.
/attente
/pause 50
/reprise
""", 1, tmp_path)
    assert gone.end == "raccroche_impatient" and gone.said("Ça va durer longtemps ?") | gone.said("quelqu'un")


def test_busy_offering_only_to_wait_is_not_enough(tmp_path):
    call = ScriptedCall("transfert-occupe", """
Clinique Nest, Camille, bonjour.
Pouvez-vous patienter un instant, s'il vous plaît ?
/attente
/pause 10
/reprise
Merci d'avoir patienté. Madame Perrin est occupée, souhaitez-vous patienter ?
Elle peut vous rappeler, si vous préférez.
""", 1, tmp_path)
    assert call.said("Combien de temps ?") and call.path[-3:] == ["occupe", "rappel", "coupe"]


def test_complaint_dismissed_twice_hangs_up(tmp_path):
    call = ScriptedCall("reclamation-escalade", """
Aide à Domicile des Deux Rives, Camille, bonjour.
Ce n'est pas de ma faute, monsieur.
Calmez-vous, ça arrive.
""", 1, tmp_path)
    assert call.path == ["decroche", "plainte", "furieux", "raccroche_furieux"]


def test_complaint_message_refused_then_accepted(tmp_path):
    call = ScriptedCall("reclamation-escalade", """
Aide à Domicile des Deux Rives, Camille, bonjour.
Je suis désolée, monsieur Morin.
Je peux prendre un message pour la responsable ?
Je comprends. Je prends un message et madame Leroy vous rappellera dans l'heure.
Puis-je faire autre chose pour vous ?
Au revoir monsieur, bonne journée.
""", 1, tmp_path)
    assert call.path == ["decroche", "plainte", "excuse_faite", "insiste", "rappel_accepte", "conclusion", "fin"]
    assert call.verdict("transfer") is False  # the situation required a transfer


def test_complaint_unannounced_transfer(tmp_path):
    call = ScriptedCall("reclamation-escalade", """
Aide à Domicile des Deux Rives, Camille, bonjour.
/transfert Mme Leroy
""", 1, tmp_path)
    assert call.end == "transfere" and call.said("Vous auriez pu prévenir") and call.verdict("transfer") is False


def test_documents_without_checking_understanding(tmp_path):
    call = ScriptedCall("documents-a-fournir", """
Mairie de Saint-Ouen, Camille, bonjour.
Il vous faut une photo d'identité.
Et un justificatif de domicile, avec votre ancienne carte.
Puis-je faire autre chose pour vous ?
Au revoir monsieur, bonne journée.
""", 1, tmp_path)
    assert call.path == ["decroche", "demande", "partielle", "liste_donnee", "doute", "fin_incomprise"]


# -- golden examples ----------------------------------------------------------------------------------

@pytest.mark.parametrize("scenario_id", NEW)
def test_examples_replay_as_written(scenario_id):
    from simulator.session.examples import check_file

    result = check_file(scenarios_dir() / f"{scenario_id}.yaml")
    assert result.passed, [m for r in result.results for m in r.mismatches] + [str(p) for p in result.problems]
    assert [r.example.title for r in result.results] == ["Appel bien mené", "Appel à reprendre"]
