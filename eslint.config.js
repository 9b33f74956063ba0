import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import house from './eslint/house-rules.js';

// The layers of src/, bottom first: each may import only those below it (see the README's layout).
const VIEWS = ['**/controllers/**', '**/components/**', '**/lessons/**', '**/playground/**', '**/app/**'];
const PAGE = ['lit', 'lit/*'];
const WIRES = ['mock-socket', 'ws'];

function layer(files, forbidden, why, ignores = []) {
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: forbidden, message: why },
            {
              // Its text is allowed (Vite's ?raw): the server lesson shows the server's real source.
              group: ['**/server/**', '!**/server/*.ts?raw'],
              message: 'src/ never imports server/ code.',
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'screenshots/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  layer(
    ['src/protocol/**'],
    ['**/service/**', '**/transport/**', ...VIEWS, ...PAGE, ...WIRES],
    'src/protocol is the bottom layer: pure RFC 6455.',
  ),
  layer(
    ['src/service/**'],
    ['**/transport/**', ...VIEWS, ...PAGE, ...WIRES],
    'src/service runs in the page and in Node: it knows no wire and no view.',
  ),
  layer(
    ['src/transport/**'],
    [...VIEWS, ...PAGE, ...WIRES],
    'src/transport sits below every view; only simulated.ts imports mock-socket, and ws is the server’s.',
    ['src/transport/simulated.ts'],
  ),
  layer(
    ['src/transport/simulated.ts'],
    [...VIEWS, ...PAGE, 'ws'],
    'src/transport sits below every view; ws is the server’s.',
  ),
  layer(
    ['src/controllers/**'],
    ['**/components/**', '**/lessons/**', '**/playground/**', '**/app/**', 'mock-socket'],
    'Controllers sit below every view: they never import a view, a lesson or the shell; only src/transport/simulated.ts imports mock-socket.',
  ),
  layer(
    ['src/components/**'],
    ['**/lessons/**', '**/playground/**', '**/app/**', 'mock-socket'],
    'Shared views never import a lesson or the shell; only src/transport/simulated.ts imports mock-socket.',
  ),
  layer(
    ['src/lessons/**'],
    ['**/app/**', '**/playground/**', 'mock-socket'],
    'Lessons never import the shell or the playground.',
  ),
  layer(
    ['src/playground/**'],
    ['**/app/**', '**/lessons/**', 'mock-socket'],
    'The playground stands beside the lessons: it never imports the shell or a lesson.',
  ),
  {
    files: ['src/**/*.ts'],
    plugins: { house },
    rules: {
      'house/lesson-boundary': 'error',
      'house/no-view-in-controller': 'error',
      'house/no-wire-in-view': 'error',
      'no-restricted-properties': [
        'error',
        {
          property: 'toLocaleString',
          message:
            'Its first call costs a phone about 80 ms of a first render: use groupDigits (src/protocol/group-digits.ts).',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.object.name='Intl'][callee.property.name='NumberFormat']",
          message:
            'It loads the locale’s number rules, about 80 ms of a phone’s first render: use groupDigits (src/protocol/group-digits.ts).',
        },
      ],
    },
  },
);
