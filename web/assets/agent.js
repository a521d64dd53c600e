// The agents' workspace: sign in (pasted dev token locally, Cognito hosted UI with PKCE on AWS), the site's
// callback list (claim, call, outcome, release), the day's appointments (attendance), a contact's history beside
// either (export, erasure), booking for a caller, the audit trail (coordinators, data protection).
import { el, api, query, formatDay, formatDate, formatTime, isoDate, agentToken, announce, showErrors, clearErrors, showProblem,
  focusOn } from './common.js';
import { initBooking, appointmentSummary, stopLabel } from './booking.js';

const byId = (id) => document.getElementById(id);
const CB_STATUS = { PENDING: 'À rappeler', DIALING: 'Appel automatique en cours', CLAIMED: 'Pris', COMPLETED: 'Terminé', FAILED: 'Échoué', CANCELLED: 'Annulé' };
const APPT_STATUS = { BOOKED: 'Prévu', CANCELLED: 'Annulé', ATTENDED: 'Présent', NO_SHOW: 'Absent', EXCUSED: 'Excusé' };

let directory;
let claims = {};
let working = null;
let outcomeOpener = null;
/** The agent's own site: the first of custom:site (the workspace opens on it, bookings default to it). */
let homeSite = null;

const token = agentToken.get;
const auth = agentToken.headers;

/** The claims of a JWT (for display and the agent's sites only: the API verifies the signature). */
function decode(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload))));
  } catch {
    return null;
  }
}

function b64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Cognito hosted UI, authorization code with PKCE: no secret in the page, the code is useless without the verifier. */
async function ssoLogin(cognito) {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('accueil.pkce', JSON.stringify({ verifier, state }));
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  location.assign(`${cognito.domain}/oauth2/authorize?${query({ response_type: 'code', client_id: cognito.clientId,
    redirect_uri: cognito.redirectUri, scope: 'openid email', code_challenge_method: 'S256', code_challenge: challenge, state })}`);
}

async function ssoReturn(cognito, params) {
  const pkce = JSON.parse(sessionStorage.getItem('accueil.pkce') || '{}');
  sessionStorage.removeItem('accueil.pkce');
  history.replaceState(null, '', location.pathname);
  if (!pkce.state || pkce.state !== params.get('state')) return false;
  const response = await fetch(`${cognito.domain}/oauth2/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: cognito.clientId, code: params.get('code'),
      redirect_uri: cognito.redirectUri, code_verifier: pkce.verifier }) });
  if (!response.ok) return false;
  agentToken.set((await response.json()).id_token);
  return true;
}

async function signIn(jwt) {
  const decoded = decode(jwt);
  if (!decoded || !decoded.sub) return 'Ce jeton n’est pas un jeton d’agent : copiez-le en entier, sans espace.';
  const site = agentSites(decoded)[0] || [...directory.sites.keys()][0];
  const check = await api(`/api/agent/callbacks?${query({ site, limit: 1 })}`, { headers: { Authorization: `Bearer ${jwt}` } });
  if (check.status === 401) return 'Jeton refusé : il a expiré ou ne vient pas de ce service. Reprenez celui affiché au démarrage.';
  // 403: a valid token whose role has no callbacks (a data protection officer): each part says what it may not do.
  if (!check.ok && check.status !== 403) return check.data.detail;
  agentToken.set(jwt);
  return null;
}

/** The sites of custom:site (ids separated by commas) as listed; * among them is every site. */
function listedSites(decoded) {
  return (decoded['custom:site'] || '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** The sites the agent may work; none listed, or *, is every site. */
function agentSites(decoded) {
  const sites = listedSites(decoded);
  return sites.includes('*') ? [] : sites;
}

/** A phone number as French people write it (« 03 87 00 01 01 »); a foreign number stays international. */
function nationalPhone(phone) {
  const french = /^\+(33|262|590|594|596|269)(\d{9})$/.exec(phone || '');
  return french ? `0${french[2]}`.replace(/(\d{2})(?=\d)/g, '$1 ') : phone;
}

/** The département of a site, from its postcode (97x: overseas, three digits). */
const departement = (site) => (site?.address?.postcode || '').slice(0, site?.address?.postcode?.startsWith('97') ? 3 : 2);

/** Before booking a caller into a site far from the agent's own (another département or time zone): what to confirm. */
function farWarning(slot, dir) {
  const home = dir.sites.get(homeSite || byId('agent-site').value);
  const site = dir.sites.get(slot.siteId);
  if (!home || !site || home.id === site.id) return null;
  const otherZone = (slot.timeZone || site.timeZone) !== home.timeZone;
  if (!otherZone && departement(site) === departement(home)) return null;
  return `Attention : ${site.name} est ${otherZone ? `dans un autre fuseau horaire (heure de ${site.address.city})` : `dans un autre département (${departement(site)})`}, loin de ${home.name}. Vérifiez que l’usager s’y rendra.`;
}

function showWorkspace() {
  claims = decode(token()) || {};
  byId('login').hidden = true;
  byId('workspace').hidden = false;
  byId('agent-name').textContent = claims.email || claims['cognito:username'] || claims.sub;
  const sites = agentSites(claims);
  const select = byId('agent-site');
  select.replaceChildren(...[...directory.sites.values()].filter((s) => !sites.length || sites.includes(s.id))
    .map((s) => el('option', { value: s.id }, `${s.name} (${s.address.city})`)));
  // Every site (*) and none named: a counter rather than the mobile bus, which sorts first.
  homeSite = listedSites(claims).find((id) => directory.sites.has(id))
    || [...directory.sites.values()].find((s) => !s.mobile && (!sites.length || sites.includes(s.id)))?.id || null;
  const remembered = sessionStorage.getItem('accueil.agentSite');
  if (remembered && directory.sites.has(remembered) && (!sites.length || sites.includes(remembered))) select.value = remembered;
  else if (homeSite) select.value = homeSite;
  if (homeSite && !byId('site').value) byId('site').value = homeSite;
  loadCallbacks();
  loadAppointments();
  // Display only: the API decides (403 for any other role).
  const groups = String(claims['cognito:groups'] || '');
  byId('audit').hidden = !/coordinators|data-protection/.test(groups);
  byId('gestion-link').hidden = !/coordinators|referents/.test(groups);
}

function outOfSession(answer) {
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

// ---- callbacks

function windowLabel(callback) {
  const zone = directory.sites.get(callback.siteId)?.timeZone || 'Europe/Paris';
  return `${formatDay(callback.window.from, zone)}, ${formatTime(callback.window.from, zone)} – ${formatTime(callback.window.to, zone)}`;
}

// Lists asked for one after the other (a site, then a filter) may answer out of order: only the last one is shown.
let callbacksAsked = 0;
let appointmentsAsked = 0;

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

/** Lists refresh on their own this often (a callback taken by a colleague, a booking at the counter). */
const REFRESH_MS = 60_000;

/** « Mis à jour à 10 h 32 » under a list, in the site's time. */
function updated(id) {
  const zone = directory.sites.get(byId('agent-site').value)?.timeZone || 'Europe/Paris';
  byId(id).textContent = `Mis à jour à ${formatTime(new Date().toISOString(), zone)}.`;
}

/** Re-renders a list without losing the agent's place: the focused button is focused again in the new rows. */
function keepingFocus(list, render) {
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
function listProblem(list, problem) {
  list.querySelector(':scope > .notice.problem')?.remove();
  if (!list.querySelector('table')) showProblem(list, problem);
  else list.prepend(el('div', { class: 'notice problem', role: 'alert' }, el('p', {}, el('strong', {}, problem.title || 'Erreur'), ' — ', problem.detail || '')));
}

/**
 * A refusal on one item (a callback completed elsewhere, an attendance refused): the list is read again, the
 * problem shown under the item's row — or at the top of the list when the item has left it — and focused.
 */
async function itemProblem(kind, id, problem, reload) {
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

function retryLabel(callback) {
  if (callback.status !== 'PENDING' || !callback.attempts || !callback.nextAttemptAt) return '';
  if (Date.parse(callback.nextAttemptAt) <= Date.now()) return 'nouvel essai dès maintenant';
  const zone = directory.sites.get(callback.siteId)?.timeZone || 'Europe/Paris';
  const today = isoDate(new Date(), zone) === isoDate(new Date(callback.nextAttemptAt), zone);
  return `nouvel essai ${today ? '' : `le ${formatDay(callback.nextAttemptAt, zone)} `}à ${formatTime(callback.nextAttemptAt, zone)}`;
}

async function loadCallbacks(focusTable) {
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
  const mine = taken?.ok ? taken.data.callbacks.filter((c) => c.claimedBy === claims.sub) : [];
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
  const mine = callback.status === 'CLAIMED' && callback.claimedBy === claims.sub;
  const theme = directory.themes.get(callback.themeId)?.label || callback.themeId;
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
function closeOutcome() {
  byId('outcome-section').hidden = true;
  const row = working && document.querySelector(`tr[data-callback="${CSS.escape(working.id)}"]`);
  const opener = outcomeOpener?.isConnected ? outcomeOpener : row?.querySelector('button:not(.secondary)');
  if (opener) opener.focus();
  else focusOn(byId('callback-table'));
}

async function complete(event) {
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

// ---- appointments of the day

async function loadAppointments(focusTable) {
  const list = byId('appointment-list');
  const asked = ++appointmentsAsked;
  const answer = await api(`/api/agent/appointments?${query({ site: byId('agent-site').value, date: byId('day').value })}`, { headers: auth() });
  if (asked !== appointmentsAsked) return;
  if (outOfSession(answer)) return;
  if (!answer.ok) {
    listProblem(list, answer.data);
    return;
  }
  const appointments = answer.data.appointments;
  keepingFocus(list, () => list.replaceChildren(appointments.length ? el('table', { id: 'appointment-table', class: 'stack' },
    el('caption', {}, `${appointments.length} rendez-vous le ${formatDate(byId('day').value)}`),
    el('thead', {}, el('tr', {}, APPOINTMENT_COLUMNS.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, appointments.map(appointmentRow)))
    : el('p', { id: 'appointment-table' }, 'Aucun rendez-vous ce jour-là dans ce lieu.')));
  updated('appointments-updated');
  if (focusTable) focusOn(byId('appointment-table'));
}

const APPOINTMENT_COLUMNS = ['Heure', 'Usager', 'Contact', 'Organisme et motif', 'Présence', 'Actions'];

function appointmentRow(a) {
  const partner = directory.partners.get(a.partnerId)?.name || a.partnerId;
  const theme = directory.themes.get(a.themeId)?.label || a.themeId;
  const started = Date.parse(a.start) <= Date.now();
  const mark = (status, label) => el('button', { type: 'button', class: a.status === status ? '' : 'secondary',
    'aria-pressed': String(a.status === status), 'aria-label': `${label} : ${a.name}, ${formatTime(a.start, a.timeZone)}`,
    onclick: () => attendance(a, status) }, label);
  const actions = a.status === 'CANCELLED' ? [] : [started ? mark('ATTENDED', 'Présent') : '', started ? mark('NO_SHOW', 'Absent') : '', mark('EXCUSED', 'Excusé')];
  actions.push(historyButton(a.phone || a.email, byId('appointment-list'), a.name));
  const stop = stopLabel(a, directory);
  const cell = (i, ...content) => el('td', { 'data-label': APPOINTMENT_COLUMNS[i] }, ...content);
  return el('tr', { 'data-appointment': a.id },
    cell(0, `${formatTime(a.start, a.timeZone)} – ${formatTime(a.end, a.timeZone)}`),
    cell(1, a.name || ''),
    cell(2, a.phone ? el('a', { class: 'phone', href: `tel:${a.phone}` }, nationalPhone(a.phone)) : '', a.phone && a.email ? el('br') : '', a.email || ''),
    cell(3, `${partner} — ${theme}`, stop ? [el('br'), `Lieu : ${stop}`] : '', a.note ? [el('br'), `Note : ${a.note}`] : '',
      a.bookedBy ? [el('br'), `Pris par ${a.bookedBy}`] : ''),
    cell(4, APPT_STATUS[a.status] || 'État inconnu'),
    cell(5, el('div', { class: 'actions' }, actions)));
}

async function attendance(appointment, status) {
  const answer = await api(`/api/agent/appointments/${encodeURIComponent(appointment.id)}/attendance`, { method: 'POST', headers: auth(), body: { status } });
  if (outOfSession(answer)) return;
  if (!answer.ok) {
    await itemProblem('appointment', appointment.id, answer.data, loadAppointments);
    return;
  }
  await loadAppointments();
  announce(`Présence enregistrée : ${APPT_STATUS[status]}.`);
  const row = document.querySelector(`tr[data-appointment="${CSS.escape(appointment.id)}"]`);
  if (row) row.querySelector('button[aria-pressed="true"]')?.focus();
}

// ---- a contact's history (GDPR: export and erasure)

const CHANNEL = { phone: 'Téléphone', callback: 'Rappel', web: 'En ligne', counter: 'À l’accueil' };
const ROUTE = { menu: 'orienté vers le menu vocal', queue: 'mis en relation avec un agent', closed: 'reçu hors des heures d’ouverture' };
const ACTION = { queue: 'mise en relation', callback: 'demande de rappel', person: 'mise en relation avec un agent',
  transfer: 'transfert vers un partenaire', hangup: 'fin de l’appel', info: 'information' };
const OUTCOME = { REACHED: 'usager joint', NO_ANSWER: 'pas de réponse', BUSY: 'occupé', WRONG_NUMBER: 'numéro erroné',
  CANCELLED_BY_CITIZEN: 'l’usager n’a plus besoin d’être rappelé', DIAL_ERROR: 'erreur d’appel' };
let historyOf = null;
let historyOpener = null;

function historyButton(contact, list, name) {
  if (!contact) return '';
  return el('button', { type: 'button', class: 'secondary', 'aria-controls': 'history', 'aria-label': `Historique de ${name || contact}`,
    onclick: (event) => openHistory(contact, list, event.currentTarget) }, 'Historique');
}

const label = (map, id) => map.get(id)?.name || map.get(id)?.label || id;
function when(instant, siteId) {
  if (!instant) return '';
  const zone = directory.sites.get(siteId)?.timeZone || 'Europe/Paris';
  return `${formatDay(instant, zone)} à ${formatTime(instant, zone)}`;
}

/** What happened, in French, from the entry's kind and details (ids are read through the directory). */
function describe(entry) {
  const d = entry.details || {};
  const theme = d.themeId || d.theme ? label(directory.themes, d.themeId || d.theme) : null;
  const site = d.siteId ? label(directory.sites, d.siteId) : null;
  const where = [theme, site].filter(Boolean).join(', ');
  const appointment = () => `${label(directory.partners, d.partnerId)}, ${when(d.start, d.siteId)}, ${site}`;
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
async function loadAudit(event) {
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
async function exportHistory() {
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

/** GDPR erasure, after the confirmation step: appointments to come cancelled, callbacks closed, everything deleted. */
async function eraseHistory() {
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
  await Promise.all([loadHistory(), loadCallbacks(), loadAppointments()]);
  focusOn(byId('erase-done'));
}

function closeHistory() {
  byId('history').hidden = true;
  if (historyOpener && historyOpener.isConnected) historyOpener.focus();
  else focusOn(byId('callbacks-title'));
}

// ---- start

async function start() {
  directory = await initBooking({
    internal: true,
    endpoint: '/api/agent/appointments',
    headers: auth,
    extraBody: () => ({ channel: byId('channel').value }),
    warn: farWarning,
    confirm(answer, dir) {
      // A booking for today belongs in the day's list at once; focus stays on the confirmation.
      loadAppointments();
      const link = answer.managementLink ? new URL(answer.managementLink, location.origin).href : null;
      return [el('h3', { class: 'notice success' }, 'Rendez-vous enregistré'), appointmentSummary(answer.appointment, dir),
        el('p', {}, 'L’usager reçoit la confirmation et le lien pour gérer son rendez-vous.'),
        link ? el('p', {}, 'Lien de gestion : ', el('a', { href: link }, link)) : '',
        el('p', {}, el('a', { class: 'button secondary', href: '/agent' }, 'Nouvelle prise de rendez-vous'))];
    },
  });
  if (!directory) return;
  byId('cb-theme').append(...[...directory.themes.values()].map((t) => el('option', { value: t.id }, t.label)));
  byId('day').value = isoDate(new Date(), 'Europe/Paris');
  byId('audit-to').value = byId('day').value;
  byId('audit-from').value = isoDate(new Date(Date.now() - 7 * 864e5), 'Europe/Paris');

  const config = await api('/config.json');
  const cognito = config.ok && config.data.auth && config.data.auth.kind === 'cognito' ? config.data.auth : null;
  const params = new URLSearchParams(location.search);
  if (cognito && params.get('code') && !(await ssoReturn(cognito, params))) {
    showProblem(byId('sso'), { title: 'Connexion', detail: 'La connexion n’a pas abouti. Réessayez.' });
  }
  byId('token-form').hidden = Boolean(cognito);
  byId('sso').hidden = !cognito;
  if (cognito) byId('sso-login').addEventListener('click', () => ssoLogin(cognito));

  byId('token-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = byId('token').value.trim().replace(/^Bearer\s+/i, '');
    if (!value) {
      showErrors(byId('token-form'), [{ field: 'token', message: 'Collez votre jeton d’agent.' }]);
      return;
    }
    const problem = await signIn(value);
    if (problem) showErrors(byId('token-form'), [{ field: 'token', message: problem }]);
    else {
      byId('token').value = '';
      showWorkspace();
      focusOn(byId('callbacks-title'));
    }
  });
  byId('logout').addEventListener('click', () => {
    agentToken.clear();
    location.assign('/agent');
  });
  byId('agent-site').addEventListener('change', () => {
    sessionStorage.setItem('accueil.agentSite', byId('agent-site').value);
    loadCallbacks();
    loadAppointments();
  });
  byId('callback-filters').addEventListener('submit', (event) => { event.preventDefault(); loadCallbacks(true); });
  byId('day-form').addEventListener('submit', (event) => { event.preventDefault(); loadAppointments(true); });
  byId('outcome-form').addEventListener('submit', complete);
  byId('outcome-cancel').addEventListener('click', closeOutcome);
  byId('history-export').addEventListener('click', exportHistory);
  byId('history-erase').addEventListener('click', () => {
    byId('erase-confirm').hidden = false;
    focusOn(byId('erase-title'));
  });
  byId('erase-no').addEventListener('click', () => { byId('erase-confirm').hidden = true; byId('history-erase').focus(); });
  byId('erase-yes').addEventListener('click', eraseHistory);
  byId('history-close').addEventListener('click', closeHistory);
  byId('audit-form').addEventListener('submit', loadAudit);

  if (token() && decode(token())) showWorkspace();
  else byId('login').hidden = false;
  window.setInterval(() => {
    // Paused while the page is out of sight, signed out, or a form on a list is open (the outcome, an erasure).
    if (document.hidden || byId('workspace').hidden || !byId('outcome-section').hidden || !byId('erase-confirm').hidden) return;
    loadCallbacks();
    loadAppointments();
  }, REFRESH_MS);
}
start();
