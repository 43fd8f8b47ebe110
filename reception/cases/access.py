"""Who may see what: case access by role and responsibility, and the denouncer's secrecy.

Officers see and edit the cases they are responsible for, opened or received; leaders and
admins see everything; security staff see no case content. A denouncer's identity (every
visit with matter type to_cao) is visible only to the case's responsible officer (or, for a
visit without a case, the officer who received it), leaders and admins (Luật Tố cáo Điều 47).
"""

from peewee import JOIN, Expression

from reception.cases import audit
from reception.cases.models import DENUNCIATION, Case, Visit
from reception.errors import Forbidden, NotFound

CASE_ROLES = ("officer", "leader", "admin")
SEE_ALL_ROLES = ("leader", "admin")
MASK = "[Được giữ bí mật]"
IDENTITY_FIELDS = ("full_name", "id_number", "old_id_number", "address", "phone",
                   "birth_year", "birth_date", "sex", "id_issued_on")


def sees_all(user) -> bool:
    """Tell whether the user sees every case and identity (leader, admin)."""
    return getattr(user, "role", None) in SEE_ALL_ROLES


def require_records_role(user, action: str, object_type: str, object_id="") -> None:
    """Refuse users whose role sees no case content (security), auditing the refusal."""
    if getattr(user, "role", None) not in CASE_ROLES:
        deny(user, action, object_type, object_id)


def deny(user, action: str, object_type: str, object_id="") -> None:
    """Write the refused access to the audit log and raise Forbidden."""
    audit.log(user, f"{action}.denied", object_type, object_id)
    raise Forbidden("forbidden")


def _received_case_ids(user):
    return Visit.select(Visit.case).where((Visit.received_by == user) & Visit.case.is_null(False))


def case_clause(user) -> Expression | None:
    """Return the condition on Case limiting an officer to their cases (None: no limit)."""
    if sees_all(user):
        return None
    return (
        (Case.responsible == user) | (Case.created_by == user)
        | Case.id.in_(_received_case_ids(user))
    )


def visit_clause(user) -> Expression | None:
    """Return the condition on Visit limiting an officer to their visits (None: no limit)."""
    if sees_all(user):
        return None
    mine = Case.select(Case.id).where(case_clause(user))
    return (Visit.received_by == user) | Visit.case.in_(mine)


def identity_clause(user) -> Expression | None:
    """Return the condition on Visit (joined with Case) under which identity is visible."""
    if sees_all(user):
        return None
    return (
        (Visit.matter_type != DENUNCIATION)
        | (Case.responsible == user)
        | (Visit.case.is_null() & (Visit.received_by == user))
    )


def can_view_case(user, case: Case) -> bool:
    """Tell whether the user may see (and edit) this case."""
    if getattr(user, "role", None) not in CASE_ROLES:
        return False
    if sees_all(user):
        return True
    return (
        case.responsible_id == user.id or case.created_by_id == user.id
        or Visit.select().where((Visit.case == case) & (Visit.received_by == user)).exists()
    )


def can_view_visit(user, visit: Visit) -> bool:
    """Tell whether the user may see this visit."""
    if getattr(user, "role", None) not in CASE_ROLES:
        return False
    if sees_all(user) or visit.received_by_id == user.id:
        return True
    return visit.case_id is not None and can_view_case(user, visit.case)


def identity_visible(user, visit: Visit) -> bool:
    """Tell whether the user may see who the visitor is (always, unless a denunciation)."""
    if getattr(user, "role", None) not in CASE_ROLES:
        return False
    if visit.matter_type != DENUNCIATION or sees_all(user):
        return True
    if visit.case_id is not None:
        return visit.case.responsible_id == user.id
    return visit.received_by_id == user.id


def require_case(user, case_id: int, action: str = "case.view") -> Case:
    """Return a case the user may see.

    :raises ReceptionError: NotFound when there is no such case, Forbidden (audited) when not
        allowed.
    """
    require_records_role(user, action, "case", case_id)
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise NotFound("not_found", what=f"hồ sơ {case_id}")
    if not can_view_case(user, case):
        deny(user, action, "case", case_id)
    return case


def require_visit(user, visit_id: int, action: str = "visit.view") -> Visit:
    """Return a visit the user may see.

    :raises ReceptionError: NotFound when there is no such visit, Forbidden (audited) when not
        allowed.
    """
    require_records_role(user, action, "visit", visit_id)
    visit = (
        Visit.select(Visit, Case).join(Case, JOIN.LEFT_OUTER).where(Visit.id == visit_id).first()
    )
    if visit is None:
        raise NotFound("not_found", what=f"lượt tiếp {visit_id}")
    if not can_view_visit(user, visit):
        deny(user, action, "visit", visit_id)
    return visit


def require_identity(user, visit: Visit, action: str = "identity.view") -> None:
    """Refuse (audited, Forbidden) a user who may not see this visit's identity."""
    if not identity_visible(user, visit):
        audit.log(user, f"{action}.denied", "visit", visit.id)
        raise Forbidden("identity_protected")


def mask_person(person: dict) -> dict:
    """Return a person's dict with every identifying value replaced by the mask.

    The visitor's row id goes too: it would link the masked visit to a looked-up visitor.
    """
    masked = {key: (MASK if key in IDENTITY_FIELDS and value not in (None, "") else value)
              for key, value in person.items()}
    if "id" in masked:
        masked["id"] = None
    return masked
