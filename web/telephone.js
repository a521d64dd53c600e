// Softphone of the local runner: POST /api/phone/calls, then /input with the keys typed or a silence;
// in queue, /agent-hangup when the agent hangs up first (the call goes on in the survey).
import { el, api } from '/assets/common.js';

const $ = (id) => document.getElementById(id);
const keypad = Array.from(document.querySelectorAll('#clavier button'));
let call = null;
let typed = '';

function setTyped(value) {
  typed = value;
  $('saisie').textContent = typed;
}

// status: 'awaiting-input', 'in-queue' or 'ended'
function enable(status) {
  const awaiting = status === 'awaiting-input';
  keypad.forEach((b) => { b.disabled = !awaiting; });
  ['envoyer', 'effacer', 'silence'].forEach((id) => { $(id).disabled = !awaiting; });
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
    const queued = answer.outcome.description + ' : un conseiller vous répond.';
    $('annonce').textContent = (spoken ? spoken + ' ' : '') + queued;
    $('attente').textContent = 'Avec un conseiller. « Le conseiller raccroche » : la suite de l\u2019appel.';
    log(queued, 'end');
    enable('in-queue');
    return;
  }
  $('annonce').textContent = spoken;
  const input = answer.input;
  $('attente').textContent = input.maxDigits > 1
    ? 'Tapez jusqu\u2019à ' + input.maxDigits + ' touches' + (input.terminator ? ', terminées par ' + input.terminator : '')
      + ', puis « Envoyer les touches ». Délai : ' + input.timeoutSeconds + ' s.'
    : 'Tapez une touche. Délai : ' + input.timeoutSeconds + ' s.';
  enable('awaiting-input');
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
  if (!call || call.status !== 'awaiting-input') return;
  if (body.digits) log('Touches : ' + body.digits, 'keys'); else log('(silence)', 'keys');
  setTyped('');
  act(() => request('POST', '/api/phone/calls/' + encodeURIComponent(call.callId) + '/input', body));
}

function press(key) {
  if (!call || call.status !== 'awaiting-input') return;
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
  if (!call || call.status !== 'awaiting-input' || event.target.tagName === 'INPUT') return;
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
