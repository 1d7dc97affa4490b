import { z } from 'zod'
import { meetingBasics } from './meeting.schema.ts'
import { pragueLocalToUtc, utcToPragueLocal } from './prague-time.ts'
import {
	checkRecurrence,
	firstOccurrence,
	MAX_COUNT,
	MAX_INTERVAL,
	occurrencesUntil,
	type Recurrence,
	WEEKDAYS,
} from './recurrence.ts'

// Shared by the "Nová řada setkání" form (live preview) and its action. Messages are i18n keys.

/** Saving a series creates its meetings this far ahead; "Prodloužit řadu" adds as much again. */
export const MATERIALISE_MONTHS = 12
export const MAX_TEMPLATE_ITEMS = 40
const MAX_TEMPLATE_TITLE = 300
const MAX_TEMPLATE_MINUTES = 24 * 60

/** How the form says how often: every n weeks, every n months, or in chosen months each year. */
export const REPEAT_KINDS = ['weekly', 'monthly', 'months'] as const
/** Which day of the month: "2. středa" (weekday) or the same date as the first meeting. */
export const DAY_RULES = ['weekday', 'monthDay'] as const
export const ORDINALS = ['1', '2', '3', '4', '-1'] as const
export const END_KINDS = ['none', 'until', 'count'] as const

export type TemplateItem = { title: string; description?: string; plannedMinutes?: number }

/** One agenda item per line; "Úvod – 10 min" plans 10 minutes for "Úvod". */
const TEMPLATE_LINE = /^(.*?)\s*[–—-]\s*(\d{1,5})\s*(?:min(?:ut[a-y]?)?\.?)\s*$/i

/** The agenda template as typed, or the message key (with the line number) of what is wrong. */
export function parseAgendaTemplate(
	text: string,
): { ok: true; items: TemplateItem[] } | { ok: false; error: string } {
	const items: TemplateItem[] = []
	const lines = text.split(/\r?\n/)
	for (const [index, raw] of lines.entries()) {
		const line = raw.trim()
		if (!line) continue
		const match = TEMPLATE_LINE.exec(line)
		const title = (match ? match[1]! : line).trim()
		const minutes = match ? Number(match[2]) : undefined
		if (!title) return { ok: false, error: `series.agenda.noTitle|line=${index + 1}` }
		if (title.length > MAX_TEMPLATE_TITLE) {
			return { ok: false, error: `series.agenda.lineTooLong|line=${index + 1}` }
		}
		if (minutes !== undefined && minutes > MAX_TEMPLATE_MINUTES) {
			return { ok: false, error: `series.agenda.minutesTooMany|line=${index + 1}` }
		}
		items.push(minutes === undefined ? { title } : { title, plannedMinutes: minutes })
	}
	if (items.length > MAX_TEMPLATE_ITEMS) {
		return { ok: false, error: `series.agenda.tooMany|max=${MAX_TEMPLATE_ITEMS}` }
	}
	return { ok: true, items }
}

/** The template back as text for the form ("Úvod – 10 min"). */
export function formatAgendaTemplate(items: TemplateItem[]) {
	return items
		.map((item) =>
			item.plannedMinutes === undefined ? item.title : `${item.title} – ${item.plannedMinutes} min`,
		)
		.join('\n')
}

const SeriesFields = z.object({
	...meetingBasics,
	startsAt: z.string({ required_error: 'error.required' }).trim().min(1, 'error.required'),
	durationMinutes: z
		.number({ required_error: 'error.required', invalid_type_error: 'series.duration.invalid' })
		.int('series.duration.invalid')
		.min(5, 'series.duration.invalid')
		.max(MAX_TEMPLATE_MINUTES, 'series.duration.invalid'),
	repeat: z.enum(REPEAT_KINDS, { invalid_type_error: 'error.required' }).default('monthly'),
	// Interval and count are checked only when they apply (a hidden field never blocks saving).
	interval: z.string().trim().optional(),
	months: z
		.array(z.number({ invalid_type_error: 'error.required' }).int().min(1).max(12))
		.default([]),
	dayRule: z.enum(DAY_RULES, { invalid_type_error: 'error.required' }).default('weekday'),
	ordinal: z.enum(ORDINALS, { invalid_type_error: 'error.required' }).default('1'),
	weekday: z.enum(WEEKDAYS, { invalid_type_error: 'error.required' }).default('MO'),
	end: z.enum(END_KINDS, { invalid_type_error: 'error.required' }).default('none'),
	until: z.string().trim().optional(),
	count: z.string().trim().optional(),
	agenda: z.string().max(20_000, 'error.tooLong|max=20000').optional(),
})

type SeriesFieldValues = z.infer<typeof SeriesFields>

type Built =
	| { ok: true; startsAt: Date; rule: Recurrence; agendaTemplate: TemplateItem[] }
	| { ok: false; issues: Array<{ path: string; message: string }> }

const formatDay = (date: Date) => {
	const [day] = utcToPragueLocal(date).split('T') as [string]
	const [y, m, d] = day.split('-').map(Number)
	return `${d}. ${m}. ${y}`
}

/** A whole number from 1 to `max` as typed, or null. */
function wholeNumber(text: string, max: number) {
	if (!/^\d{1,4}$/.test(text.trim())) return null
	const value = Number(text)
	return value >= 1 && value <= max ? value : null
}

/** The series the plain controls describe, or what is wrong (field and message key). */
function build(value: SeriesFieldValues, now: number): Built {
	const issues: Array<{ path: string; message: string }> = []
	const startsAt = pragueLocalToUtc(value.startsAt)
	const year = startsAt?.getUTCFullYear() ?? 0
	if (!startsAt || year < 2000 || year > 2100) {
		issues.push({ path: 'startsAt', message: 'meetings.startsAt.invalid' })
	} else if (startsAt.getTime() < now) {
		issues.push({ path: 'startsAt', message: 'meetings.startsAt.past' })
	}
	let interval = 1
	if (value.repeat !== 'months' && value.interval) {
		interval = wholeNumber(value.interval, MAX_INTERVAL) ?? Number.NaN
		if (Number.isNaN(interval)) {
			issues.push({ path: 'interval', message: 'series.interval.invalid' })
			interval = 1
		}
	}
	const rule: Recurrence = {
		freq: value.repeat === 'weekly' ? 'WEEKLY' : value.repeat === 'monthly' ? 'MONTHLY' : 'YEARLY',
		interval,
		byMonth: value.repeat === 'months' ? [...new Set(value.months)].sort((a, b) => a - b) : [],
		byDay:
			value.repeat !== 'weekly' && value.dayRule === 'weekday'
				? [{ weekday: value.weekday, ordinal: Number(value.ordinal) }]
				: [],
		byMonthDay: [],
		count: null,
		until: null,
	}
	if (value.repeat === 'months' && rule.byMonth.length === 0) {
		issues.push({ path: 'months', message: 'series.months.required' })
	}
	if (value.end === 'count') {
		const count = wholeNumber(value.count ?? '', MAX_COUNT)
		if (count === null) issues.push({ path: 'count', message: 'series.count.invalid' })
		else rule.count = count
	}
	if (value.end === 'until') {
		const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.until ?? '')
		const until = match ? pragueLocalToUtc(`${value.until}T23:59:59`) : null
		if (!until) issues.push({ path: 'until', message: 'series.until.invalid' })
		else if (startsAt && until.getTime() < startsAt.getTime()) {
			issues.push({ path: 'until', message: 'series.until.beforeStart' })
		} else rule.until = until
	}
	const template = parseAgendaTemplate(value.agenda ?? '')
	if (!template.ok) issues.push({ path: 'agenda', message: template.error })
	const problem = checkRecurrence(rule)
	if (problem) issues.push({ path: 'repeat', message: problem })
	if (startsAt && issues.length === 0) {
		// The first meeting must be one of the series, e.g. really the 2nd Wednesday in May.
		const first = firstOccurrence({ ...rule, count: null, until: null }, startsAt)
		if (!first) issues.push({ path: 'startsAt', message: 'series.startsAt.never' })
		else if (first.getTime() !== startsAt.getTime()) {
			issues.push({
				path: 'startsAt',
				message: `series.startsAt.notInRule|date=${formatDay(first)}`,
			})
		}
	}
	if (issues.length || !startsAt || !template.ok) return { ok: false, issues }
	return { ok: true, startsAt, rule, agendaTemplate: template.items }
}

/**
 * The "Nová řada setkání" form. `now` is when it is checked (a first meeting in the past is
 * refused). The value has the first meeting's UTC start, the rule and the agenda template.
 */
export function seriesSchema(now: () => number = Date.now) {
	return SeriesFields.superRefine((value, ctx) => {
		const built = build(value, now())
		if (!built.ok) {
			for (const issue of built.issues) {
				ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message })
			}
		}
	}).transform((value) => {
		const built = build(value, now()) as Extract<Built, { ok: true }>
		return {
			title: value.title,
			kind: value.kind,
			startsAt: built.startsAt,
			durationMinutes: value.durationMinutes,
			place: value.place,
			onlineUrl: value.onlineUrl,
			rule: built.rule,
			agendaTemplate: built.agendaTemplate,
		}
	})
}

export const NewSeriesSchema = seriesSchema()
export type SeriesInput = z.output<ReturnType<typeof seriesSchema>>

/** Where materialising stops: 12 months after `from` (exclusive). */
export function horizonAfter(from: Date) {
	const horizon = new Date(from)
	horizon.setUTCMonth(horizon.getUTCMonth() + MATERIALISE_MONTHS)
	return horizon
}

/** The meetings saving the series would create (those in the first 12 months). */
export function previewOccurrences(input: Pick<SeriesInput, 'rule' | 'startsAt'>) {
	return occurrencesUntil(input.rule, input.startsAt, horizonAfter(input.startsAt))
}
