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
        // PkPulsePoll -> pk-pulse-poll: every element class is named after its tag.
        const tagOf = (name) => name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase());
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            if (decl.kind === 'class' && /^Pk[A-Z]/.test(decl.name) && mod.path.startsWith('src/components/')) {
              decl.tagName = tagOf(decl.name);
              decl.customElement = true;
            }
          }
        }
      },
    },
  ],
};
