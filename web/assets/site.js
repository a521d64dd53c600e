// A site's public page (/site?id=…): address, hours (a mobile site's upcoming stops), closures and the permanences
// held there, and a callback request (theme, window, number); without id, every site.
import { el, api, query, formatDate, formatTime, isoDate, oneLine, showErrors, clearErrors, focusOn } from './common.js';
import { loadDirectory } from './booking.js';

const DAYS = { monday: 'Lundi', tuesday: 'Mardi', wednesday: 'Mercredi', thursday: 'Jeudi', friday: 'Vendredi', saturday: 'Samedi', sunday: 'Dimanche' };
const content = document.getElementById('content');

/** « 9 h », « 13 h 30 ». */
function hour(text) {
  const [h, m] = text.split(':');
  return m === '00' ? `${Number(h)} h` : `${Number(h)} h ${m}`;
}

function range(text) {
  const [from, to] = text.split('-');
  return `${hour(from)} à ${hour(to)}`;
}

function list(words) {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} et ${words[words.length - 1]}`;
}

/** « le 2e et le 4e mardi du mois », « chaque lundi », « le lundi et le jeudi, une semaine sur deux ». */
export function schedule(recurrence) {
  if (recurrence.kind === 'monthly') {
    const day = DAYS[recurrence.day.toLowerCase()].toLowerCase();
    const ordinals = recurrence.ordinals.map((n) => (n === -1 ? 'dernier' : n === 1 ? '1er' : `${n}e`));
    return `${list(ordinals.map((o) => `le ${o}`))} ${day} du mois`;
  }
  const days = recurrence.days.map((d) => DAYS[d.toLowerCase()].toLowerCase());
  if (recurrence.everyWeeks === 1) return days.length === 1 ? `chaque ${days[0]}` : `chaque ${list(days)}`;
  const period = recurrence.everyWeeks === 2 ? 'une semaine sur deux' : `toutes les ${recurrence.everyWeeks} semaines`;
  return `le ${list(days)}, ${period}`;
}

function sitesList(directory) {
  document.title = 'Lieux d’accueil — Accueil services publics';
  content.replaceChildren(
    el('p', {}, 'Les guichets du territoire où vous pouvez être reçu, avec leurs horaires et les permanences des partenaires.'),
    el('ul', { class: 'cards' }, [...directory.sites.values()].map((site) => el('li', {},
      el('h2', {}, el('a', { href: `/site?${query({ id: site.id })}` }, site.name)),
      el('p', {}, site.mobile ? 'Itinérant : un arrêt dans une commune différente chaque jour.' : oneLine(site.address))))));
}

function zoneLabel(site) {
  return `heure locale : ${site.timeZone === 'Europe/Paris' ? 'métropole' : site.timeZone}`;
}

/** A fixed site's weekly opening hours. */
function weeklyHours(site) {
  return [
    el('h2', {}, 'Horaires d’ouverture'),
    el('table', {},
      el('caption', {}, `Horaires (${zoneLabel(site)})`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Jour'), el('th', { scope: 'col' }, 'Horaires'))),
      el('tbody', {}, Object.entries(DAYS).map(([key, label]) => el('tr', {},
        el('th', { scope: 'row' }, label),
        el('td', {}, site.hours[key] && site.hours[key].length ? list(site.hours[key].map((r) => `de ${range(r)}`)) : 'Fermé'))))),
  ];
}

/**
 * A mobile site's upcoming stops, grouped by commune (its address once, then its dates and hours), so a month
 * of stops reads as a few short lists and reflows at 320 px (WCAG 1.4.10), where a four-column table did not.
 */
function upcomingStops(site, today) {
  const stops = site.stops.filter((stop) => stop.date >= today);
  const communes = new Map();
  for (const stop of stops) {
    const key = `${stop.address.city}|${stop.address.street}`;
    if (!communes.has(key)) communes.set(key, []);
    communes.get(key).push(stop);
  }
  return [
    el('h2', {}, 'Prochains arrêts'),
    stops.length ? el('div', { id: 'stops' },
      el('p', {}, `${stops.length} arrêt${stops.length > 1 ? 's' : ''} à venir dans ${communes.size} commune${communes.size > 1 ? 's' : ''} (${zoneLabel(site)}).`),
      el('ul', { class: 'cards stops' }, [...communes.values()].map((dates) => el('li', {},
        el('h3', {}, dates[0].address.city),
        el('p', {}, `${dates[0].address.street}, ${dates[0].address.postcode} ${dates[0].address.city}`),
        el('ul', {}, dates.map((stop) => el('li', { class: stop.cancelled ? 'cancelled' : null },
          `${formatDate(stop.date)}, `, stop.cancelled ? el('strong', {}, 'arrêt annulé') : `de ${range(stop.hours)}`)))))))
      : el('p', {}, 'Aucun arrêt n’est prévu pour le moment.'),
  ];
}

/** When and where a permanence receives: its own schedule, or the bus's stops. */
function when(site, permanence) {
  if (site.mobile) return 'Aux arrêts du bus ci-dessus, pendant leurs horaires.';
  return `${schedule(permanence.recurrence).replace(/^./, (c) => c.toUpperCase())}, de ${range(permanence.window)}.`;
}

/** Field ids of the callback form, by the API's field names (its 422 errors name those). */
const CALLBACK_FIELDS = { site: 'cb-theme', theme: 'cb-theme', phone: 'cb-phone', window: 'cb-window' };

/**
 * « Être rappelé » on a fixed site's page: the citizen picks a theme, one of the half-days the site can still
 * call back in (GET /api/callback-windows, as the voice menu offers them) and leaves a number (POST /api/callbacks).
 */
function callbackSection(site, directory) {
  const themes = el('select', { id: 'cb-theme', name: 'theme' }, el('option', { value: '' }, 'Autre demande'),
    [...directory.themes.values()].map((t) => el('option', { value: t.id }, t.label)));
  const windows = el('fieldset', { id: 'cb-window' }, el('legend', {}, 'Quand vous rappeler ?'), el('p', {}, 'Chargement…'));
  const phone = el('input', { id: 'cb-phone', name: 'phone', type: 'tel', autocomplete: 'tel', 'aria-describedby': 'cb-phone-hint' });
  const form = el('form', { id: 'callback-form', novalidate: '' },
    el('div', { class: 'field' }, el('label', { for: 'cb-theme' }, 'Motif'), themes),
    windows,
    el('div', { class: 'field' }, el('label', { for: 'cb-phone' }, 'Numéro à rappeler'),
      el('p', { class: 'hint', id: 'cb-phone-hint' }, 'Un fixe ou un mobile en France, 10 chiffres, par exemple 06 12 34 56 78.'), phone),
    el('button', { type: 'submit' }, 'Demander à être rappelé'));
  const section = el('section', { 'aria-labelledby': 'callback-title' },
    el('h2', { id: 'callback-title' }, 'Être rappelé par un conseiller'),
    el('p', {}, 'Un conseiller de ce lieu vous appelle dans le créneau choisi. Une seule demande en cours par numéro et par motif.'),
    form);

  async function loadWindows() {
    windows.setAttribute('aria-busy', 'true');
    const answer = await api(`/api/callback-windows?${query({ site: site.id, theme: themes.value })}`);
    windows.removeAttribute('aria-busy');
    const legend = windows.querySelector('legend');
    if (!answer.ok) {
      windows.replaceChildren(legend, el('p', { class: 'notice problem' }, answer.data.detail));
      return;
    }
    windows.replaceChildren(legend, ...(answer.data.windows.length ? answer.data.windows.map((w, i) => el('div', { class: 'choice' },
      el('input', { type: 'radio', name: 'window', id: `cb-window-${i}`, value: w.key }),
      el('label', { for: `cb-window-${i}` }, `${w.label.replace(/^./, (c) => c.toUpperCase())}, à partir de ${formatTime(w.from, site.timeZone)}`)))
      : [el('p', {}, 'Aucun créneau de rappel n’est disponible dans les prochains jours. Appelez le numéro unique ou prenez rendez-vous.')]));
  }
  themes.addEventListener('change', loadWindows);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const chosen = form.querySelector('input[name="window"]:checked');
    const errors = [];
    if (!phone.value.trim()) errors.push({ field: 'cb-phone', message: 'Indiquez le numéro auquel vous rappeler.' });
    if (!chosen) errors.push({ field: 'cb-window', message: 'Choisissez quand vous rappeler.' });
    if (errors.length) {
      showErrors(form, errors);
      return;
    }
    const answer = await api('/api/callbacks', { method: 'POST',
      body: { site: site.id, theme: themes.value || undefined, phone: phone.value.trim(), window: chosen.value } });
    if (answer.status === 422 && answer.data.errors) {
      showErrors(form, answer.data.errors.map((e) => ({ field: CALLBACK_FIELDS[e.field], message: e.message })));
      return;
    }
    if (!answer.ok) {
      showErrors(form, [{ field: null, message: answer.data.detail }], 'La demande n’a pas pu être enregistrée');
      return;
    }
    const done = el('div', { class: 'notice', id: 'callback-done' },
      el('p', {}, el('strong', {}, answer.status === 201 ? 'Demande de rappel enregistrée.' : 'Demande déjà enregistrée.'), ' ', answer.data.message));
    form.replaceWith(done);
    focusOn(done);
  });
  loadWindows();
  return section;
}

function sitePage(site, directory) {
  document.title = `${site.name} — Accueil services publics`;
  document.getElementById('title').textContent = site.name;
  const today = isoDate(new Date(), site.timeZone);
  const closures = site.closures.filter((c) => c.to >= today);
  const permanences = site.permanences.filter((p) => !p.validUntil || p.validUntil >= today);
  // Sections made of several nodes (hours, stops, closures) are arrays: flattened, as replaceChildren takes nodes.
  content.replaceChildren(...[
    el('h2', {}, site.mobile ? 'Adresse du service (pas d’accueil sur place)' : 'Adresse'),
    el('address', {}, site.address.street, el('br'), `${site.address.postcode} ${site.address.city}`,
      site.phone ? [el('br'), 'Téléphone : ', el('a', { href: `tel:${site.phone}` }, site.phone)] : ''),
    site.mobile ? upcomingStops(site, today) : weeklyHours(site),
    el('p', {}, site.mobile ? 'Pas de rendez-vous les jours fériés.' : 'Fermé les jours fériés.'),
    closures.length ? [el('h2', {}, 'Fermetures exceptionnelles'), el('ul', {}, closures.map((c) =>
      el('li', {}, `Du ${formatDate(c.from)} au ${formatDate(c.to)}${c.reason ? ` : ${c.reason}` : ''}`)))] : '',
    el('h2', {}, 'Permanences des partenaires'),
    permanences.length ? el('ul', { class: 'cards' }, permanences.map((p) => {
      const partner = directory.partners.get(p.partnerId);
      const themes = p.themeIds.map((t) => directory.themes.get(t)?.label || t);
      return el('li', {},
        el('h3', {}, partner ? partner.name : p.partnerId),
        partner && partner.description ? el('p', {}, partner.description) : '',
        el('p', {}, when(site, p)),
        el('p', {}, `Motifs : ${list(themes)}. Rendez-vous de ${p.slotMinutes} minutes${p.capacity > 1 ? `, en groupe de ${p.capacity} personnes au plus` : ''}.`),
        p.walkInPlaces > 0 ? el('p', {}, `Sans rendez-vous : ${p.walkInPlaces} personne${p.walkInPlaces > 1 ? 's' : ''} reçue${p.walkInPlaces > 1 ? 's' : ''} à chaque permanence.`) : '',
        el('p', {}, el('a', { class: 'button', href: `/?${query({ partner: p.partnerId, site: site.id })}` },
          `Prendre rendez-vous avec ${partner ? partner.name : p.partnerId}`,
          el('span', { class: 'visually-hidden' }, ` à ${site.name}`))));
    })) : el('p', {}, 'Aucune permanence de partenaire n’est prévue dans ce lieu.'),
    site.mobile ? '' : callbackSection(site, directory)].flat());
}

async function load() {
  let directory;
  try {
    directory = await loadDirectory();
  } catch (problem) {
    content.replaceChildren(el('p', { class: 'notice problem', role: 'alert' }, problem.detail || 'Erreur'));
    return;
  }
  const id = new URLSearchParams(location.search).get('id');
  if (!id) {
    sitesList(directory);
    return;
  }
  const answer = await api(`/api/sites/${encodeURIComponent(id)}`);
  if (!answer.ok) {
    document.getElementById('title').textContent = 'Lieu introuvable';
    content.replaceChildren(el('p', { class: 'notice problem', role: 'alert' },
      answer.status === 404 ? 'Ce lieu d’accueil n’existe pas. ' : `${answer.data.detail} `, el('a', { href: '/site' }, 'Voir tous les lieux')));
    return;
  }
  sitePage(answer.data, directory);
}
load();
