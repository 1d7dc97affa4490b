import { type Locale } from '#app/i18n/i18n.ts'
import { pragueLocalToUtc, utcToPragueLocal } from './prague-time.ts'

/**
 * Recurring meetings: the subset of RFC 5545 RRULE that Czech working groups use, implemented
 * here (pure, no time-zone library). Occurrences are computed as Prague calendar dates and then
 * given the first meeting's Prague wall-clock time, so "9:30" stays 9:30 across daylight saving.
 *
 * Supported: FREQ=WEEKLY|MONTHLY|YEARLY, INTERVAL, BYMONTH, BYDAY (with an ordinal in monthly and
 * yearly rules: 2WE = second Wednesday, -1FR = last Friday), BYMONTHDAY (also negative: -1 =
 * last day), COUNT, UNTIL, WKST=MO. Anything else (BYSETPOS, BYWEEKNO, DAILY…) is refused.
 * The first meeting (DTSTART) must itself be an occurrence; the series form checks that.
 */

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const
export type Weekday = (typeof WEEKDAYS)[number]
export const FREQUENCIES = ['WEEKLY', 'MONTHLY', 'YEARLY'] as const
export type Frequency = (typeof FREQUENCIES)[number]

export type ByDay = { weekday: Weekday; ordinal: number | null }

export type Recurrence = {
	freq: Frequency
	interval: number
	/** Months 1–12. */
	byMonth: number[]
	byDay: ByDay[]
	/** Days of the month 1–31, or -1 (last) … -31. */
	byMonthDay: number[]
	count: number | null
	/** The last moment an occurrence may start (UTC). */
	until: Date | null
}

/** Limits that keep a rule sane (and the generator finite). */
export const MAX_INTERVAL = 99
export const MAX_COUNT = 500

/** A rule that cannot be read or is outside the supported subset; `messageKey` explains it. */
export class RecurrenceError extends Error {
	constructor(public readonly messageKey: string) {
		super(messageKey)
		this.name = 'RecurrenceError'
	}
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Days since 1970-01-01 of a calendar date (no time zone involved). */
function dayNumber(year: number, month: number, day: number) {
	return Date.UTC(year, month - 1, day) / DAY_MS
}

function civil(dn: number) {
	const date = new Date(dn * DAY_MS)
	return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }
}

/** 0 = Monday … 6 = Sunday. */
function weekdayIndex(dn: number) {
	return (new Date(dn * DAY_MS).getUTCDay() + 6) % 7
}

function daysInMonth(year: number, month: number) {
	return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0')

function isoDate(dn: number) {
	const { year, month, day } = civil(dn)
	return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

// ---------------------------------------------------------------------------------------------
// Parsing and writing RRULE text

function parseIntStrict(value: string) {
	return /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN
}

function parseUntil(value: string): Date {
	const date = /^(\d{4})(\d{2})(\d{2})$/.exec(value)
	if (date) {
		// A date only: the whole of that day in Prague counts.
		const end = pragueLocalToUtc(`${date[1]}-${date[2]}-${date[3]}T23:59:59`)
		if (end) return end
	}
	const dateTime = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(value)
	if (dateTime) {
		const [, y, mo, d, h, mi, s, z] = dateTime
		const local = `${y}-${mo}-${d}T${h}:${mi}:${s}`
		const instant = z ? new Date(`${local}Z`) : pragueLocalToUtc(local)
		if (instant && !Number.isNaN(instant.getTime())) return instant
	}
	throw new RecurrenceError('series.rrule.invalidUntil')
}

function formatUntil(until: Date) {
	const iso = until.toISOString()
	return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`
}

function parseByDay(value: string): ByDay {
	const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(value)
	if (!match) throw new RecurrenceError('series.rrule.invalid')
	return {
		weekday: match[2] as Weekday,
		ordinal: match[1] === undefined ? null : parseIntStrict(match[1]),
	}
}

function parseList(value: string, item: (part: string) => number) {
	return value.split(',').map((part) => {
		const number = item(part.trim())
		if (!Number.isInteger(number)) throw new RecurrenceError('series.rrule.invalid')
		return number
	})
}

/**
 * Reads an RRULE (without DTSTART; an `RRULE:` prefix is allowed). Throws `RecurrenceError` for
 * text that is not a rule or uses parts this module does not support.
 */
export function parseRRule(text: string): Recurrence {
	const body = text.trim().replace(/^RRULE:/i, '')
	if (!body) throw new RecurrenceError('series.rrule.invalid')
	const fields = new Map<string, string>()
	for (const part of body.split(';')) {
		if (!part) continue
		const [key, value, ...rest] = part.split('=')
		if (!key || value === undefined || rest.length > 0) {
			throw new RecurrenceError('series.rrule.invalid')
		}
		const name = key.trim().toUpperCase()
		if (fields.has(name)) throw new RecurrenceError('series.rrule.invalid')
		fields.set(name, value.trim().toUpperCase())
	}
	const rule: Recurrence = {
		freq: 'WEEKLY',
		interval: 1,
		byMonth: [],
		byDay: [],
		byMonthDay: [],
		count: null,
		until: null,
	}
	for (const [name, value] of fields) {
		switch (name) {
			case 'FREQ':
				if (!FREQUENCIES.includes(value as Frequency)) {
					throw new RecurrenceError('series.rrule.unsupported')
				}
				rule.freq = value as Frequency
				break
			case 'INTERVAL':
				rule.interval = parseIntStrict(value)
				break
			case 'BYMONTH':
				rule.byMonth = parseList(value, parseIntStrict)
				break
			case 'BYMONTHDAY':
				rule.byMonthDay = parseList(value, parseIntStrict)
				break
			case 'BYDAY':
				rule.byDay = value.split(',').map((part) => parseByDay(part.trim()))
				break
			case 'COUNT':
				rule.count = parseIntStrict(value)
				break
			case 'UNTIL':
				rule.until = parseUntil(value)
				break
			case 'WKST':
				if (value !== 'MO') throw new RecurrenceError('series.rrule.unsupported')
				break
			default:
				throw new RecurrenceError('series.rrule.unsupported')
		}
	}
	if (!fields.has('FREQ')) throw new RecurrenceError('series.rrule.invalid')
	const problem = checkRecurrence(rule)
	if (problem) throw new RecurrenceError(problem)
	return rule
}

/** Why a rule cannot be used (a message key), or null when it is fine. */
export function checkRecurrence(rule: Recurrence): string | null {
	if (!Number.isInteger(rule.interval) || rule.interval < 1 || rule.interval > MAX_INTERVAL) {
		return 'series.rrule.interval'
	}
	if (rule.byMonth.some((month) => !Number.isInteger(month) || month < 1 || month > 12)) {
		return 'series.rrule.invalid'
	}
	if (rule.byMonthDay.some((day) => !Number.isInteger(day) || day === 0 || day < -31 || day > 31)) {
		return 'series.rrule.invalid'
	}
	for (const { ordinal } of rule.byDay) {
		if (ordinal === null) continue
		if (rule.freq === 'WEEKLY') return 'series.rrule.invalid'
		const limit = rule.freq === 'MONTHLY' || rule.byMonth.length > 0 ? 5 : 53
		if (!Number.isInteger(ordinal) || ordinal === 0 || Math.abs(ordinal) > limit) {
			return 'series.rrule.invalid'
		}
	}
	if (rule.count !== null && rule.until !== null) return 'series.rrule.countAndUntil'
	if (
		rule.count !== null &&
		(!Number.isInteger(rule.count) || rule.count < 1 || rule.count > MAX_COUNT)
	) {
		return 'series.rrule.count'
	}
	return null
}

/** The rule as RRULE text (without DTSTART), e.g. `FREQ=YEARLY;BYMONTH=5,9,11;BYDAY=2WE`. */
export function formatRRule(rule: Recurrence) {
	const parts = [`FREQ=${rule.freq}`]
	if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`)
	if (rule.byMonth.length) parts.push(`BYMONTH=${rule.byMonth.join(',')}`)
	if (rule.byMonthDay.length) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`)
	if (rule.byDay.length) {
		parts.push(`BYDAY=${rule.byDay.map((d) => `${d.ordinal ?? ''}${d.weekday}`).join(',')}`)
	}
	if (rule.count !== null) parts.push(`COUNT=${rule.count}`)
	if (rule.until !== null) parts.push(`UNTIL=${formatUntil(rule.until)}`)
	return parts.join(';')
}

// ---------------------------------------------------------------------------------------------
// Occurrences

/** Periods in a row without any occurrence before the generator gives up (e.g. 31 February). */
const MAX_EMPTY_PERIODS = 400
const MAX_YEAR = 2200

function periodDays(rule: Recurrence, startDn: number, index: number): number[] {
	const start = civil(startDn)
	if (rule.freq === 'WEEKLY') {
		const monday = startDn - weekdayIndex(startDn) + 7 * rule.interval * index
		return Array.from({ length: 7 }, (_, i) => monday + i)
	}
	if (rule.freq === 'MONTHLY') {
		const monthIndex = start.year * 12 + (start.month - 1) + rule.interval * index
		const year = Math.floor(monthIndex / 12)
		const month = (monthIndex % 12) + 1
		const first = dayNumber(year, month, 1)
		return Array.from({ length: daysInMonth(year, month) }, (_, i) => first + i)
	}
	const year = start.year + rule.interval * index
	const first = dayNumber(year, 1, 1)
	const length = dayNumber(year + 1, 1, 1) - first
	return Array.from({ length }, (_, i) => first + i)
}

function matchesByDay(rule: Recurrence, dn: number, byDay: ByDay) {
	if (weekdayIndex(dn) !== WEEKDAYS.indexOf(byDay.weekday)) return false
	if (byDay.ordinal === null) return true
	const { year, month, day } = civil(dn)
	// Within the month for monthly rules and yearly rules with months; else within the year.
	const withinMonth = rule.freq === 'MONTHLY' || rule.byMonth.length > 0
	const position = withinMonth ? day : dn - dayNumber(year, 1, 1) + 1
	const length = withinMonth
		? daysInMonth(year, month)
		: dayNumber(year + 1, 1, 1) - dayNumber(year, 1, 1)
	const nth =
		byDay.ordinal > 0
			? Math.floor((position - 1) / 7) + 1
			: -(Math.floor((length - position) / 7) + 1)
	return nth === byDay.ordinal
}

function candidates(rule: Recurrence, startDn: number, days: number[]) {
	const start = civil(startDn)
	return days.filter((dn) => {
		const { year, month, day } = civil(dn)
		if (rule.byMonth.length && !rule.byMonth.includes(month)) return false
		if (rule.freq === 'WEEKLY') {
			return rule.byDay.length
				? rule.byDay.some((d) => WEEKDAYS.indexOf(d.weekday) === weekdayIndex(dn))
				: weekdayIndex(dn) === weekdayIndex(startDn)
		}
		if (rule.byMonthDay.length) {
			const last = daysInMonth(year, month)
			if (!rule.byMonthDay.some((md) => (md > 0 ? md === day : last + md + 1 === day))) {
				return false
			}
		}
		if (rule.byDay.length && !rule.byDay.some((d) => matchesByDay(rule, dn, d))) return false
		if (!rule.byMonthDay.length && !rule.byDay.length) {
			if (day !== start.day) return false
			if (rule.freq === 'YEARLY' && !rule.byMonth.length && month !== start.month) return false
		}
		return true
	})
}

/**
 * The occurrences of a rule whose first meeting is `start`, in order (UTC instants), each at
 * `start`'s Prague wall-clock time. Starts with `start` when it fits the rule, otherwise with the
 * first date after it that does. Ends with COUNT/UNTIL, or never (take what you need).
 */
export function* iterateOccurrences(rule: Recurrence, start: Date): Generator<Date> {
	const local = utcToPragueLocal(start)
	const [date, time] = local.split('T') as [string, string]
	const [y, m, d] = date.split('-').map(Number) as [number, number, number]
	const startDn = dayNumber(y, m, d)
	let produced = 0
	let empty = 0
	for (let index = 0; empty < MAX_EMPTY_PERIODS; index++) {
		const days = candidates(rule, startDn, periodDays(rule, startDn, index))
		if (days.length === 0) {
			empty++
			if (civil(periodDays(rule, startDn, index)[0]!).year > MAX_YEAR) return
			continue
		}
		empty = 0
		for (const dn of days) {
			if (dn < startDn) continue
			if (civil(dn).year > MAX_YEAR) return
			const instant = pragueLocalToUtc(`${isoDate(dn)}T${time}`)!
			if (instant.getTime() < start.getTime()) continue
			if (rule.until && instant.getTime() > rule.until.getTime()) return
			yield instant
			produced++
			if (rule.count !== null && produced >= rule.count) return
		}
	}
}

/** Up to `limit` occurrences starting before `to` (optionally only those from `from` on). */
export function occurrencesUntil(
	rule: Recurrence,
	start: Date,
	to: Date,
	{ from, limit = 1000 }: { from?: Date; limit?: number } = {},
) {
	const found: Date[] = []
	for (const occurrence of iterateOccurrences(rule, start)) {
		if (occurrence.getTime() >= to.getTime() || found.length >= limit) break
		if (from && occurrence.getTime() < from.getTime()) continue
		found.push(occurrence)
	}
	return found
}

/** The first `count` occurrences. */
export function firstOccurrences(rule: Recurrence, start: Date, count: number) {
	const found: Date[] = []
	if (count <= 0) return found
	for (const occurrence of iterateOccurrences(rule, start)) {
		found.push(occurrence)
		if (found.length >= count) break
	}
	return found
}

/** The first occurrence on or after `start` (equal to `start` when it fits the rule), or null. */
export function firstOccurrence(rule: Recurrence, start: Date) {
	return iterateOccurrences(rule, start).next().value ?? null
}

// ---------------------------------------------------------------------------------------------
// Human descriptions

const CS = {
	weekday: ['pondělí', 'úterý', 'středa', 'čtvrtek', 'pátek', 'sobota', 'neděle'],
	onWeekday: ['v pondělí', 'v úterý', 've středu', 've čtvrtek', 'v pátek', 'v sobotu', 'v neděli'],
	inMonth: [
		'lednu',
		'únoru',
		'březnu',
		'dubnu',
		'květnu',
		'červnu',
		'červenci',
		'srpnu',
		'září',
		'říjnu',
		'listopadu',
		'prosinci',
	],
	ofMonth: [
		'ledna',
		'února',
		'března',
		'dubna',
		'května',
		'června',
		'července',
		'srpna',
		'září',
		'října',
		'listopadu',
		'prosince',
	],
	times: [
		'jednou',
		'dvakrát',
		'třikrát',
		'čtyřikrát',
		'pětkrát',
		'šestkrát',
		'sedmkrát',
		'osmkrát',
		'devětkrát',
		'desetkrát',
		'jedenáctkrát',
		'dvanáctkrát',
	],
}

const EN = {
	weekday: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
	month: [
		'January',
		'February',
		'March',
		'April',
		'May',
		'June',
		'July',
		'August',
		'September',
		'October',
		'November',
		'December',
	],
}

function joinList(items: string[], and: string) {
	if (items.length <= 1) return items.join('')
	return `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`
}

/** "každé 2 měsíce", "každých 5 týdnů" */
function csEvery(n: number, forms: [string, string, string], one: string) {
	if (n === 1) return one
	return n >= 2 && n <= 4 ? `každé ${n} ${forms[1]}` : `každých ${n} ${forms[2]}`
}

function csOrdinal(ordinal: number) {
	if (ordinal === -1) return 'poslední'
	if (ordinal === -2) return 'předposlední'
	return ordinal > 0 ? `${ordinal}.` : `${-ordinal}. od konce`
}

function enOrdinal(ordinal: number) {
	if (ordinal === -1) return 'last'
	if (ordinal === -2) return 'second to last'
	const n = Math.abs(ordinal)
	const suffix =
		n % 10 === 1 && n % 100 !== 11
			? 'st'
			: n % 10 === 2 && n % 100 !== 12
				? 'nd'
				: n % 10 === 3 && n % 100 !== 13
					? 'rd'
					: 'th'
	return ordinal > 0 ? `${n}${suffix}` : `${n}${suffix} to last`
}

function formatUntilDate(until: Date, locale: Locale) {
	const [date] = utcToPragueLocal(until).split('T') as [string]
	const [y, m, d] = date.split('-').map(Number) as [number, number, number]
	return locale === 'cs' ? `${d}. ${m}. ${y}` : `${d} ${EN.month[m - 1]} ${y}`
}

/**
 * The rule in words, e.g. "třikrát ročně: 2. středa v květnu, září a listopadu v 9:30" or
 * "každý měsíc: poslední pátek v 14:00, celkem 6 setkání".
 */
export function describeRecurrence(rule: Recurrence, start: Date, locale: Locale = 'cs') {
	const [date, time] = utcToPragueLocal(start).split('T') as [string, string]
	const [, startMonth, startDay] = date.split('-').map(Number) as [number, number, number]
	const [hour, minute] = time.split(':').map(Number) as [number, number]
	const clock = `${hour}:${pad(minute)}`
	const startDn = dayNumber(...(date.split('-').map(Number) as [number, number, number]))
	const months = [...rule.byMonth].sort((a, b) => a - b)
	return locale === 'cs'
		? describeCs(rule, { months, startMonth, startDay, startWeekday: weekdayIndex(startDn), clock })
		: describeEn(rule, { months, startMonth, startDay, startWeekday: weekdayIndex(startDn), clock })
}

type DescribeContext = {
	months: number[]
	startMonth: number
	startDay: number
	startWeekday: number
	clock: string
}

function describeCs(rule: Recurrence, c: DescribeContext) {
	let every: string
	if (rule.freq === 'WEEKLY')
		every = csEvery(rule.interval, ['týden', 'týdny', 'týdnů'], 'každý týden')
	else if (rule.freq === 'MONTHLY')
		every = csEvery(rule.interval, ['měsíc', 'měsíce', 'měsíců'], 'každý měsíc')
	else if (c.months.length && rule.interval === 1) every = `${CS.times[c.months.length - 1]} ročně`
	else every = csEvery(rule.interval, ['rok', 'roky', 'let'], 'každý rok')

	const dayParts: string[] = []
	if (rule.byDay.length) {
		const withOrdinal = rule.byDay.filter((d) => d.ordinal !== null)
		const plain = rule.byDay.filter((d) => d.ordinal === null)
		for (const d of withOrdinal) {
			dayParts.push(`${csOrdinal(d.ordinal!)} ${CS.weekday[WEEKDAYS.indexOf(d.weekday)]}`)
		}
		if (plain.length) {
			dayParts.push(
				joinList(
					plain.map((d) => CS.onWeekday[WEEKDAYS.indexOf(d.weekday)]!),
					'a',
				),
			)
		}
	}
	if (rule.byMonthDay.length) {
		const days = rule.byMonthDay.map((d) =>
			d === -1 ? 'poslední den' : d < 0 ? `${-d}. den od konce` : `${d}. den`,
		)
		dayParts.push(joinList(days, 'a') + (c.months.length ? '' : ' v měsíci'))
	}
	if (!dayParts.length) {
		if (rule.freq === 'WEEKLY') dayParts.push(CS.onWeekday[c.startWeekday]!)
		else if (rule.freq === 'MONTHLY' || c.months.length)
			dayParts.push(`${c.startDay}. den${c.months.length ? '' : ' v měsíci'}`)
		else dayParts.push(`${c.startDay}. ${CS.ofMonth[c.startMonth - 1]}`)
	}
	let text = `${every}: ${joinList(dayParts, 'a')}`
	if (c.months.length)
		text += ` v ${joinList(
			c.months.map((m) => CS.inMonth[m - 1]!),
			'a',
		)}`
	text += ` v ${c.clock}`
	if (rule.count !== null) text += `, celkem ${rule.count} setkání`
	if (rule.until !== null) text += `, nejpozději ${formatUntilDate(rule.until, 'cs')}`
	return text
}

function describeEn(rule: Recurrence, c: DescribeContext) {
	const unit = rule.freq === 'WEEKLY' ? 'week' : rule.freq === 'MONTHLY' ? 'month' : 'year'
	let every = rule.interval === 1 ? `every ${unit}` : `every ${rule.interval} ${unit}s`
	if (rule.freq === 'YEARLY' && c.months.length && rule.interval === 1) {
		const n = c.months.length
		every = n === 1 ? 'once a year' : n === 2 ? 'twice a year' : `${n} times a year`
	}
	const dayParts: string[] = []
	for (const d of rule.byDay) {
		const name = EN.weekday[WEEKDAYS.indexOf(d.weekday)]!
		dayParts.push(d.ordinal === null ? `on ${name}` : `the ${enOrdinal(d.ordinal)} ${name}`)
	}
	for (const d of rule.byMonthDay) {
		dayParts.push(d === -1 ? 'the last day' : `day ${d}`)
	}
	if (!dayParts.length) {
		if (rule.freq === 'WEEKLY') dayParts.push(`on ${EN.weekday[c.startWeekday]}`)
		else if (rule.freq === 'MONTHLY' || c.months.length) dayParts.push(`day ${c.startDay}`)
		else dayParts.push(`${c.startDay} ${EN.month[c.startMonth - 1]}`)
	}
	let text = `${every}: ${joinList(dayParts, 'and')}`
	if (c.months.length)
		text += ` in ${joinList(
			c.months.map((m) => EN.month[m - 1]!),
			'and',
		)}`
	text += ` at ${c.clock}`
	if (rule.count !== null) text += `, ${rule.count} meetings in all`
	if (rule.until !== null) text += `, until ${formatUntilDate(rule.until, 'en')}`
	return text
}
