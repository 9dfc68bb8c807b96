// ESLint: the recommended rules of ESLint, typescript-eslint and eslint-plugin-lit; formatting is
// Prettier's (eslint-config-prettier turns off the rules that would disagree with it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import lit from 'eslint-plugin-lit';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'server/dist/**',
      'storybook-static/**',
      'coverage/**',
      '.tmp/**',
      '**/node_modules/**',
      'test/outside-in/apps/**/dist/**',
      'test/outside-in/apps/**/.angular/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  lit.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // Models and transports take any topic state: `TopicModel<any>` is the honest type there.
      '@typescript-eslint/no-explicit-any': 'off',
      // `_name` marks a parameter or binding kept for its position.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // React's JSX types are augmented through its `JSX` namespace: there is no module syntax for it.
    files: ['src/react/jsx.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
  {
    // Chai's property assertions (`expect(x).to.be.true`) are expressions by design.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  prettier,
);
