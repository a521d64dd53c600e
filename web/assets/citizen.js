// The citizens' booking page: the shared booking flow, then the confirmation with the management link and the .ics.
import { el, formatDay, formatTime } from './common.js';
import { initBooking, appointmentSummary, calendarLinks } from './booking.js';
import { waitlistForm } from './waitlist.js';

/** « À apporter »: the theme's documents from the territory file, when it lists some. */
function documentsToBring(appointment, directory) {
  const documents = directory.themes.get(appointment.themeId)?.documents || [];
  return documents.length ? [el('h3', {}, 'À apporter'), el('ul', { id: 'documents' }, documents.map((d) => el('li', {}, d)))] : [];
}

initBooking({
  endpoint: '/api/appointments',
  whenFull: waitlistForm,
  confirm(answer, directory) {
    const appointment = answer.appointment;
    if (answer.replayed) {
      return [el('h2', {}, 'Ce rendez-vous est déjà enregistré'),
        appointmentSummary(appointment, directory),
        el('p', {}, 'Le lien pour le gérer vous a été envoyé avec la confirmation.')];
    }
    document.title = 'Rendez-vous confirmé — Accueil services publics';
    const link = new URL(answer.managementLink, location.origin).href;
    const ics = `/api/appointments/${encodeURIComponent(appointment.id)}/calendar.ics?token=${encodeURIComponent(answer.token)}`;
    return [
      el('h2', { class: 'notice success' }, 'Votre rendez-vous est confirmé'),
      appointmentSummary(appointment, directory),
      ...documentsToBring(appointment, directory),
      ...(answer.smsNotice ? [el('p', { class: 'notice', id: 'sms-notice', role: 'status' }, answer.smsNotice)] : []),
      ...(appointment.email || !answer.smsNotice ? [el('p', {}, 'Une confirmation vous est envoyée par ',
        [appointment.phone && !answer.smsNotice && 'SMS', appointment.email && 'courriel'].filter(Boolean).join(' et '),
        ', avec un rappel la veille. Présentez-vous quelques minutes avant l’heure avec vos justificatifs.')] : []),
      el('p', {}, 'Pour revoir, annuler ou déplacer ce rendez-vous, gardez ce lien personnel (ne le partagez pas) : ',
        el('a', { href: link, id: 'manage-link' }, link)),
      el('p', { id: 'deadline' }, 'Annulation ou déplacement en ligne jusqu’au ', formatDay(answer.changeableUntil, appointment.timeZone), ' à ',
        formatTime(answer.changeableUntil, appointment.timeZone), ' ; ensuite, appelez-nous pour libérer la place.'),
      el('p', { class: 'actions' },
        el('a', { class: 'button', href: ics, download: 'rendez-vous.ics', id: 'ics-link' }, 'Ajouter à mon agenda (.ics)'),
        ...calendarLinks(appointment, directory)),
      el('p', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary', id: 'print', onclick: () => window.print() }, 'Imprimer la confirmation'),
        el('a', { class: 'button secondary', href: '/' }, 'Prendre un autre rendez-vous')),
    ];
  },
});
