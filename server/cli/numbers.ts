// Number formatting for the terminal: few digits, "–" for a value that was not measured.
export const NA = '–';

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NA;
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

export function fixed(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NA;
  return value.toFixed(digits);
}

export function times(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? NA : `${value.toFixed(2)}×`;
}

export function pct(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return NA;
  return `${(share * 100).toFixed(digits)}%`;
}

/** "+12.3%", "−4.7%" (a real minus sign), for changes and the ends of their intervals. */
export function signedPct(value: number, digits = 1): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(digits)}%`;
}

/** A change with its 95% interval: "−4.7% [−9.0% to +1.2%]". */
export function changeWithCi(value: number, ci: readonly [number, number] | null | undefined): string {
  return ci ? `${signedPct(value)} [${signedPct(ci[0])} to ${signedPct(ci[1])}]` : signedPct(value);
}
