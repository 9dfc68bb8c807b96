// Validates xAPI statements for browser tests with Learning Locker's validator
// (@learninglocker/xapi-validation, the checks its LRS runs on every statement it stores). It is a
// CommonJS package for Node, so the page sends its statements here instead of loading it.
//   xapi-validate {statements}  → string[][]   the problems of each statement (empty: valid)
import { createRequire } from 'node:module';

const validate = createRequire(import.meta.url)('@learninglocker/xapi-validation').default;

/** One readable line per problem: where in the statement, and what is wrong. */
const describe = (w) => `${(w.path ?? []).join('.')}: ${w.constructor?.name ?? 'invalid'}`;

export function xapiPlugin() {
  return {
    name: 'pk-xapi',
    async executeCommand({ command, payload }) {
      if (command !== 'xapi-validate') return undefined;
      return payload.statements.map((s) => validate(s).map(describe));
    },
  };
}
