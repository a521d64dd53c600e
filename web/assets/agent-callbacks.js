// The agents' workspace, the callbacks panel: the site's list (the agent's claims first), claim, call, outcome, release.
import { el, api, query, formatDay, formatTime, isoDate, announce, showErrors, clearErrors, focusOn } from './common.js';
import { ws, byId, auth, nationalPhone, outOfSession, updated, keepingFocus, listProblem, itemProblem } from './agent-workspace.js';
import { historyButton } from './agent-history.js';

const CB_STATUS = { PENDING: 'À rappeler', DIALING: 'Appel automatique en cours', CLAIMED: 'Pris', COMPLETED: 'Terminé', FAILED: 'Échoué', CANCELLED: 'Annulé' };
let working = null;
let outcomeOpener = null;
// Lists asked for one after the other (a site, then a filter) may answer out of order: only the last one is shown.
let callbacksAsked = 0;

function windowLabel(callback) {
  const zone = ws.directory.sites.get(callback.siteId)?.timeZone || 'Europe/Paris';
  return `${formatDay(callback.window.from, zone)}, ${formatTime(callback.window.from, zone)} – ${formatTime(callback.window.to, zone)}`;
}

// Callers waiting now in the list's queues (the site's, and the motif's): the queue of calls the callbacks compete with.
function waitingNow(queues) {
  const p = byId('waiting-now');
  p.hidden = !queues.length;
  p.textContent = queues.length ? `En file d’attente maintenant : ${queues.map((q) => {
    if (!q.known) return `file ${q.queue}, nombre inconnu`;
    const n = q.callersWaiting;
    const oldest = n && q.oldestWaitSeconds ? ` (le plus ancien depuis ${Math.floor(q.oldestWaitSeconds / 60)} min ${q.oldestWaitSeconds % 60} s)` : '';
    return `file ${q.queue}, ${n} appelant${n > 1 ? 's' : ''}${oldest}`;
  }).join(' ; ')}.` : '';
}

function retryLabel(callback) {
  if (callback.status !== 'PENDING' || !callback.attempts || !callback.nextAttemptAt) return '';
  if (Date.parse(callback.nextAttemptAt) <= Date.now()) return 'nouvel essai dès maintenant';
  const zone = ws.directory.sites.get(callback.siteId)?.timeZone || 'Europe/Paris';
  const today = isoDate(new Date(), zone) === isoDate(new Date(callback.nextAttemptAt), zone);
  return `nouvel essai ${today ? '' : `le ${formatDay(callback.nextAttemptAt, zone)} `}à ${formatTime(callback.nextAttemptAt, zone)}`;
}

export async function loadCallbacks(focusTable) {
  const list = byId('callback-list');
  const asked = ++callbacksAsked;
  const status = byId('cb-status').value;
  const ask = (s) => api(`/api/agent/callbacks?${query({ site: byId('agent-site').value, theme: byId('cb-theme').value, status: s, limit: 100 })}`, { headers: auth() });
  // The list to call keeps the agent's own claims at its top: a claimed callback stays in view until its outcome.
  const [answer, taken] = await Promise.all([ask(status), status === 'PENDING' ? ask('CLAIMED') : null]);
  if (asked !== callbacksAsked) return;
  if (outOfSession(answer)) return;
  if (!answer.ok) {
    listProblem(list, answer.data);
    return;
  }
  waitingNow(answer.data.waiting || []);
  const mine = taken?.ok ? taken.data.callbacks.filter((c) => c.claimedBy === ws.claims.sub) : [];
  const callbacks = [...mine, ...answer.data.callbacks];
  const statusLabel = byId('cb-status').selectedOptions[0].textContent.toLowerCase();
  keepingFocus(list, () => {
    if (!callbacks.length) {
      list.replaceChildren(el('p', { id: 'callback-table' }, `Aucun rappel (${statusLabel}) pour ce lieu.`));
    } else {
      list.replaceChildren(el('table', { id: 'callback-table', class: 'stack' },
        el('caption', {}, `${callbacks.length} rappel${callbacks.length > 1 ? 's' : ''} (${statusLabel}${mine.length ? `, dont ${mine.length} pris par vous` : ''})`),
        el('thead', {}, el('tr', {}, CALLBACK_COLUMNS.map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, callbacks.map(callbackRow))));
    }
  });
  updated('callbacks-updated');
  announce(`${callbacks.length} rappel(s).`);
  if (focusTable) focusOn(byId('callback-table'));
}

const CALLBACK_COLUMNS = ['Créneau de rappel', 'Téléphone', 'Motif', 'État', 'Tentatives', 'Actions'];

function callbackRow(callback) {
  const mine = callback.status === 'CLAIMED' && callback.claimedBy === ws.claims.sub;
  const theme = ws.directory.themes.get(callback.themeId)?.label || callback.themeId;
  const phone = nationalPhone(callback.phone);
  const who = `${phone}, ${theme}`;
  const actions = [];
  if (callback.status === 'PENDING' || (callback.status === 'CLAIMED' && !mine)) {
    actions.push(el('button', { type: 'button', class: 'secondary', 'aria-label': `Prendre le rappel ${who}`, onclick: () => claim(callback) }, 'Prendre'));
  }
  if (mine) {
    actions.push(
      el('a', { class: 'button', href: `tel:${callback.phone}`, 'aria-label': `Appeler le ${phone}` }, 'Appeler'),
      el('button', { type: 'button', 'aria-label': `Enregistrer le résultat du rappel ${who}`, onclick: (event) => openOutcome(callback, event.currentTarget) }, 'Résultat'),
      el('button', { type: 'button', class: 'secondary', 'aria-label': `Remettre dans la liste le rappel ${who}`, onclick: () => release(callback) }, 'Remettre dans la liste'));
  }
  actions.push(historyButton(callback.phone, byId('callback-list'), phone));
  const status = callback.status === 'CLAIMED' ? (mine ? 'Pris par vous' : `Pris par ${callback.claimedBy}`) : CB_STATUS[callback.status] || 'État inconnu';
  const retry = retryLabel(callback);
  const cell = (i, ...content) => el('td', { 'data-label': CALLBACK_COLUMNS[i] }, ...content);
  return el('tr', { 'data-callback': callback.id, class: mine ? 'mine' : null },
    cell(0, windowLabel(callback)),
    cell(1, el('span', { class: 'phone' }, phone)),
    cell(2, theme),
    cell(3, status, retry ? `, ${retry}` : '', callback.outcomeLabel ? [el('br'), callback.outcomeLabel] : '', callback.note ? [el('br'), `Note : ${callback.note}`] : ''),
    cell(4, String(callback.attempts)),
    cell(5, el('div', { class: 'actions' }, actions)));
}

async function claim(callback) {
  const answer = await api(`/api/agent/callbacks/${encodeURIComponent(callback.id)}/claim`, { method: 'POST', headers: auth() });
  if (outOfSession(answer)) return;
  if (!answer.ok) {
    await itemProblem('callback', callback.id, answer.data, loadCallbacks);
    return;
  }
  // The filter stays: the agent's claims are listed first whatever it shows, so the round goes on from here.
  await loadCallbacks();
  announce(`Rappel pris : appelez le ${nationalPhone(callback.phone)}.`);
  const row = document.querySelector(`tr[data-callback="${CSS.escape(callback.id)}"]`);
  (row ? row.querySelector('a.button') : byId('callback-table')).focus();
}

async function release(callback) {
  const answer = await api(`/api/agent/callbacks/${encodeURIComponent(callback.id)}/release`, { method: 'POST', headers: auth() });
  if (outOfSession(answer)) return;
  if (!answer.ok) await itemProblem('callback', callback.id, answer.data, loadCallbacks);
  else {
    await loadCallbacks(true);
    announce('Rappel remis dans la liste.');
  }
}

function openOutcome(callback, opener) {
  working = callback;
  outcomeOpener = opener;
  const form = byId('outcome-form');
  clearErrors(form);
  // Each callback its own outcome and note: nothing carries over from the previous one.
  form.reset();
  byId('outcome-title').textContent = `Résultat de l’appel au ${nationalPhone(callback.phone)}`;
  byId('outcome-section').hidden = false;
  focusOn(byId('outcome-title'));
}

/** Back to what opened the form (its row's « Résultat » button, drawn again if the list was refreshed). */
export function closeOutcome() {
  byId('outcome-section').hidden = true;
  const row = working && document.querySelector(`tr[data-callback="${CSS.escape(working.id)}"]`);
  const opener = outcomeOpener?.isConnected ? outcomeOpener : row?.querySelector('button:not(.secondary)');
  if (opener) opener.focus();
  else focusOn(byId('callback-table'));
}

export async function complete(event) {
  event.preventDefault();
  const form = byId('outcome-form');
  if (!byId('outcome').value) {
    showErrors(form, [{ field: 'outcome', message: 'Choisissez le résultat de l’appel.' }]);
    return;
  }
  const answer = await api(`/api/agent/callbacks/${encodeURIComponent(working.id)}/complete`, { method: 'POST', headers: auth(),
    body: { outcome: byId('outcome').value, note: byId('cb-note').value.trim() || undefined } });
  if (outOfSession(answer)) return;
  if (answer.status === 409 || answer.status === 404) {
    byId('outcome-section').hidden = true;
    await itemProblem('callback', working.id, answer.data, loadCallbacks);
    return;
  }
  if (!answer.ok) {
    const field = { outcome: 'outcome', note: 'cb-note' }[answer.data.field] || null;
    showErrors(form, [{ field, message: answer.data.detail }], answer.data.title);
    return;
  }
  byId('outcome-section').hidden = true;
  form.reset();
  const done = answer.data;
  await loadCallbacks();
  const retry = retryLabel(done);
  const message = done.status === 'PENDING' ? `Résultat enregistré : le rappel revient dans la liste, ${retry || 'nouvel essai plus tard'}.`
    : `Résultat enregistré : rappel ${(CB_STATUS[done.status] || 'clos').toLowerCase()}.`;
  byId('callback-list').prepend(el('p', { class: 'notice success', id: 'callback-done' }, message));
  announce(message);
  // The next callback is one key away: its « Prendre » button has the focus.
  const next = [...byId('callback-list').querySelectorAll('tr[data-callback]')].filter((row) => row.dataset.callback !== done.id)
    .map((row) => row.querySelector('button[aria-label^="Prendre le rappel"]')).find(Boolean);
  if (next) next.focus();
  else focusOn(byId('callback-done'));
}
