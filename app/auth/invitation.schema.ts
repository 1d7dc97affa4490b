import { z } from 'zod'
import { GroupRoleSchema } from '#app/groups/group.schema.ts'
import { EmailSchema, NameSchema, NewPasswordSchema } from './auth.schema.ts'

// Messages are keys into the i18n dictionaries; the form translates them.

/** The invitation form; who may invite where is checked on the server. */
export const InvitationSchema = z.object({
	email: EmailSchema,
	name: z.string().trim().max(120, 'error.tooLong|max=120').optional(),
	organisationId: z.string().trim().min(1).optional(),
	groupId: z.string().trim().min(1).optional(),
	groupRole: GroupRoleSchema.default('member'),
	isAdmin: z.boolean().optional(),
})

export type InvitationInput = z.infer<typeof InvitationSchema>

/** The short form on a group page: the group is the page's own. */
export const GroupInvitationSchema = z.object({
	intent: z.literal('invite'),
	email: EmailSchema,
	name: z.string().trim().max(120, 'error.tooLong|max=120').optional(),
	groupRole: GroupRoleSchema.default('member'),
})

/** Accepting an invitation: the person's name and a new password (strength checked on the server). */
export const AcceptInvitationSchema = z.object({
	name: NameSchema,
	password: NewPasswordSchema,
})
