// Vue 3 from the manifest: GlobalComponents for vue-tsc's template checks (src/vue/index.ts). See
// scripts/generate-types.mjs.
import { HEADER, jsdoc, typeNames } from './manifest-elements.mjs';

export function vueComponents(elements) {
  const names = new Set(elements.map((el) => el.className));
  for (const el of elements) for (const e of el.events) for (const n of typeNames(e.type)) names.add(n);
  const entries = elements.map((el) => {
    const props = el.properties.map((p) => `'${p.name}'`).join(' | ') || 'never';
    // An element without events (the producer console) gets an empty record, not `{}` (any value).
    const events = el.events.length ? `{ ${el.events.map((e) => `'${e.name}': ${e.type}`).join('; ')} }` : 'Record<string, never>';
    return `${jsdoc(el.summary, '    ')}    '${el.tag}': VueElement<${el.className}, ${props}, ${events}>;`;
  });
  return `${HEADER}
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { ${[...names].sort().join(', ')} } from '../index.js';

/**
 * A custom element as vue-tsc sees a component: \`$props\` are its writable properties (\`poll-id="…"\`,
 * \`:options.prop="…"\`), \`$emit\` its events (\`@pk-vote="…"\`).
 */
type VueElement<E extends HTMLElement, Props extends keyof E, Events extends Record<string, Event>> = new () => E & {
  /** @deprecated For template type checks only: not a property of the element. */
  $props: HTMLAttributes & Partial<Pick<E, Props>> & PublicProps;
  /** @deprecated For template type checks only: not a method of the element. */
  $emit: EmitFn<{ [K in keyof Events]: (event: Events[K]) => void }>;
};

declare module 'vue' {
  interface GlobalComponents {
${entries.join('\n')}
  }
}
`;
}
