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
    clearFieldErrors();
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

  // withElement: keep each row's element (collect() needs it; drafts must not hold it).
  function rows(listId, withElement) {
    return Array.prototype.map.call($(listId).children, function (row) {
      var values = {};
      row.querySelectorAll("input").forEach(function (box) {
        values[box.name] = box.type === "checkbox" ? box.checked : box.value.trim();
      });
      if (withElement) values.element = row;
      return values;
    });
  }

  // The rows of the last body sent, by their index in it (empty rows are left out), so a
  // field error "documents.1.copies" finds its box.
  var sentRows = { documents: [], representatives: [] };

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
    var reps = rows("representatives", true).filter(function (r) {
      return r.rep_name || r.rep_id;
    });
    var docs = rows("documents", true).filter(function (d) { return d.doc_title; });
    sentRows = {
      representatives: reps.map(function (r) { return r.element; }),
      documents: docs.map(function (d) { return d.element; })
    };
    var body = {
      visitor: visitor,
      reception_kind: value("reception_kind"),
      session_kind: value("session_kind"),
      interpreter_used: input("interpreter_used").checked,
      interpreter_language: value("interpreter_language"),
      representatives: reps.map(function (r) {
        var person = { full_name: r.rep_name };
        if (r.rep_id) person.id_number = r.rep_id;
        return person;
      }),
      summary: value("summary"),
      requests: value("requests"),
      prior_handling: value("prior_handling"),
      documents: docs.map(
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
    submit(null);
    return true;
  }

  // after: what to do once the record is saved (call the next visitor).
  function submit(after) {
    if (!ticket) return;
    var saving = ticket;
    var body = collect();
    $("record-error").hidden = true;
    clearFieldErrors();
    Desk.run(function () {
      return Desk.api("POST", "/api/v1/tickets/" + saving.id + "/finish", body);
    }, function (data) {
      dropDraft(saving.id);
      if (ticket && ticket.id === saving.id) reset();
      showLastRecord(data);
      loadDeadlines();
      return Desk.format(T.recorded, { number: data.ticket.number });
    }, function (error) {
      var marked = markFields((error.details || {}).fields);
      var box = $("record-error");
      // Fields marked by their boxes: the summary says how many, without technical names.
      box.textContent = marked ? Desk.format(T.record_fields_invalid, { count: marked })
        : error.message;
      box.hidden = false;
      if (!marked) box.scrollIntoView({ block: "nearest" });
    }).then(function (ok) { if (ok && after) after(); });
  }

  // --- Field errors: the server's list, shown by the boxes they concern ----------------------

  var TOP_LEVEL = { case_id: "case_choice", open_case: "case_choice", body: null };

  function fieldElement(path) {
    var parts = String(path).split(".");
    if (parts[0] === "visitor") {
      var name = parts[1] === "birth_date" ? "birth_year"
        : parts[1] === "old_id_number" || !parts[1] ? "id_number" : parts[1];
      return name === "qr" ? $("qr-input") : input(name);
    }
    if (parts[0] === "documents" || parts[0] === "representatives") {
      var row = sentRows[parts[0]][Number(parts[1])];
      if (!row) return parts[0] === "documents" ? $("add-document") : $("add-representative");
      var box = parts[0] === "documents"
        ? { copies: "doc_copies", original: "doc_original" }[parts[2]] || "doc_title"
        : parts[2] === "id_number" ? "rep_id" : "rep_name";
      return row.querySelector("[name=" + box + "]");
    }
    var top = parts[0] in TOP_LEVEL ? TOP_LEVEL[parts[0]] : parts[0];
    var element = top && input(top);
    return element && !(element instanceof RadioNodeList) ? element : null;
  }

  function clearFieldErrors() {
    form.querySelectorAll(".field-error").forEach(function (note) { note.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (element) {
      element.removeAttribute("aria-invalid");
    });
  }

  // Mark each field at fault with its message; focus the first one in the form's order.
  // Returns how many fields were marked.
  function markFields(fields) {
    var marked = [];
    (fields || []).forEach(function (item) {
      var element = fieldElement(item.field);
      if (!element || marked.indexOf(element) >= 0) return;
      marked.push(element);
      element.setAttribute("aria-invalid", "true");
      var note = Desk.node("small", "field-error", item.message);
      note.id = "error-" + Math.random().toString(36).slice(2);
      element.setAttribute("aria-describedby", note.id);
      var holder = element.closest(".field, .check");
      (holder || element.parentNode).appendChild(note);
      // A field shown only for some choices (refusal reason) must be visible to be fixed.
      var hidden = element.closest("[hidden]");
      if (hidden && hidden !== panel) hidden.hidden = false;
    });
    marked.sort(function (a, b) {
      return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    if (marked.length) marked[0].focus();
    return marked.length;
  }

  form.addEventListener("input", function (event) {
    // Typing in a marked box takes its mark away.
    var element = event.target;
    if (element.getAttribute("aria-invalid") !== "true") return;
    element.removeAttribute("aria-invalid");
    var holder = element.closest(".field, .check") || element.parentNode;
    var note = holder.querySelector(".field-error");
    if (note) note.remove();
  });

  // --- Leaving a meeting whose record is not saved (F2, F7) -----------------------------------

  var unsaved = $("unsaved-dialog");
  var leaving = null;  // { ticket, proceed } while the dialog is open

  function guard(current, action, proceed) {
    // Called by desk.js before "call" and "no_show": true when the officer must choose first.
    if (!touched || !current || !ticket || current.id !== ticket.id) return false;
    saveDraft();
    leaving = { ticket: ticket, action: action, proceed: proceed };
    $("unsaved-text").textContent = Desk.format(
      action === "call" ? T.unsaved_call : T.unsaved_no_show, { number: ticket.number });
    $("unsaved-save").textContent = T.unsaved_save_call;
    // Saving the record finishes the ticket as served: not a no-show.
    $("unsaved-save").hidden = action !== "call";
    $("unsaved-discard").textContent = action === "call" ? T.unsaved_discard_call
      : T.unsaved_discard_no_show;
    unsaved.showModal();
    (action === "call" ? $("unsaved-save") : $("unsaved-keep")).focus();
    return true;
  }

  function choose(what) {
    var chosen = leaving;
    leaving = null;
    unsaved.close();
    if (!chosen || !ticket || ticket.id !== chosen.ticket.id) return;
    if (what === "save") {
      submit(chosen.proceed);
    } else if (what === "discard") {
      dropDraft(ticket.id);
      reset();
      chosen.proceed();
    } else {
      input("full_name").focus();
    }
  }

  $("unsaved-save").addEventListener("click", function () { choose("save"); });
  $("unsaved-discard").addEventListener("click", function () { choose("discard"); });
  $("unsaved-keep").addEventListener("click", function () { choose("keep"); });
  // Escape keeps writing: nothing is closed or lost.
  unsaved.addEventListener("cancel", function () { leaving = null; });
  // Leaving the page (reload, another counter) keeps the last keystrokes in the draft.
  window.addEventListener("pagehide", function () { saveDraft(); });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit(null);
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
    // A typed record is never wiped without asking.
    if (touched && !window.confirm(T.confirm_clear)) return;
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
    }, function (error) {
      var partial = (error.details || {}).identity;
      if (!partial) { showQrMessage(error.message, true); return; }
      // A refused card still fills what it says; the field at fault is marked to correct.
      clearFieldErrors();
      ["full_name", "id_number", "address", "sex", "birth_date", "old_id_number"].forEach(
        function (name) { if (partial[name]) input(name).value = partial[name]; });
      if (partial.birth_year) input("birth_year").value = String(partial.birth_year);
      showQrMessage(Desk.format(T.qr_partial, { message: error.message }), true);
      changed();
      markFields(error.details.fields);
    });
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

  window.Meeting = { show: show, finish: finish, guard: guard };
  updateConditional();
  loadDeadlines();
  setInterval(loadDeadlines, DEADLINE_REFRESH_MS);
})();
