// The CDN build collapses whitespace only inside Lit templates: a CSV export's "\r\n" or a Markdown
// export's "\n" must reach users intact (an earlier whole-bundle collapse turned them into spaces).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collapseLitTemplates } from '../../scripts/cdn-bundle.mjs';

test('Lit templates (html, css, svg, nested) are collapsed, stylesheets minified; their bindings are untouched', () => {
  const src =
    'const a = html`<p>\n    ${x ? html`<b>\n      z</b>` : "k\\n  m"}\n  </p>`;\nconst s = css`:host {\n  color: red;\n}`;\nconst g = svg`<g>\n  <path/></g>`;';
  assert.equal(
    collapseLitTemplates(src),
    'const a = html`<p> ${x ? html`<b> z</b>` : "k\\n  m"} </p>`;\nconst s = css`:host{color:red}`;\nconst g = svg`<g> <path/></g>`;',
  );
});

test('other template literals and strings keep their line breaks byte for byte', () => {
  const src = 'const csv = rows.join(`\r\n`) + `a\n  b` + tag`x\n  y` + "c\\n  d";\nconst md = [`# T`, ``, `- item\n  more`].join(`\n`);';
  assert.equal(collapseLitTemplates(src), src);
});

test('a minified stylesheet keeps what the css tag reads: quotes, escapes and backticks survive', () => {
  const src = 'const s = css`:host {\n  --q: "\\\\2022";\n  content: "a\\`b";\n}\n.x   >   .y { margin : 0px ; }`;';
  const out = collapseLitTemplates(src);
  // Evaluate the literal as the css tag sees it: the cooked string.
  const cooked = (code) => new Function('css', `return ${code.slice(code.indexOf('css`'))}`)((s) => s[0]);
  assert.equal(cooked(out), ':host{--q: "\\2022";content:"a`b"}.x>.y{margin:0}');
});
