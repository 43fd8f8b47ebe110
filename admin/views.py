"""Login, the officer desk and the administration pages."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from admin import bp
from reception import users
from reception.errors import ReceptionError
from reception.models import Counter


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        try:
            user = users.authenticate(request.form.get("username", ""),
                                      request.form.get("password", ""))
        except ReceptionError as refused:
            error = refused.message(g.lang)
        else:
            login_user(user)
            target = request.args.get("next", "")
            # Only local paths: an absolute URL here would be an open redirect.
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("admin.index")
            return redirect(target)
    return render_template("admin/login.html", error=error, lang=g.lang), (401 if error else 200)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash("Đã đăng xuất.")
    return redirect(url_for("admin.login"))


@bp.get("/")
@login_required
def index():
    counters = Counter.select().where(Counter.active).order_by(Counter.number)
    return render_template("admin/index.html", counters=counters, user=current_user, lang=g.lang)


@bp.get("/desk/<int:counter_id>")
@login_required
def desk(counter_id):
    counter = Counter.get_or_none((Counter.id == counter_id) & Counter.active)
    if counter is None:
        return redirect(url_for("admin.index"))
    return render_template("admin/desk.html", counter=counter, user=current_user, lang=g.lang)
