import { noChange } from 'lit';
import { Directive, directive, PartType, type AttributePart, type PartInfo } from 'lit/directive.js';

/**
 * Sets CSS custom properties on an element through `style.setProperty`, on the first render too.
 * Lit's styleMap writes a `style="…"` attribute on first render, which a strict CSP
 * (`style-src 'self'`, no 'unsafe-inline') blocks; CSSOM calls are always allowed.
 * Use as `style=${cssProps({ '--_pct': '40%' })}`.
 */
class CssPropsDirective extends Directive {
  #names = new Set<string>();

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ATTRIBUTE || info.name !== 'style') throw new Error('cssProps() belongs in a style attribute binding.');
  }

  render(_props: Record<string, string>): unknown {
    return noChange;
  }

  override update(part: AttributePart, [props]: [Record<string, string>]): unknown {
    const style = (part.element as HTMLElement).style;
    for (const name of this.#names) if (!(name in props)) style.removeProperty(name);
    for (const [name, value] of Object.entries(props)) style.setProperty(name, value);
    this.#names = new Set(Object.keys(props));
    return noChange;
  }
}

/** Custom properties set through the CSSOM (strict-CSP safe). */
export const cssProps = directive(CssPropsDirective);
