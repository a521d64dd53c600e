// The agents' workspace, the appointments panel: a site's appointments of a day, attendance.
import { el, api, query, formatDate, formatTime, announce, focusOn } from './common.js';
import { stopLabel } from './booking.js';
import { ws, byId, auth, APPT_STATUS, nationalPhone, outOfSession, updated, keepingFocus, listProblem, itemProblem } from './agent-workspace.js';
import { historyButton } from './agent-history.js';

let appointmentsAsked = 0;

export async function loadAppointments(focusTable) {
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
  const partner = ws.directory.partners.get(a.partnerId)?.name || a.partnerId;
  const theme = ws.directory.themes.get(a.themeId)?.label || a.themeId;
  const started = Date.parse(a.start) <= Date.now();
  const mark = (status, label) => el('button', { type: 'button', class: a.status === status ? '' : 'secondary',
    'aria-pressed': String(a.status === status), 'aria-label': `${label} : ${a.name}, ${formatTime(a.start, a.timeZone)}`,
    onclick: () => attendance(a, status) }, label);
  const actions = a.status === 'CANCELLED' ? [] : [started ? mark('ATTENDED', 'Présent') : '', started ? mark('NO_SHOW', 'Absent') : '', mark('EXCUSED', 'Excusé')];
  actions.push(historyButton(a.phone || a.email, byId('appointment-list'), a.name));
  const stop = stopLabel(a, ws.directory);
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
