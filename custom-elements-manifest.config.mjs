// custom-elements.json is generated from the sources' JSDoc and committed; test/node checks it is fresh.
export default {
  globs: ['src/components/**/*.ts', 'src/core/define.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // package.json's customElements field is written by hand: the freshness check must not rewrite it.
  packagejson: false,
  plugins: [
    {
      // Our classes are registered by define files (defineElement), not customElements.define at
      // module level; tell the manifest their tags so tools and Storybook can find them.
      name: 'pulsekit-tags',
      packageLinkPhase({ customElementsManifest }) {
        const tags = { PkPulsePoll: 'pk-pulse-poll', PkSession: 'pk-session' };
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            if (tags[decl.name]) {
              decl.tagName = tags[decl.name];
              decl.customElement = true;
            }
          }
        }
      },
    },
  ],
};
