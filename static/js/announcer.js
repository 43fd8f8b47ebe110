/*
 * Spoken ticket calls for the display board: a chime, then the call in Vietnamese.
 *
 * Usage (plain script, no build step):
 *   Announcer.init({soundBase: "/static/sounds", noteText: "...", noteParent: element});
 *   Announcer.announce({text: "...", speech: "...", clips: ["moi_cong_dan_so", ...]});
 *
 * The announcement object is the one built by reception/speech.py announcement(). Calls are
 * queued and never overlap. A browser voice whose language is Vietnamese reads `speech`;
 * without one (headless Chromium, most TV browsers) the prerecorded clips in
 * `${soundBase}/vi/<clip>.wav` are played one after another.
 *
 * Most browsers refuse to play sound before the first tap or key press on the page. init()
 * tries a silent clip: where it is refused, a small corner note (#sound-note, styled by the
 * page) asks for a tap, and any tap or key press turns sound on and removes it. Calls are
 * shown meanwhile; only their sound is missing. body[data-sound] says "on" or "blocked". Every finished call is recorded in
 * Announcer.lastSpoken and Announcer.history for end-to-end tests. Errors are logged to the
 * console and never thrown: a board must keep showing calls even when the sound fails.
 */
(function () {
  "use strict";

  var DEFAULTS = {
    soundBase: "/static/sounds",
    noteText: "Chưa có âm thanh — chạm vào màn hình để bật",
    // Where the note goes (an element); the end of <body> when none is given.
    noteParent: null,
    preferVoice: true,
  };
  var PAUSE_AFTER_CHIME_MS = 250;
  // Matches the comma before "đến quầy số" in the speech text: the clips alone would run the
  // ticket number straight into the counter number.
  var PAUSE_BEFORE_CLIP_MS = { den_quay_so: 200 };
  // A stalled download or a media element that never fires "ended" must not block the queue.
  var CLIP_TIMEOUT_MS = 10000;
  var HISTORY_LIMIT = 100;
  // 20 ms of silence (8 kHz 8-bit mono WAV), played inside the first tap to unlock playback.
  var SILENT_WAV =
    "data:audio/wav;base64,UklGRsQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YaAAAACAgICAgI" +
    "CAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI" +
    "CAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI" +
    "CAgICAgICAgICAgICAgICAgICAgICA";

  var options = Object.assign({}, DEFAULTS);
  var audioCache = new Map();
  var queue = Promise.resolve();
  // Chrome drops "end" events of utterances that were garbage collected while speaking.
  var currentUtterance = null;

  var Announcer = {
    unlocked: false,
    // "checking", then "on" (sound plays) or "blocked" (the browser waits for a gesture).
    sound: "checking",
    lastSpoken: null,
    history: [],
    init: init,
    announce: announce,
    whenIdle: function () {
      return queue;
    },
  };

  function logError(message, detail) {
    try {
      console.error("[Announcer] " + message, detail === undefined ? "" : detail);
    } catch (ignored) {
      // A console that throws must not stop the board.
    }
  }

  function delay(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  function init(settings) {
    try {
      options = Object.assign({}, DEFAULTS, settings || {});
      options.soundBase = String(options.soundBase).replace(/\/+$/, "");
      preload(chimeUrl());
      if ("speechSynthesis" in window) {
        // Chrome fills the voice list asynchronously; asking early makes it ready in time.
        window.speechSynthesis.getVoices();
      }
      listenForGesture();
      probeSound();
    } catch (err) {
      logError("init failed", err);
    }
    return Announcer;
  }

  function setSoundState(state) {
    Announcer.sound = state;
    if (document.body) {
      document.body.dataset.sound = state;
    }
  }

  // A kiosk TV started with --autoplay-policy=no-user-gesture-required plays at once; other
  // browsers refuse until a gesture, and then the board says so in a corner (never a cover:
  // the numbers must show from the first second after a power cut, sound or not).
  function probeSound() {
    setSoundState("checking");
    var played;
    try {
      played = new Audio(SILENT_WAV).play();
    } catch (err) {
      played = Promise.reject(err);
    }
    Promise.resolve(played).then(
      soundOn,
      function () {
        if (Announcer.sound !== "on") {
          setSoundState("blocked");
          whenBody(showNote);
        }
      }
    );
  }

  function whenBody(callback) {
    if (document.body) {
      callback();
    } else {
      document.addEventListener("DOMContentLoaded", callback);
    }
  }

  function showNote() {
    if (Announcer.sound !== "blocked" || document.getElementById("sound-note")) {
      return;
    }
    var note = document.createElement("p");
    note.id = "sound-note";
    note.className = "sound-note";
    note.setAttribute("role", "status");
    note.textContent = options.noteText;
    (options.noteParent || document.body).appendChild(note);
  }

  function removeNote() {
    var note = document.getElementById("sound-note");
    if (note) {
      note.remove();
    }
  }

  // Browsers count a mouse's pointerdown, a touch's pointerup or click and most key presses
  // as the gesture that allows sound: listen to them all until sound plays.
  var GESTURES = ["pointerdown", "pointerup", "click", "keydown"];

  function listenForGesture() {
    GESTURES.forEach(function (type) {
      document.addEventListener(type, unlockAudio, true);
    });
  }

  function unlockAudio() {
    // Both calls must run inside the user's gesture for Safari to allow later playback.
    try {
      var played = new Audio(SILENT_WAV).play();
      Promise.resolve(played).then(soundOn, function () {
        // Not a gesture that counts (a touch's pointerdown): the next event will do.
      });
      if ("speechSynthesis" in window && Announcer.sound !== "on") {
        window.speechSynthesis.getVoices();
        var warmUp = new SpeechSynthesisUtterance(" ");
        warmUp.volume = 0;
        window.speechSynthesis.speak(warmUp);
      }
    } catch (err) {
      logError("could not unlock audio", err);
    }
  }

  function soundOn() {
    GESTURES.forEach(function (type) {
      document.removeEventListener(type, unlockAudio, true);
    });
    Announcer.unlocked = true;
    setSoundState("on");
    removeNote();
  }

  function chimeUrl() {
    return options.soundBase + "/chime.wav";
  }

  function clipUrl(clip) {
    return options.soundBase + "/vi/" + encodeURIComponent(clip) + ".wav";
  }

  function preload(url) {
    var audio = audioCache.get(url);
    if (!audio) {
      audio = new Audio();
      audio.preload = "auto";
      audio.src = url;
      audioCache.set(url, audio);
    }
    return audio;
  }

  function playUrl(url) {
    return new Promise(function (resolve) {
      var audio = preload(url);
      var finished = false;
      var timer = null;
      function finish(ok, reason) {
        if (finished) {
          return;
        }
        finished = true;
        clearTimeout(timer);
        audio.removeEventListener("ended", onEnded);
        audio.removeEventListener("error", onError);
        if (!ok) {
          // A failed element stays failed; drop it so the next call retries the download.
          audioCache.delete(url);
          logError("skipped " + url, reason);
        }
        resolve(ok);
      }
      function onEnded() {
        finish(true);
      }
      function onError() {
        finish(false, audio.error);
      }
      if (audio.error) {
        finish(false, audio.error);
        return;
      }
      audio.addEventListener("ended", onEnded);
      audio.addEventListener("error", onError);
      timer = setTimeout(function () {
        audio.pause();
        finish(false, "timeout");
      }, CLIP_TIMEOUT_MS);
      try {
        audio.currentTime = 0;
        var played = audio.play();
        if (played && played.catch) {
          played.catch(function (err) {
            finish(false, err);
          });
        }
      } catch (err) {
        finish(false, err);
      }
    });
  }

  function vietnameseVoice() {
    if (!options.preferVoice || !("speechSynthesis" in window)) {
      return null;
    }
    var voices = window.speechSynthesis.getVoices() || [];
    var vietnamese = voices.filter(function (voice) {
      return /^vi([-_]|$)/i.test(voice.lang || "");
    });
    var exact = vietnamese.filter(function (voice) {
      return /^vi[-_]VN$/i.test(voice.lang);
    });
    return exact[0] || vietnamese[0] || null;
  }

  // Resolve true once the voice has finished, false if it failed before saying anything.
  function speakWithVoice(text, voice) {
    return new Promise(function (resolve) {
      var started = false;
      var finished = false;
      var timer = null;
      function finish(ok, reason) {
        if (finished) {
          return;
        }
        finished = true;
        clearTimeout(timer);
        currentUtterance = null;
        if (!ok) {
          logError("voice failed", reason);
        }
        // Once the voice has spoken, replaying the clips would say the call twice.
        resolve(ok || started);
      }
      try {
        var utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = "vi-VN";
        utterance.voice = voice;
        utterance.rate = 0.9;
        utterance.onstart = function () {
          started = true;
        };
        utterance.onend = function () {
          finish(true);
        };
        utterance.onerror = function (event) {
          finish(false, event && event.error);
        };
        currentUtterance = utterance;
        // Only clear a stuck queue: on some platforms speak() right after cancel() is dropped.
        if (window.speechSynthesis.speaking || window.speechSynthesis.pending) {
          window.speechSynthesis.cancel();
        }
        window.speechSynthesis.speak(utterance);
        // Some engines never fire "end"; a call lasts well under this bound.
        timer = setTimeout(function () {
          window.speechSynthesis.cancel();
          finish(false, "timeout");
        }, 5000 + text.length * 200);
      } catch (err) {
        finish(false, err);
      }
    });
  }

  async function playClips(clips, entry) {
    for (var i = 0; i < clips.length; i += 1) {
      var pause = PAUSE_BEFORE_CLIP_MS[clips[i]];
      if (pause && i > 0) {
        await delay(pause);
      }
      var ok = await playUrl(clipUrl(clips[i]));
      (ok ? entry.played : entry.skipped).push(clips[i]);
    }
  }

  function clipsOf(a) {
    return Array.isArray(a.clips) ? a.clips.map(String) : [];
  }

  async function speak(a) {
    var clips = clipsOf(a);
    var entry = {
      text: a.text,
      speech: a.speech,
      clips: clips,
      method: "clips",
      voice: null,
      played: [],
      skipped: [],
      startedAt: new Date().toISOString(),
      finishedAt: null,
    };
    await playUrl(chimeUrl());
    await delay(PAUSE_AFTER_CHIME_MS);
    var voice = a.speech ? vietnameseVoice() : null;
    if (voice && (await speakWithVoice(String(a.speech), voice))) {
      entry.method = "voice";
      entry.voice = voice.name;
    } else {
      await playClips(clips, entry);
    }
    entry.finishedAt = new Date().toISOString();
    Announcer.lastSpoken = entry;
    Announcer.history.push(entry);
    if (Announcer.history.length > HISTORY_LIMIT) {
      // The board runs all day; keep the record bounded.
      Announcer.history.splice(0, Announcer.history.length - HISTORY_LIMIT);
    }
    return entry;
  }

  function announce(a) {
    if (!a || typeof a !== "object") {
      logError("announce() needs an announcement object", a);
      return Promise.resolve(null);
    }
    try {
      // Download now, so the clips of a queued call are ready when the previous call ends.
      clipsOf(a).forEach(function (clip) {
        preload(clipUrl(clip));
      });
    } catch (err) {
      logError("preload failed", err);
    }
    // Each call starts when the previous one has finished, whatever happened to it.
    var done = queue.then(function () {
      return speak(a);
    });
    queue = done.catch(function (err) {
      logError("announcement failed", err);
      return null;
    });
    return queue;
  }

  window.Announcer = Announcer;
})();
