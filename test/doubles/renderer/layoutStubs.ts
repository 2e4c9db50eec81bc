/**
 * jsdom does no layout: give every element a real size (only the sides given), so a virtualised
 * table has a window to fill or a chart a width. Returns the function that puts the originals back.
 */
export function stubSize({ height, width }: { height?: number; width?: number }): () => void {
  const restores = [stubSide('clientHeight', height), stubSide('clientWidth', width)];
  return () => restores.forEach((r) => r());
}

function stubSide(prop: 'clientHeight' | 'clientWidth', value: number | undefined): () => void {
  if (value === undefined) return () => {};
  const original = Object.getOwnPropertyDescriptor(Element.prototype, prop);
  Object.defineProperty(Element.prototype, prop, { configurable: true, get: () => value });
  return () => {
    if (original) Object.defineProperty(Element.prototype, prop, original);
  };
}
