// The management link's page (/rendez-vous/{id}?token=…): view, .ics, cancel, move.
import { el, api, query, formatDay, formatDate, formatTime, isoDate, addDays, announce, showProblem, focusOn, singleNumber } from './common.js';
import { loadDirectory, freeSlots, renderDays, appointmentSummary } from './booking.js';

const STATUS = { BOOKED: 'Confirmé', CANCELLED: 'Annulé', ATTENDED: 'Honoré', NO_SHOW: 'Absence constatée', EXCUSED: 'Excusé' };
const byId = (id) => document.getElementById(id);
const segments = location.pathname.split('/').filter(Boolean);
const id = segments[0] === 'rendez-vous' && segments[1] ? decodeURIComponent(segments[1]) : new URLSearchParams(location.search).get('id');
const token = new URLSearchParams(location.search).get('token');
const base = `/api/appointments/${encodeURIComponent(id || '')}`;
const withToken = `?${query({ token })}`;

let directory;
let appointment;
let from;

function show(current) {
  appointment = current;
  const ics = `${base}/calendar.ics${withToken}`;
  byId('appointment').replaceChildren(
    el('p', {}, 'État : ', el('strong', { id: 'appointment-status' }, STATUS[current.status] || current.status)),
    appointmentSummary(current, directory),
    current.status === 'BOOKED'
      ? el('p', {}, el('a', { class: 'button secondary', href: ics, download: 'rendez-vous.ics' }, 'Ajouter à mon agenda (.ics)'))
      : '');
  byId('manage-actions').hidden = current.status !== 'BOOKED';
}

function notFound() {
  byId('appointment').replaceChildren(el('div', { class: 'notice problem', role: 'alert' },
    el('p', {}, 'Ce lien n’est pas valide ou ce rendez-vous n’existe plus. Vérifiez que vous avez copié le lien en entier, tel qu’il figure dans le message de confirmation.'),
    el('p', {}, el('a', { href: '/' }, 'Prendre un nouveau rendez-vous'))));
}

async function load() {
  if (!id || !token) {
    notFound();
    return;
  }
  try {
    directory = await loadDirectory();
  } catch (problem) {
    showProblem(byId('appointment'), problem);
    return;
  }
  const answer = await api(`${base}${withToken}`);
  if (answer.status === 404) notFound();
  else if (!answer.ok) showProblem(byId('appointment'), answer.data);
  else show(answer.data.appointment);
}

function success(message) {
  byId('outcome').replaceChildren(el('div', { class: 'notice success', role: 'status' }, el('p', { id: 'outcome-message' }, message)));
  focusOn(byId('outcome-message'));
}

/** A change refused by a rule (the deadline passed): the rule, and the number that can still free or move the place. */
async function refused(container, problem) {
  const number = problem.type?.endsWith('/regle-metier') ? await singleNumber() : '';
  showProblem(container, number
    ? { ...problem, detail: `${problem.detail} Un agent peut encore libérer la place ou changer le créneau : appelez le ${number}.` } : problem);
  document.title = `${problem.title} — Mon rendez-vous`;
  focusOn(container.firstChild);
}

async function cancel() {
  const answer = await api(`${base}/cancel${withToken}`, { method: 'POST' });
  byId('cancel-confirm').hidden = true;
  if (!answer.ok) {
    await refused(byId('outcome'), answer.data);
    return;
  }
  show(answer.data.appointment);
  success('Votre rendez-vous est annulé. Le créneau est libéré.');
  document.title = 'Rendez-vous annulé — Accueil services publics';
  byId('outcome').append(el('p', {}, el('a', { class: 'button', href: '/', id: 'book-again' }, 'Prendre un nouveau rendez-vous')));
}

async function listSlots() {
  const to = addDays(from, 27);
  byId('new-slots').replaceChildren(el('p', {}, 'Recherche des créneaux…'));
  const answer = await freeSlots({ partner: appointment.partnerId, theme: appointment.themeId, site: appointment.siteId, from, to });
  if (!answer.ok) {
    showProblem(byId('new-slots'), answer.data);
    return;
  }
  const slots = answer.data.slots.filter((slot) => slot.id !== appointment.slotId);
  byId('new-slots').replaceChildren(slots.length ? renderDays(slots, directory, confirmMove)
    : el('p', { class: 'notice' }, `Aucun autre créneau libre d’ici le ${formatDate(to)}.`));
  announce(`${slots.length} créneaux libres.`);
}

/** A move happens once confirmed: one tap on a slot asks first, and says what the old slot becomes. */
function confirmMove(slot) {
  const when = `${formatDay(slot.start, slot.timeZone)} à ${formatTime(slot.start, slot.timeZone)}`;
  const panel = el('div', { class: 'notice', id: 'move-confirm' },
    el('h3', { id: 'move-confirm-title' }, `Déplacer votre rendez-vous au ${when} ?`),
    el('p', {}, 'Votre créneau actuel sera libéré pour une autre personne.'),
    el('button', { type: 'button', id: 'move-yes', onclick: () => move(slot) }, 'Oui, déplacer le rendez-vous'),
    el('button', { type: 'button', class: 'secondary', id: 'move-no', onclick: () => { panel.remove(); byId('reschedule-title').focus(); } },
      'Non, choisir un autre créneau'));
  byId('move-confirm')?.remove();
  byId('new-slots').before(panel);
  focusOn(byId('move-confirm-title'));
}

async function move(slot) {
  byId('move-confirm')?.remove();
  const answer = await api(`${base}/reschedule${withToken}`, { method: 'POST', body: { slotId: slot.id } });
  if (answer.ok) {
    byId('reschedule').hidden = true;
    show(answer.data.appointment);
    success(`Votre rendez-vous est déplacé au ${formatDay(slot.start, slot.timeZone)} à ${formatTime(slot.start, slot.timeZone)}.`);
    return;
  }
  if (answer.status !== 409) {
    byId('new-slots').replaceChildren();
    await refused(byId('new-slots'), answer.data);
    return;
  }
  const next = answer.data.nextSlots || [];
  byId('new-slots').replaceChildren(el('div', { class: 'notice problem', role: 'alert' },
    el('p', {}, el('strong', {}, `${answer.data.title || 'Erreur'} — `), answer.data.detail || '')),
  next.length ? renderDays(next, directory, confirmMove) : '');
  focusOn(byId('new-slots').firstChild);
}

byId('cancel').addEventListener('click', () => {
  byId('reschedule').hidden = true;
  byId('cancel-confirm').hidden = false;
  focusOn(byId('cancel-title'));
});
byId('cancel-no').addEventListener('click', () => { byId('cancel-confirm').hidden = true; byId('cancel').focus(); });
byId('cancel-yes').addEventListener('click', cancel);
byId('move').addEventListener('click', () => {
  byId('cancel-confirm').hidden = true;
  byId('reschedule').hidden = false;
  from = isoDate(new Date(), 'Europe/Paris');
  focusOn(byId('reschedule-title'));
  listSlots();
});
byId('reschedule-later').addEventListener('click', () => { from = addDays(from, 28); listSlots(); });
byId('reschedule-close').addEventListener('click', () => { byId('reschedule').hidden = true; byId('move').focus(); });
load();
