// The waitlist: joined from a search that found no free slot; a freed place is then offered by message.
import { el, api, showErrors, clearErrors, focusOn, announce, formatDate } from './common.js';

const FIELDS = { themeId: 'wl-themeId', siteId: 'wl-themeId', postcode: 'wl-themeId', from: 'wl-from', to: 'wl-to',
  name: 'wl-name', phone: 'wl-phone', email: 'wl-email', consent: 'wl-consent' };

/**
 * The form that puts the citizen on the waitlist for what they searched: the theme (chosen here when they searched by
 * organisation), the site or their postcode, the days searched (which they may widen).
 */
export function waitlistForm(search, directory) {
  const themes = [...directory.themes.values()].filter((t) => !t.internal);
  const site = search.site ? directory.sites.get(search.site) : null;
  const where = site ? `à ${site.name}` : search.postcode ? `près du ${search.postcode}` : 'dans l’un des lieux du territoire';
  const field = (id, label, input, hint) => el('div', { class: 'field' },
    el('label', { for: id }, label), hint ? el('p', { class: 'hint', id: `${id}-hint` }, hint) : null, input);
  const form = el('form', { id: 'waitlist-form', novalidate: true, 'aria-labelledby': 'waitlist-title' },
    field('wl-themeId', 'Motif', el('select', { id: 'wl-themeId', name: 'themeId', required: true },
      themes.map((t) => el('option', { value: t.id, selected: t.id === search.theme }, t.label)))),
    field('wl-from', 'À partir du (facultatif)', el('input', { id: 'wl-from', name: 'from', type: 'date', value: search.from })),
    field('wl-to', 'Jusqu’au (facultatif)', el('input', { id: 'wl-to', name: 'to', type: 'date', value: search.to })),
    field('wl-name', 'Nom et prénom', el('input', { id: 'wl-name', name: 'name', autocomplete: 'name', required: true, maxlength: 100 })),
    field('wl-phone', 'Téléphone', el('input', { id: 'wl-phone', name: 'phone', type: 'tel', autocomplete: 'tel', 'aria-describedby': 'wl-phone-hint' }),
      'Un mobile reçoit la proposition par SMS. Indiquez un téléphone ou une adresse électronique.'),
    field('wl-email', 'Adresse électronique', el('input', { id: 'wl-email', name: 'email', type: 'email', autocomplete: 'email', maxlength: 254 })),
    el('div', { class: 'field' }, el('input', { id: 'wl-consent', name: 'consent', type: 'checkbox', required: true }), ' ',
      el('label', { for: 'wl-consent' }, 'J’accepte d’être contacté(e) quand une place se libère. Mes coordonnées sont gardées jusqu’au lendemain de la dernière date choisie (60 jours au plus), puis effacées.')),
    el('button', { type: 'submit' }, 'M’inscrire sur la liste d’attente'));
  const box = el('section', { id: 'waitlist', 'aria-labelledby': 'waitlist-title' },
    el('h3', { id: 'waitlist-title' }, 'Être prévenu(e) quand une place se libère'),
    el('p', {}, `Inscrivez-vous sur la liste d’attente ${where} : dès qu’une place se libère, elle vous est proposée par message et réservée pour vous pendant deux heures.`),
    form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const value = (id) => form.querySelector(`#${id}`).value.trim();
    const answer = await api('/api/waitlist', { method: 'POST', body: {
      themeId: value('wl-themeId'), siteId: search.site || undefined, postcode: search.site ? undefined : search.postcode,
      from: value('wl-from'), to: value('wl-to'), name: value('wl-name'), phone: value('wl-phone'), email: value('wl-email'),
      consent: form.querySelector('#wl-consent').checked } });
    if (!answer.ok) {
      showErrors(form, (answer.data.errors || [{ message: answer.data.detail }])
        .map((e) => ({ field: FIELDS[e.field], message: e.message })), 'L’inscription n’a pas pu être faite');
      return;
    }
    const until = value('wl-to') ? ` jusqu’au ${formatDate(value('wl-to'))}` : '';
    const done = el('p', { class: 'notice success', id: 'waitlist-joined', tabindex: '-1' }, answer.data.message,
      answer.data.already ? '' : ` Vous restez inscrit(e)${until}.`);
    const own = answer.data.leaveLink && new URL(answer.data.leaveLink, location.origin).href;
    box.replaceChildren(el('h3', { id: 'waitlist-title' }, 'Liste d’attente'), done,
      own ? el('p', {}, 'Pour revoir votre inscription ou quitter la liste, gardez ce lien personnel (il vous est aussi envoyé par message) : ',
        el('a', { href: own, id: 'waitlist-own-link' }, own)) : '');
    document.title = 'Inscription sur la liste d’attente — Accueil services publics';
    announce(answer.data.message);
    focusOn(done);
  });
  return box;
}
