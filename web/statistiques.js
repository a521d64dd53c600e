// Statistiques de qualité de service : lit GET /api/stats avec le jeton de l'agent et dessine les graphiques en SVG,
// sans bibliothèque ni CDN. Chaque graphique a son tableau de données juste en dessous.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var form = document.getElementById('filtres');
  var message = document.getElementById('message');
  var jeton = document.getElementById('jeton');
  var COLONNES = [
    ['calls', 'Appels'], ['routed', 'Orientés'], ['closed', 'Ligne fermée'], ['abandonedBeforeChoice', 'Abandons avant choix'],
    ['callbackOffered', 'Rappel proposé'], ['callbacksRequested', 'Rappels demandés'], ['callbacksCompleted', 'Rappels aboutis'],
    ['callbacksFailed', 'Rappels en échec'], ['callbackDelayMinutes.median', 'Délai de rappel médian (min)'],
    ['callbackDelayMinutes.p90', 'Délai de rappel 90e centile (min)'], ['appointmentsBooked', 'Rendez-vous pris'],
    ['appointmentsCancelled', 'Annulés'], ['appointmentsAttended', 'Honorés'], ['appointmentsNoShow', 'Absences'],
    ['bookingLeadTimeHours.median', 'Délai de prise de rendez-vous médian (h)'],
    ['satisfaction.count', 'Avis de satisfaction'], ['satisfaction.average', 'Satisfaction moyenne (sur 5)']
  ];
  var CANAUX = { phone: 'Appel', callback: 'Rappel', appointment: 'Rendez-vous' };
  var COULEURS = ['#000091', '#18753c', '#a3001c', '#6a4c00', '#5e2a84'];

  function jourIso(d) { return d.toISOString().slice(0, 10); }
  var aujourdhui = new Date();
  document.getElementById('au').value = jourIso(aujourdhui);
  document.getElementById('du').value = jourIso(new Date(aujourdhui.getTime() - 27 * 86400000));
  // Le jeton de cette page, sinon celui de l'espace agent du même onglet.
  jeton.value = sessionStorage.getItem('accueil.jeton') || sessionStorage.getItem('accueil.agentToken') || '';

  function remplir(id, url, cle) {
    fetch(url).then(function (r) { return r.ok ? r.json() : {}; }).then(function (data) {
      var select = document.getElementById(id);
      (data[cle] || []).forEach(function (item) {
        var option = document.createElement('option');
        option.value = item.id;
        option.textContent = item.name || item.label || item.id;
        select.appendChild(option);
      });
    }).catch(function () { /* les listes restent à « tous » */ });
  }
  remplir('site', '/api/sites', 'sites');
  remplir('partenaire', '/api/partners', 'partners');
  remplir('theme', '/api/themes', 'themes');

  function requete(extra) {
    var params = new URLSearchParams();
    ['du', 'au', 'site', 'partenaire', 'theme', 'periode'].forEach(function (id) {
      var champ = document.getElementById(id);
      if (champ.value) { params.set(champ.name, champ.value); }
    });
    Object.keys(extra || {}).forEach(function (k) { params.set(k, extra[k]); });
    return '/api/stats?' + params.toString();
  }

  function appeler(extra) {
    if (!jeton.value.trim()) {
      return Promise.reject(new Error('Indiquez votre jeton de connexion.'));
    }
    sessionStorage.setItem('accueil.jeton', jeton.value.trim());
    return fetch(requete(extra), { headers: { Authorization: 'Bearer ' + jeton.value.trim() } }).then(function (r) {
      if (r.ok) { return r; }
      return r.json().catch(function () { return {}; }).then(function (p) {
        throw new Error(p.detail || (r.status === 401 ? 'Jeton refusé : reconnectez-vous.' : 'Erreur ' + r.status + '.'));
      });
    });
  }

  function dire(texte, erreur) {
    message.textContent = texte;
    message.className = erreur ? 'erreur' : '';
  }

  function valeur(figures, nom) {
    var parts = nom.split('.');
    var v = figures[parts[0]];
    if (parts[0] === 'satisfaction' || parts[0] === 'requestHandled') {
      v = v && v[parts[1]];
      if (v === null || v === undefined) { return '—'; }
      return parts[1] === 'average' ? moyenne(v) : v;
    }
    if (parts.length > 1) {
      v = v && v[parts[1]];
      if (v === null || v === undefined) { return '—'; }
      return v.atMost === null ? '> ' + v.above : v.above + '–' + v.atMost;
    }
    return v === undefined ? 0 : v;
  }

  function moyenne(v) {
    return v === null || v === undefined ? '—' : v.toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function el(nom, attributs, texte) {
    var e = document.createElementNS(SVG, nom);
    Object.keys(attributs).forEach(function (k) { e.setAttribute(k, attributs[k]); });
    if (texte !== undefined) { e.textContent = texte; }
    return e;
  }

  // Barres groupées : une série par indicateur, une graduation par période.
  // Les graduations montrent la période sans l'année (MM-JJ, Www), ou ce que « etiquette » en fait.
  function graphe(conteneur, titreId, lignes, series, etiquette) {
    conteneur.textContent = '';
    var largeur = 720, hauteur = 260, marge = 40, bas = 40;
    var max = 1;
    lignes.forEach(function (l) { series.forEach(function (s) { max = Math.max(max, l.figures[s[0]] || 0); }); });
    var svg = el('svg', { viewBox: '0 0 ' + largeur + ' ' + hauteur, role: 'img', 'aria-labelledby': titreId + '-svg-titre ' + titreId + '-svg-desc' });
    svg.appendChild(el('title', { id: titreId + '-svg-titre' }, document.getElementById(titreId).textContent));
    svg.appendChild(el('desc', { id: titreId + '-svg-desc' }, series.map(function (s) {
      return s[1] + ' : ' + lignes.map(function (l) { return l.period + ' ' + (l.figures[s[0]] || 0); }).join(', ');
    }).join(' ; ')));
    var zone = (largeur - marge - 10) / Math.max(1, lignes.length);
    var barre = Math.max(2, (zone - 6) / series.length);
    svg.appendChild(el('line', { x1: marge, y1: hauteur - bas, x2: largeur - 5, y2: hauteur - bas, stroke: '#333' }));
    svg.appendChild(el('text', { x: marge - 6, y: 14, 'text-anchor': 'end', 'font-size': 12 }, String(max)));
    svg.appendChild(el('text', { x: marge - 6, y: hauteur - bas, 'text-anchor': 'end', 'font-size': 12 }, '0'));
    lignes.forEach(function (l, i) {
      series.forEach(function (s, j) {
        var v = l.figures[s[0]] || 0;
        var h = (hauteur - bas - 10) * v / max;
        svg.appendChild(el('rect', { x: marge + i * zone + 3 + j * barre, y: hauteur - bas - h, width: barre - 1, height: h, fill: COULEURS[j % COULEURS.length] }));
      });
      if (lignes.length <= 16 || i % Math.ceil(lignes.length / 16) === 0) {
        svg.appendChild(el('text', { x: marge + i * zone + zone / 2, y: hauteur - bas + 16, 'text-anchor': 'middle', 'font-size': 11 }, etiquette ? etiquette(l.period) : l.period.slice(5)));
      }
    });
    conteneur.appendChild(svg);
    var legende = document.createElement('ul');
    legende.className = 'legende';
    series.forEach(function (s, j) {
      var li = document.createElement('li');
      var carre = document.createElement('span');
      carre.style.background = COULEURS[j % COULEURS.length];
      carre.setAttribute('aria-hidden', 'true');
      li.appendChild(carre);
      li.appendChild(document.createTextNode(s[1]));
      legende.appendChild(li);
    });
    conteneur.appendChild(legende);
  }

  // Satisfaction : chiffres clés, répartition des notes 1 à 5 en barres (SVG) et, en alternative, le tableau par canal.
  function satisfaction(data) {
    var compte = data.satisfaction && data.satisfaction.counted;
    document.getElementById('satisfaction-absente').hidden = compte;
    document.getElementById('satisfaction-contenu').hidden = !compte;
    if (!compte) { return; }
    var q1 = data.total.figures.satisfaction;
    var q2 = data.total.figures.requestHandled;
    var synthese = document.getElementById('satisfaction-synthese');
    synthese.textContent = '';
    [['Avis reçus', String(q1.count)], ['Satisfaction moyenne (sur 5)', moyenne(q1.average)],
      ['Demande traitée, moyenne (sur 5, au téléphone)', moyenne(q2.average)]].forEach(function (c) {
      var div = document.createElement('div');
      var dt = document.createElement('dt');
      dt.textContent = c[0];
      var dd = document.createElement('dd');
      dd.textContent = c[1];
      div.appendChild(dt);
      div.appendChild(dd);
      synthese.appendChild(div);
    });
    var notes = [1, 2, 3, 4, 5].map(function (n) {
      return { period: 'Note ' + n, figures: { avis: q1.distribution[String(n)] } };
    });
    graphe(document.getElementById('graphe-satisfaction'), 'graphe-satisfaction-titre', notes, [['avis', 'Avis']],
      function (periode) { return periode; });
    var tbody = document.querySelector('#satisfaction-tableau tbody');
    tbody.textContent = '';
    var lignes = [];
    var parCanal = data.satisfaction.byChannel;
    if (parCanal) {
      Object.keys(parCanal).forEach(function (canal) { lignes.push([CANAUX[canal] || canal, parCanal[canal]]); });
    }
    lignes.push(['Total', q1]);
    lignes.forEach(function (l) {
      var r = document.createElement('tr');
      cellule(r, l[0], 'row');
      cellule(r, String(l[1].count));
      cellule(r, moyenne(l[1].average));
      [1, 2, 3, 4, 5].forEach(function (n) { cellule(r, String(l[1].distribution[String(n)])); });
      tbody.appendChild(r);
    });
  }

  function cellule(tr, texte, entete) {
    var c = document.createElement(entete ? 'th' : 'td');
    if (entete) { c.scope = entete; }
    c.textContent = texte;
    tr.appendChild(c);
  }

  function afficher(data, focaliser) {
    var total = data.total.figures;
    var synthese = document.getElementById('synthese');
    synthese.textContent = '';
    [['calls', 'Appels'], ['routed', 'Orientés'], ['abandonedBeforeChoice', 'Abandons avant choix'],
      ['callbacksCompleted', 'Rappels aboutis'], ['callbackDelayMinutes.median', 'Délai de rappel médian (min)'],
      ['appointmentsBooked', 'Rendez-vous pris'], ['appointmentsNoShow', 'Absences']].forEach(function (c) {
      var div = document.createElement('div');
      var dt = document.createElement('dt');
      dt.textContent = c[1];
      var dd = document.createElement('dd');
      dd.textContent = valeur(total, c[0]);
      div.appendChild(dt);
      div.appendChild(dd);
      synthese.appendChild(div);
    });
    graphe(document.getElementById('graphe-appels'), 'graphe-appels-titre', data.rows,
      [['calls', 'Appels'], ['routed', 'Orientés'], ['closed', 'Ligne fermée'], ['abandonedBeforeChoice', 'Abandons avant choix']]);
    graphe(document.getElementById('graphe-rdv'), 'graphe-rdv-titre', data.rows,
      [['appointmentsBooked', 'Pris'], ['appointmentsCancelled', 'Annulés'], ['appointmentsAttended', 'Honorés'], ['appointmentsNoShow', 'Absences']]);

    satisfaction(data);

    var thead = document.querySelector('#tableau thead');
    var tbody = document.querySelector('#tableau tbody');
    thead.textContent = '';
    tbody.textContent = '';
    var tr = document.createElement('tr');
    cellule(tr, 'Période', 'col');
    COLONNES.forEach(function (c) { cellule(tr, c[1], 'col'); });
    thead.appendChild(tr);
    data.rows.concat([Object.assign({}, data.total, { period: 'Total' })]).forEach(function (ligne) {
      var r = document.createElement('tr');
      cellule(r, ligne.period, 'row');
      COLONNES.forEach(function (c) { cellule(r, String(valeur(ligne.figures, c[0]))); });
      tbody.appendChild(r);
    });

    var remplissage = document.querySelector('#remplissage tbody');
    remplissage.textContent = '';
    data.fillRates.forEach(function (f) {
      var r = document.createElement('tr');
      cellule(r, f.permanenceId, 'row');
      cellule(r, f.siteId);
      cellule(r, f.partnerId);
      cellule(r, String(f.booked));
      cellule(r, String(f.capacity));
      cellule(r, f.rate === null ? '—' : (f.rate * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 }) + ' %');
      remplissage.appendChild(r);
    });
    var section = document.getElementById('resultats');
    section.hidden = false;
    if (focaliser) { section.focus(); }
  }

  function charger(focaliser) {
    dire('Chargement…');
    appeler().then(function (r) { return r.json(); }).then(function (data) {
      afficher(data, focaliser);
      dire(data.rows.length + ' période(s) affichée(s).');
    }).catch(function (err) { dire(err.message, true); });
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    charger(true);
  });
  // Avec un jeton déjà connu dans l'onglet, les quatre dernières semaines s'affichent d'emblée.
  if (jeton.value.trim()) { charger(false); }

  function telecharger(table) {
    dire('Préparation du fichier…');
    appeler({ format: 'csv', table: table }).then(function (r) { return r.blob(); }).then(function (blob) {
      var lien = document.createElement('a');
      lien.href = URL.createObjectURL(blob);
      lien.download = (table === 'fillRate' ? 'remplissage-' : 'statistiques-') + document.getElementById('du').value + '.csv';
      document.body.appendChild(lien);
      lien.click();
      lien.remove();
      dire('Fichier CSV téléchargé.');
    }).catch(function (err) { dire(err.message, true); });
  }
  document.getElementById('csv').addEventListener('click', function () { telecharger('figures'); });
  document.getElementById('csv-remplissage').addEventListener('click', function () { telecharger('fillRate'); });
}());
