// The demo builds the same set of polls in both views. The participant id is kept per tab
// (sessionStorage) so that a second tab is a second participant; the room is in the URL hash.
import '../src/define-all.js';

const room = location.hash.slice(1) || 'demo';
let pid = sessionStorage.getItem('pk-demo-pid');
if (!pid) {
  pid = `p-${Math.random().toString(36).slice(2, 8)}`;
  sessionStorage.setItem('pk-demo-pid', pid);
}

const polls = `
  <pk-pulse-poll poll-id="warmup" question="How was the commute to this session?" draft allow-change timer-seconds="60">
    <option value="easy">Easy</option>
    <option value="ok">Okay</option>
    <option value="rough">Rough</option>
  </pk-pulse-poll>
  <pk-pulse-poll poll-id="confidence" kind="scale" min="1" max="5" min-label="Not yet" max-label="Ready" results="after-vote"
    question="How ready do you feel to apply today's method?"></pk-pulse-poll>
  <pk-pulse-poll poll-id="topics" kind="multiple" max-choices="2" question="Which two topics should we go deeper on?">
    <option value="feedback">Giving feedback</option>
    <option value="facilitation">Online facilitation</option>
    <option value="assessment">Assessment</option>
    <option value="design">Course design</option>
  </pk-pulse-poll>
  <pk-pulse-poll poll-id="oneword" kind="text" question="One word for this morning?"></pk-pulse-poll>
`;

const participant = document.getElementById('participant')!;
const facilitator = document.getElementById('facilitator')!;
for (const s of [participant, facilitator]) s.setAttribute('room', room);
participant.setAttribute('participant-id', pid);
document.getElementById('participant-widgets')!.innerHTML = polls; // static markup written here, no user input
document.getElementById('facilitator-widgets')!.innerHTML = polls;
document.getElementById('room-label')!.textContent = `Room: ${room} · you are ${pid}`;

const lang = document.getElementById('lang') as HTMLSelectElement;
lang.addEventListener('change', () => {
  participant.setAttribute('lang', lang.value);
  participant.setAttribute('dir', lang.value === 'ar' ? 'rtl' : 'ltr');
});
document.getElementById('new-room')!.addEventListener('click', () => {
  location.hash = `room-${Date.now().toString(36)}`;
  location.reload();
});

document.addEventListener('pk-vote', (e) => console.info('pk-vote', e.detail));
