from simulator.text.matchers import find_phrase
from simulator.text.normalize import digits, normalize


def test_normalize_lowercases_strips_accents_and_punctuation():
    assert normalize("Clinique Nest, Clémence, BONJOUR !") == "clinique nest clemence bonjour"
    assert normalize("C'est de la part de qui ?") == "c est de la part de qui"


def test_number_words_become_digits():
    assert digits("zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit") == "0612345678"
    assert digits("zero six douze trente quatre cinquante six soixante dix huit") == "0612345678"
    assert digits("06 12 34 56 78") == "0612345678"
    assert digits("un instant je vous prie") == ""


def test_find_phrase_whole_words_only():
    assert find_phrase("ok", "d'accord, c'est noté") is None
    assert find_phrase("ok", "ok je note") is not None
    assert find_phrase("ben", "très bien madame") is None


def test_fuzzy_phrase_survives_transcription_errors():
    assert find_phrase("Clinique Nest", "clinique n'est clémence bonjour", 85).words == "clinique n est"
    assert find_phrase("Clémence", "clinique nest clémance bonjour", 85).words == "clemance"
    assert find_phrase("Mairie de Saint-Ouen", "mairie de saint ouen bonjour", 85) is not None


def test_fuzzy_phrase_rejects_other_words():
    assert find_phrase("Clémence", "clinique nest camille bonjour", 85) is None
    assert find_phrase("Clinique Nest", "cabinet dentaire bonjour", 85) is None
    # Short words never match approximately: « Léa » is not « les ».
    assert find_phrase("Léa", "les horaires", 85) is None


def test_fuzzy_phrase_never_drops_a_word_of_the_phrase():
    # « votre numéro » is not « votre nom », even though the rest of the sentence is identical.
    assert find_phrase("puis-je avoir votre nom", "puis je avoir votre numéro", 88) is None
    assert find_phrase("votre nom s'il vous plaît", "votre numéro s'il vous plaît", 88) is None
    assert find_phrase("au revoir", "aurevoir madame", 85) is not None
