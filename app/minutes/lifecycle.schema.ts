import { z } from 'zod'
import { pragueLocalToUtc, utcToPragueLocal } from '#app/meetings/prague-time.ts'

// Messages are keys into the i18n dictionaries; the panel translates them.

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Today's date in Prague as a `date` input sends it (`2026-11-25`). */
export function pragueToday(now: Date | number = Date.now()) {
	return utcToPragueLocal(now).slice(0, 10)
}

/**
 * "Poslat k připomínkám": the last day for comments, a Prague date; comments are open until
 * the end of that day (23:59 Prague). Today is allowed, a day in the past is not.
 */
export const SendForCommentsSchema = z.object({
	intent: z.literal('sendForComments'),
	commentsUntil: z
		.string({ required_error: 'minutes.lifecycle.commentsUntil.required' })
		.trim()
		.min(1, 'minutes.lifecycle.commentsUntil.required')
		.transform((value, ctx) => {
			const instant = DATE.test(value) ? pragueLocalToUtc(`${value}T23:59`) : null
			if (!instant || utcToPragueLocal(instant).slice(0, 10) !== value) {
				ctx.addIssue({ code: 'custom', message: 'minutes.lifecycle.commentsUntil.invalid' })
				return z.NEVER
			}
			if (value < pragueToday()) {
				ctx.addIssue({ code: 'custom', message: 'minutes.lifecycle.commentsUntil.past' })
				return z.NEVER
			}
			return instant
		}),
})

const note = z
	.string()
	.trim()
	.max(1000, 'error.tooLong|max=1000')
	.optional()
	.transform((value) => value || undefined)

/** "Schválit zápis" for the first time: nothing to fill in. */
export const ApproveSchema = z.object({ intent: z.literal('approve'), note })

/** "Schválit zápis" after a correction: a note of what changed is required. */
export const ApproveCorrectionSchema = z.object({
	intent: z.literal('approve'),
	note: z
		.string({ required_error: 'minutes.lifecycle.note.required' })
		.trim()
		.min(1, 'minutes.lifecycle.note.required')
		.max(1000, 'error.tooLong|max=1000'),
})

export function approveSchema(correction: boolean) {
	return correction ? ApproveCorrectionSchema : ApproveSchema
}
