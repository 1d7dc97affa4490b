import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './auth.ts'
import { createdAt, id, timestamp } from './columns.ts'

/**
 * Every accepted Yjs update, appended in a transaction before it is acknowledged or broadcast.
 * Compaction folds a prefix of them into `yjs_snapshots` and deletes it.
 */
export const yjsUpdates = sqliteTable(
	'yjs_updates',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		docName: text('doc_name').notNull(),
		update: blob('update', { mode: 'buffer' }).notNull(),
		userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
	},
	(table) => [index('yjs_updates_doc_idx').on(table.docName, table.id)],
)

/** The compacted state of a document: all updates up to and including `throughUpdateId`. */
export const yjsSnapshots = sqliteTable('yjs_snapshots', {
	docName: text('doc_name').primaryKey(),
	state: blob('state', { mode: 'buffer' }).notNull(),
	/**
	 * Y.encodeStateVector of `state`, kept so that a document can greet a client (sync step 1)
	 * before its snapshot is decoded; null in rows written before it existed.
	 */
	stateVector: blob('state_vector', { mode: 'buffer' }),
	throughUpdateId: integer('through_update_id').notNull(),
	updatedAt: timestamp('updated_at').notNull(),
})

/** Named or automatic versions of a document, for history, comparison and restore. */
export const yjsVersions = sqliteTable(
	'yjs_versions',
	{
		id: id(),
		docName: text('doc_name').notNull(),
		name: text('name'),
		/** `auto` (recorded during editing) or `manual` ("Uložit verzi"). */
		kind: text('kind', { enum: ['auto', 'manual'] }).notNull(),
		/** Full document state at that moment (Y.encodeStateAsUpdate), viewable read-only. */
		state: blob('state', { mode: 'buffer' }).notNull(),
		createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
	},
	(table) => [index('yjs_versions_doc_idx').on(table.docName, table.createdAt)],
)
