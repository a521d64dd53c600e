// The agents' workspace, a contact's history beside a callback or an appointment (GDPR: export and erasure), and the
// audit trail (coordinators, data protection).
import { el, api, query, formatDay, formatTime, announce, showErrors, clearErrors, showProblem, focusOn } from './common.js';
import { ws, byId, auth, APPT_STATUS, nationalPhone, outOfSession } from './agent-workspace.js';

const CHANNEL = { phone: 'Téléphone', callback: 'Rappel', web: 'En ligne', counter: 'À l’accueil' };
const ROUTE = { menu: 'orienté vers le menu vocal', queue: 'mis en relation avec un agent', closed: 'reçu hors des heures d’ouverture' };
const ACTION = { queue: 'mise en relation', callback: 'demande de rappel', person: 'mise en relation avec un agent',
  transfer: 'transfert vers un partenaire', hangup: 'fin de l’appel', info: 'information' };
const OUTCOME = { REACHED: 'usager joint', NO_ANSWER: 'pas de réponse', BUSY: 'occupé', WRONG_NUMBER: 'numéro erroné',
  CANCELLED_BY_CITIZEN: 'l’usager n’a plus besoin d’être rappelé', DIAL_ERROR: 'erreur d’appel' };
let historyOf = null;
let historyOpener = null;

export function historyButton(contact, list, name) {
  if (!contact) return '';
  return el('button', { type: 'button', class: 'secondary', 'aria-controls': 'history', 'aria-label': `Historique de ${name || contact}`,
    onclick: (event) => openHistory(contact, list, event.currentTarget) }, 'Historique');
}

const label = (map, id) => map.get(id)?.name || map.get(id)?.label || id;
function when(instant, siteId) {
  if (!instant) return '';
  const zone = ws.directory.sites.get(siteId)?.timeZone || 'Europe/Paris';
  return `${formatDay(instant, zone)} à ${formatTime(instant, zone)}`;
}

/** What happened, in French, from the entry's kind and details (ids are read through the directory). */
function describe(entry) {
  const d = entry.details || {};
  const theme = d.themeId || d.theme ? label(ws.directory.themes, d.themeId || d.theme) : null;
  const site = d.siteId ? label(ws.directory.sites, d.siteId) : null;
  const where = [theme, site].filter(Boolean).join(', ');
  const appointment = () => `${label(ws.directory.partners, d.partnerId)}, ${when(d.start, d.siteId)}, ${site}`;
  switch (entry.kind) {
    case 'call': return `Appel reçu, ${ROUTE[d.route] || d.route}${site ? ` (${site})` : ''}`;
    case 'menu-choice': return `Choix dans le menu vocal : ${ACTION[d.action] || d.action}${theme ? ` (${theme})` : ''}`;
    case 'callback-requested': return `Rappel demandé${where ? ` (${where})` : ''}`;
    case 'callback-retry': return `Rappel non abouti (${OUTCOME[d.outcome] || d.outcome}), nouvel essai prévu — tentative ${d.attempts}`;
    case 'callback-completed': return `Rappel abouti${d.outcome ? ` : ${OUTCOME[d.outcome] || d.outcome}` : ''}${where ? ` (${where})` : ''}`;
    case 'callback-failed': return `Rappel en échec${d.outcome ? ` : ${OUTCOME[d.outcome] || d.outcome}` : ''} après ${d.attempts} tentative(s)`;
    case 'callback-cancelled': return `Rappel annulé${where ? ` (${where})` : ''}`;
    case 'appointment-booked': return `Rendez-vous pris : ${appointment()}`;
    case 'appointment-cancelled': return `Rendez-vous annulé ${d.by === 'site' ? 'par le lieu d’accueil' : 'par l’usager'} : ${appointment()}`;
    case 'appointment-rescheduled': return `Rendez-vous déplacé au ${when(d.start, d.siteId)} (au lieu du ${when(d.previousStart, d.siteId)})`;
    case 'appointment-attendance': return `Présence enregistrée : ${APPT_STATUS[d.status] || d.status} (${appointment()})`;
    default: return entry.kind;
  }
}

const AUDIT_ACTION = { 'appointment-booked': 'Rendez-vous pris pour un usager', 'appointment-attendance': 'Présence notée',
  'callback-claimed': 'Rappel pris', 'callback-released': 'Rappel relâché', 'callback-completed': 'Issue d’un rappel',
  'contact-exported': 'Données d’un usager exportées', 'contact-erased': 'Données d’un usager effacées', 'stop-cancelled': 'Arrêt annulé' };

/** The audit trail of the period (coordinators and the data protection officer; the API refuses anyone else). */
export async function loadAudit(event) {
  event?.preventDefault();
  const list = byId('audit-list');
  clearErrors(byId('audit-form'));
  const answer = await api(`/api/agent/audit?${query({ from: byId('audit-from').value, to: byId('audit-to').value })}`, { headers: auth() });
  if (outOfSession(answer)) return;
  if (!answer.ok) {
    if (answer.data.errors) showErrors(byId('audit-form'), answer.data.errors.map((e) => ({ ...e, field: `audit-${e.field}` })));
    else showProblem(list, answer.data);
    return;
  }
  const entries = answer.data.entries;
  list.replaceChildren(entries.length ? el('table', { id: 'audit-table' },
    el('caption', {}, `${entries.length} action${entries.length > 1 ? 's' : ''}, de la plus récente à la plus ancienne`),
    el('thead', {}, el('tr', {}, ['Date et heure', 'Par', 'Action', 'Détails'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, entries.map((e) => el('tr', { 'data-action': e.action },
      el('td', {}, el('time', { datetime: e.at }, when(e.at, e.details?.siteId))),
      el('td', {}, e.actorName),
      el('td', {}, AUDIT_ACTION[e.action] || e.action),
      el('td', {}, Object.entries(e.details || {}).map(([k, v]) => `${k} : ${v}`).join(', '))))))
    : el('p', { id: 'audit-table' }, 'Aucune action sur cette période.'));
  if (event) focusOn(byId('audit-table'));
}

/** Opens the panel beside the list it was asked from, reads the history and announces it. */
async function openHistory(contact, list, opener) {
  historyOf = contact;
  historyOpener = opener;
  const panel = byId('history');
  list.after(panel);
  byId('history-title').textContent = `Historique de ${nationalPhone(contact)}`;
  byId('erase-confirm').hidden = true;
  byId('history-outcome').replaceChildren();
  byId('history-content').replaceChildren(el('p', {}, 'Chargement de l’historique…'));
  panel.hidden = false;
  focusOn(byId('history-title'));
  await loadHistory();
}

async function loadHistory() {
  const box = byId('history-content');
  const answer = await api(`/api/agent/contacts/${encodeURIComponent(historyOf)}/history?${query({ limit: 100 })}`, { headers: auth() });
  if (outOfSession(answer)) return;
  if (!answer.ok) {
    showProblem(box, answer.data);
    return;
  }
  const entries = [...answer.data.history].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  box.replaceChildren(entries.length ? el('table', { id: 'history-table' },
    el('caption', {}, `${entries.length} événement${entries.length > 1 ? 's' : ''}, du plus récent au plus ancien`),
    el('thead', {}, el('tr', {}, ['Date et heure', 'Canal', 'Événement'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, entries.map((entry) => el('tr', { 'data-kind': entry.kind },
      el('td', {}, el('time', { datetime: entry.at }, when(entry.at, entry.details?.siteId))),
      el('td', {}, CHANNEL[entry.channel] || entry.channel),
      el('td', {}, describe(entry), entry.details?.actorName ? ` — par ${entry.details.actorName}` : '')))))
    : el('p', { id: 'history-table' }, 'Aucun événement n’est conservé pour ce contact.'));
  announce(`Historique de ${nationalPhone(historyOf)} : ${entries.length} événement${entries.length > 1 ? 's' : ''}.`);
}

/** GDPR access: the export (profile, history, callbacks, appointments) as a JSON file. */
export async function exportHistory() {
  const answer = await api(`/api/agent/contacts/${encodeURIComponent(historyOf)}/export`, { headers: auth() });
  if (outOfSession(answer)) return;
  if (!answer.ok) {
    showProblem(byId('history-outcome'), answer.data);
    return;
  }
  const link = el('a', { href: URL.createObjectURL(new Blob([JSON.stringify(answer.data, null, 2)], { type: 'application/json' })),
    download: 'donnees-contact.json' });
  document.body.append(link);
  link.click();
  link.remove();
  byId('history-outcome').replaceChildren(el('p', { class: 'notice success', role: 'status' },
    'Les données de ce contact sont téléchargées (fichier donnees-contact.json) : remettez-les à l’usager.'));
}

/**
 * GDPR erasure, after the confirmation step: appointments to come cancelled, callbacks closed, everything deleted.
 * @param reloadLists reads the callbacks and appointments again (the erased contact leaves them)
 */
export async function eraseHistory(reloadLists) {
  const answer = await api(`/api/agent/contacts/${encodeURIComponent(historyOf)}`, { method: 'DELETE', headers: auth() });
  byId('erase-confirm').hidden = true;
  if (outOfSession(answer)) return;
  if (!answer.ok) {
    showProblem(byId('history-outcome'), answer.data);
    focusOn(byId('history-outcome').firstChild);
    return;
  }
  const r = answer.data;
  byId('history-outcome').replaceChildren(el('p', { class: 'notice success', id: 'erase-done', role: 'status' },
    `Données effacées : ${r.historyItemsDeleted} élément(s) d’historique, ${r.appointmentsDeleted} rendez-vous `
    + `(dont ${r.appointmentsCancelled} à venir annulé(s)), ${r.callbacksDeleted} rappel(s) (dont ${r.callbacksClosed} clos), `
    + `${r.surveyItemsDeleted} avis, ${r.messagesDeleted} message(s).`));
  await Promise.all([loadHistory(), reloadLists()]);
  focusOn(byId('erase-done'));
}

export function closeHistory() {
  byId('history').hidden = true;
  if (historyOpener && historyOpener.isConnected) historyOpener.focus();
  else focusOn(byId('callbacks-title'));
}
