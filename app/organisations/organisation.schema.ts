import { z } from 'zod'
import { ORGANISATION_KINDS } from '#db/schema/organisations.ts'
import { isValidIco, normalizeIco } from './ico.ts'

// Messages are keys into the i18n dictionaries; the form translates them.
// Conform turns empty inputs into `undefined`, so optional fields are simply `.optional()`.

const optionalText = (max: number) =>
	z.string().trim().max(max, `error.tooLong|max=${max}`).optional()

export const IcoSchema = z
	.string()
	.transform(normalizeIco)
	.refine((value) => value === '' || isValidIco(value), 'organisations.ico.invalid')
	.transform((value) => value || undefined)

/** Digits, spaces and the usual separators: "+420 485 243 111", "(485) 243-111". */
const PHONE_PATTERN = /^\+?[\d\s()/.-]{6,30}$/

export const PhoneSchema = z
	.string()
	.trim()
	.max(40, 'error.tooLong|max=40')
	.refine(
		(value) => PHONE_PATTERN.test(value) && /\d{3}/.test(value.replace(/\D/g, '')),
		'organisations.phone.invalid',
	)

/** "www.nadeje.cz" is accepted and stored as "https://www.nadeje.cz". */
export const WebsiteSchema = z
	.string()
	.trim()
	.max(300, 'error.tooLong|max=300')
	.transform((value, ctx) => {
		const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `https://${value}`
		try {
			const url = new URL(withScheme)
			if ((url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.')) {
				return withScheme
			}
		} catch {
			// reported below
		}
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'error.url' })
		return z.NEVER
	})

const TerritoryCodeSchema = z
	.string()
	.trim()
	.regex(/^\d{1,8}$/, 'error.invalidChoice')

export const OrganisationSchema = z.object({
	name: z
		.string({ required_error: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(200, 'error.tooLong|max=200'),
	kind: z.enum(ORGANISATION_KINDS, {
		errorMap: (_issue, ctx) => ({
			message: ctx.data === undefined ? 'error.required' : 'error.invalidChoice',
		}),
	}),
	ico: IcoSchema.optional(),
	address: optionalText(300),
	contactEmail: z
		.string()
		.trim()
		.max(254, 'error.tooLong|max=254')
		.email('error.email')
		.transform((value) => value.toLowerCase())
		.optional(),
	contactPhone: PhoneSchema.optional(),
	website: WebsiteSchema.optional(),
	orpKod: TerritoryCodeSchema.optional(),
	krajKod: TerritoryCodeSchema.optional(),
	description: optionalText(2000),
})

export type OrganisationInput = z.infer<typeof OrganisationSchema>

export const AddMemberSchema = z.object({
	intent: z.literal('addMember'),
	userId: z.string({ required_error: 'organisations.members.userRequired' }).trim().min(1),
	position: optionalText(120),
})

export const RemoveMemberSchema = z.object({
	intent: z.literal('removeMember'),
	userId: z.string().trim().min(1),
})

/** The list page's query string; unknown values are ignored rather than refused. */
export const OrganisationFilterSchema = z.object({
	q: z.string().trim().max(100).optional().catch(undefined),
	kind: z.enum(ORGANISATION_KINDS).optional().catch(undefined),
	orp: z
		.string()
		.regex(/^\d{1,8}$/)
		.optional()
		.catch(undefined),
})
