import { html, type TemplateResult } from 'lit';

/** A long parameter name that may wrap after each `_`, `-` or `=`, never inside a word: `server_<wbr>no_<wbr>…`. */
export function breakable(name: string): TemplateResult {
  const pieces = name.split(/(?<=[_=-])/);
  return html`${pieces.map((piece, index) => (index === 0 ? piece : html`<wbr />${piece}`))}`;
}
