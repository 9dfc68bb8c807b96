import { html, nothing, type TemplateResult } from 'lit';
import { stripBidi } from '../../core/protocol/text.js';
import type { MdBlock, MdInline } from './markdown.js';

/**
 * Turns the markdown AST into Lit templates. Every piece of user text goes through a binding
 * (`${…}`), so it is a text node or an attribute value, never markup. The only elements created are
 * the ones written below; the only attribute that takes user data is `href`, which holds a URL
 * `safeLink()` serialized (http, https or mailto).
 */

/** What the renderer needs besides the AST. */
export interface RenderContext {
  /** Display names mentioned in the post (`@Name` is highlighted where it appears). */
  mentions?: readonly string[];
  /** The viewer's own display name: a mention of it gets the `mention-me` class. */
  me?: string;
  /** Words read by screen readers after a link that opens in a new tab. */
  newTab?: string;
  /** -1 takes links out of the tab order (a post that is not the feed's current one). */
  tabindex?: -1;
}

function textWithMentions(text: string, ctx: RenderContext): unknown {
  const clean = stripBidi(text);
  const names = ctx.mentions;
  if (!names || names.length === 0 || !clean.includes('@')) return clean;
  const out: unknown[] = [];
  let rest = clean;
  for (let guard = 0; guard < 200 && rest; guard++) {
    let at = -1;
    let name = '';
    for (const n of names) {
      if (!n) continue;
      const i = rest.indexOf(`@${n}`);
      if (i >= 0 && (at < 0 || i < at || (i === at && n.length > name.length))) {
        at = i;
        name = n;
      }
    }
    if (at < 0) break;
    if (at > 0) out.push(rest.slice(0, at));
    const cls = ctx.me && name === ctx.me ? 'mention mention-me' : 'mention';
    out.push(html`<span class=${cls} part="mention">@${name}</span>`);
    rest = rest.slice(at + name.length + 1);
  }
  if (rest) out.push(rest);
  return out;
}

function inline(nodes: MdInline[], ctx: RenderContext): unknown[] {
  return nodes.map((n) => {
    switch (n.type) {
      case 'text':
        return textWithMentions(n.text, ctx);
      case 'break':
        return html`<br />`;
      case 'code':
        return html`<code>${stripBidi(n.text)}</code>`;
      case 'strong':
        return html`<strong>${inline(n.children, ctx)}</strong>`;
      case 'em':
        return html`<em>${inline(n.children, ctx)}</em>`;
      case 'link':
        return html`<a href=${n.href} title=${n.href} target="_blank" rel="noopener noreferrer ugc" tabindex=${ctx.tabindex ?? nothing}>${inline(n.children, { ...ctx, mentions: [] })}${
          ctx.newTab ? html`<span class="visually-hidden"> ${ctx.newTab}</span>` : nothing
        }</a>${n.auto ? nothing : html`<span class="link-target" part="link-target"> (<bdi>${n.target}</bdi>)</span>`}`;
      default:
        return nothing;
    }
  });
}

function block(b: MdBlock, ctx: RenderContext): TemplateResult | typeof nothing {
  switch (b.type) {
    case 'paragraph':
      return html`<p>${inline(b.children, ctx)}</p>`;
    case 'codeblock':
      return html`<pre dir="ltr"><code>${stripBidi(b.text)}</code></pre>`;
    case 'blockquote':
      return html`<blockquote>${blocks(b.children, ctx)}</blockquote>`;
    case 'list': {
      const items = b.items.map((item) => html`<li>${blocks(item, ctx)}</li>`);
      return b.ordered ? html`<ol start=${b.start}>${items}</ol>` : html`<ul>${items}</ul>`;
    }
    default:
      return nothing;
  }
}

function blocks(bs: MdBlock[], ctx: RenderContext): unknown[] {
  return bs.map((b) => block(b, ctx));
}

/** Renders parsed post blocks as a Lit template (text only through bindings). */
export function renderMarkdown(bs: MdBlock[], ctx: RenderContext = {}): TemplateResult {
  return html`${blocks(bs, ctx)}`;
}
