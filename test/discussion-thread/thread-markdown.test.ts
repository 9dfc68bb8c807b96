// The markdown subset of <pk-discussion-thread>: what it parses, which links it keeps, that it runs
// in linear time on hostile input, and that the renderer creates only its own elements.
import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { parseMarkdown, safeLink, stripBidi, type MdBlock } from '../../src/components/discussion-thread/markdown.js';
import { renderMarkdown } from '../../src/components/discussion-thread/markdown-render.js';

/** Renders source into a fresh container, as the element does. */
function show(source: string, mentions: string[] = []): HTMLElement {
  const div = document.createElement('div');
  render(renderMarkdown(parseMarkdown(source), { mentions, newTab: '(new tab)' }), div);
  return div;
}

const ALLOWED_TAGS = new Set(['P', 'STRONG', 'EM', 'CODE', 'PRE', 'A', 'SPAN', 'BDI', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'BR']);

/** Every element the renderer made, checked against the allow list. */
function assertInert(div: HTMLElement): void {
  for (const el of div.querySelectorAll('*')) {
    expect(ALLOWED_TAGS.has(el.tagName), `unexpected <${el.tagName.toLowerCase()}>`).to.equal(true);
    for (const attr of el.getAttributeNames()) {
      expect(/^on/i.test(attr), `event handler attribute ${attr}`).to.equal(false);
      expect(
        ['href', 'title', 'target', 'rel', 'class', 'part', 'start', 'dir'].includes(attr),
        `attribute ${attr} on ${el.tagName}`,
      ).to.equal(true);
    }
    if (el.tagName === 'A') expect(el.getAttribute('href')).to.match(/^(https?:|mailto:)/);
  }
}

describe('thread markdown: parsing', () => {
  it('paragraphs, line breaks, strong, em and inline code', () => {
    const div = show('Hello **bold** and *it* and _also_ and __strong__ with `a < b`\nnext line\n\nSecond paragraph');
    expect(div.querySelectorAll('p')).to.have.length(2);
    expect(div.querySelector('strong')!.textContent).to.equal('bold');
    expect([...div.querySelectorAll('em')].map((e) => e.textContent)).to.deep.equal(['it', 'also']);
    expect(div.querySelectorAll('strong')[1]!.textContent).to.equal('strong');
    expect(div.querySelector('code')!.textContent).to.equal('a < b');
    expect(div.querySelector('br')).to.exist;
    assertInert(div);
  });

  it('snake_case words and lone stars stay text', () => {
    const div = show('my_var_name is 2 * 3 * 4');
    expect(div.querySelector('em')).to.not.exist;
    expect(div.textContent).to.equal('my_var_name is 2 * 3 * 4');
  });

  it('fenced code blocks keep their text and indentation, markup inside is literal', () => {
    const div = show('```js\n  if (a) **not bold** <b>\n```\nafter');
    const pre = div.querySelector('pre code')!;
    expect(pre.textContent).to.equal('  if (a) **not bold** <b>');
    expect(div.querySelector('b, strong')).to.not.exist;
    expect(div.querySelector('p')!.textContent).to.equal('after');
  });

  it('bullet and numbered lists, nested lists and block quotes', () => {
    const div = show('- one\n- two\n  - two a\n\n3. three\n4. four\n\n> quoted **text**\n> > deeper');
    expect(div.querySelector('ul > li')!.textContent).to.contain('one');
    expect(div.querySelector('ul ul li')!.textContent).to.equal('two a');
    const ol = div.querySelector('ol')!;
    expect(ol.getAttribute('start')).to.equal('3');
    expect(ol.querySelectorAll('li')).to.have.length(2);
    expect(div.querySelector('blockquote strong')!.textContent).to.equal('text');
    expect(div.querySelector('blockquote blockquote')!.textContent).to.contain('deeper');
    assertInert(div);
  });

  it('links show their real host, open safely and are marked as user content', () => {
    const div = show('See [the docs](https://docs.example.org/a?b=1) and https://example.com/x.');
    const [a, auto] = [...div.querySelectorAll('a')];
    expect(a!.getAttribute('href')).to.equal('https://docs.example.org/a?b=1');
    expect(a!.getAttribute('rel')).to.equal('noopener noreferrer ugc');
    expect(a!.getAttribute('target')).to.equal('_blank');
    expect(div.querySelector('[part=link-target]')!.textContent).to.contain('docs.example.org');
    expect(auto!.getAttribute('href')).to.equal('https://example.com/x');
    expect(auto!.textContent).to.match(/^https:\/\/example\.com\/x/);
    expect(auto!.textContent, 'the full stop is not part of the link').to.not.contain('x.');
    expect(div.querySelector('p')!.textContent).to.match(/\.$/);
    assertInert(div);
  });

  it('a link whose text names another site still shows where it really goes', () => {
    const div = show('[https://bank.example](https://evil.example/login)');
    expect(div.querySelector('a')!.getAttribute('href')).to.equal('https://evil.example/login');
    expect(div.querySelector('[part=link-target]')!.textContent).to.contain('evil.example');
  });

  it('mailto links show the address', () => {
    const div = show('[write](mailto:someone@example.org)');
    expect(div.querySelector('a')!.getAttribute('href')).to.equal('mailto:someone@example.org');
    expect(div.querySelector('[part=link-target]')!.textContent).to.contain('someone@example.org');
  });

  it('escapes make markup literal', () => {
    const div = show('\\*not em\\* and \\[not](a link)');
    expect(div.querySelector('em, a')).to.not.exist;
    expect(div.textContent).to.equal('*not em* and [not](a link)');
  });

  it('raw HTML and images are shown as text', () => {
    const src = '<img src=x onerror=alert(1)> ![alt](https://img.example/x.png) <script>alert(1)</script>';
    const div = show(src);
    expect(div.querySelector('img, script')).to.not.exist;
    expect(div.textContent).to.contain('<img src=x onerror=alert(1)>');
    expect(div.textContent).to.contain('<script>alert(1)</script>');
    assertInert(div);
  });

  it('mentions are highlighted only for the names the post mentions', () => {
    const div = show('Thanks @Ann Lee and @Bob', ['Ann Lee']);
    const m = div.querySelectorAll('[part=mention]');
    expect(m).to.have.length(1);
    expect(m[0]!.textContent).to.equal('@Ann Lee');
  });

  it('direction overrides are removed from what is shown', () => {
    expect(stripBidi('abc\u202Edcba\u202C \u2066x\u2069')).to.equal('abcdcba x');
    const div = show('evil\u202Etxt.exe **b\u202Eold**');
    expect(div.textContent).to.not.match(/[\u202A-\u202E\u2066-\u2069]/);
  });
});

describe('thread markdown: link allow list', () => {
  const refused = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'jav&#x09;ascript:alert(1)',
    'jav&#9;ascript:alert(1)',
    'javascript&colon;alert(1)',
    '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)',
    '&#x6A;avascript:alert(1)',
    'java\tscript:alert(1)',
    'java\u0000script:alert(1)',
    '%6Aavascript:alert(1)',
    'javascript%3Aalert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'DATA:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '//evil.example/x',
    '/relative/path',
    'https://user:pw@evil.example/',
    'https://good.example@evil.example/',
    'mailto:',
    'https:',
    'ftp://example.com/x',
  ];
  for (const raw of refused) {
    it(`refuses ${JSON.stringify(raw)}`, () => {
      expect(safeLink(raw)).to.equal(null);
      const div = show(`[click](${raw})`);
      expect(div.querySelector('a'), 'no anchor').to.not.exist;
    });
  }

  it('keeps http, https and mailto, serialized', () => {
    expect(safeLink('HTTPS://Example.COM/Path')).to.deep.equal({ href: 'https://example.com/Path', target: 'example.com' });
    expect(safeLink('http://example.com:8080/')!.target).to.equal('example.com:8080');
    expect(safeLink('https://bücher.example/')!.target).to.equal('xn--bcher-kva.example');
    expect(safeLink('mailto:a@b.example?subject=hi')!.href).to.equal('mailto:a@b.example?subject=hi');
  });

  it('an unsafe link renders as the literal source text', () => {
    const div = show('[click me](javascript:alert(1))');
    expect(div.textContent).to.equal('[click me](javascript:alert(1))');
  });
});

describe('thread markdown: linear time on pathological input', () => {
  const KB100 = 100 * 1024;
  // Each case as a function of its length, so its cost can be compared at two sizes.
  const cases: Array<[string, (n: number) => string]> = [
    ['unclosed emphasis', (n) => '*a '.repeat(n / 3)],
    ['alternating delimiters', (n) => '*_'.repeat(n / 2)],
    ['nested emphasis', (n) => `${'*_'.repeat(n / 4)}x${'_*'.repeat(n / 4)}`],
    [
      'unclosed code spans of every length',
      (n) =>
        Array.from({ length: 400 }, (_, i) => '`'.repeat((i % 40) + 1) + 'x')
          .join(' ')
          .repeat(Math.round((8 * n) / KB100)),
    ],
    ['brackets', (n) => '['.repeat(n)],
    ['link tails without links', (n) => '](x'.repeat(n / 3)],
    ['link openers without tails', (n) => '[a]('.repeat(n / 4)],
    ['parenthesized urls', (n) => `[a](${'(b)'.repeat(n / 3)}`],
    ['autolink-like text', (n) => 'http://'.repeat(n / 7)],
    ['deep block quotes', (n) => '>'.repeat(n)],
    ['deep lists', (n) => '- '.repeat(n / 2)],
    ['many short lines', (n) => 'a *b\n'.repeat(n / 5)],
    ['spaces before a line break', (n) => `${' '.repeat(n)}a\nb`],
    ['entities', (n) => '[x](&#'.repeat(n / 6)],
    ['backslashes', (n) => '\\'.repeat(n)],
    ['fences', (n) => '```\n'.repeat(n / 4)],
  ];
  /** The fastest of three runs of `times` parses of `source`, in ms: the least disturbed by a busy machine. */
  const fastestParse = (source: string, times: number): number => {
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      for (let i = 0; i < times; i++) parseMarkdown(source);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  for (const [name, make] of cases) {
    const source = make(KB100);
    it(`${name} (${Math.round(source.length / 1024)} KB) parses in linear time and renders inert`, () => {
      // Sixteen parses of a sixteenth of the text cost about what one parse of the whole does when
      // the parser is linear; a backtracking or quadratic one costs sixteen times more on the whole (the
      // bound is half that, for the noise of a busy machine).
      // A ratio in the same run holds on a slow or busy machine, where a fixed limit in ms did not.
      const part = make(KB100 / 16);
      const parts = Math.max(fastestParse(part, 16), 0.5);
      const whole = fastestParse(source, 1);
      expect(whole / parts, `parse: ${parts.toFixed(1)} ms for 16 sixteenths, ${whole.toFixed(1)} ms for the whole`).to.be.below(8);
      const div = document.createElement('div');
      render(renderMarkdown(parseMarkdown(source) as MdBlock[]), div);
      assertInert(div);
    });
  }
});
