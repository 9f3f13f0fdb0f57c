"""Alembic environment. The store runs the migrations itself (`SessionStore` at start-up), on a
connection it has already opened and locked, so this only hands that connection to Alembic.

A schema change is a new file in versions/ (from script.py.mako), written after changing the
tables in sessions.py (tests/store/test_migrations.py checks that both agree):

    .venv/bin/python -c "from alembic import command; from simulator.store.sessions import _alembic_config; \
        command.revision(_alembic_config(None), 'what changes', rev_id='0004')"
"""

from alembic import context

from simulator.store.sessions import metadata

connection = context.config.attributes["connection"]
# SQLite alters a table by copying it: batch mode lets later migrations use op.alter_column & co.
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
