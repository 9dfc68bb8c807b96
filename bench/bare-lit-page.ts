// The first-paint benchmark's baseline for the poll (bench/first-paint.mjs): a bare Lit element
// doing a render comparable to <pk-pulse-poll>'s for a participant (the question, a radio per
// light-DOM <option>, a submit button, scoped styles) with nothing else: no session, transport,
// outbox, strings or formatting. What Lit and the browser cost is the floor the poll is held to.
import { css, html, LitElement } from 'lit';

class BarePoll extends LitElement {
  static override properties = { question: { type: String }, picked: { state: true } };
  static override styles = css`
    :host {
      display: block;
      font: inherit;
    }
    fieldset {
      border: 1px solid #8886;
      border-radius: 8px;
      padding: 12px;
    }
    label {
      display: flex;
      gap: 8px;
      align-items: center;
      min-height: 44px;
    }
    button {
      min-height: 44px;
      padding: 0 16px;
    }
  `;
  declare question: string;
  declare picked: string;

  constructor() {
    super();
    this.question = '';
    this.picked = '';
  }

  override render() {
    const options = [...this.querySelectorAll('option')].map((o) => [o.value, o.textContent ?? '']);
    return html`<form @submit=${(e: Event) => e.preventDefault()}>
      <fieldset>
        <legend id="q">${this.question}</legend>
        ${options.map(
          ([value, label]) =>
            html`<label><input type="radio" name="choice" .value=${value} .checked=${this.picked === value} @change=${() => (this.picked = value!)} />${label}</label>`,
        )}
      </fieldset>
      <button type="submit" ?disabled=${!this.picked}>Vote</button>
    </form>`;
  }
}
customElements.define('bare-poll', BarePoll);
