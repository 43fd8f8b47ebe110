"""Row statements written out once per shape: issuing a ticket and calling the next one run
them on every request, and building them with peewee's query builder cost more CPU than
running them (make bench; the profile in docs/benchmarks.md).

The SQL text of each (model, columns) shape is made once and kept; values still go through
each field's db_value, so what is stored is exactly what peewee itself would store.
"""

from functools import cache

from reception.extensions import db


def first(model, condition: str, params: list, order: str = ""):
    """Return the first row of model WHERE condition (ORDER BY order), or None.

    condition and order are SQL text with {p} for each parameter's placeholder.
    """
    return next(rows(model, _select_sql(model, condition, order, db.obj.param), params), None)


def rows(model, sql: str, params: list):
    """Yield model instances for the rows of a written-out SELECT of model's columns.

    What peewee's raw query does per row (each column through its field's python_value),
    without building its query and cursor wrapper objects each time.
    """
    cursor = db.execute_sql(sql, params)
    converters = _converters(model, tuple(column[0] for column in cursor.description))
    for row in cursor.fetchall():
        instance = model(__no_default__=1, **{
            name: value if value is None else convert(value)
            for (name, convert), value in zip(converters, row, strict=True)
        })
        instance._dirty.clear()
        yield instance


def related(instance, name: str):
    """Return the object behind a foreign key of instance (None when unset).

    Loaded once with a written-out statement and kept on the instance, as peewee's own lazy
    load would, without building a peewee query for it.
    """
    loaded = instance.__rel__.get(name)
    if loaded is not None:
        return loaded
    key = instance.__data__.get(name)
    if key is None:
        return None
    field = type(instance)._meta.fields[name]
    target = first(field.rel_model, f'"{field.rel_field.column_name}" = {{p}}', [key])
    instance.__rel__[name] = target
    return target


def every(model) -> dict:
    """Return every row of a small table (matters, counters) by id, read at once."""
    return {row.id: row for row in rows(model, _every_sql(model), [])}


def attach(instances, name: str, objects_by_id: dict) -> None:
    """Set the object behind foreign key `name` of each instance from objects read at once.

    What statements.related does for one instance, for many with one read of the targets.
    """
    for instance in instances:
        instance.__rel__[name] = objects_by_id.get(instance.__data__.get(name))


def insert(instance) -> int:
    """INSERT a new model instance (defaults filled in), set its id and return it."""
    model = type(instance)
    data = {name: value for name, value in instance.__data__.items() if name != "id"}
    names = tuple(data)
    fields = model._meta.fields
    params = [fields[name].db_value(data[name]) for name in names]
    new_id = db.execute_sql(_insert_sql(model, names, db.obj.param), params).fetchone()[0]
    instance.id = new_id
    instance._dirty.clear()
    return new_id


def update(instance, *names: str) -> None:
    """UPDATE these fields of a stored model instance (by id) to the instance's values."""
    model = type(instance)
    fields = model._meta.fields
    params = [fields[name].db_value(instance.__data__.get(name)) for name in names]
    db.execute_sql(_update_sql(model, names, db.obj.param), [*params, instance.id])
    instance._dirty.difference_update(names)


@cache
def _select_sql(model, condition: str, order: str, param: str) -> str:
    sql = f'SELECT * FROM "{model._meta.table_name}" WHERE {condition}'
    if order:
        sql += f" ORDER BY {order}"
    return (sql + " LIMIT 1").format(p=param)


@cache
def _every_sql(model) -> str:
    return f'SELECT * FROM "{model._meta.table_name}"'


@cache
def _converters(model, columns: tuple) -> list:
    fields = model._meta.columns
    return [(fields[column].name, fields[column].python_value) for column in columns]


@cache
def _insert_sql(model, names: tuple, param: str) -> str:
    fields = model._meta.fields
    columns = ", ".join(f'"{fields[name].column_name}"' for name in names)
    marks = ", ".join([param] * len(names))
    return (f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
            ' RETURNING "id"')


@cache
def _update_sql(model, names: tuple, param: str) -> str:
    fields = model._meta.fields
    assignments = ", ".join(f'"{fields[name].column_name}" = {param}' for name in names)
    return f'UPDATE "{model._meta.table_name}" SET {assignments} WHERE "id" = {param}'
