// The one-question survey sent after an appointment: ?rdv=<appointment id>&token=<secret of the link>.
import { api, query, formatDate, showErrors, clearErrors, focusOn } from './common.js';

const params = new URLSearchParams(window.location.search);
const id = params.get('rdv');
const token = params.get('token');
const contexte = document.getElementById('contexte');
const form = document.getElementById('formulaire');
const message = document.getElementById('message');
const url = `/api/surveys/${encodeURIComponent(id || '')}?${query({ token: token || '' })}`;
const ALREADY = 'Vous avez déjà répondu à cette enquête. Merci pour votre avis !';

function invalid() {
  contexte.textContent = 'Ce lien n’est pas valide ou a expiré. Merci de votre intérêt.';
}

async function load() {
  if (!id || !token) {
    invalid();
    return;
  }
  const answer = await api(url);
  if (!answer.ok) {
    invalid();
    return;
  }
  const survey = answer.data;
  contexte.textContent = `Rendez-vous ${survey.partner} du ${formatDate(survey.date)}, ${survey.site}.`;
  if (survey.answered) {
    message.textContent = ALREADY;
    return;
  }
  form.hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  const chosen = form.querySelector('input[name=score]:checked');
  if (!chosen) {
    // Tied to the group of notes (aria-describedby → score-error), listed in the summary that takes the focus.
    showErrors(form, [{ field: 'score', message: 'Choisissez une note de 1 à 5.' }]);
    return;
  }
  const button = form.querySelector('button');
  button.disabled = true;
  const answer = await api(url, { method: 'POST', body: { score: Number(chosen.value) } });
  button.disabled = false;
  if (answer.status === 201 || answer.status === 409) {
    form.hidden = true;
    message.textContent = answer.status === 201 ? 'Merci, votre avis est enregistré.' : ALREADY;
    focusOn(message);
  } else if (answer.status === 404) {
    form.hidden = true;
    invalid();
  } else if (answer.data.errors) {
    showErrors(form, answer.data.errors.map((e) => ({ field: e.field === 'score' ? 'score' : null, message: e.message })));
  } else {
    message.textContent = 'Votre avis n’a pas pu être envoyé. Veuillez réessayer dans quelques instants.';
  }
});
load();
