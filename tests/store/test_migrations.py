"""The schema comes from the Alembic migrations; older databases are adopted, not rebuilt."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, insert, inspect, text

from simulator.errors import AccueilError
from simulator.store import sessions as store_module


def test_migrations_build_exactly_the_declared_schema(open_store):
    store = open_store()
    with store.engine.connect() as db:
        assert MigrationContext.configure(db).get_current_revision() == store_module._migrations().get_current_head()
        assert compare_metadata(MigrationContext.configure(db), store_module.metadata) == []


def test_a_database_made_before_migrations_is_adopted(tmp_path, store_url, open_store):
    # The schema as the store created it before migrations: the three first tables, as 0001 makes them.
    engine = create_engine(store_url)
    with engine.begin() as db:
        command.upgrade(store_module._alembic_config(db), "0001")
        db.execute(text("DROP TABLE alembic_version"))
        db.execute(insert(store_module.sessions).values(
            id="20260101-090000-anne-0000", trainee="Anne", rubric_id="standard", mode="texte",
            started_at="2026-01-01T09:00:00+01:00", status="completed", score=80, context="{}"))
    engine.dispose()

    store = open_store()
    assert [s.id for s in store.list()] == ["20260101-090000-anne-0000"]
    assert store.overrides("20260101-090000-anne-0000") == {}
    with store.engine.connect() as db:
        assert MigrationContext.configure(db).get_current_revision() == store_module._migrations().get_current_head()
        assert "overrides" in inspect(db).get_table_names()


def test_a_database_from_a_newer_version_is_refused(open_store):
    store = open_store()
    with store.engine.begin() as db:
        db.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(AccueilError, match="version plus récente d'accueil"):
        open_store()


def test_the_head_the_store_knows_without_alembic_is_the_newest_migration():
    """An up-to-date store opens without loading Alembic: it compares with SCHEMA_HEAD."""
    assert store_module.SCHEMA_HEAD == store_module._migrations().get_current_head()
