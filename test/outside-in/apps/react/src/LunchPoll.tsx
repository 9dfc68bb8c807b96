import { useState } from 'react';
import { definition, options } from './lunch';

export function LunchPoll() {
  const [vote, setVote] = useState('none');
  const [sent, setSent] = useState('none');
  return (
    <pk-session room="react-jsx" participant-name="Ada">
      <pk-pulse-poll poll-id="lunch" question="Soup or salad?" options={options} onpk-vote={(e) => setVote(e.detail.choices.join(','))} />
      <pk-session-survey survey-id="lunch-feedback" definition={definition} onpk-survey-submit={(e) => setSent(String(e.detail.answers['taste']))} />
      <p id="vote">Voted: {vote}</p>
      <p id="sent">Sent: {sent}</p>
    </pk-session>
  );
}
