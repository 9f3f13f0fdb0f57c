"""The caller's voice through pyttsx3: espeak-ng on Linux, the platform voice elsewhere (SAPI5,
NSSpeechSynthesizer); espeak-ng's MBROLA voices, when their databases are installed, through
espeak-ng's phonemes and the mbrola program (`simulator.tts.mbrola`), so that their questions rise.

Questions rise on every espeak-ng voice (`intonation`); a line's sound is still a function of its
text and voice only.

pyttsx3 2.99's espeak driver needs two workarounds, both kept in `_EspeakDriver`:
- `runAndWait` cancels espeak's command queue if it is not empty, which silently drops the rate
  and pitch just set (and can cut the utterance): we wait for espeak to be idle before running;
- `runAndWait` returns before the file is written (nateshmbhat/pyttsx3#219): we wait for the
  « finished-utterance » notification.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from simulator.audio.wavfiles import decode_file
from simulator.errors import AccueilError
from simulator.native import quiet_stderr
from simulator.tts import mbrola
from simulator.tts.base import Voice
from simulator.tts.intonation import OWN_RANGE, marked_for_espeak

# Where espeak-ng looks for MBROLA databases (it names them in its own error message).
MBROLA_DIRS = (Path("/usr/share/mbrola"), Path("/usr/share/mbrola/voices"), Path("/usr/local/share/mbrola"))
MBROLA_GENDERS = {"fr1": "male", "fr2": "female", "fr3": "male", "fr4": "female", "fr5": "male",
                  "fr6": "male", "fr7": "male"}
PREFERRED_MBROLA = ("mb-fr4", "mb-fr1")  # the most natural French voices, female and male
ESPEAK_FEMALE_VARIANT = "+f3"  # plain espeak-ng has male voices only; a variant gives a female one
RENDER_TIMEOUT = 60.0
RENDER_VERSION = 3  # part of `engine_id`: bump when the PCM of a given text and voice changes (3: questions rise)

# espeak-ng is one library state per process, whatever the number of pyttsx3 engines.
_LOCK = threading.RLock()


class SpeechSynthesisError(AccueilError):
    """The speech synthesizer cannot speak; the French message says what to do."""


@dataclass(frozen=True)
class VoiceInfo:
    """A voice the engine can use: `id` goes into `Voice.name`; `gender` is « male », « female » or None."""

    id: str
    gender: str | None = None
    language: str | None = None


class Pyttsx3Synthesizer:
    """A `Synthesizer`: text in, 16 kHz mono 16-bit PCM out. The pyttsx3 engine is created once
    per driver and process, and shared."""

    def __init__(self, driver: str | None = None):
        self._driver = _driver(driver)
        self.engine_id = f"pyttsx3-{self._driver.name}-v{RENDER_VERSION}"

    def render(self, text: str, voice: Voice) -> bytes:
        if not text.strip():
            return b""
        with _LOCK, tempfile.TemporaryDirectory(prefix="accueil-voix-") as folder:
            return self._driver.render(text, voice, Path(folder) / "ligne.wav")

    def voices(self) -> list[VoiceInfo]:
        with _LOCK:
            return self._driver.voices()


def available_voices(driver: str | None = None) -> list[VoiceInfo]:
    """Every voice of the engine (on espeak-ng: its voices, and the MBROLA ones installed)."""
    return Pyttsx3Synthesizer(driver).voices()


def french_voices(driver: str | None = None) -> list[VoiceInfo]:
    """The French voices, best first: MBROLA fr4 and fr1 when installed, then the other MBROLA
    French voices, then plain espeak-ng (or platform) French, France before other regions."""
    french = [v for v in available_voices(driver) if _is_french(v)]

    def rank(v: VoiceInfo) -> tuple:
        preferred = PREFERRED_MBROLA.index(v.id) if v.id in PREFERRED_MBROLA else len(PREFERRED_MBROLA)
        return (not v.id.startswith("mb-"), preferred, (v.language or "") not in ("fr-fr", "fr"), v.id)

    return sorted(french, key=rank)


def _is_french(voice: VoiceInfo) -> bool:
    language = (voice.language or "").lower().replace("_", "-")
    return language == "fr" or language.startswith("fr-")


def _wait_for(event: threading.Event, what: str) -> None:
    if not event.wait(RENDER_TIMEOUT):
        raise SpeechSynthesisError(f"la synthèse vocale ne répond plus ({what}) ; relancez le simulateur")


def _driver(name: str | None) -> "_Driver":
    from pyttsx3.engine import default_engine_by_sys_platform

    # One engine per driver name: a second espeak engine would take over the first one's callback.
    return _open_driver(name or default_engine_by_sys_platform())


@functools.cache
def _open_driver(name: str) -> "_Driver":
    import pyttsx3

    with _LOCK:
        try:
            engine = pyttsx3.init(name)
        except (ImportError, RuntimeError, OSError) as exc:
            raise SpeechSynthesisError(
                "synthèse vocale indisponible : installez espeak-ng (Debian : apt-get install espeak-ng)"
                f" ({exc})") from exc
        driver = _EspeakDriver(engine) if engine.driver_name == "espeak" else _Driver(engine)
        driver.prime()
        return driver


class _Driver:
    """A pyttsx3 engine used one utterance at a time, through `save_to_file`."""

    def __init__(self, engine):
        self.engine = engine
        self.name = engine.driver_name
        self._finished = threading.Event()
        self._completed = False
        self._errors: list[Exception] = []
        engine.connect("finished-utterance", self._on_finished)
        engine.connect("error", lambda name, exception: self._errors.append(exception))

    def _on_finished(self, name, completed) -> None:
        self._completed = completed
        self._finished.set()

    def prime(self) -> None:
        """Run the empty queue once, so that later commands run as soon as they are given."""
        self.engine.runAndWait()

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo(v.id, _gender(v.gender), _language(v.languages)) for v in self.engine.getProperty("voices")]

    def render(self, text: str, voice: Voice, path: Path) -> bytes:
        self._errors.clear()
        self.engine.setProperty("voice", self.resolve(voice.name))
        self.engine.setProperty("rate", voice.rate)
        # Below full scale (Voice's default, 70): MBROLA's mb-fr4 clips (« mbrola: Saturation ») at
        # espeak's default volume.
        self.engine.setProperty("volume", voice.volume / 100)
        self.set_pitch(voice.pitch)
        self.check(voice)
        self._finished.clear()
        with quiet_stderr():  # MBROLA's « Saturation » notices
            self.engine.save_to_file(self.spoken(text, voice), str(path))
            self.engine.runAndWait()
            _wait_for(self._finished, "fin de la phrase")
        self.check(voice)
        if not self._completed or not path.is_file() or path.stat().st_size <= 44:
            raise SpeechSynthesisError(f"la synthèse vocale n'a rien produit pour « {text[:40]} »")
        return self.decode(path)

    def resolve(self, name: str) -> str:
        """A voice id, or a language code (« fr-fr ») standing for that language's plain voice,
        as on espeak-ng's command line."""
        voices = self.voices()
        if any(name == v.id for v in voices):
            return name
        same_language = [v.id for v in voices if v.language == name.lower().replace("_", "-")
                         and not v.id.startswith("mb-") and "+" not in v.id]
        return same_language[0] if same_language else name

    def spoken(self, text: str, voice: Voice) -> str:
        """What the engine is given to say `text`."""
        return text

    def set_pitch(self, pitch: int) -> None:
        # SAPI5 and macOS map the same 0–100 scale badly or not at all: keep their natural pitch.
        pass

    def check(self, voice: Voice) -> None:
        if self._errors:
            known = ", ".join(v.id for v in french_voices(self.name)) or "aucune"
            raise SpeechSynthesisError(f"voix de synthèse « {voice.name} » inutilisable ({self._errors[0]}) ; "
                                       f"voix françaises disponibles : {known}")

    def decode(self, path: Path) -> bytes:
        """Any file the platform wrote (WAV, AIFF on macOS), as 16 kHz mono int16."""
        return decode_file(path)


class _EspeakDriver(_Driver):
    def __init__(self, engine):
        super().__init__(engine)
        from pyttsx3.drivers import _espeak
        from pyttsx3.drivers import espeak as driver_module

        self._espeak = _espeak
        # The driver prints « Audio saved to … » after every file: silence that module only.
        driver_module.print = lambda *args, **kwargs: None

    def voices(self) -> list[VoiceInfo]:
        plain = super().voices()
        variants = [VoiceInfo(v.id + ESPEAK_FEMALE_VARIANT, "female", v.language)
                    for v in plain if _is_french(v) and v.gender != "female"]
        return _mbrola_voices() + plain + variants

    def prime(self) -> None:
        self._idle()  # else the stop in `runAndWait` stays pending and cancels the first utterance
        super().prime()

    def render(self, text: str, voice: Voice, path: Path) -> bytes:
        name = self.resolve(voice.name)
        database = _mbrola_databases().get(name.removeprefix("mb-")) if name.startswith("mb-") else None
        if database:
            try:
                return mbrola.render(text, replace(voice, name=name), database)
            except mbrola.MbrolaError as exc:
                raise SpeechSynthesisError(f"voix de synthèse « {voice.name} » inutilisable ({exc})") from exc
        self._idle()
        return super().render(text, voice, path)

    def spoken(self, text: str, voice: Voice) -> str:
        return marked_for_espeak(text, voice.pitch)

    def set_pitch(self, pitch: int) -> None:
        self.engine.setProperty("pitch", pitch)
        # A question's last word widens the range (`marked_for_espeak`); it would outlive the line.
        self._espeak.SetParameter(self._espeak.RANGE, OWN_RANGE, 0)

    def check(self, voice: Voice) -> None:
        # Rate and pitch are queued in espeak; `runAndWait` would cancel them if still queued.
        self._idle()
        super().check(voice)

    def _idle(self) -> None:
        self._espeak.Synchronize()


def _mbrola_voices() -> list[VoiceInfo]:
    """espeak-ng's « mb-xxN » voices whose MBROLA database is installed (and the player with it)."""
    return [VoiceInfo(f"mb-{name}", MBROLA_GENDERS.get(name), "fr-fr" if name in MBROLA_GENDERS else None)
            for name in _mbrola_databases()]


def _mbrola_databases() -> dict[str, Path]:
    """The installed MBROLA databases by name (« fr1 »), where espeak-ng looks for them; none
    without the mbrola program."""
    if not shutil.which("mbrola"):
        return {}
    found: dict[str, Path] = {}
    for folder in MBROLA_DIRS:
        with contextlib.suppress(OSError):
            for entry in sorted(folder.iterdir()):
                database = entry if entry.is_file() else entry / entry.name
                if database.is_file():
                    found.setdefault(entry.name, database)
    return found


def _gender(value) -> str | None:
    value = (value or "").lower()
    return value if value in ("male", "female") else None


def _language(languages) -> str | None:
    if not languages:
        return None
    first = languages[0]
    first = first.decode("utf-8", "ignore") if isinstance(first, bytes) else str(first)
    return first.lower().replace("_", "-").strip() or None
