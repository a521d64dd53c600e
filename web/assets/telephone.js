// Softphone of the local runner: POST /api/phone/calls, then /input with the keys typed or a silence;
// in queue, /agent-hangup when the agent hangs up first (the call goes on in the survey).
import { el, api } from './common.js';

const $ = (id) => document.getElementById(id);
const keypad = Array.from(document.querySelectorAll('#clavier button'));
let call = null;
let typed = '';

function setTyped(value) {
  typed = value;
  $('saisie').textContent = typed;
}

// status: 'awaiting-input', 'in-queue' or 'ended'; input: what is awaited, if anything (in a queue too:
// the queue flow's loop, maxDigits 0, waits for time only; its callback offer, for a key)
function enable(status, input) {
  const keys = Boolean(input) && input.maxDigits > 0;
  keypad.forEach((b) => { b.disabled = !keys; });
  ['envoyer', 'effacer'].forEach((id) => { $(id).disabled = !keys; });
  $('silence').disabled = !input;
  $('raccrocher').disabled = status === 'ended';
  $('conseiller').disabled = status !== 'in-queue';
  $('appeler').disabled = status !== 'ended';
}

function log(text, kind) {
  $('journal').append(el('li', { class: kind }, text));
}

function ending(answer) {
  return answer.outcome.description + (answer.afterAgent ? ' ; ' + answer.afterAgent.description : '');
}

function show(answer) {
  call = answer;
  const spoken = answer.prompts.map((p) => p.text).join(' ');
  answer.prompts.forEach((p) => log(p.text));
  if (answer.status === 'ended') {
    const end = 'Fin de l\u2019appel : ' + ending(answer) + '.';
    $('annonce').textContent = (spoken ? spoken + ' ' : '') + end;
    $('attente').textContent = 'Aucun appel en cours.';
    log(end, 'end');
    enable('ended');
    return;
  }
  if (answer.status === 'in-queue') {
    const queued = answer.outcome.description + (answer.input ? '.' : ' : un conseiller vous répond.');
    $('annonce').textContent = (spoken ? spoken + ' ' : '') + queued;
    $('attente').textContent = (!answer.input ? 'Avec un conseiller.'
      : answer.input.maxDigits === 0 ? 'En attente : « Ne rien taper (silence) » laisse passer ' + answer.input.timeoutSeconds + ' s.'
        : 'Tapez une touche. Délai : ' + answer.input.timeoutSeconds + ' s.')
      + ' « Le conseiller raccroche » : un conseiller répond, puis raccroche le premier.';
    log(queued, 'end');
    enable('in-queue', answer.input);
    return;
  }
  $('annonce').textContent = spoken;
  const input = answer.input;
  $('attente').textContent = input.maxDigits > 1
    ? 'Tapez jusqu\u2019à ' + input.maxDigits + ' touches' + (input.terminator ? ', terminées par ' + input.terminator : '')
      + ', puis « Envoyer les touches ». Délai : ' + input.timeoutSeconds + ' s.'
    : 'Tapez une touche. Délai : ' + input.timeoutSeconds + ' s.';
  enable('awaiting-input', input);
}

async function request(method, path, body) {
  const answer = await api(path, { method, body });
  if (!answer.ok) throw new Error(answer.data.detail || answer.data.message);
  return answer.data;
}

async function act(work) {
  try {
    show(await work());
  } catch (e) {
    $('annonce').textContent = e.message;
    log(e.message, 'end');
  }
}

function send(body) {
  if (!call || !call.awaitingInput) return;
  if (body.digits) log('Touches : ' + body.digits, 'keys'); else log('(silence)', 'keys');
  setTyped('');
  act(() => request('POST', '/api/phone/calls/' + encodeURIComponent(call.callId) + '/input', body));
}

function press(key) {
  if (!call || !call.awaitingInput || call.input.maxDigits === 0) return;
  setTyped(typed + key);
  const input = call.input;
  // A one-key choice goes at once, as on a phone; a number is sent with « Envoyer » or its end key.
  if (input.maxDigits <= 1 || (input.terminator && key === input.terminator) || typed.length >= input.maxDigits) {
    send({ digits: typed });
  }
}

$('appel').addEventListener('submit', (event) => {
  event.preventDefault();
  $('journal').textContent = '';
  setTyped('');
  const from = $('from').value.trim();
  act(() => request('POST', '/api/phone/calls', { from: from || 'anonymous' }));
});
$('raccrocher').addEventListener('click', () => {
  if (call) act(() => request('DELETE', '/api/phone/calls/' + encodeURIComponent(call.callId)));
});
$('conseiller').addEventListener('click', () => {
  if (!call || call.status !== 'in-queue') return;
  log('(le conseiller raccroche)', 'keys');
  act(() => request('POST', '/api/phone/calls/' + encodeURIComponent(call.callId) + '/agent-hangup'));
});
keypad.forEach((b) => b.addEventListener('click', () => press(b.dataset.touche)));
$('envoyer').addEventListener('click', () => { if (typed) send({ digits: typed }); });
$('effacer').addEventListener('click', () => setTyped(''));
$('silence').addEventListener('click', () => send({ timeout: true }));
document.addEventListener('keydown', (event) => {
  if (!call || !call.awaitingInput || event.target.tagName === 'INPUT') return;
  if (/^[0-9*#]$/.test(event.key)) {
    event.preventDefault();
    press(event.key);
  } else if (event.key === 'Enter' && typed && event.target.tagName !== 'BUTTON') {
    event.preventDefault();
    send({ digits: typed });
  } else if (event.key === 'Escape') {
    setTyped('');
  }
});
