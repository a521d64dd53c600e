// The header and footer of every page, written once here: a page holds empty <header data-layout> and
// <footer data-layout> landmarks that this fills (<header data-layout="staff"> adds the staff's pages to the menu), and any
// [data-territory-phone] element becomes a link to the territory's single number, [data-retention-days] the
// retention of personal data (/config.json: RetentionDays on AWS).
import { el, singleNumberLink, territory } from './common.js';

const MENU = [['/', 'Prendre rendez-vous'], ['/site', 'Lieux d’accueil'], ['/agent', 'Espace agents']];
const STAFF_MENU = [['/gestion', 'Gestion du territoire']];
const FOOTER = [['/accessibilite', 'Accessibilité : partiellement conforme'], ['/confidentialite', 'Données personnelles'],
  ['/mentions-legales', 'Mentions légales'], ['/site', 'Lieux d’accueil et horaires'], ['/agent', 'Espace agents']];

const here = location.pathname.replace(/\.html$/, '').replace(/^\/index$/, '/');
const link = ([href, label]) => el('li', {}, el('a', { href, 'aria-current': href === here ? 'page' : null }, label));

function callLine() {
  return el('p', { class: 'single-number' }, 'Un seul numéro : ', singleNumberLink());
}

document.querySelectorAll('header[data-layout]').forEach((header) => header.replaceChildren(
  el('a', { class: 'brand', href: '/' }, 'Accueil services publics'),
  el('nav', { 'aria-label': 'Menu principal' }, el('ul', {}, [...MENU, ...(header.dataset.layout === 'staff' ? STAFF_MENU : [])].map(link))),
  callLine()));
document.querySelectorAll('footer[data-layout]').forEach((footer) => footer.replaceChildren(
  callLine(),
  el('ul', {}, FOOTER.map(link))));
document.querySelectorAll('[data-territory-phone]').forEach((span) => span.replaceWith(singleNumberLink()));
territory().then(({ retentionDays }) => {
  if (retentionDays) document.querySelectorAll('[data-retention-days]').forEach((node) => { node.textContent = `${retentionDays} jours`; });
});
