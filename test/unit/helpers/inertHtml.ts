// What "inert" means for rendered chat markup: only the view's allow-listed elements, no event handler or style
// attributes, and URL-carrying attributes only with http(s) or mailto. Shared by the XSS and sanitiser tests.
import * as assert from 'node:assert/strict';

const ALLOWED_TAGS = new Set(
  'a blockquote br button code del div em h1 h2 h3 h4 h5 h6 hr li ol p pre s span strong table tbody td th thead tr ul'.split(
    ' ',
  ),
);
const FORBIDDEN_TAGS =
  'script style form iframe object embed svg math img link meta base input textarea frame frameset video audio source'.split(
    ' ',
  );
const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'data-href'];

export function assertInert(root: Element, label: string): void {
  for (const tag of FORBIDDEN_TAGS) assert.equal(root.querySelector(tag), null, `${label}: <${tag}>`);
  for (const el of Array.from(root.querySelectorAll('*'))) {
    assert.ok(ALLOWED_TAGS.has(el.localName), `${label}: unexpected <${el.localName}>`);
    for (const attr of Array.from(el.attributes)) {
      assert.ok(!/^on/i.test(attr.name), `${label}: handler attribute ${attr.name}`);
      assert.notEqual(attr.name, 'style', `${label}: style attribute`);
      if (URL_ATTRS.includes(attr.name)) {
        assert.match(attr.value, /^(?:https?:\/\/|mailto:)/i, `${label}: ${attr.name}="${attr.value}"`);
      }
    }
  }
}
