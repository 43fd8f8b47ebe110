/*
 * A ticket's public status page on a phone: live without polling. It listens on the /display
 * namespace and, on each `queue_state` (sent on connect and after every change), fetches this
 * ticket's public status again. Once the ticket is finished it stops listening.
 * The lines are worded as in kiosk/texts.py status_view(); texts come from kiosk/texts.py.
 */
(() => {
  "use strict";

  const TEXTS = JSON.parse(document.getElementById("page-texts").textContent);
  const CONFIG = JSON.parse(document.getElementById("page-config").textContent);
  const T = TEXTS[CONFIG.lang] || TEXTS.vi;
  const $ = (id) => document.getElementById(id);

  let socket = null;
  let fetching = false;
  let again = false;

  function t(key, params) {
    return String(T[key] ?? key).replace(/\{(\w+)\}/g, (whole, name) =>
      params && name in params ? params[name] : whole);
  }

  function aheadLine(ahead) {
    if (ahead <= 0) {
      return t("ahead_none");
    }
    return ahead === 1 ? t("ahead_one") : t("ahead", { n: ahead });
  }

  function waitLine(minutes, ahead) {
    if (minutes <= 0 || ahead <= 0) {
      return t("wait_soon");
    }
    return minutes === 1 ? t("wait_one") : t("wait", { m: minutes });
  }

  function setLine(id, text) {
    $(id).textContent = text || "";
    $(id).hidden = !text;
  }

  function render(status) {
    const waiting = status.status === "waiting";
    const counter = status.counter ? status.counter.number : "";
    $("status-number").textContent = status.number;
    $("status-headline").textContent = t(`status_${status.status}`, { counter });
    $("status-headline").dataset.status = status.status;
    setLine("status-ahead", waiting ? aheadLine(status.ahead) : "");
    setLine("status-wait", waiting ? waitLine(status.estimated_wait_minutes, status.ahead) : "");
    if (CONFIG.final_statuses.includes(status.status)) {
      // Nothing will change any more: let the phone sleep.
      $("status-live").hidden = true;
      if (socket) {
        socket.disconnect();
      }
    }
  }

  // One request at a time; a snapshot that arrives meanwhile triggers one more afterwards.
  async function refresh() {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      const response = await fetch(CONFIG.status_url, { credentials: "same-origin" });
      if (response.ok) {
        render(await response.json());
      }
    } catch (error) {
      // Offline for a moment: the next snapshot after reconnecting fetches again.
    } finally {
      fetching = false;
    }
    if (again) {
      again = false;
      refresh();
    }
  }

  function banner(key) {
    const node = $("connection-banner");
    node.hidden = !key;
    node.textContent = key ? t(key) : "";
  }

  if (typeof window.io === "function") {
    // Websocket first (several server processes), long-polling as the one-process fallback.
    socket = window.io("/display", { reconnectionDelayMax: 10000,
      transports: ["websocket", "polling"], tryAllTransports: true });
    socket.on("connect", () => banner(null));
    socket.on("disconnect", (reason) => {
      if (reason !== "io client disconnect") {
        banner("disconnected");
      }
    });
    socket.on("connect_error", () => {
      // Refused (a headquarters that requires a device key for the board's channel): the
      // page stays as loaded and says how to see a newer status.
      banner(socket.active ? "disconnected" : "reload_hint");
    });
    socket.on("queue_state", refresh);
  }
})();
