import type { StoredEvent, TopicModel } from '../../core/protocol/model.js';
import type { XapiOptions, XapiStatement } from '../../core/protocol/xapi-types.js';
import type { TopicHistory } from './report-model.js';

/**
 * The xAPI statements of every event in the report's histories, built by each widget's own builder
 * (the model's `statements()`, docs/xapi.md) from the event and the topic's state before it: the
 * same statements, with the same ids, as the authority forwards to an LRS, so an LRS that already
 * has them stores them once. Events fetched without their actor (anonymous data) give the room's
 * anonymous group, as at the authority. Loaded only when someone downloads them; the models come in
 * as a parameter, so this chunk shares no module with the report's file (one request up front).
 */
export async function reportStatements(
  histories: readonly TopicHistory[],
  modelOf: (topic: string) => TopicModel<any> | null,
  options: XapiOptions,
): Promise<XapiStatement[]> {
  const out: XapiStatement[] = [];
  for (const h of histories) {
    const model = modelOf(h.topic);
    const build = await model?.statements?.();
    if (!model || !build) continue;
    let state = (h.snapshot?.state as unknown) ?? model.initial();
    for (const e of h.events) {
      out.push(...build(e as StoredEvent, state, options));
      state = model.evolve(state, e);
    }
  }
  return out;
}
