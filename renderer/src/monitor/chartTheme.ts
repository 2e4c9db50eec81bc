/**
 * Chart colours for the current theme. Recharts draws SVG with colours as attributes, and the PNG
 * export renders that SVG outside the page's CSS, so colours are real values picked in code, not
 * CSS variables; the hook follows the `data-theme` the theme switch sets on <html>.
 */
import { useEffect, useState } from 'react';

export interface ChartTheme {
  dark: boolean;
  background: string;
  text: string;
  grid: string;
  axis: string;
  zoom: string;
  lines: readonly string[];
}

// Blueprint's palette at steps readable on each background; the same order in both themes.
const LIGHT: ChartTheme = {
  dark: false,
  background: '#ffffff',
  text: '#1c2127',
  grid: '#e5e8eb',
  axis: '#5f6b7c',
  zoom: 'rgba(45, 114, 210, 0.15)',
  lines: ['#2d72d2', '#c87619', '#238551', '#cd4246', '#7961db', '#00a396', '#d1980b', '#db2c6f', '#696969', '#5f6b7c'],
};
const DARK: ChartTheme = {
  dark: true,
  background: '#252a31',
  text: '#f6f7f9',
  grid: '#383e47',
  axis: '#abb3bf',
  zoom: 'rgba(138, 187, 255, 0.2)',
  lines: ['#8abbff', '#fbb360', '#72ca9b', '#fa999c', '#bdadff', '#7ae1d8', '#fbd065', '#f5a2b6', '#d3d8de', '#abb3bf'],
};

export function themeFor(dark: boolean): ChartTheme {
  return dark ? DARK : LIGHT;
}

function pageIsDark(): boolean {
  return document.documentElement.dataset.theme === 'dark';
}

export function useChartTheme(): ChartTheme {
  const [dark, setDark] = useState(pageIsDark);
  useEffect(() => {
    const obs = new MutationObserver(() => setDark(pageIsDark()));
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => obs.disconnect();
  }, []);
  return themeFor(dark);
}
