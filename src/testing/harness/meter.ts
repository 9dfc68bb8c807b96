import type { PkEngagementMeter } from '../../components/engagement-meter/pk-engagement-meter.js';
import { accessibleName, Harness, squash, type NameMatch } from './harness.js';

/**
 * Drives a `<pk-engagement-meter>` as a participant (signal bar: states, reactions, the hand) or
 * a facilitator (pulse, hand queue, controls, timeline) does. State toggles are the signal bar's
 * pressed buttons, reactions its other buttons, the hand its `part="hand"`: no label needed.
 */
export class MeterHarness extends Harness<PkEngagementMeter> {
  /** The state buttons of the signal bar (toggles with `aria-pressed`), in order. */
  stateButtons(): HTMLButtonElement[] {
    return this.findAll<HTMLButtonElement>('[role=group] button[aria-pressed]', this.part('signals'));
  }

  /** The labels of the states a participant can signal. */
  states(): string[] {
    return this.stateButtons().map((b) => accessibleName(b));
  }

  /** The state button named `label` ("Confused", "Got it"…). */
  stateButton(label: NameMatch): HTMLButtonElement {
    return this.button(label, this.#group('states'));
  }

  /** Presses the state `label`: sets it, or withdraws it when it is already mine. */
  async toggleState(label: NameMatch): Promise<void> {
    await this.click(this.stateButton(label));
  }

  /** The state shown as mine, or null when none is pressed. */
  myState(): string | null {
    const pressed = this.stateButtons().find((b) => b.getAttribute('aria-pressed') === 'true');
    return pressed ? accessibleName(pressed) : null;
  }

  /** The line about my own state ("Your state: Confused · expires in about 10 minutes"). */
  mine(): string {
    return squash(this.part('mine').textContent);
  }

  /** Sends the reaction named `label` ("Applause"…). */
  async react(label: NameMatch): Promise<void> {
    await this.click(this.button(label, this.#group('reactions')));
  }

  /** Whether my hand is up (the hand toggle is pressed). */
  handRaised(): boolean {
    return this.part('hand').getAttribute('aria-pressed') === 'true';
  }

  /** Raises my hand (nothing to do when it is up already). */
  async raiseHand(): Promise<void> {
    if (!this.handRaised()) await this.click(this.part('hand'));
  }

  /** Lowers my hand (nothing to do when it is down). */
  async lowerHand(): Promise<void> {
    if (this.handRaised()) await this.click(this.part('hand'));
  }

  /** The facilitator's pulse summary (`part="summary"`) as one line of text. */
  summary(): string {
    return squash(this.part('summary').textContent);
  }

  /** The raised hands in the facilitator's queue, in order, as shown ("Raised hand 1 · waiting 3 s"). */
  hands(): string[] {
    return this.findAll('li', this.part('hands')).map((li) => squash(li.textContent));
  }

  /** Lowers a hand from the facilitator's queue: the one whose row matches `who`, else the first. */
  async lowerFromQueue(who?: NameMatch): Promise<void> {
    const rows = this.findAll('li', this.part('hands'));
    const row =
      who === undefined
        ? rows[0]
        : rows.find((li) => (typeof who === 'string' ? squash(li.textContent).includes(who) : who.test(squash(li.textContent))));
    if (!row) throw new Error(`no raised hand ${who === undefined ? '' : String(who)} in: ${this.hands().join(' | ')}`);
    await this.click(this.find<HTMLButtonElement>('button', row)!);
  }

  /** Presses the facilitator's button named `name` (Named mode, Pause live numbers, Clear all states…). */
  async control(name: NameMatch): Promise<void> {
    await this.press(name);
  }

  /** Whether the facilitator's toggle named `name` is pressed. */
  controlPressed(name: NameMatch): boolean {
    return this.button(name).getAttribute('aria-pressed') === 'true';
  }

  /** Drops a marker labelled `label` on the timeline (types it, then presses the form's button). */
  async dropMarker(label: string): Promise<void> {
    const timeline = this.part('timeline');
    const form = this.find('form', timeline)!;
    await this.type(this.find<HTMLInputElement>('input[type=text]', form)!, label);
    await this.click(this.find<HTMLButtonElement>('button[type=submit]', form)!);
  }

  /** The notice shown to participants (named mode), or '' when none. */
  notice(): string {
    return squash(this.find('[part~=notice]')?.textContent);
  }

  /** The signal bar's button group that holds state toggles (`states`) or reactions. */
  #group(which: 'states' | 'reactions'): Element {
    const groups = this.findAll('[role=group]', this.part('signals'));
    const found = groups.find((g) => (which === 'states') === !!g.querySelector('button[aria-pressed]'));
    if (!found) throw new Error(`no ${which} in the signal bar: ${this.text()}`);
    return found;
  }
}
