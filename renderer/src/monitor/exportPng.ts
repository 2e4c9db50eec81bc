/**
 * A chart as a PNG: its SVG drawn on a canvas under a title and a legend (the legend is HTML in
 * recharts, so it is drawn here), on the theme's background so the file looks like the screen.
 */
import type { ChartTheme } from './chartTheme';

export interface PngLegendItem {
  name: string;
  color: string;
}

const PAD = 12;
const TITLE_H = 28;
const LEGEND_H = 22;

export async function chartPng(svg: SVGSVGElement, title: string, legend: readonly PngLegendItem[], theme: ChartTheme): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('font-family', 'sans-serif');
  clone.setAttribute('font-size', '12');
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(clone))}`;
  const img = await new Promise<HTMLImageElement>((resolve, reject) => {
    const i = new Image();
    i.onload = () => resolve(i);
    i.onerror = () => reject(new Error('the chart could not be drawn as an image'));
    i.src = url;
  });

  const scale = 2; // Sharp on high-density screens and in documents.
  const canvas = document.createElement('canvas');
  const fullH = PAD + TITLE_H + height + LEGEND_H + PAD;
  canvas.width = Math.ceil((width + 2 * PAD) * scale);
  canvas.height = Math.ceil(fullH * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this window cannot draw images');
  ctx.scale(scale, scale);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width + 2 * PAD, fullH);
  ctx.fillStyle = theme.text;
  ctx.font = 'bold 14px sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(title, PAD, PAD + TITLE_H / 2);
  ctx.drawImage(img, PAD, PAD + TITLE_H, width, height);
  ctx.font = '12px sans-serif';
  let x = PAD;
  const y = PAD + TITLE_H + height + LEGEND_H / 2;
  for (const item of legend) {
    ctx.fillStyle = item.color;
    ctx.fillRect(x, y - 5, 10, 10);
    ctx.fillStyle = theme.text;
    ctx.fillText(item.name, x + 14, y);
    x += 14 + ctx.measureText(item.name).width + 16;
  }
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the image could not be made'))), 'image/png'));
}
