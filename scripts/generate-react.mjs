// React 19 from the manifest: JSX IntrinsicElements (src/react/jsx.ts) and @lit/react wrappers
// (src/react/index.ts). See scripts/generate-types.mjs.
import { HEADER, importPath, jsdoc, typeNames } from './manifest-elements.mjs';

/** What an attribute accepts in JSX: React 19 writes it with setAttribute, so text forms count. */
function attributeType(a) {
  if (a.values) return a.values.map((v) => `'${v}'`).join(' | ');
  if (a.flag) return 'boolean';
  if (a.type.split(' | ').includes('number')) return 'number | `${number}`';
  return 'string';
}

const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);

/** Types named by the elements' events, plus the element classes: imported from the package root. */
function rootImports(elements, withClasses) {
  const names = new Set(withClasses ? elements.map((el) => el.className) : []);
  for (const el of elements) for (const e of el.events) for (const n of typeNames(e.type)) names.add(n);
  return [...names].sort();
}

export function reactJsx(elements) {
  const props = elements.map((el) => {
    const lines = [
      ...el.attributes.map((a) => `${jsdoc(a.description, '  ')}  ${key(a.name)}?: ${attributeType(a)};`),
      ...el.properties
        .filter((p) => !p.attribute)
        .map(
          (p) =>
            `${jsdoc(`${p.description}\nA property: React sets it as one only once the element is registered (or use the wrapper from pulsekit/react).`, '  ')}  ${key(p.name)}?: ${el.className}['${p.name}'];`,
        ),
      ...el.events.map((e) => `${jsdoc(e.description, '  ')}  'on${e.name}'?: (event: ${e.type}) => void;`),
    ];
    const doc = jsdoc(
      `\`<${el.tag}>\` in React 19 JSX: its attributes, its properties that have none, and its \`on${el.events[0]?.name ?? 'pk-…'}\`-style events.`,
    );
    // An element with nothing of its own (no attributes, events or attribute-less properties): an
    // empty object type that keeps React's own props, not an empty interface, which the linter refuses.
    if (lines.length === 0) return `${doc}export type ${el.className}JsxProps = Record<never, never>;`;
    return `${doc}export interface ${el.className}JsxProps {\n${lines.join('\n')}\n}`;
  });
  return `${HEADER}
// React 19 sets a custom element's prop as a property when the element has it (registered), else as
// an attribute; attributes are listed by their attribute names so they work either way.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { ${rootImports(elements, true).join(', ')} } from '../index.js';

/** React's props for an element, ours replacing any it declares under the same name (\`role\`). */
type ElementProps<E extends HTMLElement, Own> = Omit<DetailedHTMLProps<HTMLAttributes<E>, E>, keyof Own> & Own;

${props.join('\n\n')}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
${elements.map((el) => `${jsdoc(el.summary, '      ')}      '${el.tag}': ElementProps<${el.className}, ${el.className}JsxProps>;`).join('\n')}
    }
  }
}
`;
}

export function reactWrappers(elements) {
  const wrappers = elements.map((el) => {
    const name = el.className.replace(/^Pk/, '');
    const events = el.events.map((e) => `${jsdoc(e.description, '    ')}    ${e.handler}: '${e.name}' as EventName<${e.type}>,`).join('\n');
    return `${jsdoc(`\`<${el.tag}>\` as a React component: props are set as properties, \`${el.events[0]?.handler ?? 'onPk…'}\`-style props listen to its events. ${el.summary}`)}export const ${name} = /* @__PURE__ */ createComponent({
  react: React,
  tagName: '${el.tag}',
  elementClass: /* @__PURE__ */ withAccessors(${el.className}),
  events: {
${events}
  },
  displayName: '${name}',
});`;
  });
  const classes = elements.map((el) => `import { ${el.className} } from '${importPath('src/react/index.ts', el.module)}';`);
  return `${HEADER}
// Pure calls: a bundle keeps only the wrappers an app uses.
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
${classes.join('\n')}
import type { ${rootImports(elements, false).join(', ')} } from '../index.js';
import { withAccessors } from './with-accessors.js';

export type * from './jsx.js';

${wrappers.join('\n\n')}
`;
}
