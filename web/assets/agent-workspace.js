// The agents' workspace, what its panels share: the signed-in agent and the directory, the session's end, phone
// numbers as people write them, and how a list is refreshed and shows a refusal on one of its items.
import { el, formatTime, agentToken, showErrors, showProblem, focusOn } from './common.js';

export const byId = (id) => document.getElementById(id);
export const auth = agentToken.headers;
export const APPT_STATUS = { BOOKED: 'Prévu', CANCELLED: 'Annulé', ATTENDED: 'Présent', NO_SHOW: 'Absent', EXCUSED: 'Excusé' };

/** The directory (sites, partners, themes), the token's claims, and the agent's own site (the first of custom:site). */
export const ws = { directory: null, claims: {}, homeSite: null };

/** A phone number as French people write it (« 03 87 00 01 01 »); a foreign number stays international. */
export function nationalPhone(phone) {
  const french = /^\+(33|262|590|594|596|269)(\d{9})$/.exec(phone || '');
  return french ? `0${french[2]}`.replace(/(\d{2})(?=\d)/g, '$1 ') : phone;
}

export function outOfSession(answer) {
  if (answer.status !== 401) return false;
  agentToken.clear();
  byId('workspace').hidden = true;
  byId('login').hidden = false;
  showLoginProblem('Votre session a expiré. Reconnectez-vous.');
  return true;
}

function showLoginProblem(message) {
  const form = byId('token-form');
  if (!form.hidden) showErrors(form, [{ field: 'token', message }]);
  else showProblem(byId('sso'), { title: 'Connexion', detail: message });
}

/** Lists refresh on their own this often (a callback taken by a colleague, a booking at the counter). */
export const REFRESH_MS = 60_000;

/** « Mis à jour à 10 h 32 » under a list, in the site's time. */
export function updated(id) {
  const zone = ws.directory.sites.get(byId('agent-site').value)?.timeZone || 'Europe/Paris';
  byId(id).textContent = `Mis à jour à ${formatTime(new Date().toISOString(), zone)}.`;
}

/** Re-renders a list without losing the agent's place: the focused button is focused again in the new rows. */
export function keepingFocus(list, render) {
  const active = document.activeElement;
  const inside = active && active !== list && list.contains(active);
  const label = inside ? active.getAttribute('aria-label') : null;
  render();
  if (!inside || list.contains(active)) return;
  const again = label && [...list.querySelectorAll('[aria-label]')].find((node) => node.getAttribute('aria-label') === label);
  if (again) again.focus();
  else focusOn(list.firstElementChild || list);
}

/** A list that could not be read: its rows stay, the problem above them. */
export function listProblem(list, problem) {
  list.querySelector(':scope > .notice.problem')?.remove();
  if (!list.querySelector('table')) showProblem(list, problem);
  else list.prepend(el('div', { class: 'notice problem', role: 'alert' }, el('p', {}, el('strong', {}, problem.title || 'Erreur'), ' — ', problem.detail || '')));
}

/**
 * A refusal on one item (a callback completed elsewhere, an attendance refused): the list is read again, the
 * problem shown under the item's row — or at the top of the list when the item has left it — and focused.
 */
export async function itemProblem(kind, id, problem, reload) {
  await reload();
  const list = byId(`${kind}-list`);
  const row = list.querySelector(`tr[data-${kind}="${CSS.escape(id)}"]`);
  const notice = el('div', { class: 'notice problem', id: `${kind}-problem`, role: 'alert' },
    el('p', {}, el('strong', {}, problem.title || 'Erreur'), ' — ', problem.detail || '',
      row ? '' : ` Il n’est plus dans cette liste.`));
  document.getElementById(`${kind}-problem`)?.closest('tr.item-problem')?.remove();
  document.getElementById(`${kind}-problem`)?.remove();
  if (row) row.after(el('tr', { class: 'item-problem' }, el('td', { colspan: String(row.cells.length) }, notice)));
  else list.prepend(notice);
  focusOn(notice);
}
