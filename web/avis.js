// The one-question survey sent after an appointment: ?rdv=<appointment id>&token=<secret of the link>.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var id = params.get("rdv");
  var token = params.get("token");
  var contexte = document.getElementById("contexte");
  var form = document.getElementById("formulaire");
  var message = document.getElementById("message");
  var url = "/api/surveys/" + encodeURIComponent(id || "") + "?token=" + encodeURIComponent(token || "");

  function day(iso) {
    var parts = iso.split("-");
    return new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2], 12)).toLocaleDateString("fr-FR",
      { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function invalid() {
    contexte.textContent = "Ce lien n'est pas valide ou a expiré. Merci de votre intérêt.";
  }

  if (!id || !token) {
    invalid();
    return;
  }
  fetch(url, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(function (survey) {
      contexte.textContent = "Rendez-vous " + survey.partner + " du " + day(survey.date) + ", " + survey.site + ".";
      if (survey.answered) {
        message.textContent = "Vous avez déjà donné votre avis. Merci !";
        return;
      }
      form.hidden = false;
    })
    .catch(invalid);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = form.querySelector("input[name=score]:checked");
    if (!chosen) {
      message.textContent = "Choisissez une note de 1 à 5.";
      document.getElementById("note-1").focus();
      return;
    }
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ score: Number(chosen.value) }) })
      .then(function (response) {
        if (response.status === 201 || response.status === 409) {
          form.hidden = true;
          message.textContent = response.status === 201 ? "Merci, votre avis est enregistré."
            : "Vous avez déjà donné votre avis. Merci !";
          return;
        }
        if (response.status === 404) {
          form.hidden = true;
          invalid();
          return;
        }
        throw new Error(String(response.status));
      })
      .catch(function () {
        button.disabled = false;
        message.textContent = "Votre avis n'a pas pu être envoyé. Veuillez réessayer dans quelques instants.";
      });
  });
}());
