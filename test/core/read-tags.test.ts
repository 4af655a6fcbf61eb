// The HTML reader every page and policy goes through: which elements open and close when, as a
// browser would read the same markup, whatever a hostile page nests or leaves unclosed.
import { describe, expect, it } from 'vitest';
import { readTags, type ReadTagsOptions } from '../../src/core/html/read-tags.ts';

/** The reader's events as one line: `<tag attr=value>`, text, `</tag>`. */
function events(html: string, options?: ReadTagsOptions): string {
  const out: string[] = [];
  readTags(html, {
    onopentag: (name, attribs) => out.push(`<${[name, ...Object.entries(attribs).map(([k, v]) => `${k}=${v}`)].join(' ')}>`),
    ontext: (text) => out.push(text),
    onclosetag: (name) => out.push(`</${name}>`),
  }, options);
  return out.join('');
}

describe('reading HTML as a browser would', () => {
  it('opens and closes elements, lowercases names, decodes entities in text and attributes', () => {
    expect(events('<DIV Class="a&amp;b">x &lt; y &#233;</DIV>')).toBe('<div class=a&b>x < y é</div>');
  });

  it('closes what a new tag implies: a paragraph by a block, a list item by the next, a cell by the next', () => {
    expect(events('<p>one<div>two</div>')).toBe('<p>one</p><div>two</div>');
    expect(events('<ul><li>a<li>b</ul>')).toBe('<ul><li>a</li><li>b</li></ul>');
    expect(events('<table><tr><td>1<td>2<tr><td>3</table>')).toBe('<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>');
    expect(events('<h1>t<h2>u')).toBe('<h1>t</h1><h2>u</h2>');
    // Only the open element the new tag closes: a paragraph inside a span is not reached.
    expect(events('<p><span>a<div>b')).toBe('<p><span>a<div>b</div></span></p>');
  });

  it('reports void elements as opened and closed at once, and ignores their close tags except </br>', () => {
    expect(events('<p>a<br>b<img src=x.png></img>c</br>d</p>')).toBe('<p>a<br></br>b<img src=x.png></img>c<br></br>d</p>');
  });

  it('reads <div/> as an open tag, as HTML does, unless asked to close it at once', () => {
    expect(events('<div/>x')).toBe('<div>x</div>');
    expect(events('<div/>x', { recognizeSelfClosing: true })).toBe('<div></div>x');
  });

  it('closes the elements a close tag skips, ignores a stray one, and reads a stray </p> as an empty paragraph', () => {
    expect(events('<div><span><b>x</div>y')).toBe('<div><span><b>x</b></span></div>y');
    expect(events('<div>a</span>b</div>')).toBe('<div>ab</div>');
    expect(events('a</p>b')).toBe('a<p></p>b');
    // Everything still open at the end is closed, innermost first.
    expect(events('<main><section><p>z')).toBe('<main><section><p>z</p></section></main>');
  });

  it('keeps the first of two attributes of the same name, and an attribute named __proto__ as an attribute', () => {
    expect(events('<a href="1" HREF="2" __proto__="p">l</a>')).toBe('<a href=1 __proto__=p>l</a>');
  });

  it('keeps text but not elements past the depth cap, and closes the right ones after it', () => {
    expect(events('<div><div><div>deep<b>er</b></div>mid</div>top</div>after', { maxDepth: 2 })).toBe('<div><div>deepermid</div>top</div>after');
    // Past the cap a tag implies no close back into the stack.
    expect(events('<ul><li>a<ul><li>b<li>c</ul></ul>', { maxDepth: 2 })).toBe('<ul><li>abc</li></ul>');
  });

  it('skips comments, declarations and CDATA, and reads script text as text', () => {
    expect(events('<!doctype html><!-- <b>no</b> --><script>if (a<b) x()</script>')).toBe('<script>if (a<b) x()</script>');
  });

  it('keeps at most 16 kB of an attribute value', () => {
    const long = 'x'.repeat(20_000);
    let kept = '';
    readTags(`<a href="${long}&amp;${long}">`, { onopentag: (_name, attribs) => void (kept = attribs.href ?? '') });
    expect(kept.length).toBe(16_384);
  });

  it('counts open elements of a name through nested closes, so a close tag after them is stray', () => {
    expect(events('<div><div>a</div></div></div>b')).toBe('<div><div>a</div></div>b');
    expect(events('<span><b>x</span></b>y')).toBe('<span><b>x</b></span>y');
  });

  it('reads entity references in attributes and text, and an attribute value in pieces, up to 16 kB', () => {
    expect(events('<a title="a&amp;b&#233;c">&lt;&#x263A;</a>')).toBe('<a title=a&béc><☺</a>');
    const reading: string[] = [];
    readTags(`<a title="${'&amp;'.repeat(20_000)}">`, { onopentag: (_n, a) => void reading.push(a.title!) });
    expect(reading[0]).toBe('&'.repeat(16_384));
  });

  it('reports only the handlers it is given, and an element with no name is none', () => {
    expect(() => readTags('<p>a</p><br>&amp;', {})).not.toThrow();
    expect(events('<>text</>')).toBe('<>text');
  });

  it('implies no close past the depth cap, and reopens the rule once back under it', () => {
    expect(events('<div><span><p>a<div>b</div></p></span></div><p>c<div>d</div>', { maxDepth: 1 })).toBe('<div>ab</div><p>c</p><div>d</div>');
  });
});

