/*
 * The touchscreen kiosk: matter → how many people → priority → the ticket.
 *
 * One tap on the last choice issues exactly one ticket: the choice gets one Idempotency-Key,
 * every button of the step is disabled at the first tap, and a request that failed on the
 * network is sent again with the same key, so the server returns the ticket it may already
 * have created instead of making a second one. The key is dropped only when the kiosk goes
 * back to its start.
 *
 * A kiosk whose server is down says so on its start screen at once, instead of letting the
 * citizen tap three times and wait on a spinner: it asks GET /api/v1/services every few
 * seconds (more and more seldom while the server stays away) and comes back by itself.
 *
 * With nothing printed, the number stays on screen with a QR code of its status page until
 * the next citizen touches the screen: the citizen has nothing else to take away.
 *
 * "Tôi đã đặt lịch" checks a booked appointment in: the scanner reads the QR code of the
 * appointment page (/hen/<code>) or the citizen types the code; the ticket that comes back is
 * shown exactly like a walk-in's.
 *
 * Texts come from kiosk/texts.py in both languages (#page-texts); settings from #page-config.
 */
(() => {
  "use strict";

  const TEXTS = JSON.parse(document.getElementById("page-texts").textContent);
  const CONFIG = JSON.parse(document.getElementById("page-config").textContent);
  // "5 người trở lên" opens the number pad; smaller parties have a button each.
  const MANY_FROM = 5;
  // Waits before the 2nd, 3rd and 4th attempt of a ticket request that failed on the network.
  const RETRY_DELAYS_MS = [400, 1000, 2000];
  // A new step's buttons ignore taps this long, so the second tap of a double tap does not
  // land on the button that has just appeared under the finger.
  const GUARD_MS = 400;
  const STEP_NUMBERS = { matter: 1, people: 2, numpad: 2, priority: 3 };
  // What a scanner types from an appointment's QR code: its page's address.
  const APPOINTMENT_LINK = /\/hen\/([A-Za-z0-9]{10})\/?$/;
  const CHOICE_LISTS = ["matter-choices", "people-choices", "priority-choices"];
  // How often the kiosk asks whether the server answers: while it does, and the waits after
  // the 1st, 2nd, ... failure in a row (the last one repeats) so a dead server is not hammered.
  const HEALTH_MS = 5000;
  const HEALTH_BACKOFF_MS = [2000, 4000, 8000, 15000, 30000];
  const HEALTH_TIMEOUT_MS = 4000;
  // A ticket kept on screen (nothing printed) ignores touches this long after it shows: the
  // citizen's own second tap must not wipe the number they have just got.
  const KEEP_GUARD_MS = 1500;

  let state = {};
  let catalogue = null;
  // Whether the server failed to answer the last check (a network error or a 5xx from a proxy).
  let offline = false;
  let healthFailures = 0;
  let healthTimer = null;
  let [idleTimer, countdownTimer, guardTimer] = [null, null, null];

  const $ = (id) => document.getElementById(id);

  function t(key, params) {
    const text = TEXTS[state.lang][key] ?? TEXTS.vi[key] ?? key;
    return String(text).replace(/\{(\w+)\}/g, (whole, name) =>
      params && name in params ? params[name] : whole);
  }

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // randomUUID exists only on https or localhost; kiosks often open plain http on the LAN,
    // where getRandomValues still works.
    const bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      bytes.forEach((_, i) => { bytes[i] = Math.floor(Math.random() * 256); });
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => (b + 0x100).toString(16).slice(1)).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }

  function button(className, content, onTap, data) {
    const el = document.createElement("button");
    el.type = "button";
    el.className = className;
    el.append(...[].concat(content));
    Object.assign(el.dataset, data || {});
    el.addEventListener("click", onTap);
    return el;
  }

  const span = (className, text) => Object.assign(document.createElement("span"),
    { className, textContent: text });

  const fill = (container, children) => container.replaceChildren(...children);
  const localName = (item, vi) => (state.lang === "en" && item.name_en ? item.name_en : vi);
  const serviceName = (service) => localName(service, service.name);

  // ---------- Steps ----------

  function show(step) {
    state.step = step;
    document.body.dataset.step = step;
    document.querySelectorAll(".step").forEach((section) => {
      section.hidden = section.dataset.step !== step;
    });
    // Choice buttons exist only on their own step: once the ticket shows, no matter name
    // (a confidential one included) is left anywhere in the page.
    CHOICE_LISTS.forEach((id) => fill($(id), []));
    const renderers = {
      matter: renderMatter, people: renderPeople, numpad: renderNumpad,
      priority: renderPriority, ticket: renderTicket, error: renderError,
      appointment: renderAppointment,
    };
    if (renderers[step]) {
      renderers[step]();
    }
    $("back").hidden = state.history.length === 0 ||
      !(step in STEP_NUMBERS || step === "appointment");
    $("step-indicator").textContent = STEP_NUMBERS[step] ? t("step_of", { n: STEP_NUMBERS[step] }) : "";
    guardTaps();
    restartIdle();
  }

  function guardTaps() {
    const section = document.querySelector(`.step[data-step="${state.step}"]`);
    const buttons = [...section.querySelectorAll("button"), $("back")];
    buttons.forEach((el) => { el.disabled = true; });
    clearTimeout(guardTimer);
    guardTimer = setTimeout(() => {
      if (!state.sending) {
        buttons.forEach((el) => { el.disabled = false; });
      }
    }, GUARD_MS);
  }

  const go = (step) => {
    state.history.push(state.step);
    show(step);
  };

  const back = () => state.history.length && show(state.history.pop());

  // "Việc: Khiếu nại · 2 người" on every step of choosing, never on the ticket screen.
  function chosenLine() {
    const parts = [];
    // A confidential matter is never repeated on screen, where others may read it.
    if (state.service && !state.service.confidential) {
      parts.push(state.unsure ? t("unsure") : serviceName(state.service));
    }
    const people = state.partySize === 1 ? t("people_one")
      : state.partySize ? t("people", { n: state.partySize }) : "";
    if (!parts.length) {
      return people;
    }
    return t("chosen", { what: [...parts, people].filter(Boolean).join(" · ") });
  }

  // The explanation under a matter's name (kiosk/texts.py MATTER_EXPLANATIONS, by code).
  const explanation = (code) => TEXTS[state.lang][`explain_${code}`] || "";

  // The button's name stays the matter's name; the explanation is its description.
  function matterButton(label, explain, onTap, data) {
    const content = [span("choice-name", label)];
    if (explain) {
      content.push(Object.assign(span("choice-explain", explain),
        { id: `explain-${data.service}` }));
    }
    const el = button("choice choice-matter", content, onTap, data);
    el.setAttribute("aria-label", label);
    if (explain) {
      el.setAttribute("aria-describedby", `explain-${data.service}`);
    }
    return el;
  }

  // The information desk's service, or null: "Chưa rõ — hỏi cán bộ" shows only if it exists.
  const infoService = () => catalogue.services.find((s) => s.code === CONFIG.info_service) || null;

  function renderMatter() {
    $("offline-notice").hidden = !offline;
    if (offline) {
      // Tickets cannot be issued: no buttons that would only end on a spinner and an error.
      fill($("matter-choices"), []);
      return;
    }
    if (!catalogue) {
      const note = document.createElement("p");
      note.className = state.loadFailed ? "load-failed" : "loading";
      note.textContent = state.loadFailed ? state.loadError || t("services_failed") : t("loading");
      const retry = button("btn btn-primary", t("retry"), loadCatalogue);
      fill($("matter-choices"), state.loadFailed ? [note, retry] : [note]);
      return;
    }
    const buttons = catalogue.services.map((service) =>
      matterButton(serviceName(service), explanation(service.code), () => {
        state.service = service;
        state.unsure = false;
        go("people");
      }, { service: service.code }));
    const info = infoService();
    if (info) {
      buttons.push(matterButton(t("unsure"), t("unsure_explain"), () => {
        state.service = info;
        state.unsure = true;
        go("people");
      }, { service: "unsure" }));
    }
    // A citizen who booked a leader's session online checks in with the code (issue 13).
    buttons.push(matterButton(t("appointment_button"), t("appointment_explain"), () => {
      state.appointmentMessage = "";
      go("appointment");
    }, { service: "appointment" }));
    fill($("matter-choices"), buttons);
  }

  function renderPeople() {
    $("people-chosen").textContent = chosenLine();
    const maximum = catalogue.max_party_size;
    const buttons = [1, 2, 3, 4].filter((n) => n <= maximum).map((n) =>
      button("choice choice-size",
        [span("num", String(n)), " ", span("unit", t(n === 1 ? "unit_one" : "unit_many"))],
        () => choosePartySize(n), { size: String(n) }));
    if (maximum >= MANY_FROM) {
      buttons.push(button("choice choice-many", t("people_many", { n: MANY_FROM }), () => {
        state.digits = "";
        state.numpadMessage = "";
        go("numpad");
      }, { size: "many" }));
    }
    fill($("people-choices"), buttons);
  }

  const choosePartySize = (n) => {
    state.partySize = n;
    go("priority");
  };

  function renderNumpad() {
    const range = { min: MANY_FROM, max: catalogue.max_party_size };
    $("numpad-chosen").textContent = chosenLine();
    $("numpad-hint").textContent = t("numpad_hint", range);
    $("numpad-value").textContent = state.digits || "–";
    $("numpad-message").textContent = state.numpadMessage ? t(state.numpadMessage, range) : "";
    $("group-note").textContent = t("group_note", { n: catalogue.group_threshold });
  }

  function pressKey(key) {
    const maximum = catalogue.max_party_size;
    state.numpadMessage = "";
    if (key === "delete") {
      state.digits = state.digits.slice(0, -1);
    } else if (key === "ok") {
      const n = parseInt(state.digits, 10);
      if (!state.digits) {
        state.numpadMessage = "numpad_empty";
      } else if (n < MANY_FROM || n > maximum) {
        state.numpadMessage = "numpad_out_of_range";
      } else {
        choosePartySize(n);
        return;
      }
    } else if (state.digits.length < String(maximum).length && !(key === "0" && !state.digits)) {
      state.digits += key;
    }
    renderNumpad();
  }

  function renderPriority() {
    $("priority-chosen").textContent = chosenLine();
    const none = button("choice choice-none", t("priority_none"), () => submit(null),
      { priority: "" });
    const groups = catalogue.priority_groups.map((group) =>
      button("choice", localName(group, group.name_vi), () => submit(group.code),
        { priority: group.code }));
    fill($("priority-choices"), [none, ...groups]);
  }

  // ---------- Checking a booked appointment in ----------

  function renderAppointment() {
    $("appointment-message").textContent = state.appointmentMessage ? t(state.appointmentMessage) : "";
    const box = $("appointment-code");
    box.value = state.appointmentCode || "";
    setTimeout(() => box.focus({ preventScroll: true }), 0);
  }

  function checkIn(text) {
    const code = String(text || "").trim();
    if (state.sending) {
      return;
    }
    if (!code) {
      state.appointmentMessage = "appointment_empty";
      renderAppointment();
      return;
    }
    state.sending = true;
    state.key = state.key || newKey();
    state.body = { appointment: code, kiosk: CONFIG.kiosk };
    send();
  }

  // ---------- Issuing the ticket ----------

  function submit(priority) {
    if (state.sending) {
      return;
    }
    state.sending = true;
    document.querySelectorAll("#priority-choices button, #back").forEach((el) => {
      el.disabled = true;
    });
    state.key = state.key || newKey();
    state.body = { service: state.service.code, party_size: state.partySize, priority,
      kiosk: CONFIG.kiosk };
    if (state.cardQr) {
      state.body.identity_qr = state.cardQr;
    }
    send();
  }

  async function send() {
    state.sending = true;
    show("sending");
    try {
      state.ticket = await postTicket(state.body, state.key);
      state.ticketShownAt = Date.now();
      state.sending = false;
      show("ticket");
    } catch (error) {
      state.error = error.message || t("error_network");
      state.sending = false;
      show("error");
    }
  }

  const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  // ?lang= outranks a "lang" cookie left by an earlier visitor: errors come in this language.
  const apiUrl = (url) => `${url}?lang=${state.lang}`;

  async function postTicket(body, key) {
    for (let attempt = 0; ; attempt += 1) {
      let response = null;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), CONFIG.request_timeout_ms);
      try {
        response = await fetch(apiUrl(CONFIG.tickets_url), {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "Idempotency-Key": key },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
      } catch (networkError) {
        response = null;
      } finally {
        clearTimeout(timer);
      }
      const data = response ? await response.json().catch(() => null) : null;
      if (response && response.ok && data && data.ticket) {
        return data.ticket;
      }
      // A refusal (4xx) is final; a lost request or a server fault may be retried safely
      // because the same key can never produce a second ticket.
      const retryable = !response || response.status >= 500;
      if (!retryable || attempt >= RETRY_DELAYS_MS.length) {
        throw new Error((data && data.error && data.error.message) || "");
      }
      await delay(RETRY_DELAYS_MS[attempt]);
    }
  }

  async function loadCatalogue() {
    state.loadFailed = false;
    renderMatter();
    try {
      let response = null;
      try {
        response = await fetch(apiUrl(CONFIG.services_url), { credentials: "same-origin" });
      } catch (networkError) {
        response = null;
      }
      if (!response || response.status >= 500) {
        // The server is away: say so at once and let the health checks bring it back.
        setOffline(true);
        return;
      }
      setOffline(false);
      const data = await response.json().catch(() => null);
      if (!response.ok || !data) {
        // The server's own words, e.g. that this kiosk lacks its device key.
        throw new Error((data && data.error && data.error.message) || "");
      }
      catalogue = data;
    } catch (error) {
      // Keep the last good list: a short network blip must not empty the kiosk.
      state.loadFailed = !catalogue;
      state.loadError = error.message;
    }
    if (state.step === "matter") {
      show("matter");
    }
  }

  // ---------- Is the server there? ----------

  // Answer whether the server answers: anything below 500 counts (a refused device key is
  // the server speaking, and loadCatalogue shows its words).
  async function serverAnswers() {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), HEALTH_TIMEOUT_MS);
    try {
      const response = await fetch(apiUrl(CONFIG.services_url),
        { credentials: "same-origin", signal: controller.signal, cache: "no-store" });
      return response.status < 500;
    } catch (networkError) {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  function scheduleHealth() {
    clearTimeout(healthTimer);
    const wait = offline
      ? HEALTH_BACKOFF_MS[Math.min(healthFailures, HEALTH_BACKOFF_MS.length) - 1] || HEALTH_MS
      : HEALTH_MS;
    healthTimer = setTimeout(checkHealth, wait);
  }

  async function checkHealth() {
    clearTimeout(healthTimer);
    const answers = await serverAnswers();
    const wasOffline = offline;
    setOffline(!answers);
    if (answers && wasOffline && state.step === "matter") {
      // Back: the start screen gets the current list of matters and its buttons again.
      loadCatalogue();
    }
    scheduleHealth();
  }

  function setOffline(value) {
    healthFailures = value ? healthFailures + 1 : 0;
    if (value === offline) {
      return;
    }
    offline = value;
    document.body.dataset.offline = String(value);
    if (state.step === "matter") {
      show("matter");
    }
    scheduleHealth();
  }

  // ---------- The chip ID card's QR code (optional) ----------

  // A USB scanner types the card's text like a keyboard (7 fields separated by "|"), usually
  // ending with Enter. On a kiosk opened with ?scanner=1 an invisible text box keeps the focus
  // to receive it (letters with diacritics arrive as text input, not as key presses). The text
  // is checked by the server and sent with the ticket; the screen never shows what the card
  // says (others may be looking).
  const CARD_STEPS = ["matter", "people", "numpad", "priority"];
  let scanTimer = null;

  function bindScanner() {
    const box = $("card-input");
    if (!box) {
      return;
    }
    // The appointment step types into its own box (a typed code, or a scan there).
    const focus = () => state.step !== "appointment" && box.focus({ preventScroll: true });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        finishScan();
      }
    });
    // Scanners without an Enter suffix: the text is complete once typing stops.
    box.addEventListener("input", () => {
      clearTimeout(scanTimer);
      scanTimer = setTimeout(finishScan, 300);
    });
    // A tap moves the focus to the button tapped: give it back for the next scan.
    document.addEventListener("click", () => setTimeout(focus, 0));
    box.addEventListener("blur", () => setTimeout(focus, 0));
    focus();
  }

  function finishScan() {
    clearTimeout(scanTimer);
    const box = $("card-input");
    const text = box.value.trim();
    box.value = "";
    if ((text.match(/\|/g) || []).length >= 6 && CARD_STEPS.includes(state.step)) {
      readCard(text);
    } else if (APPOINTMENT_LINK.test(text) && state.step === "matter") {
      // An appointment's QR code scanned on the start screen checks in at once.
      state.history.push(state.step);
      checkIn(text);
    }
  }

  let scans = 0;

  async function readCard(text) {
    const round = state;
    scans += 1;
    const scan = scans;
    let ok = false;
    try {
      const response = await fetch(apiUrl(CONFIG.identity_url), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ qr: text }),
      });
      ok = response.ok;
    } catch (networkError) {
      ok = false;
    }
    if (round !== state || scan !== scans) {
      // The kiosk went back to its start meanwhile (that card is not this citizen's), or a
      // newer scan came in: only the last one counts.
      return;
    }
    state.cardQr = ok ? text : null;
    showCardNotice(ok ? "read" : "failed");
  }

  function showCardNotice(kind) {
    let notice = $("card-notice");
    if (!notice) {
      notice = Object.assign(document.createElement("p"),
        { id: "card-notice", className: "card-notice" });
      notice.setAttribute("role", "status");
      document.querySelector(".kiosk-footer").prepend(notice);
    }
    notice.dataset.state = kind;
    notice.dataset.t = `card_${kind}`;
    notice.textContent = t(`card_${kind}`);
  }

  // ---------- Ticket and error screens ----------

  // Worded as kiosk/texts.py ahead_line() and wait_line(): "shortly", never "about 0 minutes".
  const aheadLine = (ahead) =>
    (ahead <= 0 ? t("ahead_none") : ahead === 1 ? t("ahead_one") : t("ahead", { n: ahead }));
  const waitLine = (minutes, ahead) => (minutes <= 0 || ahead <= 0 ? t("wait_soon")
    : minutes === 1 ? t("wait_one") : t("wait", { m: minutes }));

  function renderTicket() {
    const ticket = state.ticket;
    $("ticket-number").textContent = ticket.number;
    $("ticket-ahead").textContent = aheadLine(ticket.ahead);
    $("ticket-wait").textContent = waitLine(ticket.estimated_wait_minutes, ticket.ahead);
    // No matter is named on the ticket screen: naming the others would single out a
    // denunciation's ticket, the one without a name (Luật Tố cáo Điều 8.3).
    $("ticket-group").hidden = !ticket.is_group;
    $("ticket-priority").hidden = !ticket.priority;
    const print = ["printed", "failed"].includes(ticket.print_status) ? ticket.print_status : "none";
    $("ticket-print").dataset.print = print;
    $("ticket-print").textContent = t(`print_${print}`);
    // Nothing printed: the QR code of the status page (what the printed ticket carries) is
    // the citizen's take-away, and the number stays until the next citizen touches the screen.
    const image = $("ticket-qr-image");
    const src = `${ticket.status_url}/qr.svg`;
    if (keepsTicket() && image.getAttribute("src") !== src) {
      image.src = src;
    }
    $("ticket-qr").hidden = !keepsTicket();
  }

  const keepsTicket = () => state.step === "ticket" && state.ticket &&
    state.ticket.print_status !== "printed";

  const renderError = () => { $("error-message").textContent = state.error; };

  // ---------- Idle handling and language ----------

  function restartIdle() {
    clearTimeout(idleTimer);
    clearInterval(countdownTimer);
    if (keepsTicket()) {
      $("ticket-countdown").textContent = t("next_citizen");
    } else if (state.step === "ticket") {
      state.secondsLeft = CONFIG.ticket_seconds;
      const tick = () => {
        $("ticket-countdown").textContent = t("countdown", { s: state.secondsLeft });
      };
      tick();
      countdownTimer = setInterval(() => {
        state.secondsLeft -= 1;
        if (state.secondsLeft <= 0) {
          start();
        } else {
          tick();
        }
      }, 1000);
    } else if (state.step !== "sending" && !isAtStart()) {
      idleTimer = setTimeout(start, CONFIG.idle_seconds * 1000);
    }
  }

  // The untouched start screen needs no timer, unless the list of matters failed to load:
  // then going "back to start" once a minute is also the retry.
  const isAtStart = () =>
    state.step === "matter" && state.history.length === 0 && state.lang === CONFIG.lang &&
    !state.loadFailed;

  function applyTexts() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-t]").forEach((el) => {
      el.textContent = t(el.dataset.t);
    });
  }

  function switchLanguage() {
    // Round the languages offered (TEXTS holds one table per catalog, Vietnamese first).
    state.lang = (TEXTS[state.lang] && TEXTS[state.lang].next_language) || "vi";
    applyTexts();
    show(state.step);
  }

  // The next citizen's first touch on a kept ticket brings the start screen (its buttons
  // ignore taps for GUARD_MS, so this touch chooses nothing).
  function touchOnKeptTicket() {
    if (keepsTicket() && Date.now() - state.ticketShownAt >= KEEP_GUARD_MS) {
      start();
    }
  }

  function start() {
    state = { lang: CONFIG.lang, step: "matter", history: [], service: null, partySize: null,
      digits: "", key: null, body: null, sending: false, loadFailed: false, cardQr: null,
      unsure: false, ticket: null, appointmentCode: "", appointmentMessage: "" };
    $("ticket-qr-image").removeAttribute("src");
    const notice = $("card-notice");
    if (notice && CONFIG.card_scanner) {
      showCardNotice("hint");
    } else if (notice) {
      notice.remove();
    }
    applyTexts();
    show("matter");
    // Each new citizen gets the current list of matters.
    loadCatalogue();
  }

  function bind() {
    $("lang-switch").addEventListener("click", switchLanguage);
    $("back").addEventListener("click", back);
    $("done").addEventListener("click", start);
    $("error-start-over").addEventListener("click", start);
    $("retry").addEventListener("click", () => {
      if (!state.sending) {
        send();
      }
    });
    $("appointment-form").addEventListener("submit", (event) => {
      event.preventDefault();
      state.appointmentCode = $("appointment-code").value;
      checkIn(state.appointmentCode);
    });
    $("numpad").addEventListener("click", (event) => {
      const key = event.target.closest("[data-key]");
      if (key) {
        pressKey(key.dataset.key);
      }
    });
    // Any touch means someone is still there: restart the idle or ticket countdown.
    ["pointerdown", "keydown"].forEach((name) => {
      document.addEventListener(name, restartIdle, true);
    });
    document.addEventListener("pointerdown", touchOnKeptTicket, true);
    document.addEventListener("contextmenu", (event) => event.preventDefault());
    bindScanner();
  }

  bind();
  start();
  scheduleHealth();
})();
