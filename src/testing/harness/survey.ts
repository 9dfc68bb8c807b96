import type { PkSessionSurvey } from '../../components/session-survey/pk-session-survey.js';
import { accessibleName, Harness, nameMatches, squash, waitFor, type NameMatch } from './harness.js';

/**
 * An answer as a person gives it: the label of a choice or scale point (a number picks the point
 * whose label is or starts with it: "4", "4 stars out of 5"), labels for a multiple choice, text
 * for a text question, and `{ row: column }` labels for a matrix.
 */
export type SurveyAnswerInput = string | number | string[] | Record<string, string>;

/**
 * Drives a `<pk-session-survey>` as a participant does: answer questions found by their titles,
 * page with Next and Back, rank with the move buttons, send, read the problems and the thank-you.
 */
export class SurveyHarness extends Harness<PkSessionSurvey> {
  /** The survey's title. */
  title(): string {
    return squash(this.part('title').textContent);
  }

  /** The titles of the questions on the page shown. */
  questions(): string[] {
    return this.findAll('[part~=question]').map((q) => this.#titleOf(q));
  }

  /** The question titled `title` on the page shown; throws, listing the titles, when there is none. */
  question(title: NameMatch): HTMLElement {
    const found = this.findAll('[part~=question]').find((q) => nameMatches(this.#titleOf(q), title));
    if (!found) throw new Error(`no question ${String(title)} on this page: ${this.questions().join(' | ')}`);
    return found;
  }

  /** Whether a question titled `title` is shown. */
  hasQuestion(title: NameMatch): boolean {
    return this.findAll('[part~=question]').some((q) => nameMatches(this.#titleOf(q), title));
  }

  /** Answers the question titled `question` with `value` (see `SurveyAnswerInput`). */
  async answer(question: NameMatch, value: SurveyAnswerInput): Promise<void> {
    const q = this.question(question);
    const field = this.find<HTMLInputElement | HTMLTextAreaElement>('input[type=text], textarea', q);
    if (field) return this.type(field, String(value));
    if (Array.isArray(value)) {
      for (const box of this.#choices(q)) {
        if (box.checked !== value.some((v) => nameMatches(accessibleName(box), v))) await this.click(box);
      }
      return;
    }
    if (typeof value === 'object') {
      for (const [row, column] of Object.entries(value)) await this.click(this.#cell(q, row, column));
      return;
    }
    await this.click(this.option(question, value));
  }

  /** The radio or checkbox of question `question` labelled `label` (or, for a number, the scale point it names). */
  option(question: NameMatch, label: string | number): HTMLInputElement {
    const q = this.question(question);
    const name = String(label);
    const inputs = this.#choices(q);
    const found =
      inputs.find((i) => nameMatches(accessibleName(i), name)) ??
      (typeof label === 'number' ? inputs.find((i) => accessibleName(i).startsWith(`${name} `)) : undefined);
    if (!found) throw new Error(`no option ${name} in "${this.#titleOf(q)}": ${inputs.map((i) => accessibleName(i)).join(' | ')}`);
    return found;
  }

  /** The items of a ranking question, in their current order. */
  ranking(question: NameMatch): string[] {
    return this.findAll('ol > li', this.question(question)).map((li) => squash(li.querySelector('[dir=auto]')?.textContent));
  }

  /** Moves `item` of a ranking question one place up or down with its move button. */
  async move(question: NameMatch, item: string, direction: 'up' | 'down'): Promise<void> {
    const row = this.findAll('ol > li', this.question(question)).find((li) => squash(li.querySelector('[dir=auto]')?.textContent) === item);
    if (!row) throw new Error(`no item "${item}" in the ranking: ${this.ranking(question).join(' | ')}`);
    const [up, down] = this.findAll<HTMLButtonElement>('button', row);
    await this.click((direction === 'up' ? up : down)!);
  }

  /** Presses the form's main button: Next, or Send answers / Update answers on the last page. */
  async next(): Promise<void> {
    const form = this.find('form');
    if (!form) throw new Error(`no form shown: ${this.text()}`);
    await this.click(this.find<HTMLButtonElement>('button[type=submit]', form)!);
  }

  /** Sends the answers (the form's main button on the last page). */
  async submit(): Promise<void> {
    await this.next();
  }

  /** Goes back a page. */
  async back(): Promise<void> {
    const back = this.find<HTMLButtonElement>('form [part~=actions] button:not([type=submit])');
    if (!back) throw new Error(`no Back button on this page: ${this.text()}`);
    await this.click(back);
  }

  /** The page's problems as listed in its error summary ("Title: This question needs an answer."). */
  problems(): string[] {
    const summary = this.find('[part~=error][role=alert]');
    return summary ? this.findAll('li', summary).map((li) => squash(li.textContent)) : [];
  }

  /** The problem shown under the question titled `question`, or null. */
  problem(question: NameMatch): string | null {
    const p = this.find('[part~=error]', this.question(question));
    return p ? squash(p.textContent) : null;
  }

  /** The page progress ("Page 1 of 2"), or '' on a one-page survey. */
  progress(): string {
    return squash(this.find('[part~=progress]')?.textContent);
  }

  /** The thank-you shown once sent, as text ('' while the form is shown). */
  thankYou(): string {
    return squash(this.find('[part~=thank-you]')?.textContent);
  }

  /** The facilitator's results view (`part="results"`), once its lazy chunk has loaded (default 10 s). */
  async results(timeout = 10_000): Promise<HTMLElement> {
    return waitFor(
      () => this.find<HTMLElement>('[part~=results]'),
      () => `the results view in the survey: ${this.text()}`,
      timeout,
    );
  }

  /** The title of a question element: its legend's or label's first text, without the required mark. */
  #titleOf(q: Element): string {
    return squash(q.querySelector(':scope > legend > [dir=auto], :scope > label > [dir=auto]')?.textContent);
  }

  #choices(q: Element): HTMLInputElement[] {
    return this.findAll<HTMLInputElement>('input[type=radio], input[type=checkbox]', q);
  }

  /** A matrix radio: named by its row and column headers (aria-labelledby). */
  #cell(q: Element, row: string, column: string): HTMLInputElement {
    const found = this.#choices(q).find((i) => accessibleName(i) === squash(`${row} ${column}`));
    if (!found) throw new Error(`no cell "${row}" × "${column}" in "${this.#titleOf(q)}"`);
    return found;
  }
}
