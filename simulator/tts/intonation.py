"""Questions that sound like questions: a line's sentences ending in « ? » rise at their end.

espeak-ng's own question tune barely rises (tests/tts/pitch_track.py: the last 300 ms of voice of
« Vous pouvez me passer le service ? » at 0.98–1.01 times the line's median pitch on mb-fr1,
mb-fr4 and plain fr, as for the statement), so the rise is drawn here, from the text alone,
whatever the persona:
- MBROLA voices: the pitch targets of the question's last `RISE_SECONDS` of speech, in the
  espeak-ng phoneme file (.pho) that MBROLA renders, climb to `RISE` times the sentence's median;
- plain espeak-ng voices (no .pho): its own commands in the text raise the pitch and widen the
  range of the question's last word (`\\x01…P`, `\\x01…R`, read by espeak-ng without SSML).
"""

from __future__ import annotations

import re
import statistics

RISE = 1.6  # a question's last pitch target over its median: 8 semitones, a clear French yes/no question
RISE_SECONDS = 0.5  # MBROLA: how long before the end of the question's voice the climb starts
PLAIN_PITCH_STEP = 25  # plain espeak-ng: the last word's pitch, above the voice's (0–100 scale)
PLAIN_RANGE = 100  # plain espeak-ng: the last word's pitch range
OWN_RANGE = 50  # espeak-ng's pitch range for a voice's own
_EMBEDDED = "\x01"  # espeak-ng's command prefix in text: « \x0170P » sets the pitch to 70

# A question and what closes it (« ?! », « ? » », spaces), or a stretch of text without « ? ».
_PIECE = re.compile(r"[^?]*\?[?!.…»\"'\s]*|[^?]+")
_LAST_WORD = re.compile(r"[\w'’-]+(?=\W*$)")


def pieces(text: str) -> list[tuple[str, bool]]:
    """`text` cut after each question: (piece, is a question), in order, nothing lost."""
    return [(piece, "?" in piece) for piece in _PIECE.findall(text)]


def marked_for_espeak(text: str, pitch: int) -> str:
    """`text` with espeak-ng's commands raising each question's last word, the voice's `pitch`
    (0–100) and range given back after it."""
    marked = []
    for piece, question in pieces(text):
        last = _LAST_WORD.search(piece) if question else None
        if last:
            raised = f"{_EMBEDDED}{min(99, pitch + PLAIN_PITCH_STEP)}P{_EMBEDDED}{PLAIN_RANGE}R "
            end = len(piece.rstrip())
            piece = (f"{piece[:last.start()]}{raised}{piece[last.start():end]}"
                     f"{_EMBEDDED}{pitch}P{_EMBEDDED}{OWN_RANGE}R{piece[end:]}")
        marked.append(piece)
    return "".join(marked)


def rising_pho(pho: str) -> str:
    """One question's MBROLA phonemes (espeak-ng `--pho`: « name ms [percent Hz]… » a line) with
    the pitch of its last `RISE_SECONDS` of speech climbing, steadily on a log scale, from where
    it was to `RISE` times the median of its pitch targets. Phonemes and lengths are kept."""
    lines = pho.splitlines()
    rows = [line.split() for line in lines]
    starts, clock = {}, 0.0
    for i, row in enumerate(rows):
        if len(row) >= 2 and not row[0].startswith(";"):
            starts[i] = clock
            clock += float(row[1])
    voiced = [i for i in starts if len(rows[i]) >= 4]
    if not voiced:
        return pho
    level = statistics.median(float(hz) for i in voiced for hz in rows[i][3::2])
    end = starts[voiced[-1]] + float(rows[voiced[-1]][1])
    begin = max(0.0, end - RISE_SECONDS * 1000)
    climbing = [i for i in voiced if starts[i] + float(rows[i][1]) > begin]
    origin = _pitch_at(rows[climbing[0]], begin - starts[climbing[0]])
    top = level * RISE

    def pitch(i: int, percent: int) -> float:
        ms = starts[i] + float(rows[i][1]) * percent / 100
        if ms < begin:  # the climb may start inside this phoneme: the pitch it had until then
            return _pitch_at(rows[i], ms - starts[i])
        return origin * (top / origin) ** ((ms - begin) / (end - begin))

    for i in climbing:
        lines[i] = "\t".join([*rows[i][:2], " ".join(f"{p} {pitch(i, p):.0f}" for p in (0, 50, 100))])
    return "".join(line + "\n" for line in lines)


def _pitch_at(row: list[str], ms: float) -> float:
    """The pitch of a .pho row `ms` after its start, between its targets."""
    length = float(row[1]) or 1.0
    targets = [(float(p), float(hz)) for p, hz in zip(row[2::2], row[3::2])]
    percent = 100 * ms / length
    for (p1, f1), (p2, f2) in zip(targets, targets[1:]):
        if p1 <= percent <= p2:
            return f1 + (f2 - f1) * ((percent - p1) / (p2 - p1) if p2 > p1 else 0)
    return targets[0][1] if percent < targets[0][0] else targets[-1][1]
