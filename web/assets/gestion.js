// The back office (docs/back-office.md): a coordinator edits sites, themes, partners, permanences and the voice menu,
// a referent their partner's permanences. Every change goes through /api/admin, which checks it as an import of the
// territory file and answers each problem with its path; the page ties the permanence's to its fields.
import { el, api, query, agentToken, announce, showErrors, clearErrors, showProblem, focusOn } from './common.js';

const byId = (id) => document.getElementById(id);
const PART_NAMES = { sites: 'lieux', themes: 'thèmes', partners: 'partenaires', permanences: 'permanences' };

let territory;
let may = {};

async function load() {
  const answer = await api('/api/admin/territory', { headers: agentToken.headers() });
  if (answer.status === 401) {
    agentToken.clear();
    return answer.data.detail;
  }
  if (!answer.ok) return answer.data.detail;
  territory = answer.data.territory;
  may = answer.data.may;
  byId('actor').textContent = answer.data.actor || '';
  byId('rights').textContent = rights();
  return null;
}

function rights() {
  if (may.permanences === 'all') return 'vous modifiez tout le territoire.';
  if (may.permanences && may.permanences.partnerId) return `vous modifiez les permanences du partenaire « ${may.permanences.partnerId} ».`;
  return 'vous ne modifiez rien ici.';
}

function editablePermanences() {
  return territory.permanences.filter((p) => may.permanences === 'all' || p.partnerId === may.permanences?.partnerId);
}

function options(select, items, label, blank) {
  select.replaceChildren(...(blank ? [el('option', { value: '' }, blank)] : []),
    ...items.map((item) => el('option', { value: item.id }, label(item))));
}

function showWorkspace() {
  byId('login').hidden = true;
  byId('workspace').hidden = false;
  options(byId('perm-choice'), editablePermanences(), (p) => `${p.id} (${p.partnerId}, ${p.siteId})`, 'Nouvelle permanence');
  const partners = may.permanences === 'all' ? territory.partners
    : territory.partners.filter((p) => p.id === may.permanences?.partnerId);
  options(byId('perm-partnerId'), partners, (p) => p.name);
  options(byId('perm-siteId'), territory.sites, (s) => s.name);
  fillPermanence(editablePermanences()[0]);
  byId('elements').hidden = !may.sites;
  byId('closures').hidden = !may.sites;
  options(byId('cl-site'), territory.sites, (site) => site.name);
  byId('voice').hidden = !may.voice;
  if (may.sites) chooseElementPart();
  if (may.voice) byId('voice-json').value = JSON.stringify({ menu: territory.menu, routing: territory.routing }, null, 2);
}

// ---- permanences

function fillPermanence(permanence) {
  const p = permanence || { id: '', themeIds: [], recurrence: { kind: 'weekly', days: ['MONDAY'], everyWeeks: 1 }, window: '09:00-12:00',
    slotMinutes: 30, capacity: 1, minNotice: 'PT2H', horizonDays: 30 };
  byId('perm-choice').value = permanence ? permanence.id : '';
  byId('perm-id').value = p.id;
  byId('perm-id').readOnly = Boolean(permanence);
  if (p.partnerId) byId('perm-partnerId').value = p.partnerId;
  if (p.siteId) byId('perm-siteId').value = p.siteId;
  byId('perm-themeIds').value = p.themeIds.join(', ');
  byId('perm-kind').value = p.recurrence.kind;
  byId('perm-days').value = p.recurrence.kind === 'weekly' ? p.recurrence.days.join(', ') : p.recurrence.day;
  byId('perm-every').value = p.recurrence.kind === 'weekly' ? p.recurrence.everyWeeks : p.recurrence.ordinals.join(', ');
  for (const field of ['window', 'slotMinutes', 'capacity', 'minNotice', 'horizonDays']) byId(`perm-${field}`).value = p[field];
  byId('perm-cancelledDates').value = (p.cancelledDates || []).join(', ');
  byId('perm-delete').hidden = !permanence;
  clearErrors(byId('permanence-form'));
}

const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);
const number = (text) => (text.trim() === '' || Number.isNaN(Number(text)) ? text : Number(text));

/** The permanence as the territory file writes it; what the form does not show is kept from the stored one. */
function permanenceFromForm() {
  const stored = territory.permanences.find((p) => p.id === byId('perm-choice').value) || {};
  const kind = byId('perm-kind').value;
  const recurrence = kind === 'weekly'
    ? { kind, days: list(byId('perm-days').value), everyWeeks: number(byId('perm-every').value) }
    : { kind, day: byId('perm-days').value.trim(), ordinals: list(byId('perm-every').value).map(number) };
  return { ...stored, partnerId: byId('perm-partnerId').value, siteId: byId('perm-siteId').value,
    themeIds: list(byId('perm-themeIds').value), recurrence, window: byId('perm-window').value.trim(),
    slotMinutes: number(byId('perm-slotMinutes').value), capacity: number(byId('perm-capacity').value),
    minNotice: byId('perm-minNotice').value.trim(), horizonDays: number(byId('perm-horizonDays').value),
    cancelledDates: list(byId('perm-cancelledDates').value) };
}

/** An API path ("capacity", "recurrence.days[0]") as the form field that shows it. */
function permanenceField(path) {
  const head = path.split(/[.[]/)[0];
  if (head === 'recurrence') {
    return /ordinals|everyWeeks/.test(path) ? 'perm-every' : /days|day\b/.test(path) ? 'perm-days' : 'perm-kind';
  }
  return byId(`perm-${head}`) ? `perm-${head}` : null;
}

function showReport(container, report) {
  const lines = report.text.trim().split('\n');
  container.replaceChildren(el('div', { class: 'notice', role: 'status', id: `${container.id}-done`, tabindex: '-1' },
    el('p', {}, el('strong', {}, report.written ? 'Modification enregistrée.' : 'Vérification : rien n’est enregistré.')),
    el('ul', {}, ...lines.slice(1).map((line) => el('li', {}, line.trim())))));
  focusOn(container.firstChild);
}

async function write(method, part, id, body, dryRun, form, report, field) {
  const answer = await api(`/api/admin/${part}/${encodeURIComponent(id)}?${query({ dryRun: dryRun ? 'true' : '' })}`,
    { method, body, headers: agentToken.headers() });
  if (answer.status === 422) {
    showErrors(form, answer.data.errors.map((e) => ({ field: field(e.field), message: e.field ? `${e.field} : ${e.message}` : e.message })),
      'La modification est refusée, rien n’est enregistré');
    return;
  }
  if (!answer.ok) {
    showProblem(report, answer.data);
    focusOn(report.firstChild);
    return;
  }
  clearErrors(form);
  showReport(report, answer.data);
  if (answer.data.written) {
    await load();
    announce(`Modification enregistrée : ${PART_NAMES[part] || part}.`);
  }
}

byId('perm-choice').addEventListener('change', () => fillPermanence(territory.permanences.find((p) => p.id === byId('perm-choice').value)));
byId('permanence-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const id = byId('perm-id').value.trim();
  if (!id) {
    showErrors(byId('permanence-form'), [{ field: 'perm-id', message: 'Donnez un identifiant à la permanence.' }]);
    return;
  }
  await write('PUT', 'permanences', id, permanenceFromForm(), event.submitter?.name === 'dryRun', byId('permanence-form'),
    byId('perm-report'), permanenceField);
  if (!byId('perm-choice').value && territory.permanences.some((p) => p.id === id)) {
    options(byId('perm-choice'), editablePermanences(), (p) => `${p.id} (${p.partnerId}, ${p.siteId})`, 'Nouvelle permanence');
    byId('perm-choice').value = id;
  }
});
byId('perm-delete').addEventListener('click', async () => {
  await write('DELETE', 'permanences', byId('perm-id').value, undefined, false, byId('permanence-form'), byId('perm-report'),
    permanenceField);
  showWorkspace();
});

// ---- closures: the site with one more closure

byId('closure-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const { id, ...site } = territory.sites.find((s) => s.id === byId('cl-site').value);
  const closures = site.closures || [];
  const closure = { from: byId('cl-from').value, to: byId('cl-to').value };
  if (byId('cl-reason').value.trim()) closure.reason = byId('cl-reason').value.trim();
  const added = `closures[${closures.length}]`;
  await write('PUT', 'sites', id, { ...site, closures: [...closures, closure] }, event.submitter?.name === 'dryRun',
    byId('closure-form'), byId('cl-report'), (path) => (path.startsWith(`${added}.`) ? `cl-${path.slice(added.length + 1)}` : null));
});

// ---- sites, themes, partners

function chooseElementPart() {
  const part = byId('el-part').value;
  options(byId('el-choice'), territory[part], (item) => item.name || item.label || item.id, 'Nouvel élément');
  showElement(territory[part][0]);
}

function showElement(item) {
  byId('el-choice').value = item ? item.id : '';
  byId('el-id').value = item ? item.id : '';
  byId('el-id').readOnly = Boolean(item);
  const { id, ...rest } = item || {};
  byId('el-json').value = JSON.stringify(rest, null, 2);
  clearErrors(byId('element-form'));
}

byId('el-part').addEventListener('change', chooseElementPart);
byId('el-choice').addEventListener('change', () => showElement(territory[byId('el-part').value].find((i) => i.id === byId('el-choice').value)));
byId('element-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  let body;
  try {
    body = JSON.parse(byId('el-json').value);
  } catch {
    showErrors(byId('element-form'), [{ field: 'el-json', message: 'La description n’est pas un JSON lisible.' }]);
    return;
  }
  await write('PUT', byId('el-part').value, byId('el-id').value.trim(), body, event.submitter?.name === 'dryRun',
    byId('element-form'), byId('el-report'), () => 'el-json');
});
byId('el-delete').addEventListener('click', async () => {
  await write('DELETE', byId('el-part').value, byId('el-id').value, undefined, false, byId('element-form'), byId('el-report'),
    () => 'el-json');
  chooseElementPart();
});

// ---- voice menu

function voiceBody() {
  try {
    return JSON.parse(byId('voice-json').value);
  } catch {
    showErrors(byId('voice-form'), [{ field: 'voice-json', message: 'Le menu n’est pas un JSON lisible.' }]);
    return null;
  }
}

async function voice(path, method) {
  const body = voiceBody();
  if (!body) return null;
  const answer = await api(path, { method, body, headers: agentToken.headers() });
  if (answer.status === 422) {
    showErrors(byId('voice-form'), answer.data.errors.map((e) => ({ field: 'voice-json', message: `${e.field} : ${e.message}` })),
      'Le menu est refusé, rien n’est enregistré');
    return null;
  }
  if (!answer.ok) {
    showProblem(byId('voice-report'), answer.data);
    return null;
  }
  clearErrors(byId('voice-form'));
  return answer.data;
}

byId('voice-transcript').addEventListener('click', async () => {
  const transcript = await voice('/api/admin/voice/transcript', 'POST');
  if (transcript) {
    byId('transcript').textContent = transcript.text;
    byId('transcript').hidden = false;
    focusOn(byId('transcript'));
  }
});
byId('voice-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const report = await voice('/api/admin/voice', 'PUT');
  if (report) showReport(byId('voice-report'), report);
});

// ---- sign in

byId('token-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  agentToken.set(byId('token').value.trim());
  const problem = await load();
  if (problem) {
    showErrors(byId('token-form'), [{ field: 'token', message: problem }]);
    return;
  }
  showWorkspace();
});

(async () => {
  if (agentToken.get() && !(await load())) {
    showWorkspace();
  } else {
    byId('login').hidden = false;
  }
})();
