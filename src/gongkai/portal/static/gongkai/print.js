/* A <button data-print> prints the page (no inline script under the CSP). The button is hidden
   until this script runs, so visitors without JavaScript never see a button that does nothing. */
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
