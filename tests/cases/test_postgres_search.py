"""Search on PostgreSQL (stored word vectors, GIN indexes): without diacritics, by ID number,
by content, and never by a denouncer's name for someone who may not see it."""

from app import create_app
from demo import headquarters
from reception import schema
from reception.cases import casefiles, meetings, search
from reception.config import Settings
from reception.database import connection
from reception.users import create_user
from tests.cases.conftest import meeting
from tests.cases.test_access import DENUNCIATION


def test_search_on_postgresql(postgres_database):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": postgres_database,
                      "CLOSING_TIME": "", "REALTIME_COALESCE_SECONDS": 0})
    method = Settings.of(app).password_hash_method
    schema.init_db()
    schema.init_db()  # the stored vectors and their indexes are added once
    headquarters.seed()
    with connection():
        recorder = create_user("ghi-nhan", "mat-khau-an-toan", "officer", hash_method=method)
        responsible = create_user("thu-ly", "mat-khau-an-toan", "officer", hash_method=method)
        leader = create_user("lanh-dao", "mat-khau-an-toan", "leader", hash_method=method)
        complaint = meetings.record_visit(meeting(), recorder)
        denunciation = meetings.record_visit(DENUNCIATION, recorder)
        casefiles.update_case(denunciation.case_id, {"responsible_id": responsible.id}, leader)

        def found(user, text, **filters):
            return {case.id for case in search.search_cases(user, {"q": text, **filters})
                    ["cases"]}

        assert found(leader, "nguyen van pho") == {complaint.case_id}
        assert found(leader, "NGUYỄN VĂN PHÒ") == {complaint.case_id}
        assert found(leader, "068085001234") == {complaint.case_id}
        assert found(leader, "thua so 112", status="in_progress") == {complaint.case_id}
        assert found(leader, "luong thi bich") == {denunciation.case_id}
        assert found(responsible, "luong thi bich") == {denunciation.case_id}
        # The recorder sees the case (by its content) but not who denounced.
        assert found(recorder, "dia chinh tach thua") == {denunciation.case_id}
        assert found(recorder, "luong thi bich") == set()
        assert found(recorder, "068190007777") == set()
        visits = search.search_visits(leader, {"q": "tach thua"})["visits"]
        assert [visit.id for visit in visits] == [denunciation.id]
