// Crowd view (wall screen for security): live state from Socket.IO /crowd, actions through
// the JSON API with the session's CSRF token. The server's crowd_state is the only truth.
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("crowd-config").textContent);
  var T = config.texts;
  var csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  var sound = document.getElementById("alert-sound");
  var soundOn = false, messageTimer = null, ackAlert = null;

  function $(id) { return document.getElementById(id); }

  function format(template, params) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in params ? String(params[key]) : match;
    });
  }

  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = text;
    return element;
  }

  // "2026-11-28T09:05:00+07:00" -> "09:05": the headquarters' time, whatever the screen's zone.
  function hhmm(iso) { return iso ? iso.substring(11, 16) : ""; }

  function people(count) { return format(T.people, { count: count }); }

  // --- API ----------------------------------------------------------------------------------

  function api(method, path, body) {
    var headers = { Accept: "application/json", "Accept-Language": config.lang,
      "X-CSRFToken": csrfToken };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(path, {
      method: method, credentials: "same-origin", headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.ok) return data;
        throw new Error(data && data.error ? data.error.message
          : format(T.http_error, { status: response.status }));
      });
    }, function () { throw new Error(T.network_error); });
  }

  function showMessage(text, kind) {
    var box = $("message");
    box.textContent = text;
    box.className = "crowd-toast crowd-toast-" + kind;
    box.hidden = false;
    clearTimeout(messageTimer);
    messageTimer = setTimeout(function () { box.hidden = true; }, 6000);
  }

  // --- Sound --------------------------------------------------------------------------------

  // Browsers play sound only after a first click on the page.
  $("sound-overlay").addEventListener("click", function () {
    soundOn = true;
    $("sound-overlay").hidden = true;
    sound.muted = true;
    sound.play().then(function () {
      sound.pause(); sound.currentTime = 0; sound.muted = false;
    }, function () { sound.muted = false; });
  });

  function ring() {
    if (!soundOn) return;
    sound.currentTime = 0;
    sound.play().catch(function () { /* blocked: the banner still shows the alert */ });
  }

  // --- Drawing ------------------------------------------------------------------------------

  function render(state) {
    document.body.classList.remove("level-normal", "level-crowded", "level-overcrowded");
    document.body.classList.add("level-" + state.level);
    $("people-in-hall").textContent = state.people_in_hall;
    $("level").textContent = T["level_" + state.level];
    $("people-with-tickets").textContent = people(state.people_with_tickets);
    $("people-walk-in").textContent = people(state.people_walk_in);
    $("tickets-waiting").textContent = state.tickets_waiting + " · " + people(state.people_waiting);
    $("longest-wait").textContent = state.longest_wait_number
      ? format(T.minutes, { count: state.longest_wait_minutes }) + " · "
        + format(T.number, { number: state.longest_wait_number })
      : "—";
    renderAlerts(state.alerts);
    renderGroups(state.groups);
    renderWalkIns(state.walk_ins);
    // Security staff get no per-matter figures (reception/crowd/snapshot.py): no empty table.
    $("by-service").closest("section").hidden = !state.confidential_visible;
    renderServices(state.by_service);
    renderCounters(state.by_counter);
    renderIncidents(state.incidents);
    charts.live(state);
  }

  // Redraw a list from items; its "empty" line shows when there are none.
  function fill(list, emptyId, items, draw) {
    list.textContent = "";
    items.forEach(function (item) { list.appendChild(draw(item)); });
    $(emptyId).hidden = items.length > 0;
  }

  function renderAlerts(alerts) {
    // An alert whose condition has ended asks nobody to acknowledge it and is not counted.
    var open = alerts.filter(function (a) { return a.active && !a.acknowledged_at; });
    $("alert-count").textContent = open.length;
    $("alerts-panel").classList.toggle("has-open", open.length > 0);
    $("alerts-panel").classList.toggle("has-danger", open.some(function (a) {
      return a.severity === "danger";
    }));
    // Alerts still waiting for someone first, newest first within each part.
    var ordered = open.concat(alerts.filter(function (a) {
      return !(a.active && !a.acknowledged_at);
    }));
    fill($("alerts"), "alerts-empty", ordered, function (alert) {
      var item = node("li", "alert-item alert-" + alert.severity
        + (alert.acknowledged_at ? " is-acknowledged" : "") + (alert.active ? "" : " is-cleared"));
      item.dataset.alertId = alert.id;
      var text = node("div", "alert-text");
      text.appendChild(node("strong", "alert-message",
        config.lang === "en" ? alert.message_en : alert.message));
      var meta = hhmm(alert.raised_at);
      if (!alert.active) meta += " · " + format(T.cleared, { time: hhmm(alert.cleared_at) });
      if (alert.acknowledged_at) {
        meta += " · " + format(T.acknowledged_by, { who: alert.acknowledged_by,
          time: hhmm(alert.acknowledged_at) });
      }
      text.appendChild(node("span", "alert-meta", meta));
      if (alert.notified && alert.notified.length) {
        // Who the urgent report went to (e-mail and SMS) and whether it got there.
        var told = {};
        alert.notified.forEach(function (n) {
          var state = n.status === "sent" ? T.notify_sent
            : n.status === "failed" ? T.notify_failed : T.notify_pending;
          told[n.name] = (told[n.name] ? told[n.name] + ", " : "") + n.channel + " " + state;
        });
        var names = Object.keys(told).map(function (name) {
          return name + " (" + told[name] + ")";
        }).join("; ");
        text.appendChild(node("span", "alert-notified", format(T.notified, { names: names })));
      }
      if (alert.note) text.appendChild(node("span", "alert-note", alert.note));
      item.appendChild(text);
      if (alert.active && !alert.acknowledged_at) {
        var button = node("button", "btn btn-ack", T.acknowledge);
        button.type = "button";
        button.addEventListener("click", function () { openAck(alert); });
        item.appendChild(button);
      }
      return item;
    });
  }

  function statusLabel(status) { return T["status_" + status] || status; }

  function renderGroups(groups) {
    $("group-count").textContent = groups.length;
    fill($("groups"), "groups-empty", groups, function (group) {
      var item = node("li", "group-item status-" + group.status);
      item.appendChild(node("span", "g-number", group.number));
      item.appendChild(node("span", "g-size", people(group.party_size)));
      var info = node("span", "g-info");
      // A confidential matter reaches security staff as null: shown like an unknown one.
      info.appendChild(node("span", "g-matter", group.service_name || T.no_matter));
      info.appendChild(node("span", "g-meta", statusLabel(group.status) + " · "
        + format(T.arrived, { time: hhmm(group.arrived_at) }) + " · "
        + format(T.waited, { minutes: group.waited_minutes })));
      item.appendChild(info);
      return item;
    });
  }

  function renderWalkIns(walkIns) {
    $("walk-in-count").textContent = walkIns.length;
    fill($("walk-ins"), "walk-ins-empty", walkIns, function (walkIn) {
      var item = node("li", "walk-in-item");
      item.dataset.walkInId = walkIn.id;
      item.appendChild(node("span", "g-size", people(walkIn.party_size)));
      var info = node("span", "g-info");
      info.appendChild(node("span", "g-matter",
        [walkIn.service_name, walkIn.note].filter(Boolean).join(" · ") || T.no_matter));
      var meta = format(T.arrived, { time: hhmm(walkIn.arrived_at) }) + " · "
        + format(T.present, { minutes: walkIn.present_minutes });
      if (walkIn.representatives && walkIn.representatives.length) {
        meta += " · " + format(T.representatives, { names: walkIn.representatives.map(
          function (p) { return p.full_name; }).join(", ") });
      }
      info.appendChild(node("span", "g-meta", meta));
      item.appendChild(info);
      var button = node("button", "btn btn-small", T.depart);
      button.type = "button";
      button.addEventListener("click", function () {
        button.disabled = true;
        api("POST", "/api/v1/crowd/walk-ins/" + walkIn.id + "/depart").then(function () {
          showMessage(T.departed, "ok");
        }, function (error) { button.disabled = false; showMessage(error.message, "error"); });
      });
      item.appendChild(button);
      return item;
    });
  }

  function renderServices(rows) {
    var body = $("by-service").querySelector("tbody");
    body.textContent = "";
    rows.forEach(function (row) {
      var tr = node("tr");
      tr.appendChild(node("td", null, config.lang === "en" ? row.name_en : row.name));
      [row.tickets, row.waiting, row.people].forEach(function (value) {
        tr.appendChild(node("td", "num", value));
      });
      body.appendChild(tr);
    });
  }

  function renderCounters(rows) {
    $("by-counter").textContent = "";
    rows.forEach(function (row) {
      var item = node("li", "counter-row" + (row.serving ? " is-busy" : ""));
      item.appendChild(node("strong", null, row.name));
      item.appendChild(node("span", null, row.serving
        ? format(T.serving, { number: row.serving }) + " · " + people(row.at_counter_people)
        : T.free));
      item.appendChild(node("span", "muted", format(T.waiting_at, {
        tickets: row.waiting_tickets, people: row.waiting_people })));
      $("by-counter").appendChild(item);
    });
  }

  function renderIncidents(entries) {
    fill($("incidents"), "incidents-empty", entries, function (entry) {
      var item = node("li", "incident incident-" + entry.kind);
      item.appendChild(node("time", "incident-time", hhmm(entry.at)));
      var text = config.lang === "en" ? entry.summary_en : entry.summary;
      if (entry.text) text += " — " + entry.text;
      item.appendChild(node("span", "incident-text", text));
      if (entry.user) item.appendChild(node("span", "incident-user", entry.user));
      return item;
    });
  }

  // --- Acknowledge --------------------------------------------------------------------------

  function openAck(alert) {
    ackAlert = alert;
    $("ack-message").textContent = config.lang === "en" ? alert.message_en : alert.message;
    $("ack-note").value = "";
    $("ack-dialog").showModal();
  }

  $("ack-cancel").addEventListener("click", function () { $("ack-dialog").close(); });
  $("ack-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var alert = ackAlert;
    $("ack-confirm").disabled = true;
    api("POST", "/api/v1/crowd/alerts/" + alert.id + "/ack", { note: $("ack-note").value || null })
      .then(function () { $("ack-dialog").close(); },
        function (error) { showMessage(error.message, "error"); $("ack-dialog").close(); })
      .then(function () { $("ack-confirm").disabled = false; });
  });

  // --- Forms --------------------------------------------------------------------------------

  $("walk-in-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var names = form.representatives.value.split("\n").map(function (line) {
      return line.trim();
    }).filter(Boolean);
    var size = parseInt(form.party_size.value, 10);
    api("POST", "/api/v1/crowd/walk-ins", {
      party_size: size, service: form.service.value || null,
      note: form.note.value || null, representatives: names
    }).then(function () {
      form.reset();
      $("walk-in-details").open = false;
      showMessage(format(T.walk_in_saved, { count: size }), "ok");
    }, function (error) { showMessage(error.message, "error"); });
  });

  $("note-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    api("POST", "/api/v1/crowd/incidents", { text: form.text.value }).then(function () {
      form.reset();
      showMessage(T.note_saved, "ok");
    }, function (error) { showMessage(error.message, "error"); });
  });

  var charts = window.CrowdCharts({ api: api, texts: T, format: format, hhmm: hhmm,
    showMessage: showMessage });
  // The day is typed dd/mm/yyyy whatever the browser's language (YYYY-MM-DD is taken too).
  function isoDay(text) {
    var typed = text.trim(), parts = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(typed);
    if (parts) {
      return parts[3] + "-" + ("0" + parts[2]).slice(-2) + "-" + ("0" + parts[1]).slice(-2);
    }
    return /^\d{4}-\d{2}-\d{2}$/.test(typed) ? typed : null;
  }
  $("history-day").addEventListener("change", function (event) {
    if (!event.target.value) return;
    var day = isoDay(event.target.value);
    if (day) charts.loadDay(day);
    else showMessage(T.bad_day, "error");
  });

  // --- Live connection ----------------------------------------------------------------------

  function setConnection(kind, text) {
    $("connection").className = "conn conn-" + kind;
    $("connection").textContent = text;
  }

  // Websocket first (several server processes), long-polling as the one-process fallback.
  var socket = window.io(config.namespace, { transports: ["websocket", "polling"],
    tryAllTransports: true });
  socket.on("connect", function () { setConnection("on", T.online); });
  socket.on("disconnect", function (reason) {
    if (reason === "io server disconnect") {
      // Closed by the server because this sign-in ended: reconnecting would be refused.
      setConnection("off", T.session_expired);
      window.location.href = config.login_url;
      return;
    }
    setConnection("off", T.offline);
  });
  socket.on("connect_error", function (error) {
    if (error && error.message === "login_required") {
      setConnection("off", T.session_expired);
      window.location.href = config.login_url;
      return;
    }
    setConnection("off", T.offline);
  });
  socket.on("crowd_state", render);
  socket.on("crowd_alert", function (alert) {
    ring();
    showMessage(T.new_alert + ": " + (config.lang === "en" ? alert.message_en : alert.message),
      alert.severity === "danger" ? "error" : "warn");
    var panel = $("alerts-panel");
    panel.classList.remove("flash");
    void panel.offsetWidth;  // restart the flash animation
    panel.classList.add("flash");
  });

  charts.loadDay(config.today);
  charts.loadHourly();
  // The 30-day counts change slowly: refresh them every ten minutes.
  setInterval(charts.loadHourly, 10 * 60 * 1000);
})();
