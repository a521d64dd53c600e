// Shared by every page: API calls (JSON and problem+json), DOM building, French dates, form errors.

/** Builds an element; strings become text nodes, never HTML, so API data cannot inject markup. */
export function el(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** The same for the SVG of the charts drawn in the page. */
export function svgEl(tag, attrs = {}, ...children) {
  return build(document.createElementNS('http://www.w3.org/2000/svg', tag), attrs, children);
}

function build(node, attrs, children) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

/** The agent's token, shared by the agents' workspace and the statistics page of the same tab (sessionStorage). */
const AGENT_TOKEN_KEY = 'accueil.agentToken';
export const agentToken = {
  get: () => sessionStorage.getItem(AGENT_TOKEN_KEY),
  set: (token) => sessionStorage.setItem(AGENT_TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(AGENT_TOKEN_KEY),
  headers: () => ({ Authorization: `Bearer ${sessionStorage.getItem(AGENT_TOKEN_KEY)}` }),
};

/**
 * Calls the API. Resolves to {ok, status, data} where data is the JSON answer, or the problem
 * (RFC 9457) with a French detail; a network failure is a problem too, so callers show one thing.
 */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    // Unreachable (the API, or the network): never the citizen's fault to say; the number is the way through.
    return { ok: false, status: 0, data: { title: 'Service momentanément indisponible',
      detail: `Le service en ligne ne répond pas pour le moment. Réessayez dans quelques minutes${await orCall()}.` } };
  }
  let data = {};
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try { data = await response.json(); } catch { data = {}; }
  }
  if (!response.ok && !data.detail) {
    data.detail = response.status === 401 ? 'Votre session a expiré ou votre jeton n’est pas valide. Reconnectez-vous.'
      : `Le service n’a pas pu répondre. Réessayez dans quelques instants${await orCall()}.`;
  }
  return { ok: response.ok, status: response.status, data };
}

/**
 * The territory's settings from /config.json, read once per page: {phone} its single number (E.164). On AWS the
 * stack's WebConfigJson output (parameter TerritoryPhoneNumber); {} when the file cannot be read.
 */
let territorySettings;
export function territory() {
  territorySettings ??= fetch('/config.json', { headers: { Accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : {}))
    .then((config) => config.territory || {}, () => ({}));
  return territorySettings;
}

/** « 09 70 00 00 00 » for +33970000000; « 0262 26 20 00 » for an overseas number (+262 262200000), as France dials them. */
export function nationalPhone(e164) {
  const match = /^\+(33|262|269|508|590|594|596|687|689)(\d+)$/.exec(e164 || '');
  if (!match) return e164 || '';
  const national = `0${match[2]}`;
  const pairs = (digits) => digits.match(/\d{1,2}/g).join(' ');
  return match[1] === '33' ? pairs(national) : `${national.slice(0, 4)} ${pairs(national.slice(4))}`;
}

/** The territory's number as dialled in France (« 09 70 00 00 00 »); '' when none is configured. */
export async function singleNumber() {
  const { phone } = await territory();
  return phone ? nationalPhone(phone) : '';
}

/** The territory's number as a tel: link once /config.json is read (« le numéro unique » until then, or without one). */
export function singleNumberLink() {
  const span = el('span', { class: 'single-number-link' }, 'numéro unique du territoire');
  territory().then(({ phone }) => {
    if (phone) span.replaceChildren(el('a', { href: `tel:${phone}` }, nationalPhone(phone)));
  });
  return span;
}

/** « ou appelez le 09 70 00 00 00 » when the territory has a number; '' otherwise. */
async function orCall() {
  const number = await singleNumber();
  return number ? ` ou appelez le ${number}` : '';
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, value);
  }
  return search.toString();
}

const formats = new Map();
function format(zone, options) {
  const key = zone + JSON.stringify(options);
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat('fr-FR', { timeZone: zone, ...options }));
  return formats.get(key);
}

/** « mardi 8 décembre 2026 » in the site's time zone. */
export function formatDay(iso, zone) {
  return format(zone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}

/** « mardi 8 décembre 2026 » for a calendar date (YYYY-MM-DD), whatever the zone. */
export function formatDate(isoDay) {
  return formatDay(`${isoDay}T12:00:00Z`, 'UTC');
}

/** « 9 h 30 », as French public services write hours. */
export function formatTime(iso, zone) {
  const parts = format(zone, { hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const hour = parts.find((p) => p.type === 'hour').value;
  const minute = parts.find((p) => p.type === 'minute').value;
  return `${Number(hour)} h ${minute}`;
}

/**
 * « heure de La Réunion » for a site whose time zone is not mainland France's, '' for Europe/Paris: a time shown
 * beside mainland ones says whose it is.
 */
export function zoneLabel(zone) {
  if (!zone || zone === 'Europe/Paris') return '';
  const name = format(zone, { timeZoneName: 'long' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName');
  return name ? name.value.replace(/^heure normale /, 'heure ') : zone;
}

/** « 9 h 30 », followed by « (heure de La Réunion) » outside mainland France's zone. */
export function formatLocalTime(iso, zone) {
  const label = zoneLabel(zone);
  return label ? `${formatTime(iso, zone)} (${label})` : formatTime(iso, zone);
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(instant, zone) {
  return format(zone, { year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(instant).filter((p) => p.type !== 'literal')
    .reduce((acc, p) => ({ ...acc, [p.type]: p.value }), {});
}

export function isoDate(instant, zone) {
  const d = dateIn(instant, zone);
  return `${d.year}-${d.month}-${d.day}`;
}

export function addDays(isoDay, days) {
  const date = new Date(`${isoDay}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** « 2 rue Théodore de Gargan, 57070 Metz » */
export function oneLine(address) {
  return `${address.street}, ${address.postcode} ${address.city}`;
}

/** Whether two addresses are the same place (a mobile site's slot is elsewhere than its home address). */
export function samePlace(a, b) {
  return Boolean(a && b) && a.street === b.street && a.postcode === b.postcode && a.city === b.city;
}

/** A polite message for screen readers (the page's live region). */
export function announce(message) {
  const region = document.getElementById('status');
  if (region) {
    region.textContent = '';
    window.setTimeout(() => { region.textContent = message; }, 50);
  }
}

/** Removes the errors shown on a form: messages, aria-invalid, summary. */
export function clearErrors(form) {
  form.querySelectorAll('[aria-invalid="true"]').forEach((field) => {
    field.removeAttribute('aria-invalid');
    const errorId = `${field.id}-error`;
    const described = (field.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && id !== errorId);
    if (described.length) field.setAttribute('aria-describedby', described.join(' '));
    else field.removeAttribute('aria-describedby');
  });
  form.querySelectorAll('.error').forEach((message) => message.remove());
  const summary = form.querySelector('.error-summary');
  if (summary) summary.remove();
  document.title = document.title.replace(ERROR_TITLE, '');
}

/** Prefixes the page's title while a form shows errors, so a screen reader user hears it on the tab too. */
const ERROR_TITLE = 'Erreur : ';

/**
 * Shows field errors next to their fields (tied by aria-describedby) and a summary at the top of the
 * form whose links lead to them; the summary takes the focus so it is read at once.
 * @param errors [{field, message}] — field is the input's id; unknown fields appear in the summary only
 */
export function showErrors(form, errors, title) {
  clearErrors(form);
  const items = [];
  for (const { field, message } of errors) {
    const input = field ? form.querySelector(`#${CSS.escape(field)}`) : null;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      const errorId = `${input.id}-error`;
      const note = el('p', { class: 'error', id: errorId }, message);
      (input.closest('.field') || input.parentElement).append(note);
      input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), errorId].filter(Boolean).join(' '));
      items.push(el('li', {}, el('a', { href: `#${input.id}` }, message)));
    } else {
      items.push(el('li', {}, message));
    }
  }
  const summary = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1' },
    el('h2', {}, title || (errors.length > 1 ? `Le formulaire contient ${errors.length} erreurs` : 'Le formulaire contient une erreur')),
    el('ul', {}, items));
  summary.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (link) {
      event.preventDefault();
      const target = form.querySelector(link.getAttribute('href'));
      // A group of radio buttons (a fieldset) takes the focus on its first choice.
      (target.matches('fieldset') ? target.querySelector('input, select, textarea') : target).focus();
    }
  });
  form.prepend(summary);
  document.title = ERROR_TITLE + document.title;
  summary.focus();
}

/** A problem answered by the API as a notice in a container (role alert), with its French detail. */
export function showProblem(container, problem) {
  container.replaceChildren(el('div', { class: 'notice problem', role: 'alert' },
    el('p', {}, el('strong', {}, problem.title || 'Erreur'), ' — ', problem.detail || '')));
}

/** Moves the focus to a heading or region that just appeared, so keyboard and screen reader users follow. */
export function focusOn(node) {
  if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
  node.focus();
}
