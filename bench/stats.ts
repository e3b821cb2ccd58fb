/** Median of a non-empty list; benchmarks report medians so one disturbed run does not decide. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/**
 * A distribution-free 95% interval for the median of independent values: the order statistics
 * about 0.98·√n either side of the middle (the normal approximation to the binomial). Null for
 * fewer than 6 values, where the interval would be the whole range or wider.
 */
export function medianInterval(values: readonly number[]): [number, number] | null {
  const n = values.length
  const below = Math.floor((n - 1.96 * Math.sqrt(n)) / 2)
  if (n < 6 || below < 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return [sorted[below] as number, sorted[n - 1 - below] as number]
}

/** The p-th percentile (0-100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of nothing')
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] as number
}

/** One benchmark's figures, flat, keyed `area.figure`. */
export type Figures = Record<string, number>

/** What a figure should reach, for the table; `min` means higher is better, `atMost` is <=. */
export interface Goal {
  min?: number
  max?: number
  atMost?: number
}
