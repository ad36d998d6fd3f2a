"""The tables a backup holds, parents before children, and their rows as JSON lines that any database loads."""
import json
from datetime import date, datetime

from flask_appbuilder import Model
from sqlalchemy import JSON, Integer, MetaData, Text, bindparam, cast, func, insert, select, text
from sqlalchemy.schema import sort_tables

from ...extensions import db

BATCH = 500


def backup_tables():
    """Every table of the schema (FAB's ab_* tables included), each after the tables it refers to."""
    return sort_tables([*Model.metadata.tables.values(), *db.metadata.tables.values()])


def reflected_tables(connection):
    """The tables the database itself holds (its migration record aside), each after the tables it refers to.

    A restore loads into these: the schema at the backup's migration, which this version's models may not match.
    """
    metadata = MetaData()
    metadata.reflect(connection)
    return [table for table in sort_tables(metadata.tables.values()) if table.name != "alembic_version"]


def dump_rows(connection, table, write):
    """Write each row of `table` as one JSON line, in primary key order; return how many."""
    # JSON columns travel as their stored text, so JSON null and SQL NULL stay apart.
    columns = [cast(column, Text).label(column.name) if _is_json(column) else column for column in table.columns]
    query = select(*columns).order_by(*table.primary_key.columns)
    count = 0
    for row in connection.execution_options(stream_results=True, yield_per=BATCH).execute(query).mappings():
        write(json.dumps({name: _encode(value) for name, value in row.items()}, ensure_ascii=False) + "\n")
        count += 1
    return count


def load_rows(connection, table, lines):
    """Insert the rows of `lines` (JSON lines from dump_rows) into `table`; return how many."""
    # Bound under names of their own: SQLAlchemy keeps each column's own name for its automatic parameters.
    statement = insert(table).values({column.name: bindparam(f"v_{column.name}",
                                                             type_=Text() if _is_json(column) else column.type)
                                      for column in table.columns})
    decoders = {column.name: _decoder(column) for column in table.columns}
    batch, count = [], 0
    for line in lines:
        row = json.loads(line)
        batch.append({f"v_{name}": decoders[name](row.get(name)) for name in decoders})
        if len(batch) == BATCH:
            connection.execute(statement, batch)
            count, batch = count + len(batch), []
    if batch:
        connection.execute(statement, batch)
        count += len(batch)
    return count


def reset_sequences(connection, tables):
    """Point every PostgreSQL id sequence past the highest id loaded, so the next insert gets a fresh id."""
    if connection.dialect.name != "postgresql":
        return  # SQLite hands out max(rowid) + 1 by itself
    for table in tables:
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer):
                continue
            sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:table, :column)"),
                                         {"table": table.name, "column": column.name})
            if sequence:
                highest = connection.scalar(select(func.max(column)))
                connection.execute(text("SELECT setval(:sequence, :value, false)"),
                                   {"sequence": sequence, "value": (highest or 0) + 1})


def count_rows(connection, table):
    """How many rows `table` holds."""
    return connection.scalar(select(func.count()).select_from(table))


def _is_json(column):
    return isinstance(column.type, JSON)


def _encode(value):
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def _decoder(column):
    """Turn a dumped value back into what the column's type binds."""
    if _is_json(column):
        return _same
    try:
        kind = column.type.python_type
    except NotImplementedError:
        return _same
    if kind is datetime:
        return lambda value: None if value is None else datetime.fromisoformat(value)
    if kind is date:
        return lambda value: None if value is None else date.fromisoformat(value)
    return _same


def _same(value):
    return value
