import type { PkPulsePoll } from '../../components/pulse-poll/pk-pulse-poll.js';
import { accessibleName, Harness, nameMatches, squash, waitFor, type NameMatch } from './harness.js';

/** One row of a poll's results as shown: the choice and its count line ("2 votes · 50 %"). */
export interface PollResultShown {
  label: string;
  count: string;
}

/**
 * Drives a `<pk-pulse-poll>` as a participant or facilitator does: choose, type, vote, read the
 * results, press the facilitator's controls. Named buttons (`changeVote`, `control`) are found by
 * their English labels unless you pass your own.
 */
export class PollHarness extends Harness<PkPulsePoll> {
  /** The question as shown. */
  question(): string {
    return squash(this.part('question').textContent);
  }

  /** The labels of the choices on the vote form (radios, checkboxes or scale points). */
  choices(): string[] {
    return this.#inputs().map((i) => this.#label(i));
  }

  /** The choice input labelled `label` (visible label or accessible name); throws when there is none. */
  choice(label: NameMatch): HTMLInputElement {
    const found = this.#inputs().find((i) => nameMatches(this.#label(i), label) || nameMatches(accessibleName(i), label));
    if (!found) throw new Error(`no choice ${String(label)} in the poll: ${this.text()}`);
    return found;
  }

  /** Clicks the choice labelled `label` (a radio picks it, a checkbox toggles it). */
  async choose(label: NameMatch): Promise<void> {
    await this.click(this.choice(label));
  }

  /** Types `text` into answer field `n` (from 0) of a text poll. */
  async answer(text: string, n = 0): Promise<void> {
    const fields = this.findAll<HTMLInputElement>('input[type=text]', this.part('choices'));
    const field = fields[n];
    if (!field) throw new Error(`no answer field ${n + 1} (of ${fields.length}) in the poll: ${this.text()}`);
    await this.type(field, text);
  }

  /** The labels of a text poll's answer fields ("Answer 1 of 4"…). */
  answerFields(): string[] {
    return this.findAll('input[type=text]', this.part('choices')).map((f) => accessibleName(f));
  }

  /** Presses the form's main button (Vote, Submit or Send answer). */
  async vote(): Promise<void> {
    const form = this.find('form');
    if (!form) throw new Error(`no vote form in the poll: ${this.text()}`);
    await this.click(this.find<HTMLButtonElement>('button[type=submit]', form)!);
  }

  /** Presses "Change vote" (or the button named `name`) to reopen the form. */
  async changeVote(name: NameMatch = /^Change vote$/): Promise<void> {
    await this.press(name);
  }

  /** The results rows as shown; [] when no results are shown. */
  results(): PollResultShown[] {
    const section = this.find('section[part~=results]');
    if (!section) return [];
    return this.findAll('li', section).map((li) => {
      const [label, count] = this.findAll('span', li);
      return { label: squash(label?.textContent), count: squash(count?.textContent) };
    });
  }

  /** The results section (or the note that stands for it) as one line of text; '' when neither is shown. */
  resultsText(): string {
    return squash(this.find('[part~=results]')?.textContent);
  }

  /** Presses the results' pause toggle (WCAG 2.2.2); returns whether it is now pressed. */
  async pauseResults(): Promise<boolean> {
    const toggle = this.find<HTMLButtonElement>('button[aria-pressed]', this.part('results'));
    if (!toggle) throw new Error(`no pause toggle in the results: ${this.resultsText()}`);
    await this.click(toggle);
    return this.find('button[aria-pressed]', this.part('results'))?.getAttribute('aria-pressed') === 'true';
  }

  /** Shows the results of an earlier round (`'current'` for the current one) with the round picker. */
  async viewRound(round: number | 'current'): Promise<void> {
    const picker = this.find<HTMLSelectElement>('select', this.part('results'));
    if (!picker) throw new Error(`no round picker in the results: ${this.resultsText()}`);
    await this.select(picker, round === 'current' ? '' : String(round));
  }

  /** The facilitator's controls (`part="controls"`), once their lazy chunk has loaded (default 10 s). */
  async controls(timeout = 10_000): Promise<HTMLElement> {
    return waitFor(
      () => this.find<HTMLElement>('[part~=controls]'),
      () => `facilitator controls in the poll: ${this.text()}`,
      timeout,
    );
  }

  /** Presses the facilitator control named `name` (Open poll, Close poll, Reveal results, New round…). */
  async control(name: NameMatch): Promise<void> {
    await this.press(name, await this.controls());
  }

  #inputs(): HTMLInputElement[] {
    const choices = this.find('[part~=choices]');
    return choices ? this.findAll<HTMLInputElement>('input[type=radio], input[type=checkbox]', choices) : [];
  }

  /** The visible label of a choice input. */
  #label(input: HTMLInputElement): string {
    return squash([...(input.labels ?? [])].map((l) => l.textContent).join(' '));
  }
}
