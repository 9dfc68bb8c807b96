// Analyzer plugins that make custom-elements.json describe the package as it is published: tags for
// classes that define files register, value unions instead of alias names, paths of the built JS,
// and only the modules a tool needs (elements and the files that register them).

/** PkPulsePoll -> pk-pulse-poll: every element class is named after its tag. */
const tagOf = (name) => name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase());

/** src/components/x/y.ts -> dist/components/x/y.js: where the code is in the package people install. */
export const publishedPath = (path) => path.replace(/^src\/(.*)\.ts$/, 'dist/$1.js');

/**
 * Our classes are registered by define files (`definePulsePoll()` and the like, which call
 * defineElement), not customElements.define at module level: tell the manifest their tags, and
 * which tags each define file registers (a widget's define file registers <pk-session> too).
 */
export function pulsekitTags() {
  /** define file path -> the tags its define*() calls register, in call order. */
  const registers = new Map();
  return {
    name: 'pulsekit-tags',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!/\/define\.ts$/.test(moduleDoc.path) || !ts.isCallExpression(node) || !ts.isIdentifier(node.expression)) return;
      const m = /^define([A-Z]\w*)$/.exec(node.expression.text);
      if (m) registers.set(moduleDoc.path, [...(registers.get(moduleDoc.path) ?? []), `pk-${tagOf(m[1])}`]);
    },
    packageLinkPhase({ customElementsManifest }) {
      const elements = new Map();
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind === 'class' && /^Pk[A-Z]/.test(decl.name) && mod.path.startsWith('src/components/')) {
            decl.tagName = tagOf(decl.name);
            decl.customElement = true;
            elements.set(decl.tagName, { name: decl.name, module: mod.path });
          }
        }
      }
      for (const mod of customElementsManifest.modules) {
        const tags = (registers.get(mod.path) ?? []).filter((tag) => elements.has(tag));
        if (tags.length)
          mod.exports = tags.map((tag) => ({ kind: 'custom-element-definition', name: tag, declaration: elements.get(tag) }));
      }
    },
  };
}

/**
 * `kind: PollKind` tells an editor nothing; `'single' | 'multiple' | 'scale' | 'text'` lists the values.
 * Collects every type alias that is a union of string literals, and spells out the attributes and
 * fields typed with one.
 */
export function literalUnions() {
  const unions = new Map();
  const expand = (text) =>
    text
      .split(' | ')
      .map((part) => unions.get(part) ?? part)
      .join(' | ');
  return {
    name: 'pulsekit-literal-unions',
    analyzePhase({ ts, node }) {
      if (!ts.isTypeAliasDeclaration(node) || !ts.isUnionTypeNode(node.type)) return;
      const members = node.type.types;
      if (!members.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) return;
      unions.set(node.name.text, members.map((t) => `'${t.literal.text}'`).join(' | '));
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (!decl.customElement) continue;
          for (const item of [...(decl.attributes ?? []), ...(decl.members ?? [])]) {
            if (!item.type?.text) continue;
            const text = expand(item.type.text);
            if (text !== item.type.text) item.type = { text };
          }
        }
      }
    },
  };
}

/**
 * Keeps the modules a tool needs (the element classes and the define files that register them) and
 * points every path at the built JavaScript. Runs last: the other plugins read the source paths.
 */
export function publishedModules() {
  const rewrite = (value) => {
    if (Array.isArray(value)) return value.forEach(rewrite);
    if (!value || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'path' || key === 'module') && typeof v === 'string') value[key] = publishedPath(v);
      else rewrite(v);
    }
  };
  return {
    name: 'pulsekit-published-modules',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules = customElementsManifest.modules.filter(
        (mod) => mod.declarations?.some((d) => d.customElement) || mod.exports?.some((e) => e.kind === 'custom-element-definition'),
      );
      for (const mod of customElementsManifest.modules) {
        // Helpers that happen to live beside an element class are not for tools.
        mod.declarations = mod.declarations?.filter((d) => d.customElement);
        // Private members (`#x`, `private x`) are nobody's API.
        for (const d of mod.declarations ?? []) d.members = d.members?.filter((m) => m.privacy !== 'private' && !m.name.startsWith('#'));
        mod.exports = mod.exports?.filter((e) => e.kind === 'custom-element-definition' || mod.declarations.some((d) => d.name === e.name));
      }
      rewrite(customElementsManifest.modules);
    },
  };
}
