import { z } from 'zod'
import { pragueLocalToUtc } from './prague-time.ts'

// Messages are keys into the i18n dictionaries; the form translates them.

/** A typo like 0026 or 20266 in the year is caught rather than stored. */
const MIN_YEAR = 2000
const MAX_YEAR = 2100

/**
 * A new meeting. The start is entered as Prague wall-clock time (`datetime-local`) and becomes a
 * UTC instant here, on the server and in the browser alike.
 */
export const MeetingSchema = z.object({
	title: z
		.string({ required_error: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(200, 'error.tooLong|max=200'),
	startsAt: z
		.string({ required_error: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.transform((value, ctx) => {
			const instant = pragueLocalToUtc(value)
			const year = instant?.getUTCFullYear() ?? 0
			if (!instant || year < MIN_YEAR || year > MAX_YEAR) {
				ctx.addIssue({ code: 'custom', message: 'meetings.startsAt.invalid' })
				return z.NEVER
			}
			return instant
		}),
	place: z.string().trim().max(200, 'error.tooLong|max=200').optional(),
})

export type MeetingInput = z.infer<typeof MeetingSchema>
