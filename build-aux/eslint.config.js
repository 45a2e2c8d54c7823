// Run as `eslint -c build-aux/eslint.config.js`: the top level of the
// repository is kept to the agreed layout, so the config lives here.
import tseslint from 'typescript-eslint';
import layers from './eslint-layers.js';

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', '_build/**', 'tests/fixtures/generated/**'] },
  ...tseslint.configs.strict,
  {
    files: ['src/**/*.ts', 'tests/**/*.ts'],
    plugins: { sovereign: layers },
    rules: {
      'sovereign/layers': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "TemplateLiteral[expressions.length>0][quasis.0.value.raw=/^\\s*(SELECT|UPDATE|DELETE|CREATE|INSERT|RELATE|DEFINE)\\b/i]",
          message: 'Never build a query by interpolation: bind user values as parameters.',
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
);
