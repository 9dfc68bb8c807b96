// Demo landing page of the reference server. Plain ES module, no build, no inline script (the page
// is served with a strict Content-Security-Policy). Joining asks the server's dev endpoint for a
// token and shows <pk-session endpoint room user-role> with the polls inside it.

const $ = (id) => document.getElementById(id);
const form = $('join');
const problem = $('problem');
const live = $('live');
const host = $('session-host');

function showProblem(text) {
  problem.textContent = text;
  problem.hidden = !text;
}

/** A participant id per tab and room, so a second tab is a second person. */
function participantIdFor(room, role) {
  const key = `pk-server-demo:${room}:${role}`;
  let id = sessionStorage.getItem(key);
  if (!id) {
    id = `${role.slice(0, 4)}-${crypto.randomUUID().slice(0, 8)}`;
    sessionStorage.setItem(key, id);
  }
  return id;
}

async function devToken(room, role, name, participantId) {
  const res = await fetch('/v1/dev/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ room, role, name, participantId }),
  });
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new Error(body?.error?.message ?? `The server answered ${res.status}.`);
  }
  return (await res.json()).token;
}

/** Resolves true when the network transports loaded (dist/cdn/network.js). */
async function networkLoaded() {
  try {
    await import('/cdn/network.js');
    return true;
  } catch {
    return false;
  }
}

async function join(room, role, name) {
  showProblem('');
  const defined = await Promise.race([
    customElements.whenDefined('pk-session').then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), 5000)),
  ]);
  if (!defined) {
    showProblem('The widgets did not load (/cdn/pulsekit.js). Run "npm run build", then reload.');
    return;
  }
  if (!(await networkLoaded())) {
    showProblem('The network transports are missing (/cdn/network.js). Run "npm run build", then reload.');
    return;
  }
  const participantId = participantIdFor(room, role);
  // Fail early with a clear message (production mode has no dev tokens).
  try {
    await devToken(room, role, name, participantId);
  } catch (err) {
    showProblem(`Could not get a token: ${err.message}`);
    return;
  }
  const session = document.createElement('pk-session');
  session.setAttribute('endpoint', location.origin);
  session.setAttribute('room', room);
  session.setAttribute('user-role', role);
  session.setAttribute('participant-id', participantId);
  session.setAttribute('participant-name', name);
  session.tokenProvider = () => devToken(room, role, name, participantId);
  session.append($('polls').content.cloneNode(true));
  host.replaceChildren(session);
  $('live-h').textContent = `Room ${room}`;
  $('who').textContent = `You are ${name || participantId} (${role}). Open this page in another tab to join as someone else.`;
  form.hidden = true;
  live.hidden = false;
  history.replaceState(null, '', `#${encodeURIComponent(room)}`);
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const data = new FormData(form);
  const room = String(data.get('room') ?? '').trim() || 'demo';
  const role = String(data.get('role') ?? 'participant');
  const name = String(data.get('name') ?? '').trim();
  void join(room, role, name);
});

$('leave').addEventListener('click', () => {
  host.replaceChildren(); // removing <pk-session> closes its session
  live.hidden = true;
  form.hidden = false;
});

const fromHash = decodeURIComponent(location.hash.slice(1));
if (fromHash) $('room').value = fromHash;

fetch('/v1/health')
  .then((r) => r.json())
  .then((h) => {
    $('server').textContent = `Pulsekit reference server ${h.version}, up ${h.uptimeS} s.`;
  })
  .catch(() => {});
