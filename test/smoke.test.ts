import { expect } from '@open-wc/testing';
import { topicOf } from '../src/core/wire.js';
describe('smoke', () => { it('topicOf', () => { expect(topicOf('poll', 'a')).to.equal('poll:a'); expect(() => topicOf('poll', 'a b')).to.throw(/Invalid poll id/); }); });
