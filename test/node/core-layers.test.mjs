// The core's layers (src/core/README.md): each layer imports only the layers below it, the models
// and the reference server only the protocol layer, and every file of the core is in the module map.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Which core layers each layer may import (its own included). */
const ALLOWED = {
  protocol: ['protocol'],
  transports: ['protocol', 'transports'],
  client: ['protocol', 'transports', 'client'],
  i18n: ['protocol', 'i18n'],
  lit: ['protocol', 'transports', 'client', 'i18n', 'lit'],
};

const CORE = resolve('src/core');

function tsFiles(dir) {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The core layer a relative import of `file` lands in (null: outside the core or the barrel). */
function importedLayers(file) {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
  return specs
    .map((spec) => relative(CORE, resolve(dirname(file), spec)))
    .filter((rel) => !rel.startsWith('..') && rel.includes('/'))
    .map((rel) => ({ layer: rel.split('/')[0], spec: rel }));
}

test('each core layer imports only the layers it may (src/core/README.md)', () => {
  const wrong = [];
  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    for (const file of tsFiles(join(CORE, layer))) {
      for (const { layer: to, spec } of importedLayers(file)) {
        if (!allowed.includes(to)) wrong.push(`${relative(CORE, file)} imports ${spec}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test('the models and the reference server import the protocol layer only', () => {
  const files = [...tsFiles(resolve('src/components')).filter((f) => f.endsWith('-model.ts')), ...tsFiles(resolve('server'))];
  const wrong = files.flatMap((file) =>
    importedLayers(file)
      .filter((i) => i.layer !== 'protocol')
      .map((i) => `${relative('.', file)} imports src/core/${i.spec}`),
  );
  assert.deepEqual(wrong, []);
});

test('every file of the core is in the module map of src/core/README.md', () => {
  const readme = readFileSync(join(CORE, 'README.md'), 'utf8');
  const missing = tsFiles(CORE)
    .map((f) => relative(CORE, f))
    .filter((rel) => rel.includes('/') && !rel.startsWith('i18n/'))
    .filter((rel) => !readme.includes(rel.split('/').pop()));
  assert.deepEqual(missing, []);
});
