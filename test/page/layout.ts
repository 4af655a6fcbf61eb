// What happy-dom does not do and the driver reads: layout. A browser gives an element no box when
// it or an ancestor is `display: none` (or `hidden`, which its own style sheet makes so), and no
// offsetParent then, nor when it is `position: fixed`. This gives happy-dom those two rules, so
// the driver's "what a visitor sees" runs on the same facts it meets in a page.
const hiddenByDisplay = (el: Element): boolean => {
  for (let node: Element | null = el; node; node = node.parentElement) {
    if (node.hasAttribute('hidden') || getComputedStyle(node).display === 'none') return true;
  }
  return false;
};

export function installLayout(): void {
  Object.defineProperty(Element.prototype, 'getClientRects', {
    configurable: true,
    value(this: Element) {
      return hiddenByDisplay(this) ? [] : [{ x: 0, y: 0, width: 10, height: 10 }];
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'offsetParent', {
    configurable: true,
    get(this: HTMLElement) {
      return hiddenByDisplay(this) || getComputedStyle(this).position === 'fixed' ? null : this.parentElement ?? document.body;
    },
  });
}
