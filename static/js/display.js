/*
 * The display board: renders every `queue_state` snapshot of the /display namespace (the
 * snapshot is the truth, so a board that missed events is right again after the next one),
 * highlights each `ticket_called` and hands its announcement to window.Announcer.
 *
 * Elements are updated in place rather than rebuilt, so a snapshot arriving during a call's
 * flash does not cut the animation short. Texts come from kiosk/texts.py (#page-texts).
 */
(() => {
  "use strict";

  const TEXTS = JSON.parse(document.getElementById("page-texts").textContent);
  const CONFIG = JSON.parse(document.getElementById("page-config").textContent);
  const T = TEXTS[CONFIG.lang] || TEXTS.vi;
  // Reading speed of the scrolling notice, whatever its length or the screen's width.
  const NOTICE_PX_PER_SECOND = 110;
  // After the server refused the connection (device key), ask again this often.
  const REFUSED_RETRY_MS = 15000;
  const WEEKDAYS_EN = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

  const $ = (id) => document.getElementById(id);
  const counterCards = new Map();
  let hero = { number: null, counterId: null };
  let noticeShown = null;

  function t(key, params) {
    return String(T[key] ?? key).replace(/\{(\w+)\}/g, (whole, name) =>
      params && name in params ? params[name] : whole);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function flash(node) {
    // Restart the animation even when the previous flash has not finished.
    node.classList.remove("flash");
    void node.offsetWidth;
    node.classList.add("flash");
  }

  const counterLabel = (counter) => t("counter_label", { n: counter.number });

  // ---------- Snapshot ----------

  function render(snapshot) {
    if (snapshot.org_name) {
      $("org-name").textContent = snapshot.org_name;
    }
    renderCounters(snapshot.counters || []);
    renderWaiting(snapshot);
    renderLastCalls(snapshot.last_calls || []);
    renderHeroFrom((snapshot.last_calls || [])[0]);
    renderNotice(snapshot.notice_text);
    document.body.dataset.synced = "true";
  }

  function counterCard(counter) {
    let card = counterCards.get(counter.id);
    if (!card) {
      card = el("article", "counter-card");
      card.dataset.counter = String(counter.id);
      card.append(el("h2", "counter-label"), el("p", "counter-name"), el("p", "counter-number"),
        el("p", "counter-status"));
      card.addEventListener("animationend", () => card.classList.remove("flash"));
      counterCards.set(counter.id, card);
    }
    return card;
  }

  function fillCard(card, counter) {
    const label = counterLabel(counter);
    const status = counter.serving ? counter.status : "free";
    card.dataset.status = status;
    card.querySelector(".counter-label").textContent = label;
    // A custom counter name ("Tư pháp") is shown under the number label, never twice.
    const name = counter.name && counter.name !== label ? counter.name : "";
    card.querySelector(".counter-name").textContent = name;
    card.querySelector(".counter-number").textContent = counter.serving || "—";
    card.querySelector(".counter-status").textContent = t(`counter_${status}`);
  }

  function renderCounters(counters) {
    const ids = new Set(counters.map((counter) => counter.id));
    counterCards.forEach((card, id) => {
      if (!ids.has(id)) {
        card.remove();
        counterCards.delete(id);
      }
    });
    const cards = counters.map((counter) => {
      const card = counterCard(counter);
      fillCard(card, counter);
      return card;
    });
    const container = $("counters");
    const inOrder = cards.length === container.children.length &&
      cards.every((card, index) => container.children[index] === card);
    // Moving nodes would restart their animations: reorder only when the order changed.
    if (!inOrder) {
      container.replaceChildren(...cards);
    }
    container.dataset.count = String(cards.length);
  }

  function renderWaiting(snapshot) {
    $("waiting-total").textContent = t("waiting_total", { n: snapshot.waiting_total || 0 });
    // Only the total: a count per matter or per counter could single out denunciations.
  }

  function renderLastCalls(calls) {
    const rows = calls.map((call) => {
      const row = el("li", "call-row");
      row.append(el("span", "call-number", call.number), el("span", "call-arrow", "→"),
        el("span", "call-counter", counterLabel(call.counter)));
      return row;
    });
    $("last-calls").replaceChildren(...rows);
  }

  function setHero(call, recall) {
    hero = { number: call.number, counterId: call.counter.id };
    $("hero-label").textContent = t(recall ? "recalling" : "now_calling");
    $("hero-number").textContent = call.number;
    $("hero-counter").textContent = counterLabel(call.counter);
    $("hero-counter-line").hidden = false;
  }

  function renderHeroFrom(latest) {
    if (!latest) {
      hero = { number: null, counterId: null };
      $("hero-label").textContent = t("no_calls");
      $("hero-number").textContent = "—";
      $("hero-counter-line").hidden = true;
    } else if (latest.number !== hero.number || latest.counter.id !== hero.counterId) {
      setHero(latest, false);
    }
  }

  function renderNotice(text) {
    const notice = (text || "").trim();
    if (notice === noticeShown) {
      return;
    }
    noticeShown = notice;
    $("notice").hidden = !notice;
    const line = $("notice-text");
    line.textContent = notice;
    line.style.animation = "none";
    void line.offsetWidth;
    line.style.animation = "";
    // The line starts just off the right edge and ends just off the left one.
    line.style.animationDuration = `${Math.max(8, line.offsetWidth / NOTICE_PX_PER_SECOND)}s`;
  }

  // ---------- Calls ----------

  function onCall(call) {
    setHero(call, call.recall);
    flash($("hero"));
    const card = counterCards.get(call.counter.id);
    if (card) {
      card.querySelector(".counter-number").textContent = call.number;
      flash(card);
    }
    if (window.Announcer && call.announcement) {
      window.Announcer.announce(call.announcement);
    }
  }

  // ---------- Clock ----------

  function clockParts(now) {
    try {
      const parts = {};
      new Intl.DateTimeFormat("en-GB", {
        timeZone: CONFIG.timezone, hourCycle: "h23", weekday: "short", year: "numeric",
        month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
      }).formatToParts(now).forEach((part) => { parts[part.type] = part.value; });
      return { ...parts, weekdayIndex: WEEKDAYS_EN.indexOf(parts.weekday) };
    } catch (error) {
      // An unknown time zone name: fall back to the TV's own clock.
      const pad = (n) => String(n).padStart(2, "0");
      return { hour: pad(now.getHours()), minute: pad(now.getMinutes()), day: pad(now.getDate()),
        month: pad(now.getMonth() + 1), year: String(now.getFullYear()), weekdayIndex: now.getDay() };
    }
  }

  function tickClock() {
    const p = clockParts(new Date());
    $("clock-time").textContent = `${p.hour}:${p.minute}`;
    $("clock-date").textContent = `${T.weekdays[p.weekdayIndex] || ""}, ${p.day}/${p.month}/${p.year}`;
  }

  // ---------- Connection ----------

  function banner(key) {
    const node = $("connection-banner");
    node.hidden = !key;
    node.textContent = key ? t(key) : "";
    document.body.dataset.connected = key ? "false" : "true";
  }

  function connect() {
    if (typeof window.io !== "function") {
      banner("disconnected");
      return;
    }
    // socket.io reconnects by itself after a drop (soon: a board on the LAN costs nothing to
    // retry), and the server then sends a fresh snapshot.
    // A websocket first: it stays with the server process that accepted it, so a board works
    // whichever of several processes it reaches; long-polling is the fallback of one process.
    const socket = window.io(CONFIG.namespace, { reconnectionDelay: 500,
      reconnectionDelayMax: 3000, transports: ["websocket", "polling"], tryAllTransports: true });
    socket.on("connect", () => banner(null));
    socket.on("disconnect", () => banner("disconnected"));
    socket.on("connect_error", () => {
      if (socket.active) {
        banner("disconnected");
      } else {
        // Refused by the server (no device key): socket.io will not retry on its own.
        banner("not_registered");
        setTimeout(() => socket.connect(), REFUSED_RETRY_MS);
      }
    });
    socket.on("queue_state", render);
    socket.on("ticket_called", onCall);
  }

  $("hero").addEventListener("animationend", () => $("hero").classList.remove("flash"));
  if (window.Announcer) {
    // The note sits in the header, so it never covers a number.
    window.Announcer.init({ soundBase: CONFIG.sound_base, noteText: t("sound_note"),
      noteParent: $("board-header") });
  }
  tickClock();
  setInterval(tickClock, 1000);
  connect();
})();
