import { z } from 'zod'

// Messages are keys into the i18n dictionaries; the form translates them.

/** An external guest form: name required, organisation and e-mail optional. */
export const GuestSchema = z.object({
	guestName: z
		.string({ required_error: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(200, 'error.tooLong|max=200'),
	guestOrganisation: z
		.string()
		.trim()
		.max(200, 'error.tooLong|max=200')
		.optional()
		.transform((value) => value || undefined),
	email: z
		.string()
		.trim()
		.max(254, 'error.tooLong|max=254')
		.email('meetings.participants.guestEmail.invalid')
		.optional()
		.or(z.literal('').transform(() => undefined)),
})
