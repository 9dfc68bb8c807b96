// Framework types and editor data, generated from custom-elements.json (the one source: the JSDoc of
// the element classes). `npm run analyze` runs it after the analyzer; test/node/manifest.test.mjs
// fails when a committed file differs from what this writes.
//
//   src/tag-name-map.ts             HTMLElementTagNameMap: document.querySelector('pk-pulse-poll') is a PkPulsePoll
//   src/react/jsx.ts                React 19 JSX IntrinsicElements: attributes, properties, onpk-* events
//   src/react/index.ts              React wrappers (@lit/react): props set as properties, onPk* events
//   src/vue/index.ts                Vue GlobalComponents, for vue-tsc's template checks
//   vscode.html-custom-data.json    VS Code HTML completions (settings: html.customData)
//   web-types.json                  JetBrains IDEs (package.json "web-types")
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { elementsOf, HEADER, importPath } from './manifest-elements.mjs';
import { reactJsx, reactWrappers } from './generate-react.mjs';
import { vueComponents } from './generate-vue.mjs';

/** HTMLElementTagNameMap for every tag; every entry point's types reach it. */
export function tagNameMap(elements) {
  return `${HEADER}
${elements.map((el) => `import type { ${el.className} } from '${importPath('src/tag-name-map.ts', el.module)}';`).join('\n')}

declare global {
  interface HTMLElementTagNameMap {
${elements.map((el) => `    /** ${el.summary} */\n    '${el.tag}': ${el.className};`).join('\n')}
  }
}
`;
}

/** VS Code's HTML custom data (version 1.1): tags, attributes with their values, and a docs link. */
export function vscodeData(elements, pkg) {
  const data = {
    $schema: 'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
    version: 1.1,
    tags: elements.map((el) => ({
      name: el.tag,
      description: el.describe(),
      attributes: el.attributes.map((a) => ({
        name: a.name,
        description: a.description,
        ...(a.values ? { values: a.values.map((name) => ({ name })) } : a.flag ? { valueSet: 'v' } : {}),
      })),
      references: [{ name: 'Documentation', url: `${pkg.homepage.replace(/#.*$/, '')}#${el.tag}` }],
    })),
  };
  return JSON.stringify(data, null, 2) + '\n';
}

/** JetBrains web-types (version 2): elements, attributes, properties, events, slots, parts and tokens. */
export function webTypes(elements, pkg) {
  const data = {
    $schema: 'https://json.schemastore.org/web-types',
    name: pkg.name,
    version: pkg.version,
    'description-markup': 'markdown',
    contributions: {
      html: {
        elements: elements.map((el) => ({
          name: el.tag,
          description: el.describe(),
          'doc-url': `${pkg.homepage.replace(/#.*$/, '')}#${el.tag}`,
          source: { module: el.publicModule, symbol: el.className },
          attributes: el.attributes.map((a) => ({
            name: a.name,
            description: a.description,
            ...(a.default !== undefined ? { default: a.default } : {}),
            value: a.flag
              ? { kind: 'no-value', type: 'boolean' }
              : { kind: 'plain', type: a.values ? a.values.map((v) => `'${v}'`).join(' | ') : a.type },
          })),
          events: el.events.map((e) => ({ name: e.name, description: e.description })),
          slots: el.slots.map((s) => ({ name: s.name, description: s.description })),
          js: {
            properties: el.properties.map((p) => ({ name: p.name, description: p.description, value: { type: p.type } })),
            events: el.events.map((e) => ({ name: e.name, description: e.description, value: { type: e.type } })),
          },
          css: {
            parts: el.parts.map((p) => ({ name: p.name, description: p.description })),
            properties: el.cssProperties.map((p) => ({ name: p.name, description: p.description })),
          },
        })),
      },
    },
  };
  return JSON.stringify(data, null, 2) + '\n';
}

/** Every generated file, path -> content, from a manifest and package.json. */
export function generate(manifest, pkg) {
  const elements = elementsOf(manifest, pkg);
  return {
    'src/tag-name-map.ts': tagNameMap(elements),
    'src/react/jsx.ts': reactJsx(elements),
    'src/react/index.ts': reactWrappers(elements),
    'src/vue/index.ts': vueComponents(elements),
    'vscode.html-custom-data.json': vscodeData(elements, pkg),
    'web-types.json': webTypes(elements, pkg),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  for (const [path, content] of Object.entries(generate(manifest, pkg))) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  console.log('generated framework types and editor data from custom-elements.json');
}
