// HTML as a stream of open tags, text and close tags, in time linear in the input whatever its
// nesting. htmlparser2's Parser keeps its open elements in an array it unshifts and searches from
// the front: 160,000 unclosed <div> cost it 8 s, and any page reaches the background's recogniser.
// This drives the same Tokenizer (entities, raw text in <script>/<style>, comments) with a stack
// that is pushed and popped at its end, a count per tag name so that a stray close tag is looked
// up in O(1), and a depth cap past which elements are transparent (their text still flows).
import { Tokenizer } from 'htmlparser2';

export interface TagHandler {
  onopentag?(name: string, attribs: Record<string, string>): void;
  ontext?(text: string): void;
  onclosetag?(name: string): void;
}

export interface ReadTagsOptions {
  /** Elements open deeper than this are not reported (their text is). Real pages stay under 100. */
  maxDepth?: number;
  /** `<div/>` closes at once (true), or is an open tag as HTML says (false, the default). */
  recognizeSelfClosing?: boolean;
}

/** Attribute values are kept up to this length: fingerprints and links are short. */
const MAX_ATTRIBUTE = 16_384;
const DEFAULT_DEPTH = 512;

const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

// Which open elements a new tag closes, as htmlparser2's Parser (and browsers, roughly) do.
const P = ['p'];
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p'];
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>(
  Object.entries({
    tr: ['tr', 'th', 'td'], th: ['th'], td: ['thead', 'th', 'td'], body: ['head', 'link', 'script'], a: ['a'], li: ['li'], p: P,
    h1: HEADINGS, h2: HEADINGS, h3: HEADINGS, h4: HEADINGS, h5: HEADINGS, h6: HEADINGS,
    select: FORM, input: FORM, output: FORM, button: FORM, datalist: FORM, textarea: FORM,
    option: ['option'], optgroup: ['optgroup', 'option'], dd: ['dd', 'dt'], dt: ['dd', 'dt'], rt: ['rt', 'rp'], rp: ['rt', 'rp'],
    tbody: ['thead', 'tbody'], tfoot: ['thead', 'tbody'],
    ...Object.fromEntries(['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map((tag) => [tag, P])),
  }).map(([tag, closes]) => [tag, new Set(closes)]),
);

export function readTags(html: string, handler: TagHandler, options: ReadTagsOptions = {}): void {
  const maxDepth = options.maxDepth ?? DEFAULT_DEPTH;
  const stack: string[] = [];
  const open = new Map<string, number>();
  /** Elements opened past the depth cap and not yet closed. */
  let hidden = 0;
  let tag = '';
  let attribs = Object.create(null) as Record<string, string>;
  let attribName = '';
  let attribValue = '';

  const push = (name: string) => {
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
  };
  const pop = () => {
    const name = stack.pop()!;
    open.set(name, open.get(name)! - 1);
    handler.onclosetag?.(name);
  };
  const startTag = (name: string) => {
    // Past the cap everything is transparent: no implied close reaches back into the stack.
    const closes = hidden === 0 ? IMPLIES_CLOSE.get(name) : undefined;
    if (closes) while (stack.length > 0 && closes.has(stack.at(-1)!)) pop();
    tag = name;
    attribs = Object.create(null) as Record<string, string>; // an attribute named __proto__ stays an attribute
  };
  const endStartTag = (selfClosing: boolean) => {
    const name = tag;
    tag = '';
    if (!name) return;
    if (VOID.has(name) || selfClosing) {
      handler.onopentag?.(name, attribs);
      handler.onclosetag?.(name);
    } else if (hidden > 0 || stack.length >= maxDepth) hidden++;
    else {
      push(name);
      handler.onopentag?.(name, attribs);
    }
  };

  const tokenizer = new Tokenizer(
    { decodeEntities: true, xmlMode: false, recognizeSelfClosing: options.recognizeSelfClosing ?? false },
    {
      ontext: (start, end) => handler.ontext?.(html.slice(start, end)),
      ontextentity: (codePoint) => handler.ontext?.(String.fromCodePoint(codePoint)),
      onopentagname: (start, end) => startTag(html.slice(start, end).toLowerCase()),
      onattribname: (start, end) => {
        attribName = html.slice(start, end).toLowerCase();
        attribValue = '';
      },
      onattribdata: (start, end) => {
        if (attribValue.length < MAX_ATTRIBUTE) attribValue += html.slice(start, Math.min(end, start + MAX_ATTRIBUTE - attribValue.length));
      },
      onattribentity: (codePoint) => {
        if (attribValue.length < MAX_ATTRIBUTE) attribValue += String.fromCodePoint(codePoint);
      },
      onattribend: () => {
        if (tag && !Object.hasOwn(attribs, attribName)) attribs[attribName] = attribValue;
        attribValue = '';
      },
      onopentagend: () => endStartTag(false),
      onselfclosingtag: () => endStartTag(options.recognizeSelfClosing === true),
      onclosetag: (start, end) => {
        const name = html.slice(start, end).toLowerCase();
        if (VOID.has(name)) {
          if (name === 'br') {
            // </br> is a line break, as browsers read it.
            startTag('br');
            endStartTag(false);
          }
          return;
        }
        if (hidden > 0) {
          hidden--; // closes an element past the cap: nothing was reported for it
          return;
        }
        if ((open.get(name) ?? 0) > 0) {
          while (stack.at(-1) !== name) pop();
          pop();
        } else if (name === 'p') {
          // A stray </p> is an empty paragraph, as browsers read it.
          startTag('p');
          endStartTag(true);
        }
      },
      oncomment: () => undefined,
      oncdata: () => undefined,
      ondeclaration: () => undefined,
      onprocessinginstruction: () => undefined,
      onend: () => {
        while (stack.length > 0) pop();
      },
    },
  );
  tokenizer.write(html);
  tokenizer.end();
}
