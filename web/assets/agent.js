// The agents' workspace: sign in (pasted dev token locally, Cognito hosted UI with PKCE on AWS), the agent's own
// site, booking for a caller; its panels in their own modules: the callbacks (agent-callbacks.js), the day's
// appointments (agent-appointments.js), a contact's history and the audit trail (agent-history.js).
import { el, api, query, isoDate, agentToken, showErrors, showProblem, focusOn } from './common.js';
import { initBooking, appointmentSummary } from './booking.js';
import { ws, byId, auth, REFRESH_MS } from './agent-workspace.js';
import { loadCallbacks, complete, closeOutcome } from './agent-callbacks.js';
import { loadAppointments } from './agent-appointments.js';
import { loadAudit, exportHistory, eraseHistory, closeHistory } from './agent-history.js';

const token = agentToken.get;

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
  const site = agentSites(decoded)[0] || [...ws.directory.sites.keys()][0];
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

/** The département of a site, from its postcode (97x: overseas, three digits). */
const departement = (site) => (site?.address?.postcode || '').slice(0, site?.address?.postcode?.startsWith('97') ? 3 : 2);

/** Before booking a caller into a site far from the agent's own (another département or time zone): what to confirm. */
function farWarning(slot, dir) {
  const home = dir.sites.get(ws.homeSite || byId('agent-site').value);
  const site = dir.sites.get(slot.siteId);
  if (!home || !site || home.id === site.id) return null;
  const otherZone = (slot.timeZone || site.timeZone) !== home.timeZone;
  if (!otherZone && departement(site) === departement(home)) return null;
  return `Attention : ${site.name} est ${otherZone ? `dans un autre fuseau horaire (heure de ${site.address.city})` : `dans un autre département (${departement(site)})`}, loin de ${home.name}. Vérifiez que l’usager s’y rendra.`;
}

function showWorkspace() {
  ws.claims = decode(token()) || {};
  byId('login').hidden = true;
  byId('workspace').hidden = false;
  byId('agent-name').textContent = ws.claims.email || ws.claims['cognito:username'] || ws.claims.sub;
  const sites = agentSites(ws.claims);
  const select = byId('agent-site');
  select.replaceChildren(...[...ws.directory.sites.values()].filter((s) => !sites.length || sites.includes(s.id))
    .map((s) => el('option', { value: s.id }, `${s.name} (${s.address.city})`)));
  // Every site (*) and none named: a counter rather than the mobile bus, which sorts first.
  ws.homeSite = listedSites(ws.claims).find((id) => ws.directory.sites.has(id))
    || [...ws.directory.sites.values()].find((s) => !s.mobile && (!sites.length || sites.includes(s.id)))?.id || null;
  const remembered = sessionStorage.getItem('accueil.agentSite');
  if (remembered && ws.directory.sites.has(remembered) && (!sites.length || sites.includes(remembered))) select.value = remembered;
  else if (ws.homeSite) select.value = ws.homeSite;
  if (ws.homeSite && !byId('site').value) byId('site').value = ws.homeSite;
  loadCallbacks();
  loadAppointments();
  // Display only: the API decides (403 for any other role).
  const groups = String(ws.claims['cognito:groups'] || '');
  byId('audit').hidden = !/coordinators|data-protection/.test(groups);
  byId('gestion-link').hidden = !/coordinators|referents/.test(groups);
}

async function start() {
  ws.directory = await initBooking({
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
  if (!ws.directory) return;
  byId('cb-theme').append(...[...ws.directory.themes.values()].map((t) => el('option', { value: t.id }, t.label)));
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
  byId('erase-yes').addEventListener('click', () => eraseHistory(() => Promise.all([loadCallbacks(), loadAppointments()])));
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
