// The desk's meeting record: identify the visitor (typed or scanned from the chip ID card's QR
// code), record the matter and its handling, and save it with the finish of the ticket
// (POST /api/v1/tickets/<id>/finish with the record as body). The server validates; its
// Vietnamese message stays by the form and nothing typed is lost. A draft is kept in
// localStorage per ticket, so a reload or a crash of the browser loses nothing either.
(function () {
  "use strict";

  var Desk = window.Desk;
  if (!Desk) return;
  var T = Desk.config.texts;
  var DRAFT_PREFIX = "reception.desk.record.";
  var MAX_REPRESENTATIVES = 5;
  var DEADLINE_REFRESH_MS = 5 * 60 * 1000;

  var form = document.getElementById("record-form");
  var panel = document.getElementById("record");
  var ticket = null;        // the ticket the form is for
  var touched = false;      // anything typed or scanned since the form was reset
  var pendingCase = null;   // a restored draft's attached case, until the lookup lists it
  var lookedUp = null;      // the ID number last looked up
  var draftTimer = null;

  function $(id) { return document.getElementById(id); }
  function input(name) { return form.elements[name]; }
  function value(name) { return (input(name).value || "").trim(); }

  // --- Showing the form for the current ticket --------------------------------------------

  function show(current, busy) {
    if (!current) {
      panel.hidden = true;
      ticket = null;
      return;
    }
    panel.hidden = false;
    $("record-submit").disabled = $("finish-plain").disabled = !!busy;
    if (ticket && ticket.id === current.id) return;
    ticket = current;
    $("record-number").textContent = current.number;
    reset();
    if (!restoreDraft()) loadArrival(current);
    pruneDrafts();
  }

  function reset() {
    form.reset();
    // reset() leaves hidden inputs alone: they hold what the last card said.
    input("birth_date").value = input("old_id_number").value = "";
    $("representatives").replaceChildren();
    $("documents").replaceChildren();
    $("returning").hidden = true;
    $("qr-message").hidden = true;
    $("record-error").hidden = true;
    removeCaseOptions();
    touched = false;
    lookedUp = pendingCase = null;
    if (ticket) input("party_size").value = String(ticket.party_size || 1);
    updateConditional();
  }

  function updateConditional() {
    var handling = value("handling");
    form.querySelectorAll("[data-when-handling]").forEach(function (element) {
      element.hidden = element.dataset.whenHandling !== handling;
    });
    $("to-cao-hint").hidden = value("matter_type") !== "to_cao";
    var choice = value("case_choice");
    $("case-title-field").hidden = choice !== "auto" && choice !== "new";
  }

  // --- Rows: representatives and documents --------------------------------------------------

  function addRow(listId, fields, values) {
    var list = $(listId);
    var row = Desk.node("li", "row record-row");
    fields.forEach(function (field) {
      var box = document.createElement("input");
      box.name = field.name;
      box.type = field.type || "text";
      if (field.type === "checkbox") {
        box.checked = !!(values && values[field.name]);
        row.appendChild(Desk.node("label", "check", null, [box, Desk.node("span", null,
          field.label)]));
        return;
      }
      box.value = values && values[field.name] != null ? String(values[field.name]) : "";
      if (field.attrs) Object.keys(field.attrs).forEach(function (k) {
        box.setAttribute(k, field.attrs[k]);
      });
      row.appendChild(Desk.node("label", "field" + (field.short ? " field-short" : ""), null,
        [Desk.node("span", null, field.label), box]));
    });
    var remove = Desk.node("button", "btn btn-quiet btn-small", T.remove);
    remove.type = "button";
    remove.addEventListener("click", function () { row.remove(); changed(); });
    row.appendChild(remove);
    list.appendChild(row);
    return row;
  }

  var REP_FIELDS = [
    { name: "rep_name", label: T.rep_name, attrs: { maxlength: "120" } },
    { name: "rep_id", label: T.rep_id, short: true,
      attrs: { inputmode: "numeric", maxlength: "12" } }
  ];
  var DOC_FIELDS = [
    { name: "doc_title", label: T.doc_title, attrs: { maxlength: "300" } },
    { name: "doc_copies", label: T.doc_copies, short: true,
      attrs: { inputmode: "numeric", maxlength: "4" } },
    { name: "doc_original", label: T.doc_original, type: "checkbox" }
  ];

  function addRepresentative(values) {
    if ($("representatives").children.length >= MAX_REPRESENTATIVES) {
      showQrMessage(T.too_many_reps, true);
      return null;
    }
    return addRow("representatives", REP_FIELDS, values);
  }

  function addDocument(values) {
    return addRow("documents", DOC_FIELDS, values || { doc_copies: 1 });
  }

  $("add-representative").addEventListener("click", function () {
    var row = addRepresentative();
    if (row) row.querySelector("input").focus();
  });
  $("add-document").addEventListener("click", function () {
    addDocument().querySelector("input").focus();
  });

  function rows(listId) {
    return Array.prototype.map.call($(listId).children, function (row) {
      var values = {};
      row.querySelectorAll("input").forEach(function (box) {
        values[box.name] = box.type === "checkbox" ? box.checked : box.value.trim();
      });
      return values;
    });
  }

  // --- The request body ---------------------------------------------------------------------

  function number(text) {
    // Digits become a number; anything else goes as typed, for the server to name the field.
    return /^\d+$/.test(text) ? Number(text) : text;
  }

  function collect() {
    var visitor = {};
    ["full_name", "id_number", "sex", "address", "phone", "birth_date",
      "old_id_number"].forEach(function (name) {
      if (value(name)) visitor[name] = value(name);
    });
    if (value("birth_year")) visitor.birth_year = number(value("birth_year"));
    var body = {
      visitor: visitor,
      reception_kind: value("reception_kind"),
      session_kind: value("session_kind"),
      interpreter_used: input("interpreter_used").checked,
      interpreter_language: value("interpreter_language"),
      representatives: rows("representatives").filter(function (r) {
        return r.rep_name || r.rep_id;
      }).map(function (r) {
        var person = { full_name: r.rep_name };
        if (r.rep_id) person.id_number = r.rep_id;
        return person;
      }),
      summary: value("summary"),
      requests: value("requests"),
      prior_handling: value("prior_handling"),
      documents: rows("documents").filter(function (d) { return d.doc_title; }).map(
        function (d) {
          return { title: d.doc_title, copies: number(d.doc_copies || "1"),
            original: d.doc_original };
        }),
      complex_case: input("complex_case").checked,
      remote_area: input("remote_area").checked,
      note: value("note")
    };
    if (value("party_size")) body.party_size = number(value("party_size"));
    ["matter_type", "field", "handling"].forEach(function (name) {
      // Left out when not chosen: the server names the missing field.
      if (value(name)) body[name] = value(name);
    });
    if (body.handling === "chuyen_don") body.transfer_to = value("transfer_to");
    if (body.handling === "huong_dan") body.guidance = value("guidance");
    if (body.handling === "tu_choi") {
      if (value("refusal_reason")) body.refusal_reason = value("refusal_reason");
      body.refusal_detail = value("refusal_detail");
    }
    var choice = value("case_choice");
    if (choice === "new") body.open_case = true;
    else if (choice === "none") body.open_case = false;
    else if (/^\d+$/.test(choice)) body.case_id = Number(choice);
    if ((choice === "auto" || choice === "new") && value("case_title")) {
      body.case_title = value("case_title");
    }
    return body;
  }

  // --- Saving with the finish ---------------------------------------------------------------

  function finish(current) {
    // Called by desk.js for F8 / "Kết thúc": an untouched form finishes without a record.
    if (!touched || !current || !ticket || current.id !== ticket.id) return false;
    submit();
    return true;
  }

  function submit() {
    if (!ticket) return;
    var saving = ticket;
    var body = collect();
    $("record-error").hidden = true;
    Desk.run(function () {
      return Desk.api("POST", "/api/v1/tickets/" + saving.id + "/finish", body);
    }, function (data) {
      dropDraft(saving.id);
      if (ticket && ticket.id === saving.id) reset();
      showLastRecord(data);
      loadDeadlines();
      return Desk.format(T.recorded, { number: data.ticket.number });
    }, function (error) {
      var box = $("record-error");
      box.textContent = error.message;
      box.hidden = false;
      box.scrollIntoView({ block: "nearest" });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit();
  });

  // Enter in a one-line box must not finish the meeting (a QR scanner ends with Enter).
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.tagName === "INPUT") event.preventDefault();
  });

  $("finish-plain").addEventListener("click", function () {
    if (!ticket) return;
    if (touched && !window.confirm(Desk.format(T.confirm_no_record, { number: ticket.number }))) {
      return;
    }
    dropDraft(ticket.id);
    Desk.finishPlain();
  });

  $("record-clear").addEventListener("click", function () {
    if (ticket) dropDraft(ticket.id);
    reset();
  });

  function link(text, href) {
    var anchor = Desk.node("a", "btn btn-small", text);
    anchor.href = href;
    anchor.target = "_blank";
    anchor.rel = "noopener";
    return anchor;
  }

  function showLastRecord(data) {
    var box = $("last-record");
    var visit = data.visit;
    box.replaceChildren();
    if (!visit) { box.hidden = true; return; }
    box.appendChild(Desk.node("strong", null,
      Desk.format(T.recorded, { number: data.ticket.number })));
    if (visit.case) {
      box.appendChild(Desk.node("span", "mark", Desk.format(T.recorded_case,
        { code: visit.case.code })));
      box.appendChild(link(T.view_case, Desk.config.cases_url + "/" + visit.case.id));
    }
    if (visit.documents && visit.documents.length) {
      box.appendChild(link(T.print_receipt, "/api/v1/visits/" + visit.id + "/receipt.pdf"));
    }
    if (visit.handling === "tu_choi") {
      box.appendChild(link(T.print_refusal,
        "/api/v1/visits/" + visit.id + "/refusal-notice.pdf"));
    }
    box.hidden = false;
  }

  // --- Identity: QR scan and returning visitors ---------------------------------------------

  function showQrMessage(text, isError) {
    var box = $("qr-message");
    box.textContent = text;
    box.className = "record-note" + (isError ? " record-note-error" : "");
    box.hidden = false;
  }

  var qrTimer = null;

  function readQr() {
    clearTimeout(qrTimer);
    var box = $("qr-input");
    var text = box.value.trim();
    if (!text) return;
    box.value = "";
    Desk.api("POST", "/api/v1/identity/qr", { qr: text }).then(function (data) {
      fillIdentity(data.identity, T.qr_read);
      changed();
    }, function (error) { showQrMessage(error.message, true); });
  }

  function fillIdentity(person, message) {
    ["full_name", "id_number", "address", "birth_date", "sex"].forEach(function (name) {
      input(name).value = person[name] || "";
    });
    input("old_id_number").value = person.old_id_number || "";
    input("birth_year").value = person.birth_year ? String(person.birth_year) : "";
    showQrMessage(Desk.format(message, { name: person.full_name }), false);
    updateConditional();
    lookup();
  }

  function loadArrival(current) {
    // The card the citizen scanned at the kiosk, if any: nothing to retype.
    Desk.api("GET", "/api/v1/tickets/" + current.id + "/arrival-identity").then(function (data) {
      if (!data.identity || !ticket || ticket.id !== current.id || value("id_number")) return;
      fillIdentity(data.identity, T.kiosk_card_read);
    }, function () { /* the officer scans or types instead */ });
  }

  $("qr-input").addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); readQr(); }
  });
  // Some scanners send no Enter: read once the 7 fields have arrived and typing stopped.
  $("qr-input").addEventListener("input", function (event) {
    event.stopPropagation();
    clearTimeout(qrTimer);
    if ((event.target.value.match(/\|/g) || []).length >= 6) qrTimer = setTimeout(readQr, 400);
  });

  function removeCaseOptions() {
    Array.prototype.slice.call($("case-choice").options).forEach(function (option) {
      if (/^\d+$/.test(option.value)) option.remove();
    });
  }

  function lookup() {
    var idNumber = value("id_number");
    if (!/^\d{12}$/.test(idNumber) || idNumber === lookedUp) return;
    lookedUp = idNumber;
    Desk.api("GET", "/api/v1/visitors?id_number=" + idNumber).then(function (data) {
      if (value("id_number") !== idNumber) return;
      showReturning(data);
    }, function (error) {
      lookedUp = null;
      showReturning(null, error.message);
    });
  }

  function showReturning(data, errorText) {
    var box = $("returning");
    box.replaceChildren();
    removeCaseOptions();
    box.hidden = false;
    if (!data) {
      box.className = "returning returning-error";
      box.textContent = errorText;
      return;
    }
    box.className = "returning" + (data.returning ? " is-returning" : "");
    if (!data.returning) {
      box.textContent = T.first_visit;
      return;
    }
    box.appendChild(Desk.node("p", null, null, [Desk.node("strong", null,
      Desk.format(T.returning, { count: data.visits.length }))]));
    var list = Desk.node("ul", "returning-visits");
    data.visits.slice(0, 10).forEach(function (visit) {
      var parts = [visit.received_on, optionLabel("matter_type", visit.matter_type),
        optionLabel("handling", visit.handling)];
      if (visit.case) parts.push(visit.case.code);
      var item = Desk.node("li", null, parts.join(" · "));
      item.appendChild(Desk.node("small", null, visit.summary || T.earlier_hidden));
      list.appendChild(item);
    });
    box.appendChild(list);
    var select = $("case-choice");
    data.cases.forEach(function (item) {
      select.appendChild(new Option(Desk.format(T.case_attach,
        { code: item.code, title: item.title || "" }), String(item.id)));
    });
    if (pendingCase) {
      select.value = pendingCase;
      pendingCase = null;
      updateConditional();
    }
  }

  function optionLabel(name, code) {
    var option = Array.prototype.find.call(input(name).options, function (o) {
      return o.value === code;
    });
    return option ? option.textContent : code;
  }

  input("id_number").addEventListener("input", function () {
    // A number typed by hand is no longer the scanned card's: forget the card's extras.
    input("birth_date").value = input("old_id_number").value = "";
    lookup();
  });

  // --- Drafts ---------------------------------------------------------------------------------

  function changed() {
    touched = true;
    updateConditional();
    clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDraft, 300);
  }

  form.addEventListener("input", function (event) {
    if (event.target.id !== "qr-input") changed();
  });
  form.addEventListener("change", function (event) {
    if (event.target.id !== "qr-input") changed();
  });

  function saveDraft() {
    if (!ticket || !touched) return;
    var values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.closest(".record-row") || element.id === "qr-input") return;
      values[element.name] = element.type === "checkbox" ? element.checked : element.value;
    });
    var draft = { ticket: ticket.id, saved: Date.now(), values: values,
      representatives: rows("representatives"), documents: rows("documents") };
    try {
      window.localStorage.setItem(DRAFT_PREFIX + ticket.id, JSON.stringify(draft));
    } catch (e) { /* storage full or disabled: the form still works */ }
  }

  function restoreDraft() {
    var draft = null;
    try {
      draft = JSON.parse(window.localStorage.getItem(DRAFT_PREFIX + ticket.id) || "null");
    } catch (e) { draft = null; }
    if (!draft || !draft.values) return false;
    Object.keys(draft.values).forEach(function (name) {
      var element = input(name);
      if (!element || element instanceof RadioNodeList) return;
      if (element.type === "checkbox") element.checked = !!draft.values[name];
      else element.value = draft.values[name];
    });
    (draft.representatives || []).forEach(addRepresentative);
    (draft.documents || []).forEach(addDocument);
    var choice = draft.values.case_choice;
    if (/^\d+$/.test(choice || "")) pendingCase = choice;
    if (pendingCase) input("case_choice").value = "auto";
    touched = true;
    updateConditional();
    lookup();
    Desk.showMessage(T.draft_restored, "ok");
    return true;
  }

  function dropDraft(ticketId) {
    clearTimeout(draftTimer);
    try { window.localStorage.removeItem(DRAFT_PREFIX + ticketId); } catch (e) { /* ignore */ }
  }

  function pruneDrafts() {
    // Drafts of tickets finished elsewhere, or a week old, are of no use any more.
    try {
      var weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
      for (var i = window.localStorage.length - 1; i >= 0; i -= 1) {
        var key = window.localStorage.key(i);
        if (key.indexOf(DRAFT_PREFIX) !== 0) continue;
        var draft = JSON.parse(window.localStorage.getItem(key) || "{}");
        if (!draft.saved || draft.saved < weekAgo) window.localStorage.removeItem(key);
      }
    } catch (e) { /* ignore */ }
  }

  // --- My cases near or past their deadline ---------------------------------------------------

  function loadDeadlines() {
    var base = "/api/v1/cases?per_page=20&responsible_id=" + Desk.config.user_id + "&deadline=";
    Promise.all([Desk.api("GET", base + "overdue"), Desk.api("GET", base + "near")]).then(
      function (answers) {
        var seen = {};
        var cases = answers[0].cases.concat(answers[1].cases).filter(function (item) {
          if (seen[item.id]) return false;
          seen[item.id] = true;
          return true;
        });
        renderDeadlines(cases);
      }, function () { /* the list keeps its last content */ });
  }

  function renderDeadlines(cases) {
    var list = $("deadline-list");
    list.replaceChildren();
    cases.forEach(function (item) {
      var overdue = item.deadline_flag === "overdue";
      var anchor = Desk.node("a", null, item.code + " – " + item.title);
      anchor.href = Desk.config.cases_url + "/" + item.id;
      list.appendChild(Desk.node("li", "deadline-item " + (overdue ? "is-overdue" : "is-near"),
        null, [
          Desk.node("span", "tag " + (overdue ? "tag-overdue" : "tag-near"),
            overdue ? T.overdue : T.near),
          anchor,
          Desk.node("small", null, item.next_due_on
            ? Desk.format(T.due_on, { date: item.next_due_on.split("-").reverse().join("/") })
            : "")
        ]));
    });
    $("deadline-empty").hidden = cases.length > 0;
  }

  window.Meeting = { show: show, finish: finish };
  updateConditional();
  loadDeadlines();
  setInterval(loadDeadlines, DEADLINE_REFRESH_MS);
})();
