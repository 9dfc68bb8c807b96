/**
 * Says a widget's connection status politely each time it changes to something new: going
 * offline, losing the session, actions waiting to be sent. Sighted users see these in the status
 * line; without this a screen reader user would not learn that what they do is only queued.
 */
export class StatusAnnouncer {
  #last = '';
  readonly #say: (message: string) => void;

  /** `say`: the widget's polite (throttled) announcer. */
  constructor(say: (message: string) => void) {
    this.#say = say;
  }

  /** Call after each render with the status lines shown. */
  update(lines: readonly string[]): void {
    const text = lines.join(' ');
    if (text === this.#last) return;
    this.#last = text;
    if (text) this.#say(text);
  }
}
