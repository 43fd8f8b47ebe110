// Officer desk: live state from Socket.IO /desk, every action through the JSON API.
// The server's desk_state snapshot is the only truth; the page never guesses a ticket's state.
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("desk-config").textContent);
  var T = config.texts;
  var COUNTER_KEY = "reception.desk.counter";
  var MAX_LISTED = 40;
  var csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  var counterId = config.counter.id;

  // Which ticket statuses make each action meaningful; "call" needs someone waiting instead.
  var ACTIONS = {
    call: { key: "F2", done: "called" },
    recall: { key: "F3", statuses: ["called"], path: "recall", done: "recalled" },
    start: { key: "F4", statuses: ["called"], path: "start", done: "started" },
    no_show: { key: "F7", statuses: ["called"], path: "no-show", done: "no_show_done" },
    finish: { key: "F8", statuses: ["called", "serving"], path: "finish", done: "finished" },
    transfer: { key: "F9", statuses: ["called", "serving"] }
  };

  var deskState = null;    // the last desk_state snapshot
  var receivedAt = 0;      // when it arrived, to keep waited minutes growing between snapshots
  var details = null;      // GET /api/v1/tickets/<id> of the current ticket (called_at, marks)
  var detailsFor = null;
  var services = null;     // GET /api/v1/services, for English names and the transfer dialog
  var busy = false;
  var clockOffset = 0;     // server clock minus this computer's clock, in ms
  var messageTimer = null;

  var buttons = {};
  document.querySelectorAll("[data-action]").forEach(function (button) {
    buttons[button.dataset.action] = button;
    button.addEventListener("click", function () { perform(button.dataset.action); });
  });

  function $(id) { return document.getElementById(id); }

  function format(template, params) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in params ? String(params[key]) : match;
    });
  }

  function node(tag, className, text, children) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = text;
    (children || []).forEach(function (child) { element.appendChild(child); });
    return element;
  }

  // --- Talking to the API ---------------------------------------------------------------

  function api(method, path, body, extraHeaders) {
    // The page's language, so the API's error messages match it.
    var headers = { Accept: "application/json", "Accept-Language": config.lang,
      "X-CSRFToken": csrfToken };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    Object.keys(extraHeaders || {}).forEach(function (name) { headers[name] = extraHeaders[name]; });
    return fetch(path, {
      method: method, credentials: "same-origin", headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      var date = response.headers.get("Date");
      if (date) clockOffset = Date.parse(date) - Date.now();
      if (response.status === 204) return null;
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.ok) return data;
        var error = new Error(data && data.error ? data.error.message
          : format(T.http_error, { status: response.status }));
        // The whole error object: its code, the fields at fault, what a refused QR still said.
        error.details = data && data.error ? data.error : {};
        error.status = response.status;
        throw error;
      });
    }, function () {
      var error = new Error(T.network_error);
      error.network = true;
      throw error;
    });
  }

  // A call whose answer was lost (network, server restart) is sent again with the same key:
  // the server then answers with the ticket it called and announces it again, instead of
  // closing that ticket as a no-show and calling the next one.
  var pendingCallKey = null;

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2) +
      Math.random().toString(36).slice(2);
  }

  function callNext(path) {
    pendingCallKey = pendingCallKey || newKey();
    return api("POST", path, undefined, { "Idempotency-Key": pendingCallKey }).then(
      function (data) { pendingCallKey = null; return data; },
      function (error) { if (!error.network) pendingCallKey = null; throw error; });
  }

  // Run one request with every action disabled, so a double press never sends two calls.
  // failed(error), when given, shows the error itself (the meeting record keeps it by its form).
  // The promise tells whether the request succeeded.
  function run(send, describe, failed) {
    busy = true;
    render();
    return send().then(function (data) {
      showMessage(describe(data), "ok");
      return true;
    }, function (error) {
      if (failed) failed(error); else showMessage(error.message, "error");
      return false;
    }).then(function (ok) { busy = false; render(); return ok; });
  }

  // confirmed: the officer already chose what becomes of an unsaved meeting record.
  function perform(name, confirmed) {
    if (!enabled(name)) return;
    if (name === "transfer") return openTransfer();
    // A meeting record being written is saved with the finish (meeting.js).
    if (name === "finish" && window.Meeting && window.Meeting.finish(currentTicket())) return;
    // Calling the next visitor or marking a no-show closes this ticket: a record typed and
    // not saved is never dropped without asking (meeting.js opens the dialog).
    if (!confirmed && (name === "call" || name === "no_show") && window.Meeting &&
        window.Meeting.guard(currentTicket(), name, function () { perform(name, true); })) {
      return;
    }
    var path = name === "call" ? "/api/v1/counters/" + counterId + "/call-next"
      : "/api/v1/tickets/" + currentTicket().id + "/" + ACTIONS[name].path;
    run(function () { return name === "call" ? callNext(path) : api("POST", path); },
      function (data) {
        // 204 from call-next: nobody is waiting for this counter.
        if (!data) return T.nobody;
        return format(T[ACTIONS[name].done], { number: data.ticket.number });
      });
  }

  function enabled(name) {
    if (busy || !deskState || !myCounter()) return false;
    if (name === "call") return waitingHere().length > 0;
    var ticket = currentTicket();
    return !!ticket && ACTIONS[name].statuses.indexOf(ticket.status) >= 0;
  }

  // --- Reading the snapshot -------------------------------------------------------------

  function myCounter() {
    return deskState && deskState.counters.find(function (c) { return c.id === counterId; });
  }

  function currentTicket() {
    var counter = myCounter();
    return counter ? counter.ticket : null;
  }

  function serviceCodes(counter) {
    // The snapshot lists a counter's services by id; tickets carry the service code.
    return counter.service_codes || counter.services.map(function (id) {
      return config.service_codes[id] || id;
    });
  }

  // The tickets this counter would call, in calling order (the snapshot's order).
  function waitingHere() {
    var counter = myCounter();
    if (!counter) return [];
    var codes = serviceCodes(counter);
    return deskState.waiting.filter(function (item) {
      if (item.target_counter != null) return item.target_counter === counter.id;
      return codes.indexOf(item.service) >= 0;
    });
  }

  function serviceName(code, fallback) {
    if (config.lang === "en" && services) {
      var service = services.find(function (s) { return s.code === code; });
      if (service && service.name_en) return service.name_en;
    }
    return fallback || code;
  }

  function priorityName(code) {
    var group = config.priority_groups.find(function (g) { return g.code === code; });
    return group ? (config.lang === "en" ? group.name_en : group.name_vi) : code;
  }

  // --- Drawing --------------------------------------------------------------------------

  function render() {
    var counter = myCounter();
    renderCurrent(counter ? counter.ticket : null);
    renderWaiting();
    renderOthers();
    Object.keys(buttons).forEach(function (name) { buttons[name].disabled = !enabled(name); });
    $("actions").setAttribute("aria-busy", busy ? "true" : "false");
    if (deskState && !counter) showMessage(T.counter_closed, "error");
    if (window.Meeting) window.Meeting.show(counter ? counter.ticket : null, busy);
  }

  function renderCurrent(ticket) {
    var status = $("current-status");
    $("current").classList.toggle("is-empty", !ticket);
    $("current-number").textContent = ticket ? ticket.number : "—";
    $("current-service").textContent = ticket
      ? serviceName(ticket.service, ticket.service_name) : "—";
    $("current-party").textContent = ticket ? String(ticket.party_size) : "—";
    status.className = "status-pill" + (ticket ? " status-" + ticket.status : "");
    status.textContent = !ticket ? T.none_called
      : (ticket.status === "serving" ? T.status_serving : T.status_called) +
        (ticket.recalled ? " · " + T.recalled_mark : "");
    if (!ticket) {
      details = detailsFor = null;
    } else if (detailsFor !== ticket.id) {
      loadDetails(ticket.id);
    }
    renderMarks($("current-marks"), details, null);
    updateElapsed();
  }

  function loadDetails(ticketId) {
    detailsFor = ticketId;
    details = null;
    api("GET", "/api/v1/tickets/" + ticketId).then(function (data) {
      if (detailsFor !== ticketId) return;
      details = data.ticket;
      renderMarks($("current-marks"), details, null);
      updateElapsed();
    }, function () { /* the marks and timer stay empty; actions still work */ });
  }

  function renderMarks(container, ticket, counter) {
    container.replaceChildren();
    if (!ticket) return;
    if (ticket.priority) {
      container.appendChild(node("span", "mark mark-priority",
        T.priority + ": " + priorityName(ticket.priority)));
    }
    if (ticket.is_group) {
      container.appendChild(node("span", "mark mark-group",
        format(T.group, { count: ticket.party_size })));
    } else if (counter && ticket.party_size > 1) {
      container.appendChild(node("span", "mark", format(T.people, { count: ticket.party_size })));
    }
    if (counter && ticket.target_counter === counter.id) {
      container.appendChild(node("span", "mark mark-target", T.targeted));
    }
    if (counter && ticket.print_status === "failed") {
      // The citizen holds no paper: call the number clearly, reprint from the printers page.
      container.appendChild(node("span", "mark mark-print-failed", T.print_failed));
    }
  }

  function renderWaiting() {
    var list = $("waiting-list");
    var items = waitingHere();
    var counter = myCounter();
    var extraMinutes = Math.floor((Date.now() - receivedAt) / 60000);
    list.replaceChildren();
    items.slice(0, MAX_LISTED).forEach(function (item, index) {
      var marks = node("span", "w-marks");
      renderMarks(marks, item, counter);
      var row = node("li", "waiting-item", null, [
        node("span", "w-pos", String(index + 1)),
        node("span", "w-number", item.number),
        node("span", "w-body", null, [
          node("span", "w-service", serviceName(item.service, item.service_name)), marks]),
        node("span", "w-waited",
          format(T.waited, { minutes: item.waited_minutes + extraMinutes }))
      ]);
      row.dataset.ticketId = item.id;
      row.classList.toggle("is-priority", !!item.priority);
      row.classList.toggle("is-group", !!item.is_group);
      list.appendChild(row);
    });
    // The snapshot lists only the next few tickets; the counter's count covers them all.
    var total = counter ? Math.max(counter.waiting, items.length) : items.length;
    var shown = Math.min(items.length, MAX_LISTED);
    if (total > shown) {
      list.appendChild(node("li", "waiting-more", format(T.more, { count: total - shown })));
    }
    $("waiting-count").textContent = String(total);
    $("waiting-empty").hidden = total > 0;
  }

  function renderOthers() {
    var list = $("other-counters");
    list.replaceChildren();
    if (!deskState) return;
    deskState.counters.forEach(function (counter) {
      if (counter.id === counterId) return;
      var ticket = counter.ticket;
      var serving = node("span", "other-ticket" + (ticket ? " status-" + ticket.status : ""),
        ticket ? ticket.number : T.free);
      if (ticket) serving.title = ticket.status === "serving" ? T.status_serving : T.status_called;
      list.appendChild(node("li", "other", null, [
        node("span", "other-name", counter.name), serving,
        node("span", "other-waiting", format(T.waiting_count, { count: counter.waiting }))
      ]));
    });
  }

  function pad(number) { return number < 10 ? "0" + number : String(number); }

  function updateElapsed() {
    var target = $("current-elapsed");
    if (!details || !details.called_at || !currentTicket()) {
      target.textContent = "—";
      return;
    }
    var calledAt = new Date(details.called_at);
    var seconds = Math.max(0, Math.floor((Date.now() + clockOffset - calledAt.getTime()) / 1000));
    var hours = Math.floor(seconds / 3600);
    var clock = (hours ? hours + ":" + pad(Math.floor(seconds / 60) % 60)
      : String(Math.floor(seconds / 60))) + ":" + pad(seconds % 60);
    var at = pad(calledAt.getHours()) + ":" + pad(calledAt.getMinutes());
    target.replaceChildren(clock, node("small", null, format(T.called_at, { time: at })));
  }

  function showMessage(text, kind, loginUrl) {
    var box = $("message");
    box.replaceChildren(node("span", null, text));
    if (loginUrl) {
      box.appendChild(Object.assign(node("a", "btn btn-small", T.login_again), { href: loginUrl }));
    }
    box.className = "desk-message desk-message-" + kind;
    box.hidden = false;
    clearTimeout(messageTimer);
    // Errors stay until the next message: the officer must be able to read them.
    if (kind === "ok") messageTimer = setTimeout(function () { box.hidden = true; }, 6000);
  }

  function setConnection(kind, text) {
    $("connection").className = "conn conn-" + kind;
    $("connection").textContent = text;
  }

  function pulse() {
    $("current-number").animate([{ color: "#b86e00", transform: "scale(1.06)" }, {}],
      { duration: 1200, iterations: 2 });
  }

  // --- Transfer dialog ------------------------------------------------------------------

  var dialog = $("transfer-dialog");
  var transferring = null;  // the ticket the dialog was opened for

  function fillSelect(select, options) {
    select.replaceChildren(select.options[0]);
    options.forEach(function (o) { select.appendChild(new Option(o.label, o.value)); });
  }

  // Refilled when the services arrive: a matter the officer already chose stays chosen.
  function fillTransferServices(ticket) {
    var select = $("transfer-service");
    var kept = select.value;
    var choices = (services || []).filter(function (s) {
      return s.code !== ticket.service;
    }).map(function (s) {
      return { value: s.code, label: s.code + " · " + serviceName(s.code, s.name) };
    });
    fillSelect(select, choices);
    if (choices.some(function (c) { return c.value === kept; })) select.value = kept;
  }

  // Only counters that receive the matter the ticket will have: the new one when chosen in
  // the dialog, else its own (the server refuses others: a denunciation must not reach a
  // counter that may not hear it).
  function fillTransferCounters(ticket) {
    var code = $("transfer-service").value || ticket.service;
    var select = $("transfer-counter");
    var kept = select.value;
    var choices = deskState.counters.filter(function (c) {
      return c.id !== counterId && serviceCodes(c).indexOf(code) >= 0;
    }).map(function (c) { return { value: String(c.id), label: c.name }; });
    fillSelect(select, choices);
    if (choices.some(function (c) { return c.value === kept; })) select.value = kept;
    $("transfer-none").textContent = T.transfer_no_counter;
    $("transfer-none").hidden = choices.length > 0;
  }

  $("transfer-service").addEventListener("change", function () {
    if (transferring) fillTransferCounters(transferring);
  });

  function openTransfer() {
    var ticket = transferring = currentTicket();
    $("transfer-heading").textContent = format(T.transfer_title, { number: ticket.number });
    $("transfer-message").hidden = true;
    $("transfer-service").value = "";  // a new dialog starts on the ticket's own matter
    fillTransferServices(ticket);
    fillTransferCounters(ticket);
    loadServices().then(function () {
      if (!dialog.open) return;
      fillTransferServices(ticket);
      fillTransferCounters(ticket);
    });
    dialog.showModal();
  }

  $("transfer-cancel").addEventListener("click", function () { dialog.close(); });

  $("transfer-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var ticket = transferring, body = {};
    if ($("transfer-service").value) body.service = $("transfer-service").value;
    if ($("transfer-counter").value) body.counter = Number($("transfer-counter").value);
    if (!body.service && !body.counter) {
      $("transfer-message").hidden = false;
      return;
    }
    dialog.close();
    if (!ticket || busy) return;
    run(function () {
      return api("POST", "/api/v1/tickets/" + ticket.id + "/transfer", body);
    }, function (data) {
      return format(T.transferred, { number: data.ticket.number });
    });
  });

  function loadServices() {
    return api("GET", "/api/v1/services").then(function (data) {
      services = data.services;
      render();
    }, function () { /* names fall back to the snapshot's Vietnamese ones */ });
  }

  // --- Keyboard shortcuts ---------------------------------------------------------------

  document.addEventListener("keydown", function (event) {
    // No shortcut acts behind an open dialog (transfer, unsaved record).
    if (document.querySelector("dialog[open]") || event.altKey || event.ctrlKey ||
        event.metaKey) return;
    var name = Object.keys(ACTIONS).find(function (n) { return ACTIONS[n].key === event.key; });
    if (!name) return;
    event.preventDefault();
    perform(name);
  });

  // --- Live connection ------------------------------------------------------------------

  function connect() {
    if (typeof io !== "function") {
      setConnection("off", T.offline);
      return;
    }
    setConnection("wait", T.connecting);
    // Websocket first (several server processes), long-polling as the one-process fallback.
    var socket = io("/desk", { auth: { counter: counterId },
      transports: ["websocket", "polling"], tryAllTransports: true });
    socket.on("connect", function () { setConnection("on", T.online); });
    socket.on("disconnect", function (reason) {
      if (reason === "io server disconnect") {
        // The server closes a desk's socket only when its sign-in ended (logout elsewhere,
        // new password, account closed): reconnecting would be refused.
        setConnection("off", T.session_expired);
        showMessage(T.session_expired, "error", config.login_url);
        return;
      }
      setConnection("off", T.offline);
    });
    socket.on("connect_error", function () {
      setConnection("off", socket.active ? T.offline : T.session_expired);
      if (socket.active) return;
      // The server refused this session (logged out or account closed): no retry helps.
      showMessage(T.session_expired, "error", config.login_url);
    });
    socket.on("desk_state", function (snapshot) {
      deskState = snapshot;
      receivedAt = Date.now();
      render();
    });
    socket.on("ticket_called", function (call) {
      if (call.counter && call.counter.id === counterId) pulse();
    });
  }

  // What meeting.js uses: the same API helper, request runner and messages.
  window.Desk = {
    config: config, api: api, run: run, format: format, node: node,
    showMessage: showMessage,
    finishPlain: function () {
      var ticket = currentTicket();
      if (!ticket || busy) return;
      run(function () { return api("POST", "/api/v1/tickets/" + ticket.id + "/finish"); },
        function (data) { return format(T.finished, { number: data.ticket.number }); });
    }
  };

  try {
    window.localStorage.setItem(COUNTER_KEY, String(counterId));
  } catch (e) { /* storage disabled: the picker just marks nothing */ }
  setInterval(updateElapsed, 1000);
  // Waited minutes grow between snapshots; redraw the list once a minute.
  setInterval(function () { if (deskState) renderWaiting(); }, 60000);
  loadServices();
  connect();
})();
