import type { LegendPayload } from 'recharts';

/**
 * The legend of a monitor chart: a colour swatch and the series name. Drawn here rather than by
 * recharts, whose own legend labels each swatch "<name> legend icon" in English for screen readers.
 */
export function ChartLegend({ payload }: { payload?: readonly LegendPayload[] }) {
  return (
    <ul className="monitor-legend">
      {(payload ?? []).filter((p) => p.type !== 'none').map((p) => (
        <li key={String(p.value)}>
          <span className="monitor-legend-swatch" aria-hidden style={{ background: p.color }} />
          {p.value}
        </li>
      ))}
    </ul>
  );
}
