"""The registration's SQL, built once with bind parameters.

Building a statement and computing its cache key on every request cost more CPU than running it; a statement
object built once keeps its cache key, so each request only binds values.
"""
from functools import cache

from sqlalchemy import bindparam, exists, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..models import SLOT_HOLDING, Church, CodeCounter, Document, Player, Team


@cache
def take_counter():
    """Increment a counter row (locking it) and return its new value; binds `counter`."""
    return (update(CodeCounter).where(CodeCounter.name == bindparam("counter"))
            .values(next_value=CodeCounter.next_value + 1).returning(CodeCounter.next_value))


@cache
def rule_facts():
    """(church name, church's own limit, slot-holding teams in it, team name taken, captain email taken).

    Binds `church_key`, `team_key` and `captain_email`; a church that does not exist yet has no name, no own
    limit and no teams.
    """
    holding = Team.status.in_(SLOT_HOLDING)
    in_church = Church.name_key == bindparam("church_key")
    return select(
        select(Church.name).where(in_church).scalar_subquery(),
        select(Church.slot_limit).where(in_church).scalar_subquery(),
        select(func.count()).select_from(Team).join(Church, Team.church_id == Church.id)
        .where(in_church, holding).scalar_subquery(),
        exists().where(holding, Team.name_key == bindparam("team_key")),
        exists().where(holding, Team.captain_email == bindparam("captain_email")))


@cache
def upsert_church(dialect):
    """Insert a church or, when its name key exists, lock that row; returns (id, name) either way.

    Binds `name`, `name_key` and `created_at`. The no-op update on conflict takes the row lock, as
    SELECT ... FOR UPDATE would. (Dialect inserts are never in SQLAlchemy's compiled cache, so this one is
    compiled per call; building it once still saves the rest.)
    """
    table = Church.__table__
    dialect_insert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}[dialect]
    upsert = dialect_insert(table).values(name=bindparam("name"), name_key=bindparam("name_key"), verified=False,
                                          created_at=bindparam("created_at"))
    upsert = upsert.on_conflict_do_update(index_elements=["name_key"], set_={"name_key": upsert.excluded.name_key})
    return upsert.returning(table.c.id, table.c.name)


@cache
def insert_team():
    """Insert a team row returning its id."""
    table = Team.__table__
    return insert(table).returning(table.c.id)


@cache
def insert_players():
    """Insert player rows (executemany) returning (position, id) pairs.

    Asking for the rows back in parameter order would make SQLAlchemy insert one row per statement on SQLite,
    whose RETURNING order is not guaranteed; the position says which row is which.
    """
    table = Player.__table__
    return insert(table).returning(table.c.position, table.c.id)


@cache
def insert_documents():
    """Insert document rows (executemany)."""
    return insert(Document.__table__)


@cache
def rename_team():
    """Give a team its code; binds `of_team` and `new_code`."""
    table = Team.__table__
    return update(table).where(table.c.id == bindparam("of_team")).values(code=bindparam("new_code"))


@cache
def rename_players():
    """Replace the provisional code inside a team's player codes; binds `of_team`, `provisional`, `new_code`."""
    table = Player.__table__
    return (update(table).where(table.c.team_id == bindparam("of_team"))
            .values(code=func.replace(table.c.code, bindparam("provisional"), bindparam("new_code"))))
