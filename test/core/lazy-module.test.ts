// The core's lazy-module controller (src/core/lit/lazy-module.ts) with two widgets on one page: the
// one that did not start the load must still show the module once it arrives.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { LazyModule, LazyModuleController } from '../../src/core/lit/lazy-module.js';

let release: (m: { text: string }) => void = () => {};
const chunk = new LazyModule(() => new Promise<{ text: string }>((resolve) => (release = resolve)), 'a test chunk');

class LazyUser extends LitElement {
  readonly view = new LazyModuleController(this, chunk);
  override render() {
    return this.view.render({ pending: () => 'loading', loaded: (m) => m.text, failed: () => 'failed' });
  }
}
customElements.define('pk-test-lazy-user', LazyUser);

describe('LazyModuleController', () => {
  it('every widget waiting on a module renders it once it arrives, not only the one that started the load', async () => {
    const first = await fixture<LazyUser>(html`<pk-test-lazy-user></pk-test-lazy-user>`);
    const second = await fixture<LazyUser>(html`<pk-test-lazy-user></pk-test-lazy-user>`);
    expect([first.shadowRoot!.textContent, second.shadowRoot!.textContent]).to.deep.equal(['loading', 'loading']);
    release({ text: 'the module' });
    await waitUntil(() => first.shadowRoot!.textContent === 'the module', 'the first shows it');
    await waitUntil(() => second.shadowRoot!.textContent === 'the module', 'the second shows it too');
  });
});
