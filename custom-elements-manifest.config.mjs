// custom-elements.json is generated from the sources' JSDoc and committed; test/node checks it is fresh.
// `npm run analyze` also regenerates the framework types and editor data from it (scripts/generate-types.mjs).
import { literalUnions, publishedModules, pulsekitTags } from './scripts/cem-plugins.mjs';

export default {
  // Every component file is read (the value unions of attributes live in the *-types.ts files, and
  // Role in core/protocol/wire.ts); only elements and their define files are kept (publishedModules).
  globs: ['src/components/**/*.ts', 'src/core/protocol/wire.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // package.json's customElements field is written by hand: the freshness check must not rewrite it.
  packagejson: false,
  plugins: [pulsekitTags(), literalUnions(), publishedModules()],
};
