"""The registration's SQL, built once with bind parameters.

Building a statement and computing its cache key on every request cost more CPU than running it; a statement
object built once keeps its cache key, so each request only binds values. They are written against the tables,
not the mapped classes, so executing them skips the ORM's statement handling too.
"""
from functools import cache

from sqlalchemy import bindparam, exists, func, insert, select, text, update

from ...models import SLOT_HOLDING, Church, CodeCounter, Document, Player, Team, WaitingEntry


@cache
def take_counter():
    """Increment a counter row (locking it) and return its new value; binds `counter`."""
    counter = CodeCounter.__table__
    return (update(counter).where(counter.c.name == bindparam("counter"))
            .values(next_value=counter.c.next_value + 1).returning(counter.c.next_value))


@cache
def take_counter_and_transaction_id():
    """`take_counter()` also returning the transaction's id, for PostgreSQL: should the reply to COMMIT be
    lost, the id tells whether it committed, at no extra round trip."""
    return take_counter().returning(func.txid_current())


@cache
def rule_facts():
    """(church name, church's own limit, slot-holding teams in it, slots its open waiting-list offers hold, team
    name taken, captain email taken).

    Binds `church_key`, `team_key`, `captain_email` and `own_entry` (the waiting entry whose offer this
    registration completes, whose held slot is its own; 0 for none); a church that does not exist yet has no
    name, no own limit, no teams and no offers.
    """
    church, team, waiting = Church.__table__, Team.__table__, WaitingEntry.__table__
    holding = team.c.status.in_(SLOT_HOLDING)
    in_church = church.c.name_key == bindparam("church_key")
    return select(
        select(church.c.name).where(in_church).scalar_subquery(),
        select(church.c.slot_limit).where(in_church).scalar_subquery(),
        select(func.count()).select_from(team.join(church, team.c.church_id == church.c.id))
        .where(in_church, holding).scalar_subquery(),
        select(func.count()).select_from(waiting.join(church, waiting.c.church_id == church.c.id))
        .where(in_church, waiting.c.status == "offered", waiting.c.id != bindparam("own_entry")).scalar_subquery(),
        exists().where(holding, team.c.name_key == bindparam("team_key")),
        exists().where(holding, team.c.captain_email == bindparam("captain_email")))


@cache
def upsert_church():
    """Insert a church or, when its name key exists, lock that row; returns (id, name) either way.

    Binds `name`, `name_key`, `verified` and `created_at`. The no-op update on conflict takes the row lock, as
    SELECT ... FOR UPDATE would. Written as SQL that PostgreSQL and SQLite share: SQLAlchemy's own upsert
    constructs are never in its compiled cache, so they were compiled again on every registration.
    """
    columns = Church.__table__.c
    return text("INSERT INTO church (name, name_key, verified, created_at) "
                "VALUES (:name, :name_key, :verified, :created_at) "
                "ON CONFLICT (name_key) DO UPDATE SET name_key = excluded.name_key RETURNING id, name"
                ).bindparams(bindparam("verified", type_=columns.verified.type),
                             bindparam("created_at", type_=columns.created_at.type))


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
    """Give a team its code; binds `of_team`, `new_code` and `renamed_at`."""
    table = Team.__table__
    return (update(table).where(table.c.id == bindparam("of_team"))
            .values(code=bindparam("new_code"), updated_at=bindparam("renamed_at")))


@cache
def rename_players():
    """Replace the provisional code inside a team's player codes; binds `of_team`, `provisional`, `new_code`."""
    table = Player.__table__
    return (update(table).where(table.c.team_id == bindparam("of_team"))
            .values(code=func.replace(table.c.code, bindparam("provisional"), bindparam("new_code"))))


@cache
def rename_team_and_players():
    """Both renames in one statement, for PostgreSQL, where an UPDATE may carry another in a WITH clause."""
    return rename_players().add_cte(rename_team().cte("renamed_team"))
