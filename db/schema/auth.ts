import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, id, timestamp } from './columns.ts'

export const users = sqliteTable('users', {
	id: id(),
	/** Stored lower-cased and trimmed; unique. */
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	passwordHash: text('password_hash').notNull(),
	isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
	locale: text('locale', { enum: ['cs', 'en'] })
		.notNull()
		.default('cs'),
	createdAt: createdAt(),
})

/**
 * Sessions as the Lucia guide teaches: the cookie holds `<id>.<secret>`; only a SHA-256 hash of
 * the secret is stored, so a leaked database does not leak usable tokens.
 */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at').notNull(),
		lastUsedAt: timestamp('last_used_at').notNull(),
		userAgent: text('user_agent'),
	},
	(table) => [index('sessions_user_idx').on(table.userId)],
)

/** Single-use password reset links, valid one hour; only the hash of the token is stored. */
export const passwordResets = sqliteTable(
	'password_resets',
	{
		id: id(),
		tokenHash: text('token_hash').notNull().unique(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at').notNull(),
		usedAt: timestamp('used_at'),
	},
	(table) => [index('password_resets_user_idx').on(table.userId)],
)

/** Failed sign-ins per key (`account:<email>` or `ip:<address>`), for growing wait times. */
export const loginThrottle = sqliteTable('login_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull().default(0),
	lockedUntil: timestamp('locked_until'),
	updatedAt: timestamp('updated_at').notNull(),
})
