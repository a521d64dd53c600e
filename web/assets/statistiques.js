// Statistiques de qualité de service : lit GET /api/stats avec le jeton de l'agent et dessine les graphiques en SVG,
// sans bibliothèque ni CDN. Chaque graphique a son tableau de données juste en dessous.
import { el, svgEl, api, query, agentToken, isoDate, addDays } from './common.js';

const byId = (id) => document.getElementById(id);
const form = byId('filtres');
const message = byId('message');
const jeton = byId('jeton');
const COLONNES = [
  ['calls', 'Appels'], ['routed', 'Orientés'], ['closed', 'Ligne fermée'], ['abandonedBeforeChoice', 'Abandons avant choix'],
  ['callbackOffered', 'Rappel proposé'], ['callbacksRequested', 'Rappels demandés'], ['callbacksCompleted', 'Rappels aboutis'],
  ['callbacksFailed', 'Rappels en échec'], ['callbackDelayMinutes.median', 'Délai de rappel médian (min)'],
  ['callbackDelayMinutes.p90', 'Délai de rappel 90e centile (min)'], ['appointmentsBooked', 'Rendez-vous pris'],
  ['appointmentsCancelled', 'Annulés'], ['appointmentsAttended', 'Honorés'], ['appointmentsNoShow', 'Absences'],
  ['bookingLeadTimeHours.median', 'Délai de prise de rendez-vous médian (h)'],
  ['satisfaction.count', 'Avis de satisfaction'], ['satisfaction.average', 'Satisfaction moyenne (sur 5)'],
];
const CANAUX = { phone: 'Appel', callback: 'Rappel', appointment: 'Rendez-vous' };
// The series' colours are the palette's, in statistiques.css (.serie-0 … .serie-4).
const SERIES = 5;

const aujourdhui = isoDate(new Date(), 'Europe/Paris');
byId('au').value = aujourdhui;
byId('du').value = addDays(aujourdhui, -27);
// Le jeton de l'espace agent du même onglet.
jeton.value = agentToken.get() || '';

// Les noms des lieux, partenaires et thèmes : les tableaux les montrent au lieu des identifiants.
const noms = new Map();
const nom = (id) => noms.get(id) || id;

async function remplir(id, url, cle) {
  const answer = await api(url);
  // Sans réponse, les listes restent à « tous ».
  const items = answer.ok ? answer.data[cle] : [];
  items.forEach((item) => noms.set(item.id, item.name || item.label || item.id));
  byId(id).append(...items.map((item) => el('option', { value: item.id }, nom(item.id))));
}
remplir('site', '/api/sites', 'sites');
remplir('partenaire', '/api/partners', 'partners');
// Les responsables voient aussi les thèmes internes (rappels par un responsable).
remplir('theme', '/api/themes?include=internal', 'themes');

function requete(extra) {
  const params = {};
  ['du', 'au', 'site', 'partenaire', 'theme', 'periode'].forEach((id) => { params[byId(id).name] = byId(id).value; });
  return `/api/stats?${query({ ...params, ...extra })}`;
}

/** The answer, or an Error with the API's French detail. */
async function appeler(extra, raw) {
  const value = jeton.value.trim();
  if (!value) throw new Error('Indiquez votre jeton de connexion.');
  agentToken.set(value);
  if (raw) {
    const response = await fetch(requete(extra), { headers: agentToken.headers() });
    if (!response.ok) throw new Error(response.status === 401 ? 'Jeton refusé : reconnectez-vous.' : `Erreur ${response.status}.`);
    return response.blob();
  }
  const answer = await api(requete(extra), { headers: agentToken.headers() });
  if (!answer.ok) throw new Error(answer.status === 401 ? 'Jeton refusé : reconnectez-vous.' : answer.data.detail);
  return answer.data;
}

function dire(texte, erreur) {
  message.textContent = texte;
  message.className = erreur ? 'error' : '';
}

function moyenne(v) {
  return v === null || v === undefined ? '—' : v.toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function valeur(figures, nom) {
  const [premier, second] = nom.split('.');
  let v = figures[premier];
  if (premier === 'satisfaction' || premier === 'requestHandled') {
    v = v && v[second];
    if (v === null || v === undefined) return '—';
    return second === 'average' ? moyenne(v) : v;
  }
  if (second) {
    v = v && v[second];
    if (v === null || v === undefined) return '—';
    return v.atMost === null ? `> ${v.above}` : `${v.above}–${v.atMost}`;
  }
  return v === undefined ? 0 : v;
}

// Barres groupées : une série par indicateur, une graduation par période.
// Les graduations montrent la période sans l'année (MM-JJ, Www), ou ce que « etiquette » en fait.
function graphe(conteneur, titreId, lignes, series, etiquette) {
  const largeur = 720;
  const hauteur = 260;
  const marge = 40;
  const bas = 40;
  let max = 1;
  lignes.forEach((l) => series.forEach((s) => { max = Math.max(max, l.figures[s[0]] || 0); }));
  const zone = (largeur - marge - 10) / Math.max(1, lignes.length);
  const barre = Math.max(2, (zone - 6) / series.length);
  const svg = svgEl('svg', { viewBox: `0 0 ${largeur} ${hauteur}`, role: 'img', 'aria-labelledby': `${titreId}-svg-titre ${titreId}-svg-desc` },
    svgEl('title', { id: `${titreId}-svg-titre` }, byId(titreId).textContent),
    svgEl('desc', { id: `${titreId}-svg-desc` }, series.map((s) =>
      `${s[1]} : ${lignes.map((l) => `${l.period} ${l.figures[s[0]] || 0}`).join(', ')}`).join(' ; ')),
    svgEl('line', { x1: marge, y1: hauteur - bas, x2: largeur - 5, y2: hauteur - bas, class: 'axe' }),
    svgEl('text', { x: marge - 6, y: 14, 'text-anchor': 'end', 'font-size': 12 }, String(max)),
    svgEl('text', { x: marge - 6, y: hauteur - bas, 'text-anchor': 'end', 'font-size': 12 }, '0'),
    lignes.map((l, i) => [
      series.map((s, j) => {
        const h = (hauteur - bas - 10) * (l.figures[s[0]] || 0) / max;
        return svgEl('rect', { x: marge + i * zone + 3 + j * barre, y: hauteur - bas - h, width: barre - 1, height: h, class: `serie-${j % SERIES}` });
      }),
      lignes.length <= 16 || i % Math.ceil(lignes.length / 16) === 0
        ? svgEl('text', { x: marge + i * zone + zone / 2, y: hauteur - bas + 16, 'text-anchor': 'middle', 'font-size': 11 },
          etiquette ? etiquette(l.period) : l.period.slice(5))
        : '',
    ]));
  conteneur.replaceChildren(svg, el('ul', { class: 'legende' }, series.map((s, j) =>
    el('li', {}, el('span', { class: `serie-${j % SERIES}`, 'aria-hidden': 'true' }), s[1]))));
}

function synthese(dl, chiffres) {
  dl.replaceChildren(...chiffres.map(([terme, v]) => el('div', {}, el('dt', {}, terme), el('dd', {}, String(v)))));
}

function ligne(entete, cellules) {
  return el('tr', {}, el('th', { scope: 'row' }, entete), cellules.map((c) => el('td', {}, String(c))));
}

// Satisfaction : chiffres clés, répartition des notes 1 à 5 en barres (SVG) et, en alternative, le tableau par canal.
function satisfaction(data) {
  const compte = data.satisfaction && data.satisfaction.counted;
  byId('satisfaction-absente').hidden = compte;
  byId('satisfaction-contenu').hidden = !compte;
  if (!compte) return;
  const q1 = data.total.figures.satisfaction;
  const q2 = data.total.figures.requestHandled;
  synthese(byId('satisfaction-synthese'), [['Avis reçus', q1.count], ['Satisfaction moyenne (sur 5)', moyenne(q1.average)],
    ['Demande traitée, moyenne (sur 5, au téléphone)', moyenne(q2.average)]]);
  const notes = [1, 2, 3, 4, 5].map((n) => ({ period: `Note ${n}`, figures: { avis: q1.distribution[String(n)] } }));
  graphe(byId('graphe-satisfaction'), 'graphe-satisfaction-titre', notes, [['avis', 'Avis']], (periode) => periode);
  const parCanal = data.satisfaction.byChannel || {};
  const lignes = [...Object.keys(parCanal).map((canal) => [CANAUX[canal] || canal, parCanal[canal]]), ['Total', q1]];
  document.querySelector('#satisfaction-tableau tbody').replaceChildren(...lignes.map(([nom, f]) =>
    ligne(nom, [f.count, moyenne(f.average), ...[1, 2, 3, 4, 5].map((n) => f.distribution[String(n)])])));
}

function taux(v) {
  return v === null || v === undefined ? '—' : `${(v * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`;
}

function secondes(v) {
  return v === null || v === undefined ? '—' : Math.round(v).toLocaleString('fr-FR');
}

// « 23/11 10 h » : l'heure de mise en file, à l'heure du lieu (ou de Paris pour le territoire).
function heure(iso) {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)} ${Number(iso.slice(11, 13))} h`;
}

// Files d'attente : un tableau par file sur la période, un graphique par heure (toutes files), un tableau par file et heure.
function files(data) {
  const q = data.queues;
  const compte = q && q.counted;
  byId('files-absentes').hidden = compte;
  byId('files-contenu').hidden = !compte;
  if (!compte) return;
  const niveau = (f) => `${taux(f.serviceLevel)} en ${f.serviceLevelSeconds} s`;
  document.querySelector('#files-tableau tbody').replaceChildren(...q.totals.map((f) => ligne(nom(f.queue),
    [f.queued, f.answered, f.abandoned, f.callbackChosen, secondes(f.averageWaitSeconds), secondes(f.maxWaitSeconds),
      taux(f.abandonmentRate), niveau(f)])));
  const parHeure = new Map();
  q.hours.forEach((f) => {
    const h = parHeure.get(f.hour) || { period: f.hour, figures: { queued: 0, answered: 0, abandoned: 0 } };
    ['queued', 'answered', 'abandoned'].forEach((nom) => { h.figures[nom] += f[nom]; });
    parHeure.set(f.hour, h);
  });
  graphe(byId('graphe-files'), 'graphe-files-titre', [...parHeure.values()],
    [['queued', 'En file'], ['answered', 'Pris par un conseiller'], ['abandoned', 'Abandons']], heure);
  document.querySelector('#files-heures tbody').replaceChildren(...q.hours.map((f) => ligne(heure(f.hour),
    [nom(f.queue), f.queued, f.answered, f.abandoned, secondes(f.averageWaitSeconds), secondes(f.maxWaitSeconds),
      taux(f.abandonmentRate), niveau(f)])));
}

function afficher(data, focaliser) {
  const total = data.total.figures;
  synthese(byId('synthese'), [['calls', 'Appels'], ['routed', 'Orientés'], ['abandonedBeforeChoice', 'Abandons avant choix'],
    ['callbacksCompleted', 'Rappels aboutis'], ['callbackDelayMinutes.median', 'Délai de rappel médian (min)'],
    ['appointmentsBooked', 'Rendez-vous pris'], ['appointmentsNoShow', 'Absences']].map(([nom, terme]) => [terme, valeur(total, nom)]));
  graphe(byId('graphe-appels'), 'graphe-appels-titre', data.rows,
    [['calls', 'Appels'], ['routed', 'Orientés'], ['closed', 'Ligne fermée'], ['abandonedBeforeChoice', 'Abandons avant choix']]);
  graphe(byId('graphe-rdv'), 'graphe-rdv-titre', data.rows,
    [['appointmentsBooked', 'Pris'], ['appointmentsCancelled', 'Annulés'], ['appointmentsAttended', 'Honorés'], ['appointmentsNoShow', 'Absences']]);
  // Un délai est une tranche (« 15–30 min ») : la barre monte à sa borne haute (la basse pour la dernière, ouverte).
  const borne = (v) => (v ? v.atMost ?? v.above : 0);
  graphe(byId('graphe-delai'), 'graphe-delai-titre', data.rows.map((l) => ({ period: l.period, figures: {
    median: borne(l.figures.callbackDelayMinutes?.median), p90: borne(l.figures.callbackDelayMinutes?.p90) } })),
  [['median', 'Médiane (min)'], ['p90', '90e centile (min)']]);
  satisfaction(data);
  files(data);

  document.querySelector('#tableau thead').replaceChildren(el('tr', {},
    el('th', { scope: 'col' }, 'Période'), COLONNES.map((c) => el('th', { scope: 'col' }, c[1]))));
  document.querySelector('#tableau tbody').replaceChildren(...[...data.rows, { ...data.total, period: 'Total' }].map((l) =>
    ligne(l.period, COLONNES.map((c) => valeur(l.figures, c[0])))));
  const permanence = (f) => `${nom(f.partnerId)} à ${nom(f.siteId)}`;
  graphe(byId('graphe-remplissage'), 'graphe-remplissage-titre', data.fillRates.map((f) => ({ period: permanence(f),
    figures: { taux: Math.round((f.rate || 0) * 100) } })), [['taux', 'Places réservées (%)']], (periode) => periode);
  document.querySelector('#remplissage tbody').replaceChildren(...data.fillRates.map((f) => ligne(permanence(f),
    [nom(f.siteId), nom(f.partnerId), f.booked, f.capacity, taux(f.rate)])));
  const section = byId('resultats');
  section.hidden = false;
  if (focaliser) section.focus();
}

async function charger(focaliser) {
  dire('Chargement…');
  try {
    const data = await appeler({});
    afficher(data, focaliser);
    dire(`${data.rows.length} période(s) affichée(s).`);
  } catch (err) {
    dire(err.message, true);
  }
}
form.addEventListener('submit', (e) => {
  e.preventDefault();
  charger(true);
});
// Avec un jeton déjà connu dans l'onglet, les quatre dernières semaines s'affichent d'emblée.
if (jeton.value.trim()) charger(false);

async function telecharger(table) {
  dire('Préparation du fichier…');
  try {
    const blob = await appeler({ format: 'csv', table }, true);
    const prefixe = { fillRate: 'remplissage-', queues: 'files-' }[table] || 'statistiques-';
    const lien = el('a', { href: URL.createObjectURL(blob), download: `${prefixe}${byId('du').value}.csv` });
    document.body.append(lien);
    lien.click();
    lien.remove();
    dire('Fichier CSV téléchargé.');
  } catch (err) {
    dire(err.message, true);
  }
}
byId('csv').addEventListener('click', () => telecharger('figures'));
byId('csv-remplissage').addEventListener('click', () => telecharger('fillRate'));
byId('csv-files').addEventListener('click', () => telecharger('queues'));
