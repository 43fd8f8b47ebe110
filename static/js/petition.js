/* The /gui-don page: check the files, send the form to POST /api/v1/petitions, show the code. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("petition-config").textContent);
  var T = config.texts;
  var form = document.getElementById("petition-form");
  var error = document.getElementById("p-error");
  var send = document.getElementById("p-send");

  function $(id) { return document.getElementById(id); }
  function showError(text) { error.textContent = text; error.hidden = false; }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    error.hidden = true;
    var files = $("p-files").files;
    if (files.length > config.max_files) { showError(T.too_many_files); return; }
    for (var i = 0; i < files.length; i += 1) {
      if (files[i].size > config.max_bytes) {
        showError(T.file_too_large.replace("{name}", files[i].name));
        return;
      }
    }
    var data = new FormData(form);
    send.disabled = true;
    send.textContent = T.sending;
    fetch(config.url + "?lang=" + config.lang, { method: "POST", body: data,
      credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (!answer.ok) {
          showError(answer.body.error ? answer.body.error.message : T.network);
          return;
        }
        var petition = answer.body.petition;
        form.hidden = true;
        $("p-done-title").textContent = T.sent_title;
        $("p-done-text").textContent = T.sent_text;
        $("p-code").textContent = petition.code;
        $("p-keep").textContent = T.keep_code;
        $("p-status-link").textContent = T.look_up;
        $("p-status-link").href = petition.status_url;
        $("p-another").textContent = T.another;
        $("p-done").hidden = false;
      })
      .catch(function () { showError(T.network); })
      .finally(function () {
        send.disabled = false;
        send.textContent = form.dataset.sendLabel || send.textContent;
      });
  });
  form.dataset.sendLabel = send.textContent;
}());
