import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './auth.ts'
import { createdAt, id } from './columns.ts'
import { kraje, orp } from './territory.ts'

export const GROUP_KINDS = [
	'pracovni_skupina_kp',
	'platforma_kmb',
	'krajska_koalice',
	'housing_first',
	'jina',
] as const
export type GroupKind = (typeof GROUP_KINDS)[number]

export const GROUP_ROLES = ['convenor', 'member', 'guest', 'observer'] as const
export type GroupRole = (typeof GROUP_ROLES)[number]

export const groups = sqliteTable(
	'groups',
	{
		id: id(),
		name: text('name').notNull(),
		kind: text('kind', { enum: GROUP_KINDS }).notNull(),
		/** A group works in an ORP or in a whole kraj (exactly one of them is set). */
		orpKod: text('orp_kod').references(() => orp.kod),
		krajKod: text('kraj_kod').references(() => kraje.kod),
		description: text('description'),
		createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
	},
	(table) => [index('groups_orp_idx').on(table.orpKod), index('groups_kraj_idx').on(table.krajKod)],
)

export const groupMembers = sqliteTable(
	'group_members',
	{
		groupId: text('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: GROUP_ROLES }).notNull(),
		createdAt: createdAt(),
	},
	(table) => [
		primaryKey({ columns: [table.groupId, table.userId] }),
		index('group_members_user_idx').on(table.userId),
	],
)
