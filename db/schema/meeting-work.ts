import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './auth.ts'
import { createdAt, id, timestamp } from './columns.ts'
import { groups } from './groups.ts'
import { meetings } from './meetings.ts'
import { organisations } from './organisations.ts'

/**
 * Agenda items, projected from the live agenda document (`meeting:<id>:agenda`) on every
 * accepted change: the Yjs document is the source of truth, this table serves search, exports
 * and links. `id` is the item's id inside the document.
 */
export const agendaItems = sqliteTable(
	'agenda_items',
	{
		id: text('id').primaryKey(),
		meetingId: text('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		title: text('title').notNull(),
		description: text('description'),
		presenter: text('presenter'),
		plannedMinutes: integer('planned_minutes'),
		/** open, done, or carried (moved to the group's backlog / next meeting). */
		status: text('status', { enum: ['open', 'done', 'carried'] })
			.notNull()
			.default('open'),
		/** A generic link to something elsewhere, e.g. `measure:<id>` for an action-plan measure. */
		linkRef: text('link_ref'),
		carriedFromId: text('carried_from_id'),
	},
	(table) => [index('agenda_items_meeting_idx').on(table.meetingId, table.position)],
)

/** Decisions (usnesení), optionally voted on; they appear in the minutes and exports. */
export const decisions = sqliteTable(
	'decisions',
	{
		id: id(),
		meetingId: text('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		agendaItemId: text('agenda_item_id'),
		/** "1/2027" style number within the group and year. */
		number: text('number'),
		text: text('text').notNull(),
		votesFor: integer('votes_for'),
		votesAgainst: integer('votes_against'),
		votesAbstain: integer('votes_abstain'),
		/** The rule the result was judged by, stored with it, e.g. `majority_of_present`. */
		rule: text('rule'),
		presentCount: integer('present_count'),
		outcome: text('outcome', { enum: ['adopted', 'rejected'] }),
		createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
	},
	(table) => [index('decisions_meeting_idx').on(table.meetingId)],
)

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const

/** Tasks (úkoly) from a meeting or an agenda item, owned by a person or an organisation. */
export const tasks = sqliteTable(
	'tasks',
	{
		id: id(),
		groupId: text('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		meetingId: text('meeting_id').references(() => meetings.id, { onDelete: 'set null' }),
		agendaItemId: text('agenda_item_id'),
		title: text('title').notNull(),
		description: text('description'),
		ownerUserId: text('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
		ownerOrganisationId: text('owner_organisation_id').references(() => organisations.id, {
			onDelete: 'set null',
		}),
		/** A calendar day in Europe/Prague, `YYYY-MM-DD`. */
		dueDate: text('due_date'),
		status: text('status', { enum: TASK_STATUSES }).notNull().default('open'),
		linkRef: text('link_ref'),
		createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		completedAt: timestamp('completed_at'),
	},
	(table) => [
		index('tasks_owner_idx').on(table.ownerUserId, table.status),
		index('tasks_group_idx').on(table.groupId, table.status),
		index('tasks_meeting_idx').on(table.meetingId),
	],
)
