"""Results where schools keep them: each recorded session, and each trainer's review, as xAPI 1.0.3
statements, written to a file (`accueil xapi export`) or sent to the centre's learning record
store through a durable outbox in the store (`ACCUEIL_LRS_URL`).

The statements are plain frozen dataclasses turned into the spec's JSON (`statements.py`), not a
library's model. `tincan` (Rustici's TinCanPython) is not kept up: its last release, 1.0.0, dates
from September 2020 and declares no supported Python version. Ralph's pydantic models
(`ralph.models.xapi`) are maintained, but they come with Ralph itself (pydantic, pydantic-settings,
langcodes, rfc3987 and Ralph's settings) for the seven small shapes used here; pydantic models of
our own would add a dependency to check what we build ourselves. The statements are instead checked by
a real learning record store in the tests: Ralph, in its own virtual environment, takes them all
by PUT, and its strict xAPI 1.0.3 model (`BaseXapiStatement`) is run on every one (tests/xapi/).

Data flows one way: the store keeps the outbox (opaque JSON), and this package, above the trainer's
tools, reads sessions and reviews from the store and fills the outbox; the command line (after a
call) and the dashboard (after a review) call it once what they do is saved, and a learning record
store that does not answer never fails them.
"""
