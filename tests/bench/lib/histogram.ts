/**
 * A fixed-bucket latency histogram: 10 µs buckets below 100 ms, 1 ms buckets up to 60 s, so
 * millions of samples cost a few hundred KiB and percentiles are exact to the bucket width.
 */
const FINE_LIMIT_MS = 100
const FINE_PER_MS = 100
const COARSE_LIMIT_MS = 60_000
const FINE_BUCKETS = FINE_LIMIT_MS * FINE_PER_MS
const BUCKETS = FINE_BUCKETS + (COARSE_LIMIT_MS - FINE_LIMIT_MS)

export class Histogram {
	private readonly counts = new Uint32Array(BUCKETS + 1)
	count = 0
	sum = 0
	max = 0

	record(ms: number) {
		const value = ms < 0 ? 0 : ms
		const index =
			value < FINE_LIMIT_MS
				? Math.floor(value * FINE_PER_MS)
				: Math.min(BUCKETS, FINE_BUCKETS + Math.floor(value - FINE_LIMIT_MS))
		this.counts[index]!++
		this.count++
		this.sum += value
		if (value > this.max) this.max = value
	}

	/** The upper edge of the bucket holding the q-th quantile (0 < q ≤ 1); null when empty. */
	quantile(q: number) {
		if (this.count === 0) return null
		const rank = Math.max(1, Math.ceil(q * this.count))
		let seen = 0
		for (let index = 0; index <= BUCKETS; index++) {
			seen += this.counts[index]!
			if (seen >= rank) {
				const edge =
					index < FINE_BUCKETS
						? (index + 1) / FINE_PER_MS
						: FINE_LIMIT_MS + (index - FINE_BUCKETS) + 1
				return Math.min(edge, this.max)
			}
		}
		return this.max
	}

	summary() {
		const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100)
		return {
			samples: this.count,
			p50: round(this.quantile(0.5)),
			p95: round(this.quantile(0.95)),
			p99: round(this.quantile(0.99)),
			max: round(this.count ? this.max : null),
			mean: round(this.count ? this.sum / this.count : null),
		}
	}
}

export type LatencySummary = ReturnType<Histogram['summary']>
