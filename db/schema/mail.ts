import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './auth.ts'
import { createdAt, id, timestamp } from './columns.ts'
import { groups, GROUP_ROLES } from './groups.ts'
import { organisations } from './organisations.ts'

/**
 * Every e-mail the app sends. Without SMTP_URL it stays here with status `stored` and
 * administrators read it in the app; with SMTP it records `sent` or `failed`.
 */
export const outbox = sqliteTable(
	'outbox',
	{
		id: id(),
		to: text('to').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		html: text('html'),
		/** What the mail is for, e.g. `invitation`, `password-reset`. */
		kind: text('kind').notNull(),
		status: text('status', { enum: ['stored', 'sent', 'failed'] }).notNull(),
		error: text('error'),
		createdAt: createdAt(),
		sentAt: timestamp('sent_at'),
	},
	(table) => [index('outbox_created_idx').on(table.createdAt)],
)

/** An invitation to join Síťovka (and optionally an organisation and a group) by e-mail. */
export const invitations = sqliteTable(
	'invitations',
	{
		id: id(),
		email: text('email').notNull(),
		name: text('name'),
		tokenHash: text('token_hash').notNull().unique(),
		invitedById: text('invited_by_id').references(() => users.id, { onDelete: 'set null' }),
		organisationId: text('organisation_id').references(() => organisations.id, {
			onDelete: 'set null',
		}),
		groupId: text('group_id').references(() => groups.id, { onDelete: 'cascade' }),
		groupRole: text('group_role', { enum: GROUP_ROLES }),
		isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at').notNull(),
		acceptedAt: timestamp('accepted_at'),
		revokedAt: timestamp('revoked_at'),
	},
	(table) => [index('invitations_email_idx').on(table.email)],
)
