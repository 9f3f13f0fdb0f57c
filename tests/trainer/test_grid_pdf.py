"""`accueil grille -o FILE.pdf`: the printable grid made into PDF by WeasyPrint, checked as a reader
sees it: its pages rendered to images by PDFium (pypdfium2) and its text read back. A4 landscape,
not blank, the names, codes and French level words with their accents, whose grid it is and
« page x / y » on every page, and a family's table never cut from its heading."""

from __future__ import annotations

import re
import sys

import pypdfium2 as pdfium
import pytest

from simulator.scoring import find_rubric
from simulator.trainer.competency import rubric_codes
from simulator.web.grid import FAMILIES
from test_competency_cli import call, run

A4_LANDSCAPE = (841.89, 595.28)  # points: 297 × 210 mm
TRAINEES = ("Camille", "Hélène", "Zoé")


def pages(path) -> list[tuple[tuple[float, float], float, str]]:
    """Each page's size in points, its ink ratio (share of pixels darker than light grey, rendered at
    72 dpi) and its text, spaces and line breaks made single spaces."""
    found = []
    pdf = pdfium.PdfDocument(path)
    try:
        for page in pdf:
            image = page.render(scale=1).to_pil().convert("L")
            ink = sum(image.histogram()[:200]) / (image.width * image.height)
            found.append((page.get_size(), ink, " ".join(page.get_textpage().get_text_range().split())))
    finally:
        pdf.close()
    return found


@pytest.fixture
def class_of_three(records) -> dict[str, list[str]]:
    """Camille: four calls; Hélène: two, and a level set by hand; Zoé: in the class, no call yet."""
    played = {"Camille": [call(records, "Camille", scenario, day, passed) for day, scenario, passed in
                          ((1, "appel-calme", True), (2, "appel-calme", False), (3, "reclamation", True),
                           (4, "transfert", True))],
              "Hélène": [call(records, "Hélène", "appel-calme", 5, False),
                         call(records, "Hélène", "reclamation", 6, True)]}
    for trainee in TRAINEES:
        run("groupe", trainee, "BTS 1 A")
    run("niveau", "Hélène", "C221.1", "acquis", "-c", "Validé en situation réelle au stage",
        "--auteur", "Mme Durand")
    return played


def test_the_grid_of_a_class_as_a_pdf_of_a4_landscape_pages(tmp_path, class_of_three):
    result = run("grille", "--groupe", "bts 1 a", "-o", str(tmp_path / "grille.pdf"))
    assert result.exit_code == 0, result.output
    assert "Grille écrite" in result.output and "3 stagiaires" in result.output
    assert (tmp_path / "grille.pdf").read_bytes().startswith(b"%PDF-")

    printed = pages(tmp_path / "grille.pdf")
    # the four families of codes, hand-set levels, the sessions that count, the codes' criteria
    assert len(printed) == 4
    for number, (size, ink, text) in enumerate(printed, 1):
        assert size == pytest.approx(A4_LANDSCAPE, abs=0.5)
        assert 0.02 < ink < 0.3, f"page {number}: {ink:.1%} of ink"  # text and rules: 4 to 6 %
        assert f"page {number} / 4" in text
        if number > 1:  # the first page says it in its title
            assert "Grille des compétences · groupe BTS 1 A" in text and "éditée le" in text

    text = " ".join(text for _, _, text in printed)
    assert all(trainee in text for trainee in TRAINEES)
    assert all(code in text for code in rubric_codes(find_rubric("standard")))
    for words in ("non évalué", "en cours d'acquisition", "non acquis", "✎ acquis",
                  "calculé : en cours d'acquisition", "Validé en situation réelle au stage", "Mme Durand",
                  "Séances qui comptent", "Tâches", "Savoirs associés", "Critères de la grille d'évaluation", "★★★★"):
        assert words in text, words
    assert all(session in text for sessions in class_of_three.values() for session in sessions)

    for family in FAMILIES.values():  # each short table whole on the page of its heading
        page = next(text for _, _, text in printed if family in text)
        assert all(trainee in page.split(family, 1)[1] for trainee in TRAINEES), family


def test_a_class_longer_than_a_page_runs_on_with_its_column_heads(tmp_path, class_of_three):
    for n in range(24):  # 27 trainees: each family's table runs onto a second page
        run("groupe", f"Stagiaire {n + 1:02d}", "BTS 1 A")
    result = run("grille", "--groupe", "BTS 1 A", "-o", str(tmp_path / "classe.pdf"))
    assert result.exit_code == 0, result.output
    texts = [text for _, _, text in pages(tmp_path / "classe.pdf")]

    starts = [n for n, text in enumerate(texts) for family in FAMILIES.values() if text.startswith(family)]
    assert len(starts) == len(FAMILIES) - 1  # every family but the first from the top of a page
    sessions = next(n for n, text in enumerate(texts) if n and "Séances qui comptent" in text)  # page 1 cites it
    runs_on = [texts[n] for n in range(1, sessions) if n not in starts]
    assert runs_on and all(re.match(r"Stagiaire [A-Z]+\d", text) for text in runs_on)  # its column heads again


def test_without_pango_the_pdf_is_refused_in_french(tmp_path, class_of_three, monkeypatch):
    class NoPango:  # what WeasyPrint raises at import when Pango cannot be loaded
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name == "weasyprint":
                raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(sys, "meta_path", [NoPango(), *sys.meta_path])
    result = run("grille", "-o", str(tmp_path / "grille.pdf"))
    assert result.exit_code == 2 and "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.output
    assert not (tmp_path / "grille.pdf").exists()
