import { useState } from 'react';
import { PulsePoll, Session, SessionSurvey } from 'pulsekit/react';
import { definition, options } from './lunch';

export function LunchPollWrapped() {
  const [vote, setVote] = useState('none');
  const [sent, setSent] = useState('none');
  return (
    <Session room="react-wrappers" participantName="Ada">
      <PulsePoll pollId="lunch" question="Soup or salad?" options={options} onPkVote={(e) => setVote(e.detail.choices.join(','))} />
      <SessionSurvey surveyId="lunch-feedback" definition={definition} onPkSurveySubmit={(e) => setSent(String(e.detail.answers['taste']))} />
      <p id="vote">Voted: {vote}</p>
      <p id="sent">Sent: {sent}</p>
    </Session>
  );
}
