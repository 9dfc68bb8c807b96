import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { PkSurveySubmitDetail, PkVoteDetail } from 'pulsekit';
import { definition, options } from '../lunch';

@Component({
  selector: 'app-lunch-poll',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <pk-session room="angular-app" participant-name="Ada">
      <pk-pulse-poll poll-id="lunch" question="Soup or salad?" [options]="options" (pk-vote)="onVote($event)"></pk-pulse-poll>
      <pk-session-survey survey-id="lunch-feedback" [definition]="definition" (pk-survey-submit)="onSubmit($event)"></pk-session-survey>
      <p id="vote">Voted: {{ vote() }}</p>
      <p id="sent">Sent: {{ sent() }}</p>
    </pk-session>
  `,
})
export class LunchPoll {
  protected readonly options = options;
  protected readonly definition = definition;
  protected readonly vote = signal('none');
  protected readonly sent = signal('none');

  protected onVote(event: CustomEvent<PkVoteDetail>): void {
    this.vote.set(event.detail.choices.join(','));
  }

  protected onSubmit(event: CustomEvent<PkSurveySubmitDetail>): void {
    this.sent.set(String(event.detail.answers['taste']));
  }
}
