/* Proof-of-work for public forms (gongkai.core.antiabuse). No inline script: the CSP allows only
   'self' and nonce'd scripts.

   Markup: <div class="human-check" data-pow-token="…" data-pow-difficulty="18"> holding
   <input type="hidden" name="pow_nonce">, a [data-pow-status] element and the arithmetic question in
   [data-pow-fallback]. Without JavaScript, or without crypto.subtle (a page served over plain HTTP),
   the question stays visible and the form works as is. With them, the question is hidden, the submit
   buttons wait, and the browser searches for a nonce such that SHA-256(token + nonce) starts with
   `difficulty` zero bits. */
(function () {
  "use strict";

  var BATCH = 512;

  function zeroBits(bytes) {
    var bits = 0;
    for (var i = 0; i < bytes.length; i++) {
      var b = bytes[i];
      if (b === 0) { bits += 8; continue; }
      while ((b & 0x80) === 0) { bits += 1; b <<= 1; }
      return bits;
    }
    return bits;
  }

  function solve(token, difficulty) {
    var encoder = new TextEncoder();
    var next = 0;
    function batch() {
      var start = next;
      next += BATCH;
      var jobs = [];
      for (var n = start; n < start + BATCH; n++) {
        jobs.push(crypto.subtle.digest("SHA-256", encoder.encode(token + n)));
      }
      return Promise.all(jobs).then(function (digests) {
        for (var i = 0; i < digests.length; i++) {
          if (zeroBits(new Uint8Array(digests[i])) >= difficulty) { return String(start + i); }
        }
        return batch();
      });
    }
    return batch();
  }

  function start(box) {
    var form = box.closest("form");
    var nonce = box.querySelector("input[name=pow_nonce]");
    var status = box.querySelector("[data-pow-status]");
    var fallback = box.querySelector("[data-pow-fallback]");
    var token = box.getAttribute("data-pow-token");
    var difficulty = parseInt(box.getAttribute("data-pow-difficulty"), 10);
    if (!form || !nonce || !token || !(difficulty >= 0)) { return; }
    if (!(window.crypto && crypto.subtle && window.TextEncoder && window.Promise)) { return; }

    var buttons = form.querySelectorAll("button[type=submit], input[type=submit]");
    if (fallback) {
      fallback.hidden = true;
      fallback.querySelectorAll("input").forEach(function (input) { input.disabled = true; });
    }
    buttons.forEach(function (b) { b.disabled = true; });
    if (status) { status.hidden = false; status.textContent = "正在进行安全验证…"; }
    box.setAttribute("data-pow-state", "working");

    solve(token, difficulty).then(function (found) {
      nonce.value = found;
      buttons.forEach(function (b) { b.disabled = false; });
      if (status) { status.textContent = "安全验证已完成，可以提交。"; }
      box.setAttribute("data-pow-state", "done");
    }, function () {
      // The browser refused: fall back to the question.
      if (fallback) {
        fallback.hidden = false;
        fallback.querySelectorAll("input").forEach(function (input) { input.disabled = false; });
      }
      buttons.forEach(function (b) { b.disabled = false; });
      if (status) { status.textContent = "自动安全验证未能完成，请回答下面的计算题。"; }
      box.setAttribute("data-pow-state", "failed");
    });
  }

  function init() {
    document.querySelectorAll(".human-check[data-pow-token]").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
