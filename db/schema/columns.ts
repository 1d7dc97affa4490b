import { integer, text } from 'drizzle-orm/sqlite-core'
import { createId } from '../id.ts'

/** Primary key: a random, URL-safe, 16-character id. */
export const id = () =>
	text('id')
		.primaryKey()
		.$defaultFn(() => createId())

/** Milliseconds since the epoch (UTC); shown in Europe/Prague by the app. */
export const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' })

export const createdAt = () =>
	timestamp('created_at')
		.notNull()
		.$defaultFn(() => new Date())
