import type { ReactiveControllerHost } from 'lit';
import type { PkPulsePoll } from './pk-pulse-poll.js';
import { textKey } from './poll-model.js';

/** What the choices read from the poll element: the config votes are made under, and its vote. */
type ChoicesHost = ReactiveControllerHost & Pick<PkPulsePoll, 'pollState' | 'authoredConfig' | 'vote'>;

/**
 * What the participant picked or typed and has not sent, and whether they are changing a vote. The
 * choice is kept when the poll closes under them (WCAG 2.2.1), and emptied once a vote is sent.
 * Each change renders the host.
 */
export class PollChoices {
  /** Picked option values, or typed answers one per field (blank fields included). */
  selected: string[] = [];
  /** Whether the participant pressed Change vote and has not sent the new one. */
  changing = false;
  readonly #host: ChoicesHost;

  constructor(host: ChoicesHost) {
    this.#host = host;
  }

  /** The form starts from `mine` for a change of vote. */
  change(mine: string[]): void {
    this.#set([...mine], true);
  }

  /** A vote went out: nothing left unsent. */
  sent(): void {
    this.#set([], false);
  }

  /** A radio or checkbox changed. */
  readonly pick = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    const picked = this.selected;
    if (input.type === 'radio') this.#set([input.value]);
    else this.#set(input.checked ? [...new Set([...picked, input.value])] : picked.filter((v) => v !== input.value));
  };

  /** Typed answers are kept as typed (one per field), so a poll closing under the participant keeps them. */
  readonly type = (e: Event): void => {
    const form = (e.target as HTMLInputElement).form!;
    this.#set([...form.querySelectorAll<HTMLInputElement>('input[name=choice]')].map((i) => i.value));
  };

  /** Sends the form's choices (nothing when none is made). */
  readonly submit = (e: SubmitEvent): void => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    let choices: string[];
    const host = this.#host;
    if ((host.pollState.config ?? host.authoredConfig).kind === 'text') {
      // Blank fields are skipped, and the same answer typed twice ("Fun", "fun ") is sent once.
      const byKey = new Map<string, string>();
      for (const i of form.querySelectorAll<HTMLInputElement>('input[name=choice]')) {
        const text = i.value.trim();
        const key = textKey(text);
        if (text && !byKey.has(key)) byKey.set(key, text);
      }
      choices = [...byKey.values()];
    } else {
      choices = [...form.querySelectorAll<HTMLInputElement>('input[name=choice]:checked')].map((i) => i.value);
    }
    if (choices.length > 0) void host.vote(choices);
  };

  #set(selected: string[], changing = this.changing): void {
    this.selected = selected;
    this.changing = changing;
    this.#host.requestUpdate();
  }
}
