import { z } from 'zod'

/** "Uložit verzi": a named version of the minutes. */
export const SaveVersionSchema = z.object({
	intent: z.literal('saveVersion'),
	name: z
		.string({ required_error: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(120, 'error.tooLong|max=120'),
})

/** The two steps of restoring a version (see the version page). */
export const RestoreStepSchema = z.object({
	intent: z.enum(['beforeRestore', 'restored']),
})
