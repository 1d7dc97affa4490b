import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './auth.ts'
import { createdAt, id, timestamp } from './columns.ts'
import { groups } from './groups.ts'

/** A meeting of a group. The minimal model live minutes need; the meetings issue adds the rest. */
export const meetings = sqliteTable(
	'meetings',
	{
		id: id(),
		groupId: text('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		/** UTC; shown in Europe/Prague. */
		startsAt: timestamp('starts_at').notNull(),
		place: text('place'),
		createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
	},
	(table) => [index('meetings_group_idx').on(table.groupId, table.startsAt)],
)
