// The booking flow shared by the citizens' page and the agents' "on behalf of a caller" section:
// choose a reason and a place, see free slots day by day, book with name, phone and/or email.
import { el, api, query, formatDay, formatDate, formatTime, formatLocalTime, zoneLabel, isoDate, addDays, oneLine, samePlace, announce, showErrors, clearErrors,
  showProblem, focusOn, singleNumberLink } from './common.js';

const WEEKS_SHOWN = 4;
const PAGE_SIZE = 100;
const MAX_PAGES = 5;

/**
 * Sites, partners and themes by id, read once per page.
 * @param options.internal the internal themes too (agents' pages: the supervisors' callbacks)
 */
export async function loadDirectory({ internal = false } = {}) {
  const [sites, partners, themes] = await Promise.all([api('/api/sites'), api('/api/partners'),
    api(internal ? '/api/themes?include=internal' : '/api/themes')]);
  if (!sites.ok || !partners.ok || !themes.ok) {
    throw (sites.ok ? (partners.ok ? themes : partners) : sites).data;
  }
  const byId = (list) => new Map(list.map((item) => [item.id, item]));
  return { sites: byId(sites.data.sites), partners: byId(partners.data.partners), themes: byId(themes.data.themes) };
}

export function idempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The sites by nearness to a postcode, as `GET /api/sites?postcode=` orders them (those serving it first, then the
 * others by distance); null without a postcode or when the API does not answer (the order then stays the default).
 */
async function sitesNear(postcode) {
  if (!postcode) return null;
  const answer = await api(`/api/sites?${query({ postcode })}`);
  return answer.ok ? answer.data.sites : null;
}

/** Free slots of a search between two dates, every page (bounded). */
export async function freeSlots(params) {
  const slots = [];
  let cursor = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await api(`/api/slots?${query({ ...params, pageSize: PAGE_SIZE, cursor })}`);
    if (!answer.ok) return answer;
    slots.push(...answer.data.slots);
    cursor = answer.data.nextCursor;
    if (!cursor) break;
  }
  slots.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return { ok: true, data: { slots } };
}

export function slotLabel(slot, directory) {
  const site = directory.sites.get(slot.siteId);
  const partner = directory.partners.get(slot.partnerId);
  return `${site ? site.name : slot.siteId} · ${partner ? partner.name : slot.partnerId}`;
}

/**
 * Where a slot or an appointment is held when it is not the site's own address (a mobile site's stop of the day):
 * « Volmunster, Parking de la salle des fêtes »; null at the site's address.
 */
export function stopLabel(item, directory) {
  const site = directory.sites.get(item.siteId);
  if (!item.place || (site && samePlace(item.place, site.address))) return null;
  return `${item.place.city}, ${item.place.street}`;
}

let daysShown = 0;

/**
 * Slots grouped by day (in each site's time zone) and, within a day, by place: the place is written once and
 * its times sit side by side, so four weeks stay short on a phone. Above them, the next free slot and « Aller au
 * jour » (a select and a button: the chosen day's heading takes the focus, the next Tab is its first time).
 * Each time is a button whose accessible name says the day, the time and the place; onPick(slot, button) on activation.
 * @returns the element holding them
 */
export function renderDays(slots, directory, onPick, rank = null) {
  const days = new Map();
  for (const slot of slots) {
    const day = isoDate(new Date(slot.start), slot.timeZone);
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(slot);
  }
  const n = daysShown++;
  const headingId = (day) => `jour-${n}-${day}`;
  const list = el('ul', { class: 'days' }, [...days].map(([day, daySlots]) => {
    const places = new Map();
    for (const slot of daySlots) {
      const key = `${slot.siteId}|${slot.partnerId}|${stopLabel(slot, directory) || ''}`;
      if (!places.has(key)) places.set(key, []);
      places.get(key).push(slot);
    }
    return el('li', {},
      el('h3', { id: headingId(day), tabindex: '-1' }, formatDay(daySlots[0].start, daySlots[0].timeZone)),
      // Near a postcode, each day's places in the order of nearness (the API's), else as their first slots come.
      [...places.values()].sort((a, b) => (rank ? rank(a[0].siteId) - rank(b[0].siteId) : 0)).map((placeSlots) => {
        const first = placeSlots[0];
        const place = slotLabel(first, directory);
        const stop = stopLabel(first, directory);
        const zone = zoneLabel(first.timeZone);
        return [el('p', { class: 'slot-group' }, place, stop ? el('span', { class: 'slot-stop' }, ` — à ${stop}`) : '',
          zone ? el('span', { class: 'slot-zone' }, ` (${zone})`) : ''),
        el('ul', { class: 'slots' }, placeSlots.map((slot) => {
          const button = el('button', {
            type: 'button', class: 'slot', 'aria-pressed': 'false', 'data-slot': slot.id,
            'aria-label': `${formatDay(slot.start, slot.timeZone)} à ${formatLocalTime(slot.start, slot.timeZone)}, ${place}${stop ? `, à ${stop}` : ''}`,
          }, formatTime(slot.start, slot.timeZone));
          button.addEventListener('click', () => onPick(slot, button));
          return el('li', {}, button);
        }))];
      }));
  }));
  if (days.size < 2) return list;
  const first = slots[0];
  const select = el('select', { id: `jour-${n}` }, [...days].map(([day, daySlots]) =>
    el('option', { value: day }, `${formatDay(daySlots[0].start, daySlots[0].timeZone)} (${daySlots.length} créneau${daySlots.length > 1 ? 'x' : ''})`)));
  return el('div', { class: 'slot-days' },
    el('p', { class: 'next-slot' }, `Prochain créneau libre : ${formatDay(first.start, first.timeZone)} à ${formatLocalTime(first.start, first.timeZone)}, ${slotLabel(first, directory)}.`),
    el('div', { class: 'day-jump' },
      el('label', { for: select.id }, 'Aller au jour'), select,
      el('button', { type: 'button', class: 'secondary', onclick: () => focusOn(document.getElementById(headingId(select.value))) }, 'Afficher ce jour')),
    list);
}

/** What a booked appointment is, as a definition list. */
export function appointmentSummary(appointment, directory) {
  const site = directory.sites.get(appointment.siteId);
  const partner = directory.partners.get(appointment.partnerId);
  const theme = directory.themes.get(appointment.themeId);
  // A mobile site's appointment is at the stop of its day, not at the site's home address.
  const place = appointment.place || (site && site.address);
  const rows = [
    ['Référence', reference(appointment)],
    ['Date', formatDay(appointment.start, appointment.timeZone)],
    ['Heure', `${formatTime(appointment.start, appointment.timeZone)} à ${formatLocalTime(appointment.end, appointment.timeZone)}`],
    ['Organisme', partner ? partner.name : appointment.partnerId],
    ['Motif', theme ? theme.label : appointment.themeId],
    ['Lieu', [site ? site.name : appointment.siteId, place ? oneLine(place) : ''].filter(Boolean).join(', ')],
  ];
  return el('dl', { class: 'summary' }, rows.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

/** The reference a citizen quotes at the counter or on the phone: the appointment id's first 8 characters. */
export function reference(appointment) {
  return appointment.id.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/**
 * « Ajouter à Google Agenda / Outlook »: the web calendars' own "new event" links (no account data leaves the page
 * but what the citizen sends by following them), beside the .ics file other calendars read.
 */
export function calendarLinks(appointment, directory) {
  const site = directory.sites.get(appointment.siteId);
  const partner = directory.partners.get(appointment.partnerId);
  const place = appointment.place || (site && site.address);
  const title = `Rendez-vous ${partner ? partner.name : appointment.partnerId}`;
  const where = [site ? site.name : appointment.siteId, place ? oneLine(place) : ''].filter(Boolean).join(', ');
  const details = `Référence ${reference(appointment)}. Présentez-vous quelques minutes avant l’heure.`;
  const utc = (iso) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const google = `https://calendar.google.com/calendar/render?${query({ action: 'TEMPLATE', text: title,
    dates: `${utc(appointment.start)}/${utc(appointment.end)}`, location: where, details })}`;
  const outlook = `https://outlook.live.com/calendar/0/deeplink/compose?${query({ path: '/calendar/action/compose', rru: 'addevent',
    subject: title, startdt: new Date(appointment.start).toISOString(), enddt: new Date(appointment.end).toISOString(), location: where, body: details })}`;
  return [el('a', { class: 'button secondary', href: google, id: 'google-link', rel: 'noopener', target: '_blank' },
    'Ajouter à Google Agenda', el('span', { class: 'visually-hidden' }, ' (nouvelle fenêtre)')),
  el('a', { class: 'button secondary', href: outlook, id: 'outlook-link', rel: 'noopener', target: '_blank' },
    'Ajouter à Outlook', el('span', { class: 'visually-hidden' }, ' (nouvelle fenêtre)'))];
}

/**
 * Wires the search, slot list and booking form of the page (elements by id, the same on both pages).
 * @param options.endpoint   where to POST the booking
 * @param options.headers    extra headers (the agent's bearer token)
 * @param options.extraBody  fields added to the body (the agent's channel)
 * @param options.confirm    (answer, directory) → element shown once booked
 * @param options.internal   read the internal themes too (the agents' lists show them; the reasons to book never do)
 * @param options.warn       (slot, directory) → a warning to confirm before booking that slot, or null (agents: a far site)
 * @param options.whenFull   citizens only: given the search (theme or partner, site, postcode, dates) that found no free
 *                           slot, what to offer beside the notice (the waitlist's form)
 */
export async function initBooking({ endpoint, headers = () => ({}), extraBody = () => ({}), confirm, internal = false, whenFull = () => null,
  warn = () => null }) {
  const byId = (id) => document.getElementById(id);
  const searchForm = byId('search-form');
  const reason = byId('reason');
  const siteSelect = byId('site');
  const where = byId('where');
  const results = byId('results');
  const slotsBox = byId('slots');
  const booking = byId('booking');
  const bookForm = byId('book-form');
  const themeField = byId('themeId');
  const confirmation = byId('confirmation');

  let directory;
  try {
    directory = await loadDirectory({ internal });
  } catch (problem) {
    showProblem(byId('load-problem'), problem);
    return null;
  }
  // Internal themes (the supervisors' callbacks) are never a reason to book.
  const themes = [...directory.themes.values()].filter((t) => !t.internal);
  const partners = [...directory.partners.values()];
  reason.append(
    el('optgroup', { label: 'Motifs' }, themes.map((t) => el('option', { value: `theme:${t.id}` }, t.label))),
    el('optgroup', { label: 'Organismes' }, partners.map((p) => el('option', { value: `partner:${p.id}` }, p.name))));
  siteSelect.append(...[...directory.sites.values()].map((s) => el('option', { value: s.id }, `${s.name} (${s.address.city})`)));

  const params = new URLSearchParams(location.search);
  if (params.get('theme')) reason.value = `theme:${params.get('theme')}`;
  if (params.get('partner')) reason.value = `partner:${params.get('partner')}`;
  if (params.get('site')) siteSelect.value = params.get('site');

  let from = isoDate(new Date(), 'Europe/Paris');
  let chosen = null;
  let key = null;

  async function search(focusResults) {
    clearErrors(searchForm);
    const errors = [];
    if (!reason.value) errors.push({ field: 'reason', message: 'Choisissez un motif ou un organisme.' });
    // A postcode (5 digits) or a commune's name, as the citizen knows it.
    const typed = where.value.trim();
    const place = /^\d+$/.test(typed) ? { postcode: typed } : { commune: typed };
    if (/^\d+$/.test(typed) && !/^\d{5}$/.test(typed)) errors.push({ field: 'where', message: 'Le code postal compte 5 chiffres, par exemple 57070.' });
    else if (typed && !/^\d+$/.test(typed) && typed.replace(/[^\p{L}\d]/gu, '').length < 2) {
      errors.push({ field: 'where', message: 'Indiquez un code postal (5 chiffres) ou le nom de votre commune.' });
    }
    if (errors.length) {
      showErrors(searchForm, errors);
      return;
    }
    const [kind, id] = reason.value.split(':');
    const to = addDays(from, WEEKS_SHOWN * 7 - 1);
    results.hidden = false;
    booking.hidden = true;
    slotsBox.replaceChildren(el('p', {}, 'Recherche des créneaux…'));
    const [answer, near] = await Promise.all([freeSlots({ [kind]: id, site: siteSelect.value, ...place, from, to }), sitesNear(place.postcode)]);
    const rank = near && ((siteId) => {
      const index = near.findIndex((site) => site.id === siteId);
      return index < 0 ? near.length : index;
    });
    if (near) {
      // The list of places follows the postcode too: the nearest first, « Tous les lieux » kept at the top.
      const kept = siteSelect.value;
      siteSelect.replaceChildren(siteSelect.options[0], ...near.map((s) => el('option', { value: s.id }, `${s.name} (${s.address.city})`)));
      siteSelect.value = kept;
    }
    if (!answer.ok) {
      if (answer.data.errors) {
        const fields = { postcode: 'where', commune: 'where', site: 'site', partner: 'reason', theme: 'reason' };
        showErrors(searchForm, answer.data.errors.map((e) => ({ field: fields[e.field], message: e.message })));
      } else {
        showProblem(slotsBox, answer.data);
      }
      return;
    }
    const period = `du ${formatDate(from)} au ${formatDate(to)}`;
    const slots = answer.data.slots;
    // The change deadline, stated before anyone books (CANCELLATION_DELAY: each slot says until when).
    const delay = slots[0]?.changeableUntil ? Math.round((Date.parse(slots[0].start) - Date.parse(slots[0].changeableUntil)) / 3600000) : 0;
    byId('results-period').textContent = `Créneaux libres ${period}.`
      + (delay ? ` Un rendez-vous peut être annulé ou déplacé en ligne jusqu’à ${delay} heures avant son début ; ensuite, par téléphone.` : '');
    // « Tous les lieux » with no place given spans every site, overseas ones too: say so, and how to narrow it.
    const otherZones = [...new Set(slots.map((slot) => zoneLabel(slot.timeZone)).filter(Boolean))];
    const mixed = !siteSelect.value && !typed && otherZones.length && slots.some((slot) => !zoneLabel(slot.timeZone));
    slotsBox.replaceChildren(mixed ? el('p', { class: 'notice', id: 'mixed-zones' }, `Ces créneaux sont ceux de tous les lieux du territoire, `
      + `y compris outre-mer (${otherZones.join(', ')}). Indiquez votre code postal ou votre commune pour ne voir que les lieux proches de chez vous.`) : '',
    ...(slots.length
      ? [renderDays(slots, directory, pick, rank)]
      : [el('p', { class: 'notice' }, `Aucun créneau libre ${period}. Essayez les semaines suivantes, un autre lieu ou un autre motif.`),
        whenFull({ [kind]: id, site: siteSelect.value, ...place, from, to }, directory)].filter(Boolean)));
    byId('earlier').hidden = from <= isoDate(new Date(), 'Europe/Paris');
    announce(`${slots.length} créneau${slots.length > 1 ? 'x' : ''} libre${slots.length > 1 ? 's' : ''} ${period}.`);
    if (focusResults) focusOn(byId('results-title'));
  }

  function pick(slot, button) {
    chosen = slot;
    key = idempotencyKey();
    slotsBox.querySelectorAll('button[aria-pressed="true"]').forEach((b) => b.setAttribute('aria-pressed', 'false'));
    if (button) button.setAttribute('aria-pressed', 'true');
    const site = directory.sites.get(slot.siteId);
    byId('chosen').replaceChildren(
      el('dt', {}, 'Créneau'), el('dd', {}, `${formatDay(slot.start, slot.timeZone)} à ${formatLocalTime(slot.start, slot.timeZone)}`),
      el('dt', {}, 'Lieu et organisme'), el('dd', {}, slotLabel(slot, directory)),
      el('dt', {}, 'Adresse'), el('dd', { id: 'chosen-address' }, oneLine(slot.place || site.address)),
      ...(slot.changeableUntil ? [el('dt', {}, 'Annulation ou déplacement'), el('dd', { id: 'chosen-deadline' },
        Date.parse(slot.changeableUntil) < Date.now()
          ? 'impossible en ligne : ce créneau commence trop tôt. En cas d’empêchement, appelez le '
          : `en ligne jusqu’au ${formatDay(slot.changeableUntil, slot.timeZone)} à ${formatTime(slot.changeableUntil, slot.timeZone)} ; ensuite, au `,
        singleNumberLink())] : []));
    themeField.replaceChildren(...slot.themeIds.map((t) => el('option', { value: t }, directory.themes.get(t)?.label || t)));
    const [kind, id] = reason.value.split(':');
    if (kind === 'theme' && slot.themeIds.includes(id)) themeField.value = id;
    byId('themeId-field').hidden = slot.themeIds.length < 2;
    byId('full-problem').replaceChildren();
    bookForm.querySelector('#far-field')?.remove();
    const warning = warn(slot, directory);
    if (warning) {
      // Confirmed in the form itself, so a keyboard user meets it before the submit button.
      bookForm.prepend(el('div', { class: 'field notice warning', id: 'far-field' }, el('p', { id: 'far-warning' }, warning),
        el('div', { class: 'choice' }, el('input', { type: 'checkbox', id: 'far-confirmed', 'aria-describedby': 'far-warning' }),
          el('label', { for: 'far-confirmed' }, 'L’usager confirme ce lieu et cet horaire'))));
    }
    clearErrors(bookForm);
    booking.hidden = false;
    focusOn(byId('booking-title'));
  }

  async function book(event) {
    event.preventDefault();
    clearErrors(bookForm);
    const value = (id) => byId(id).value.trim();
    const errors = [];
    if (!value('name')) errors.push({ field: 'name', message: 'Indiquez vos nom et prénom.' });
    if (!value('phone') && !value('email')) errors.push({ field: 'phone', message: 'Indiquez un numéro de téléphone ou une adresse électronique.' });
    const far = byId('far-confirmed');
    if (far && !far.checked) errors.push({ field: 'far-confirmed', message: 'Ce lieu est loin de votre accueil : confirmez-le avec l’usager avant d’enregistrer.' });
    if (errors.length) {
      showErrors(bookForm, errors);
      return;
    }
    const submit = bookForm.querySelector('button[type="submit"]');
    submit.disabled = true;
    const body = { slotId: chosen.id, name: value('name'), phone: value('phone') || undefined, email: value('email') || undefined,
      themeId: themeField.value || undefined, note: value('note') || undefined, ...extraBody() };
    const answer = await api(endpoint, { method: 'POST', body, headers: { 'Idempotency-Key': key, ...headers() } });
    submit.disabled = false;
    if (answer.ok) {
      searchForm.hidden = true;
      results.hidden = true;
      booking.hidden = true;
      confirmation.replaceChildren(...confirm(answer.data, directory));
      confirmation.hidden = false;
      focusOn(confirmation.querySelector('h2, h3'));
      return;
    }
    if (answer.status === 409) {
      const next = answer.data.nextSlots || [];
      byId('full-problem').replaceChildren(el('div', { class: 'notice problem', role: 'alert' },
        el('p', {}, el('strong', {}, 'Ce créneau vient d’être pris. '), answer.data.detail || ''),
        next.length ? el('p', {}, 'Prochains créneaux libres :') : el('p', {}, 'Aucun autre créneau libre pour cette permanence.'),
        next.length ? renderDays(next, directory, pick) : ''));
      focusOn(byId('full-problem').firstChild);
      return;
    }
    if (answer.data.errors) {
      showErrors(bookForm, answer.data.errors.map((e) => ({ field: e.field === 'slotId' ? null : e.field, message: e.message })));
      return;
    }
    showErrors(bookForm, [{ field: null, message: answer.data.detail }], answer.data.title);
  }

  searchForm.addEventListener('submit', (event) => { event.preventDefault(); from = isoDate(new Date(), 'Europe/Paris'); search(true); });
  byId('later').addEventListener('click', () => { from = addDays(from, WEEKS_SHOWN * 7); search(true); });
  byId('earlier').addEventListener('click', () => { from = addDays(from, -WEEKS_SHOWN * 7); search(true); });
  byId('change-slot').addEventListener('click', () => {
    booking.hidden = true;
    const pressed = slotsBox.querySelector('button[aria-pressed="true"]');
    if (pressed) pressed.focus();
    else focusOn(byId('results-title'));
  });
  bookForm.addEventListener('submit', book);
  if (reason.value) search(false);
  return directory;
}
