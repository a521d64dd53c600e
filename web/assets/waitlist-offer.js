// The waitlist's page (/liste-attente.html?id=…&token=…): with an offer's link, the place held for the citizen, taken or
// left; with the link given when joining, the entry. Either link leaves the list.
import { el, api, query, formatDay, formatDate, formatTime, announce, showProblem, focusOn } from './common.js';
import { loadDirectory, slotLabel, appointmentSummary } from './booking.js';

const byId = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const id = params.get('id');
const token = params.get('token');
const base = `/api/waitlist/${encodeURIComponent(id || '')}`;
const withToken = `?${query({ token })}`;

function notFound() {
  document.title = 'Proposition introuvable — Accueil services publics';
  byId('offer').replaceChildren(el('div', { class: 'notice problem', role: 'alert' },
    el('p', {}, 'Cette proposition n’existe pas ou n’est plus valable : la place a été prise, laissée, ou le délai pour l’accepter est passé. Vous restez sur la liste d’attente pour les prochaines places.'),
    el('p', {}, el('a', { href: '/' }, 'Chercher un autre créneau'))));
}

function done(node, title) {
  document.title = `${title} — Accueil services publics`;
  byId('offer-actions').hidden = true;
  byId('leave-list').hidden = true;
  byId('outcome').replaceChildren(node);
  announce(node.textContent);
  focusOn(node);
}

/** Posts an action on the entry; when refused, says why, hides the buttons and answers null. */
async function act(action) {
  const answer = await api(`${base}/${action}${withToken}`, { method: 'POST' });
  if (answer.ok) return answer;
  if (answer.status === 404) notFound(); else showProblem(byId('outcome'), answer.data);
  byId('offer-actions').hidden = true;
  byId('leave-list').hidden = true;
  return null;
}

async function load() {
  if (!id || !token) {
    notFound();
    return;
  }
  let directory;
  try {
    directory = await loadDirectory();
  } catch (problem) {
    showProblem(byId('offer'), problem);
    return;
  }
  const answer = await api(`${base}${withToken}`);
  if (answer.status === 404) {
    notFound();
    return;
  }
  if (!answer.ok) {
    showProblem(byId('offer'), answer.data);
    return;
  }
  const { entry } = answer.data;
  byId('leave-list').hidden = false;
  byId('quit').addEventListener('click', async () => {
    const left = await act('leave');
    if (!left) return;
    done(el('p', { class: 'notice success', id: 'list-left', tabindex: '-1' }, left.data.message, ' ',
      el('a', { href: '/' }, 'Chercher un créneau')), 'Liste d’attente quittée');
  });
  const slot = entry.slot;
  if (!slot) {
    // The link given when joining: no place offered yet.
    document.title = 'Votre inscription sur la liste d’attente — Accueil services publics';
    document.querySelector('h1').textContent = 'Votre inscription sur la liste d’attente';
    const days = [entry.from && `à partir du ${formatDate(entry.from)}`, entry.to && `jusqu’au ${formatDate(entry.to)}`].filter(Boolean).join(' ');
    byId('offer').replaceChildren(el('p', { id: 'entry-waiting' }, 'Vous êtes sur la liste d’attente pour le motif « ',
      directory.themes.get(entry.themeId)?.label || entry.themeId, ' »', days ? ` (${days})` : '',
      '. Dès qu’une place se libère, elle vous est proposée par message.'));
    return;
  }
  byId('offer').replaceChildren(
    el('p', {}, 'Vous étiez sur la liste d’attente : cette place est réservée pour vous jusqu’au ',
      el('strong', { id: 'hold-until' }, `${formatDay(entry.holdUntil, slot.timeZone)} à ${formatTime(entry.holdUntil, slot.timeZone)}`), '.'),
    el('dl', { class: 'summary' },
      el('dt', {}, 'Créneau'), el('dd', { id: 'offer-slot' }, `${formatDay(slot.start, slot.timeZone)} à ${formatTime(slot.start, slot.timeZone)}`),
      el('dt', {}, 'Lieu et organisme'), el('dd', {}, slotLabel(slot, directory)),
      el('dt', {}, 'Motif'), el('dd', {}, directory.themes.get(entry.themeId)?.label || entry.themeId)));
  byId('offer-actions').hidden = false;
  byId('take').addEventListener('click', async () => {
    const taken = await act('confirm');
    if (!taken) return;
    const link = new URL(taken.data.managementLink, location.origin).href;
    done(el('section', { id: 'offer-booked', 'aria-labelledby': 'booked-title', tabindex: '-1' },
      el('h2', { id: 'booked-title', class: 'notice success' }, 'Votre rendez-vous est confirmé'),
      appointmentSummary(taken.data.appointment, directory),
      el('p', {}, 'Une confirmation vous est envoyée. Pour revoir, annuler ou déplacer ce rendez-vous, gardez ce lien personnel : ',
        el('a', { href: link, id: 'manage-link' }, link))), 'Rendez-vous confirmé');
  });
  byId('leave').addEventListener('click', async () => {
    const left = await act('decline');
    if (!left) return;
    done(el('p', { class: 'notice', id: 'offer-left', tabindex: '-1' },
      'La place est proposée à la personne suivante. Vous restez sur la liste d’attente pour les prochaines places.'), 'Place laissée');
  });
}

load();
