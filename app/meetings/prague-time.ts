import { TIME_ZONE } from '#app/i18n/i18n.ts'

/** What a `datetime-local` input sends: `2026-03-29T09:30` (seconds are optional). */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS

const partsFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: TIME_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
})

/** The wall-clock fields in Prague at an instant. */
function pragueParts(instant: number) {
	const parts: Record<string, number> = {}
	for (const part of partsFormat.formatToParts(instant)) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value)
	}
	return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>
}

/** Prague's offset from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function pragueOffset(instant: number) {
	const p = pragueParts(instant)
	const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
	return asUtc - Math.floor(instant / 1000) * 1000
}

/** Parses `YYYY-MM-DDTHH:mm` into its fields, or null when it is not a real calendar time. */
export function parseLocalDateTime(value: string) {
	const match = LOCAL_DATE_TIME.exec(value.trim())
	if (!match) return null
	const [year, month, day, hour, minute, second] = match
		.slice(1)
		.map((part) => Number(part ?? 0)) as [number, number, number, number, number, number]
	const asUtc = Date.UTC(year, month - 1, day, hour, minute, second)
	const check = new Date(asUtc)
	if (
		check.getUTCFullYear() !== year ||
		check.getUTCMonth() !== month - 1 ||
		check.getUTCDate() !== day ||
		hour > 23 ||
		minute > 59 ||
		second > 59
	) {
		return null
	}
	return { asUtc }
}

/**
 * Converts a wall-clock time in Prague (as a `datetime-local` input sends it) to the UTC instant.
 * Daylight saving is handled like JavaScript's Temporal "compatible" rule:
 * - a time that does not exist (the spring gap, 2026-03-29 02:00–02:59) moves forward by the gap,
 *   so `02:30` becomes 03:30 summer time (01:30 UTC);
 * - a time that exists twice (the autumn overlap, 2026-10-25 02:00–02:59) means the first one,
 *   still in summer time (`02:30` → 00:30 UTC).
 * Returns null for text that is not a valid date and time.
 */
export function pragueLocalToUtc(value: string): Date | null {
	const parsed = parseLocalDateTime(value)
	if (!parsed) return null
	const { asUtc } = parsed
	// The offsets in force a day before and a day after cover both sides of any transition.
	const before = pragueOffset(asUtc - DAY_MS)
	const after = pragueOffset(asUtc + DAY_MS)
	const candidates = [...new Set([before, after])]
		.map((offset) => asUtc - offset)
		.filter((instant) => asUtc - pragueOffset(instant) === instant)
		.sort((a, b) => a - b)
	if (candidates.length > 0) return new Date(candidates[0]!)
	// In the gap: read the wall time with the offset from before the jump.
	return new Date(asUtc - before)
}

const pad = (value: number) => String(value).padStart(2, '0')

/** The Prague wall-clock time of an instant as a `datetime-local` value (`2026-11-23T17:40`). */
export function utcToPragueLocal(value: Date | number) {
	const p = pragueParts(typeof value === 'number' ? value : value.getTime())
	return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`
}
