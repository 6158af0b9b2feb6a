/* The application form: show only the identity fields of the chosen applicant type (自然人 or 法人或其他组织).
   Without JavaScript both groups stay visible, each with its own heading. */
(function () {
  "use strict";
  function init() {
    var select = document.getElementById("id_applicant_type");
    if (!select) { return; }
    var person = document.querySelector("[data-applicant=person]");
    var org = document.querySelector("[data-applicant=org]");
    function update() {
      var value = select.value;
      if (person) { person.hidden = value.indexOf("org.") === 0; }
      if (org) { org.hidden = value === "natural_person"; }
    }
    select.addEventListener("change", update);
    update();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
