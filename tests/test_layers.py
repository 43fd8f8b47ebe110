"""The layers, read from the code's own imports (docs/architecture.md, issue 14): no blueprint
imports another (they meet in the core or the shared web layer), the web layer imports no
blueprint, and the domain core imports no blueprint, no web layer and no flask.request. Domain
errors are raised by kind and carry no HTTP status: the web layer alone maps kinds to statuses."""

import ast
from pathlib import Path

import pytest

from reception import errors

ROOT = Path(__file__).resolve().parent.parent


def makes_blueprint(path: Path) -> bool:
    """Tell whether a module calls Blueprint(...)."""
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
               and node.func.id == "Blueprint" for node in ast.walk(ast.parse(path.read_text())))


# Every top-level package whose __init__.py creates a blueprint: new ones are checked too.
BLUEPRINTS = tuple(sorted(init.parent.name for init in ROOT.glob("*/__init__.py")
                          if makes_blueprint(init)))
WEB = "web"
CORE = "reception"
# No exception: `flask serve` is handed the app factory by app.py (reception.cli.register).
CORE_ALLOWED = set()


def imported_modules(path: Path) -> list[tuple[str, int]]:
    """Return (module, line) for every import in a file, at any depth, absolute names only.

    `from x import y` counts as both x and x.y, so `from flask import request` is flask.request
    and `from kiosk import views` is kiosk.views.
    """
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, node.lineno))
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
        elif (isinstance(node, ast.Attribute) and node.attr == "request"
              and isinstance(node.value, ast.Name) and node.value.id == "flask"):
            found.append(("flask.request", node.lineno))
    return found


def top(module: str) -> str:
    return module.split(".", 1)[0]


def sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def violations(package: str, forbidden) -> list[str]:
    """Return "file:line imports module" for each import of this package that forbidden() flags."""
    found = []
    for path in sources(package):
        relative = path.relative_to(ROOT).as_posix()
        for module, line in imported_modules(path):
            if forbidden(module) and (relative, top(module)) not in CORE_ALLOWED:
                found.append(f"{relative}:{line} imports {module}")
    return found


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_a_blueprint_imports_no_other_blueprint(blueprint):
    others = set(BLUEPRINTS) - {blueprint}
    assert sources(blueprint), f"{blueprint}/ holds no module"
    assert violations(blueprint, lambda module: top(module) in others) == []


def test_the_web_layer_imports_no_blueprint():
    assert violations(WEB, lambda module: top(module) in BLUEPRINTS) == []


def test_the_core_imports_no_blueprint_no_web_layer_no_demo_data_and_no_request():
    def forbidden(module):
        return (top(module) in BLUEPRINTS + (WEB, "app", "demo")
                or module == "flask.request" or module.startswith("flask.request."))

    assert violations(CORE, forbidden) == []


def test_the_check_sees_every_kind_of_import(tmp_path):
    """The reader catches plain, from- and nested imports and flask.request used as attribute."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import kiosk.views\n"
        "from api import auth\n"
        "def late():\n"
        "    from display.views import index\n"
        "    import flask\n"
        "    return flask.request\n"
        "from . import sibling\n"
    )
    modules = {module for module, _ in imported_modules(sample)}
    assert {"kiosk.views", "api", "api.auth", "display.views", "flask", "flask.request"} <= modules
    assert not any(module.startswith("sibling") for module in modules)


def test_one_blueprint_per_package():
    """Each blueprint is created in its own package's __init__.py, nowhere else."""
    assert {"admin", "api", "display", "kiosk", "status_pages"} <= set(BLUEPRINTS)
    packages = sorted({init.parent.name for init in ROOT.glob("*/__init__.py")} - {"tests"})
    made = [path.relative_to(ROOT).as_posix() for package in packages
            for path in sources(package) if makes_blueprint(path)]
    assert made == [f"{package}/__init__.py" for package in BLUEPRINTS]



# ReceptionError and its kinds (Invalid, NotFound, ...), read from the module itself.
ERROR_NAMES = {name for name, value in vars(errors).items()
               if isinstance(value, type) and issubclass(value, errors.ReceptionError)}


def statuses_given_to_errors(path: Path) -> list[int]:
    """Return the line of each domain error built with an HTTP status.

    A status is an integer literal from 100 to 599 after the message code, or a keyword named
    status; the error is ReceptionError or a kind of it, by name or through its module.
    """
    lines = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in ERROR_NAMES:
            continue
        numbers = [arg for arg in node.args[1:] if isinstance(arg, ast.Constant)
                   and type(arg.value) is int and 100 <= arg.value <= 599]
        if numbers or any(keyword.arg == "status" for keyword in node.keywords):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("package", (CORE, WEB) + BLUEPRINTS)
def test_no_domain_error_is_given_an_http_status(package):
    found = [f"{path.relative_to(ROOT).as_posix()}:{line}"
             for path in sources(package) for line in statuses_given_to_errors(path)]
    assert found == []


def test_the_status_check_sees_every_form(tmp_path):
    """Positional and keyword statuses, on the base or a kind, by name or through the module."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "raise ReceptionError(\n"
        "    'not_found', 404, what='phiếu')\n"
        "raise errors.Conflict('duplicate', 409)\n"
        "raise NotFound('not_found', status=NOT_FOUND)\n"
        "raise Invalid('invalid_party_size', maximum=500)\n"
        "raise NotFound('not_found', what='phiếu')\n"
        "raise ValueError('x', 404)\n"
    )
    assert statuses_given_to_errors(sample) == [1, 3, 4]
