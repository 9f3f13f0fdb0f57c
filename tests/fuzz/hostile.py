"""What every fuzz test shares: the Hypothesis settings, the property every run must keep, the
bounds of one case (time and memory), and generators of hostile files.

The property: whatever the input, `accueil` ends with exit code 0 (the input was handled) or 2
with a French message (« Erreur : … », or `fichier:ligne: message` lines); never another code,
never an exception escaping, never a traceback. Exit code 1 is what the last-resort handler of
`main()` gives a bug: here it is a failure like any other.

CI runs a fixed, bounded number of examples (derandomized: the same inputs every run, so a red
CI is reproducible). ACCUEIL_FUZZ_EXAMPLES=N runs N examples per test, drawn at random each run,
to search longer on a workstation:

    ACCUEIL_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/fuzz -q
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import resource
import signal
import struct
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from simulator.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_FILE = ROOT / "scenarios" / "appel-calme.yaml"
RUBRIC_FILE = ROOT / "rubrics" / "standard.yaml"
INTENTIONS_FILE = ROOT / "scenarios" / "intentions.yaml"
DIALOGUE_FILE = ROOT / "tests" / "data" / "dialogues" / "01-accueil-parfait.txt"

CASE_SECONDS = 20.0  # one case (one command) never takes longer; the slowest legitimate one takes 5 s
MEMORY_HEADROOM = 2 * 1024 ** 3  # address space one case may add to the test process

CUSTOM_EXAMPLES = int(os.environ.get("ACCUEIL_FUZZ_EXAMPLES", "0"))


def fuzz(ci_examples: int) -> settings:
    """Settings for one fuzz test: `ci_examples` fixed examples in CI, or ACCUEIL_FUZZ_EXAMPLES random ones."""
    return settings(
        max_examples=CUSTOM_EXAMPLES or ci_examples,
        derandomize=not CUSTOM_EXAMPLES,
        database=None,  # nothing remembered between runs: CI sees exactly the same inputs each time
        deadline=None,  # time is bounded by `bounded` (a hang fails at once, slowness is not a bug)
        print_blob=True,  # a failure prints how to replay it (@reproduce_failure)
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
                               HealthCheck.function_scoped_fixture],
    )


# -- bounds of one case ---------------------------------------------------------------------------

class _Timeout(BaseException):
    """Raised by the alarm; a BaseException, so that no `except Exception` in the code can swallow it."""


def _address_space() -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmSize:\s+(\d+) kB", status, re.M).group(1)) * 1024


@contextlib.contextmanager
def bounded(seconds: float = CASE_SECONDS, headroom: int = MEMORY_HEADROOM) -> Iterator[None]:
    """Fail if the block runs longer than `seconds` (a hang) or allocates more than `headroom`
    bytes of address space (a memory blow-up: the allocation fails with MemoryError)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + headroom
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))

    def alarm(_signum, _frame):
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Timeout:
        raise AssertionError(f"no answer within {seconds} s: a hang") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# -- the property ---------------------------------------------------------------------------------

# What a handled refusal shows: « Erreur : … », located problems (file:line[:col]: …), or the
# summary of `accueil test` when an example departs from what its author expects.
EXPLAINED = re.compile(r"Erreur : |:\d+(:\d+)?: |\d+ en écart")


def assert_handled(result: Result, args: list[str]) -> Result:
    command = "accueil " + " ".join(a if len(a) < 80 else a[:80] + "…" for a in args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{command}: exception escaped: {result.exception!r}") from result.exception
    assert result.exit_code in (0, 2), f"{command}: exit code {result.exit_code}\n{result.output[-3000:]}"
    assert "Traceback" not in result.output, f"{command}: traceback shown\n{result.output[-3000:]}"
    if result.exit_code == 2:
        assert EXPLAINED.search(result.output), f"{command}: exit 2 without a French message\n{result.output[-3000:]}"
    return result


def run_cli(*args: str | Path, env: dict[str, str] | None = None, seconds: float = CASE_SECONDS) -> Result:
    """One `accueil` command in-process, bounded, checked against the property."""
    args = [str(a) for a in args]
    with bounded(seconds), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(cli, args, env=env, catch_exceptions=True)
    # A user would see these printed with a line of source code.
    shown = [w for w in caught if not issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning,
                                                             ImportWarning, ResourceWarning))]
    assert not shown, f"accueil {' '.join(args)[:200]}: warning shown: {shown[0].category.__name__}: {shown[0].message}"
    return assert_handled(result, args)


# -- YAML documents -------------------------------------------------------------------------------

def plain(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def dump(data: Any) -> str:
    import io

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


ODDITIES = ["\u200b", "\u202e", "\ufeff", "e\u0301", "\U0001f600", "\u2028", "\x85", "\u00a0", "İ", "ﬁ", "ß",
            "\x1b[31m", "[bold red]", "[/]", "{nom}", "{", "}", "{0}", "{nom!r}", "{nom:>99}", "%s", "\\", "'", '"',
            "&a", "*a", "!!str", "#", ": ", "- ", "\t", "\r", "~", "null", "yes", "0x1F", "1e999", ".nan",
            "../../../etc/passwd", "CON", "STAGIAIRE:", "FICHE MESSAGE", "[00:00]"]

texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(ODDITIES),
    st.lists(st.one_of(st.sampled_from(ODDITIES), st.text(max_size=6)), max_size=8).map("".join),
    st.sampled_from([200, 6000, 20_000]).map(lambda n: "Bonjour " * (n // 8)),  # long (huge files: named cases)
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2 ** 70, 2 ** 70), st.floats(), texts)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=4)),
    max_leaves=10)


def _slots(node: Any, at: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (path of the container, key or index) in a document."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        yield at, key
        yield from _slots(child, (*at, key))


def _at(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


SENTINEL = "HOSTILEFRAGMENT"


def _same_type(value: Any):
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.one_of(st.integers(-10, 10), st.integers(-2 ** 70, 2 ** 70), st.sampled_from([0, -1, 2 ** 31]))
    if isinstance(value, float):
        return st.floats()
    if isinstance(value, str):
        return texts
    if isinstance(value, list):  # the same items, some dropped, repeated or reordered
        return st.lists(st.sampled_from(value), max_size=2 * len(value) + 1) if value else st.just([])
    if isinstance(value, dict):
        return st.just({}) if not value else st.dictionaries(st.sampled_from(list(value)), st.sampled_from(
            list(value.values())), max_size=len(value))
    return values


@st.composite
def mutated(draw, base: Any) -> Any:
    """A valid document with one to three things changed: a value of the same type but odd (huge,
    empty, control characters, markup...), which often keeps the file valid so that it is played;
    a value of another type; a key removed; an unknown key added; or the sentinel where a hostile
    YAML fragment will go."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        slots = list(_slots(data))
        if not slots:
            break
        at, key = draw(st.sampled_from(slots))
        parent = _at(data, at)
        operation = draw(st.sampled_from(["same-type"] * 4 + ["replace", "replace", "delete", "add", "sentinel"]))
        if operation == "same-type":
            parent[key] = draw(_same_type(parent[key]))
        elif operation == "replace":
            parent[key] = draw(values)
        elif operation == "delete":
            del parent[key]
        elif operation == "add" and isinstance(parent, dict):
            parent[draw(st.one_of(st.text(max_size=12), st.integers()))] = draw(values)
        elif operation == "add":
            parent.append(draw(values))
        else:
            parent[key] = SENTINEL
    return data


@st.composite
def fragments(draw) -> str:
    """Hostile YAML in flow style, to stand in for one value."""
    kind = draw(st.sampled_from(["bomb", "deep-list", "deep-map", "self", "merge", "tags", "big-number", "date"]))
    if kind == "bomb":  # "billion laughs": each level repeats the one before
        width, depth = draw(st.integers(2, 10)), draw(st.integers(2, 12))
        levels = ["&l0 [" + ", ".join(["lol"] * width) + "]"]
        levels += [f"&l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]" for i in range(1, depth)]
        return "[" + ", ".join(levels) + "]"
    if kind == "deep-list":
        depth = draw(st.sampled_from([10, 49, 51, 200, 2000, 20000]))
        return "[" * depth + "x" + "]" * depth
    if kind == "deep-map":
        depth = draw(st.sampled_from([10, 51, 500, 5000]))
        return "{a: " * depth + "x" + "}" * depth
    if kind == "self":  # a value that contains itself
        return "&self [x, *self]"
    if kind == "merge":
        return "[&m0 {a: 1, b: 2}, &m1 {<<: *m0, c: 3}, {<<: [*m0, *m1], d: 4}]"
    if kind == "tags":
        return draw(st.sampled_from(["!!python/object:os.system ls", "!!binary '%%%'", "!!timestamp xyz",
                                     "!!float abc", "!!int abc", "!!set {a, b}", "!!omap [a]", "!unknown x",
                                     "!!python/name:os.system", "!<tag:yaml.org,2002:str> 1"]))
    if kind == "big-number":
        return "1" + "0" * draw(st.sampled_from([10, 400, 4300, 5000, 20_000]))
    return draw(st.sampled_from(["2024-13-45", "2024-02-30 25:61:61", "9999-99-99", "1e99999", "-.inf"]))


HOSTILE_LINES = ["\tcle: valeur", "id: doublon", "etats: {}", "? [a, b]\n: c", "<<: *absent", "*absent",
                 "&a", "%YAML 1.1", "---", "...", "{", "]", "- - - -", ": :", "'non fermé", '"\\uZZZZ"',
                 "cle: |\n\tindentée à la tabulation", "cle: >-", "@interdit", "`interdit`", "\x7f", "\u2028"]


@st.composite
def hostile_text(draw, text: str) -> bytes:
    """Text-level damage to a YAML or dialogue file: inserted or duplicated lines, tabs, a BOM,
    another encoding, NUL or random bytes, truncation."""
    lines = text.split("\n")
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 3]))):
        i = draw(st.integers(0, len(lines)))
        edit = draw(st.sampled_from(["insert", "duplicate", "tab", "blank"]))
        if edit == "insert":
            lines.insert(i, draw(st.sampled_from(HOSTILE_LINES)))
        elif edit == "duplicate" and lines:
            lines.insert(i, lines[min(i, len(lines) - 1)])
        elif edit == "tab" and i < len(lines):
            lines[i] = "\t" + lines[i].lstrip(" ")
        elif edit == "blank" and i < len(lines):
            lines[i] = " " * draw(st.integers(0, 200))
    raw = "\n".join(lines).encode("utf-8")
    damage = draw(st.sampled_from(["none"] * 8 + ["bom", "latin-1", "utf-16", "nul", "bytes", "truncate", "crlf"]))
    cut = draw(st.integers(0, len(raw)))
    if damage == "bom":
        return b"\xef\xbb\xbf" + raw
    if damage == "latin-1":
        return "\n".join(lines).encode("latin-1", errors="replace")
    if damage == "utf-16":
        return "\n".join(lines).encode("utf-16")
    if damage == "nul":
        return raw[:cut] + b"\x00" + raw[cut:]
    if damage == "bytes":
        return raw[:cut] + draw(st.binary(min_size=1, max_size=64)) + raw[cut:]
    if damage == "truncate":
        return raw[:cut]
    if damage == "crlf":
        return raw.replace(b"\n", b"\r\n") if cut % 2 else raw.replace(b"\n", b"\r")
    return raw


@st.composite
def hostile_yaml(draw, base: Any) -> bytes:
    """A mutated document, dumped, with hostile fragments and text damage."""
    text = dump(draw(mutated(base)))
    while SENTINEL in text:
        text = text.replace(SENTINEL, draw(fragments()), 1)
    return draw(hostile_text(text))


# -- audio ----------------------------------------------------------------------------------------

def wav_bytes(data: bytes, *, rate: int = 16000, channels: int = 1, width: int = 2, fmt: int = 1,
              claimed: int | None = None, fmt_size: int = 16) -> bytes:
    """A RIFF/WAVE file written by hand, so that every header field can lie."""
    block = channels * width
    fmt_chunk = struct.pack("<HHIIHH", fmt, channels, rate, (rate * block) & 0xFFFFFFFF, block & 0xFFFF,
                            (width * 8) & 0xFFFF) + bytes(max(0, fmt_size - 16))
    size = len(data) if claimed is None else claimed
    return (b"RIFF" + struct.pack("<I", (36 + size) & 0xFFFFFFFF) + b"WAVE" + b"fmt " + struct.pack("<I", fmt_size)
            + fmt_chunk + b"data" + struct.pack("<I", size & 0xFFFFFFFF) + data)


def samples(kind: str, n: int, width: int, draw) -> bytes:
    """n samples of `width` bytes: silence, full-scale clipping, noise or a tone."""
    if kind == "silence" or width not in (1, 2, 3, 4):
        return bytes(n * width) if width != 1 else b"\x80" * n
    if kind == "clipping":
        top = {1: b"\xff", 2: b"\xff\x7f", 3: b"\xff\xff\x7f", 4: b"\xff\xff\xff\x7f"}[width]
        bottom = {1: b"\x00", 2: b"\x00\x80", 3: b"\x00\x00\x80", 4: b"\x00\x00\x00\x80"}[width]
        return (top * 40 + bottom * 40) * (n // 80) + top * (n % 80)
    if kind == "noise":
        return draw(st.binary(min_size=n * width, max_size=n * width))
    import numpy as np

    tone = (np.sin(np.arange(n) * 2 * np.pi * 440 / 16000) * 0.5 * (2 ** (8 * width - 1) - 1)).astype(np.int64)
    if width == 1:
        return (tone + 128).astype(np.uint8).tobytes()
    if width == 3:  # the low three bytes of each little-endian 32-bit sample
        return np.frombuffer(tone.astype("<i4").tobytes(), np.uint8).reshape(-1, 4)[:, :3].tobytes()
    return tone.astype(f"<i{width}").tobytes()


@st.composite
def hostile_wavs(draw) -> bytes:
    """A WAV file that may be anything: other rates, channel counts and widths (8, 16, 24 bits,
    32-bit float), silence, clipping, noise; a truncated header or data; a header that claims more
    (or less) data than there is; an absurd rate; or no WAV at all."""
    kind = draw(st.sampled_from(["pcm", "pcm", "pcm", "float", "truncated", "lying", "raw", "empty", "header-only"]))
    if kind == "raw":
        return draw(st.binary(max_size=4096))
    if kind == "empty":
        return b""
    rate = draw(st.sampled_from([8000, 11025, 16000, 22050, 44100, 48000, 96000, 1, 0, 3999, 4_000_000_000]))
    channels = draw(st.sampled_from([1, 1, 2, 2, 0, 3, 8, 65535]))
    width = 4 if kind == "float" else draw(st.sampled_from([1, 2, 2, 3, 4, 0, 5]))
    seconds = draw(st.sampled_from([0.0, 0.01, 0.3, 1.0]))
    n = int(max(1, min(rate, 48000)) * seconds) * max(1, min(channels, 2))
    data = samples(draw(st.sampled_from(["silence", "clipping", "noise", "tone"])), n, max(1, width), draw)
    if kind == "float":
        import numpy as np

        data = draw(st.sampled_from([np.zeros(n, "<f4"), np.full(n, 4.0, "<f4"), np.full(n, np.nan, "<f4"),
                                     np.sin(np.arange(n, dtype="<f4"))])).astype("<f4").tobytes()
    wav = wav_bytes(data, rate=rate, channels=channels, width=width, fmt=3 if kind == "float" else 1,
                    claimed=draw(st.sampled_from([None, 0, 2 ** 32 - 1, len(data) * 2])) if kind == "lying" else None)
    if kind == "truncated":
        return wav[:draw(st.integers(0, len(wav)))]
    if kind == "header-only":
        return wav[:44]
    return wav
