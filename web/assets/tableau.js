// The day's board of one site (?site=<id>), for a screen in its lobby. Redraws only what changed, every
// minute, so the screen never flickers; announces nothing to screen readers unless the list changes.
import { el, api, oneLine, formatTime } from './common.js';

const REFRESH_MS = 60000;
const site = new URLSearchParams(window.location.search).get('site');
const etat = document.getElementById('etat');
const jours = document.getElementById('jours');
let lastDrawn = '';
// The site's own time, whatever the screen's settings (an overseas site has its own zone).
let zone;

/** « 17 h 23 », as every page, message and calendar entry writes hours. */
function time(date) {
  return formatTime(date, zone);
}

function clock() {
  document.getElementById('horloge').textContent = time(new Date());
}

// One line per kind of place, so a narrow column wraps between them rather than inside.
function places(p) {
  if (p.over) return ['Terminée'];
  const lines = [p.bookable > 0 ? `${p.bookable} place${p.bookable > 1 ? 's' : ''} sur rendez-vous` : 'Complet sur rendez-vous'];
  if (p.walkInPlaces > 0) lines.push(`Sans rendez-vous : ${p.walkInPlaces} personne${p.walkInPlaces > 1 ? 's' : ''}`);
  return lines;
}

function row(p, mobile) {
  const full = !p.over && p.bookable === 0 && !p.walkInPlaces;
  return el('tr', { class: p.over ? 'over' : null },
    el('td', { class: 'hours' }, p.hours),
    el('td', {},
      el('span', { class: 'partner' }, p.partner),
      el('span', { class: 'themes' }, p.themes.join(', ')),
      // A bus is somewhere else every day: its board says where.
      mobile ? el('span', { class: 'where' }, oneLine(p.place)) : ''),
    el('td', { class: `places${full ? ' full' : ''}` }, places(p).map((line) => el('span', {}, line))));
}

function draw(board) {
  document.getElementById('lieu').textContent = board.site.name;
  document.title = `Permanences du jour – ${board.site.name}`;
  const fragment = document.createDocumentFragment();
  for (const day of board.days) {
    fragment.append(el('section', { 'aria-labelledby': `jour-${day.date}` },
      el('h2', { id: `jour-${day.date}` }, day.label),
      day.permanences.length === 0 ? el('p', { class: 'empty' }, 'Aucune permanence.')
        : el('table', {},
          el('thead', {}, el('tr', {}, [['hours', 'Horaires'], ['who', 'Permanence'], ['places', 'Places']]
            .map(([name, text]) => el('th', { scope: 'col', class: name }, text)))),
          el('tbody', {}, day.permanences.map((p) => row(p, board.site.mobile))))));
  }
  // Emptied then filled in one go: the screen is never blank between two boards.
  while (jours.firstChild) jours.removeChild(jours.firstChild);
  jours.append(fragment);
}

async function refresh() {
  clock();
  if (!site) {
    etat.textContent = 'Indiquez le lieu dans l’adresse de la page, par exemple tableau.html?site=metz-borny.';
    return;
  }
  const answer = await api(`/api/sites/${encodeURIComponent(site)}/board`);
  if (!answer.ok) {
    // The last board stays on screen: a short outage must not blank the lobby.
    etat.textContent = `${answer.status === 404 ? 'Ce lieu est inconnu.' : 'Les permanences ne sont pas disponibles pour le moment.'}`
      + ' Nouvel essai dans une minute.';
    return;
  }
  const board = answer.data;
  zone = board.timeZone;
  clock();
  const text = JSON.stringify(board.days);
  if (text !== lastDrawn) {
    draw(board);
    lastDrawn = text;
  }
  etat.textContent = '';
  document.getElementById('maj').textContent = `Dernière mise à jour : ${time(new Date())}.`;
}

refresh();
window.setInterval(refresh, REFRESH_MS);
