// A site's public page (/site?id=…): address, hours, closures and the permanences held there; without id, every site.
import { el, api, query, formatDay } from './common.js';
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
      el('p', {}, `${site.address.street}, ${site.address.postcode} ${site.address.city}`)))));
}

function sitePage(site, directory) {
  document.title = `${site.name} — Accueil services publics`;
  document.getElementById('title').textContent = site.name;
  const today = new Date().toISOString().slice(0, 10);
  const closures = site.closures.filter((c) => c.to >= today);
  const permanences = site.permanences.filter((p) => !p.validUntil || p.validUntil >= today);
  content.replaceChildren(
    el('h2', {}, 'Adresse'),
    el('address', {}, site.address.street, el('br'), `${site.address.postcode} ${site.address.city}`,
      site.phone ? [el('br'), 'Téléphone : ', el('a', { href: `tel:${site.phone}` }, site.phone)] : ''),
    el('h2', {}, 'Horaires d’ouverture'),
    el('table', {},
      el('caption', {}, `Horaires (heure locale : ${site.timeZone === 'Europe/Paris' ? 'métropole' : site.timeZone})`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Jour'), el('th', { scope: 'col' }, 'Horaires'))),
      el('tbody', {}, Object.entries(DAYS).map(([key, label]) => el('tr', {},
        el('th', { scope: 'row' }, label),
        el('td', {}, site.hours[key] && site.hours[key].length ? list(site.hours[key].map((r) => `de ${range(r)}`)) : 'Fermé'))))),
    el('p', {}, 'Fermé les jours fériés.'),
    closures.length ? [el('h2', {}, 'Fermetures exceptionnelles'), el('ul', {}, closures.map((c) =>
      el('li', {}, `Du ${formatDay(`${c.from}T12:00:00Z`, 'UTC')} au ${formatDay(`${c.to}T12:00:00Z`, 'UTC')}${c.reason ? ` : ${c.reason}` : ''}`)))] : '',
    el('h2', {}, 'Permanences des partenaires'),
    permanences.length ? el('ul', { class: 'cards' }, permanences.map((p) => {
      const partner = directory.partners.get(p.partnerId);
      const themes = p.themeIds.map((t) => directory.themes.get(t)?.label || t);
      return el('li', {},
        el('h3', {}, partner ? partner.name : p.partnerId),
        partner && partner.description ? el('p', {}, partner.description) : '',
        el('p', {}, `${schedule(p.recurrence).replace(/^./, (c) => c.toUpperCase())}, de ${range(p.window)}.`),
        el('p', {}, `Motifs : ${list(themes)}. Rendez-vous de ${p.slotMinutes} minutes${p.capacity > 1 ? `, en groupe de ${p.capacity} personnes au plus` : ''}.`),
        el('p', {}, el('a', { class: 'button', href: `/?${query({ partner: p.partnerId, site: site.id })}` },
          `Prendre rendez-vous avec ${partner ? partner.name : p.partnerId}`,
          el('span', { class: 'visually-hidden' }, ` à ${site.name}`))));
    })) : el('p', {}, 'Aucune permanence de partenaire n’est prévue dans ce lieu.'));
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
