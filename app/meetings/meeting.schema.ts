import { z } from 'zod'
import { MEETING_KINDS, MEETING_VISIBILITIES } from '#db/schema/meetings.ts'
import { pragueLocalToUtc } from './prague-time.ts'

// Messages are keys into the i18n dictionaries; the form translates them.

/** A typo like 0026 or 20266 in the year is caught rather than stored. */
const MIN_YEAR = 2000
const MAX_YEAR = 2100

/** A `datetime-local` value in Prague time → the UTC instant (`invalidKey` when it is not one). */
function pragueDateTime(invalidKey: string) {
	return z
		.string({ required_error: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.transform((value, ctx) => {
			const instant = pragueLocalToUtc(value)
			const year = instant?.getUTCFullYear() ?? 0
			if (!instant || year < MIN_YEAR || year > MAX_YEAR) {
				ctx.addIssue({ code: 'custom', message: invalidKey })
				return z.NEVER
			}
			return instant
		})
}

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, `error.tooLong|max=${max}`)
		.optional()
		.transform((value) => value || undefined)

/** Name, kind, place and online link: the same for a meeting and a series (meeting-fields.tsx). */
export const meetingBasics = {
	title: z
		.string({ required_error: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(200, 'error.tooLong|max=200'),
	kind: z.enum(MEETING_KINDS, { invalid_type_error: 'error.required' }).default('working_group'),
	place: optionalText(200),
	onlineUrl: z
		.string()
		.trim()
		.max(500, 'error.tooLong|max=500')
		.optional()
		.refine((value) => !value || isHttpsUrl(value), 'meetings.onlineUrl.invalid')
		.transform((value) => value || undefined),
}

const MeetingFields = z.object({
	...meetingBasics,
	startsAt: pragueDateTime('meetings.startsAt.invalid'),
	/** Empty: the meeting is taken to last two hours. */
	endsAt: pragueDateTime('meetings.endsAt.invalid').optional(),
	visibility: z
		.enum(MEETING_VISIBILITIES, { invalid_type_error: 'error.required' })
		.default('members'),
	description: optionalText(5000),
	/** New meetings only: a fixed date (confirmed) or a draft whose date is still open. */
	status: z.enum(['confirmed', 'draft']).default('confirmed'),
})

function isHttpsUrl(value: string) {
	try {
		const url = new URL(value)
		return url.protocol === 'https:' && url.hostname.includes('.')
	} catch {
		return false
	}
}

/**
 * A meeting as the create and edit forms send it. Start and end are Prague wall-clock times
 * (`datetime-local`) and become UTC instants, on the server and in the browser alike. The end must
 * come after the start; a new meeting cannot start in the past (`now` is when the form is checked).
 */
export function meetingSchema({ isNew }: { isNew: boolean }) {
	return MeetingFields.superRefine((value, ctx) => {
		// Zod runs this even when a field failed; then that field is not a Date.
		const start = value.startsAt instanceof Date ? value.startsAt.getTime() : null
		const end = value.endsAt instanceof Date ? value.endsAt.getTime() : null
		if (start !== null && end !== null && end <= start) {
			ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'meetings.endsAt.beforeStart' })
		}
		if (isNew && start !== null && start < Date.now()) {
			ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'meetings.startsAt.past' })
		}
	})
}

export const NewMeetingSchema = meetingSchema({ isNew: true })
export const EditMeetingSchema = meetingSchema({ isNew: false })
/** The form of a new meeting (kept under its old name). */
export const MeetingSchema = NewMeetingSchema

type MeetingValues = z.infer<typeof MeetingFields>
/** What creating or editing a meeting needs: a title and a start; the rest has defaults. */
export type MeetingInput = Pick<MeetingValues, 'title' | 'startsAt'> &
	Partial<Omit<MeetingValues, 'title' | 'startsAt'>>
