import { z } from 'zod'
import { parseLocalDateTime, pragueLocalToUtc } from '#app/meetings/prague-time.ts'

// Messages are keys into the i18n dictionaries; the form translates them.

const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIME = /^(\d{1,2})[:.](\d{2})$/

/** `9.30`, `9:30` and `09:30` all mean half past nine; null for anything else. */
function normaliseTime(value: string) {
	const match = TIME.exec(value.trim())
	if (!match) return null
	const hour = Number(match[1])
	const minute = Number(match[2])
	if (hour > 23 || minute > 59) return null
	return `${String(hour).padStart(2, '0')}:${match[2]}`
}

const optionalText = z.string().trim().optional()

/**
 * A slot the convenor offers: a day and a start and end time, as wall-clock time in Prague. It
 * becomes two UTC instants; a slot in the past or ending before it starts is refused. Every field
 * is checked at once, so all problems show together.
 */
export const SlotSchema = z
	.object({
		intent: z.literal('add-slot'),
		date: optionalText,
		start: optionalText,
		end: optionalText,
	})
	.transform((value, ctx) => {
		const problem = (path: 'date' | 'start' | 'end', message: string) =>
			ctx.addIssue({ code: 'custom', path: [path], message })
		const date = value.date ?? ''
		const year = Number(date.slice(0, 4))
		const dateOk =
			DATE.test(date) && year >= 2000 && year <= 2100 && !!parseLocalDateTime(`${date}T00:00`)
		const start = value.start ? normaliseTime(value.start) : null
		const end = value.end ? normaliseTime(value.end) : null
		if (!date) problem('date', 'error.required')
		else if (!dateOk) problem('date', 'polls.slot.date.invalid')
		if (!value.start) problem('start', 'error.required')
		else if (!start) problem('start', 'polls.slot.time.invalid')
		if (!value.end) problem('end', 'error.required')
		else if (!end) problem('end', 'polls.slot.time.invalid')
		if (!dateOk || !start || !end) return z.NEVER
		const startsAt = pragueLocalToUtc(`${date}T${start}`)!
		const endsAt = pragueLocalToUtc(`${date}T${end}`)!
		const past = startsAt.getTime() <= Date.now()
		const backwards = endsAt.getTime() <= startsAt.getTime()
		if (past) problem('date', 'polls.slot.past')
		if (backwards) problem('end', 'polls.slot.endBeforeStart')
		if (past || backwards) return z.NEVER
		return { startsAt, endsAt }
	})

export const GUEST_NAME_MAX = 100

/** The name a guest answers under (no account). */
export const GuestNameSchema = z
	.string({ required_error: 'error.required' })
	.trim()
	.min(1, 'error.required')
	.max(GUEST_NAME_MAX, `error.tooLong|max=${GUEST_NAME_MAX}`)
