"""SQLite transactions take turns inside a process (cct.db): every way a transaction ends gives the turn back."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from cct import db


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = db.create_db_engine(f"sqlite:///{tmp_path / 'turns.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        connection.execute(text("INSERT INTO counter VALUES (0)"))
    yield engine
    engine.dispose()


def other_thread_begins_within(engine: Engine, seconds: float) -> bool:
    """Can another thread start (and end) a transaction within this time?"""
    done = threading.Event()

    def work() -> None:
        with engine.begin() as connection:
            connection.execute(text("SELECT n FROM counter"))
        done.set()

    threading.Thread(target=work, daemon=True).start()
    return done.wait(seconds)


def test_a_transaction_holds_the_turn_until_it_commits(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("UPDATE counter SET n = n + 1"))  # begins: the turn is taken
        assert not other_thread_begins_within(engine, 0.3)
        connection.commit()
        assert other_thread_begins_within(engine, 5)


def test_rollback_failed_statement_and_closed_connection_each_give_the_turn_back(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT n FROM counter"))
        connection.rollback()
    assert other_thread_begins_within(engine, 5)

    with pytest.raises(Exception, match="no such table"), engine.begin() as connection:
        connection.execute(text("UPDATE missing SET n = 1"))
    assert other_thread_begins_within(engine, 5)

    session = Session(engine)
    session.execute(text("UPDATE counter SET n = n + 1"))
    session.close()  # never committed: the pool rolls it back
    assert other_thread_begins_within(engine, 5)

    connection = engine.connect()
    connection.execute(text("UPDATE counter SET n = n + 1"))
    connection.invalidate()  # the connection is closed in the middle of its transaction
    assert other_thread_begins_within(engine, 5)
    with engine.connect() as check:
        assert check.execute(text("SELECT n FROM counter")).scalar_one() == 0  # nothing above was committed


def test_eight_threads_read_then_write_without_losing_an_update(engine: Engine) -> None:
    # a read followed by a write in one transaction: without turns, concurrent ones would fail or lose updates
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(25):
                with engine.begin() as connection:
                    n = connection.execute(text("SELECT n FROM counter")).scalar_one()
                    time.sleep(0.0005)
                    connection.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM counter")).scalar_one() == 200
