// custom-elements.json is generated from the sources' JSDoc and committed; test/node checks it is fresh.
export default {
  globs: ['src/components/**/*.ts', 'src/core/define.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
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
