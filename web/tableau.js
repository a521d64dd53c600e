// The day's board of one site (?site=<id>), for a screen in its lobby. Redraws only what changed, every
// minute, so the screen never flickers; announces nothing to screen readers unless the list changes.
(function () {
  "use strict";
  var REFRESH_MS = 60000;
  var site = new URLSearchParams(window.location.search).get("site");
  var etat = document.getElementById("etat");
  var jours = document.getElementById("jours");
  var lastDrawn = "";
  // The site's own time, whatever the screen's settings (an overseas site has its own zone).
  var zone;

  function time(date) {
    var options = { hour: "2-digit", minute: "2-digit" };
    if (zone) { options.timeZone = zone; }
    return date.toLocaleTimeString("fr-FR", options);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function clock() {
    document.getElementById("horloge").textContent = time(new Date());
  }

  // One line per kind of place, so a narrow column wraps between them rather than inside.
  function places(p) {
    if (p.over) { return ["Terminée"]; }
    var lines = [p.bookable > 0 ? p.bookable + (p.bookable > 1 ? " places sur rendez-vous" : " place sur rendez-vous")
      : "Complet sur rendez-vous"];
    if (p.walkInPlaces > 0) {
      lines.push("Sans rendez-vous : " + p.walkInPlaces + (p.walkInPlaces > 1 ? " personnes" : " personne"));
    }
    return lines;
  }

  function draw(board) {
    document.getElementById("lieu").textContent = board.site.name;
    document.title = "Permanences du jour – " + board.site.name;
    var fragment = document.createDocumentFragment();
    board.days.forEach(function (day) {
      var section = el("section", { "aria-labelledby": "jour-" + day.date });
      section.appendChild(el("h2", { id: "jour-" + day.date }, day.label));
      if (day.permanences.length === 0) {
        section.appendChild(el("p", { "class": "vide" }, "Aucune permanence."));
      } else {
        var table = el("table");
        var head = el("tr");
        [["heures", "Horaires"], ["permanence", "Permanence"], ["places", "Places"]].forEach(function (h) {
          head.appendChild(el("th", { scope: "col", "class": h[0] }, h[1]));
        });
        table.appendChild(el("thead")).appendChild(head);
        var body = el("tbody");
        day.permanences.forEach(function (p) {
          var row = el("tr", p.over ? { "class": "terminee" } : {});
          row.appendChild(el("td", { "class": "heures" }, p.hours));
          var who = el("td");
          who.appendChild(el("span", { "class": "partenaire" }, p.partner));
          who.appendChild(el("span", { "class": "motifs" }, p.themes.join(", ")));
          if (board.site.mobile) {
            who.appendChild(el("span", { "class": "lieu" }, p.place.street + ", " + p.place.postcode + " " + p.place.city));
          }
          row.appendChild(who);
          var left = el("td", { "class": "places" + (!p.over && p.bookable === 0 && !p.walkInPlaces ? " complet" : "") });
          places(p).forEach(function (line) { left.appendChild(el("span", {}, line)); });
          row.appendChild(left);
          body.appendChild(row);
        });
        table.appendChild(body);
        section.appendChild(table);
      }
      fragment.appendChild(section);
    });
    // Older TV browsers lack replaceChildren: empty, then fill in one go.
    while (jours.firstChild) { jours.removeChild(jours.firstChild); }
    jours.appendChild(fragment);
  }

  function refresh() {
    clock();
    if (!site) {
      etat.textContent = "Indiquez le lieu dans l'adresse de la page, par exemple tableau.html?site=metz-borny.";
      return;
    }
    fetch("/api/sites/" + encodeURIComponent(site) + "/board", { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404) { throw new Error("Ce lieu est inconnu."); }
        if (!response.ok) { throw new Error("Les permanences ne sont pas disponibles pour le moment."); }
        return response.json();
      })
      .then(function (board) {
        zone = board.timeZone;
        clock();
        var text = JSON.stringify(board.days);
        if (text !== lastDrawn) {
          draw(board);
          lastDrawn = text;
        }
        etat.textContent = "";
        document.getElementById("maj").textContent = "Dernière mise à jour : " + time(new Date()) + ".";
      })
      .catch(function (error) {
        // The last board stays on screen: a short outage must not blank the lobby.
        etat.textContent = error.message + " Nouvel essai dans une minute.";
      });
  }

  refresh();
  window.setInterval(refresh, REFRESH_MS);
}());
