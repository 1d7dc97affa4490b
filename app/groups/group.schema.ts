import { z } from 'zod'
import { GROUP_KINDS, GROUP_ROLES } from '#db/schema/groups.ts'

// Messages are keys into the i18n dictionaries; the form translates them.
// Conform turns empty inputs into `undefined`, so optional fields are simply `.optional()`.

/** A choice from a fixed list: missing → "required", anything else → "choose one of the options". */
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
	z.enum(values, {
		errorMap: (issue) =>
			issue.code === 'invalid_type' && issue.received === 'undefined'
				? { message: 'error.required' }
				: { message: 'error.invalidChoice' },
	})

export const GroupKindSchema = choice(GROUP_KINDS)
export const GroupRoleSchema = choice(GROUP_ROLES)

/** A group works either in one ORP or in a whole kraj. */
export const TERRITORY_SCOPES = ['orp', 'kraj'] as const

const TerritoryCodeSchema = z
	.string()
	.trim()
	.regex(/^\d{1,8}$/, 'error.invalidChoice')

const groupFields = {
	name: z
		.string({ required_error: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(200, 'error.tooLong|max=200'),
	kind: GroupKindSchema,
	scope: choice(TERRITORY_SCOPES),
	orpKod: TerritoryCodeSchema.optional(),
	krajKod: TerritoryCodeSchema.optional(),
	description: z.string().trim().max(2000, 'error.tooLong|max=2000').optional(),
}

function requireTerritory(
	value: { scope: (typeof TERRITORY_SCOPES)[number]; orpKod?: string; krajKod?: string },
	ctx: z.RefinementCtx,
) {
	if (value.scope === 'orp' && !value.orpKod) {
		ctx.addIssue({ code: 'custom', path: ['orpKod'], message: 'groups.territory.orpRequired' })
	}
	if (value.scope === 'kraj' && !value.krajKod) {
		ctx.addIssue({ code: 'custom', path: ['krajKod'], message: 'groups.territory.krajRequired' })
	}
}

export const GroupSchema = z.object(groupFields).superRefine(requireTerritory)

/** Creating a group also names its first convenor (by default whoever creates it). */
export const NewGroupSchema = z
	.object({ ...groupFields, convenorId: z.string().trim().min(1).optional() })
	.superRefine(requireTerritory)

export type GroupInput = z.infer<typeof GroupSchema>

export const AddGroupMemberSchema = z.object({
	intent: z.literal('addMember'),
	email: z
		.string({ required_error: 'error.required' })
		.trim()
		.min(1, 'error.required')
		.max(254, 'error.tooLong|max=254')
		.email('error.email')
		.transform((value) => value.toLowerCase()),
	role: GroupRoleSchema,
})

export const ChangeGroupRoleSchema = z.object({
	intent: z.literal('changeRole'),
	userId: z.string().trim().min(1),
	role: GroupRoleSchema,
})

export const RemoveGroupMemberSchema = z.object({
	intent: z.literal('removeMember'),
	userId: z.string().trim().min(1),
})

/** Filters of the group list, read from the query string; unknown values are ignored. */
export const GroupFilterSchema = z.object({
	kind: GroupKindSchema.optional().catch(undefined),
	kraj: TerritoryCodeSchema.optional().catch(undefined),
	orp: TerritoryCodeSchema.optional().catch(undefined),
})
