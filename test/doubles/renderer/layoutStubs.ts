/**
 * jsdom does no layout: give every element a real size so a virtualised table has a window
 * (560 px) to fill. Returns the function that puts the originals back.
 */
export function stubLayout(height = 560, width = 1000): () => void {
  const clientH = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight');
  const clientW = Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth');
  Object.defineProperty(Element.prototype, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(Element.prototype, 'clientWidth', { configurable: true, get: () => width });
  return () => {
    if (clientH) Object.defineProperty(Element.prototype, 'clientHeight', clientH);
    if (clientW) Object.defineProperty(Element.prototype, 'clientWidth', clientW);
  };
}
