import { eq } from 'drizzle-orm'
import type * as Y from 'yjs'
import { getDb } from '#db/client.ts'
import { agendaItems } from '#db/schema.ts'
import { readAgenda } from './agenda-doc.ts'

/** The kind of agenda rows in the FTS5 table `search_index`. */
export const AGENDA_SEARCH_KIND = 'agenda_item'

/**
 * Rewrites the meeting's `agenda_items` rows (and their search rows) from the live agenda
 * document, in one transaction: the Yjs document is the truth, the table is its picture for
 * search, exports and links. Row ids are the items' ids in the document, positions are 0, 1, 2…
 * in agenda order. Called by the realtime engine after every committed change.
 */
export function projectAgenda(meetingId: string, doc: Y.Doc) {
	const items = readAgenda(doc)
	const db = getDb()
	const sqlite = db.$client
	const deleteSearch = sqlite.prepare('delete from search_index where kind = ? and meeting_id = ?')
	const insertSearch = sqlite.prepare(
		'insert into search_index (kind, ref_id, meeting_id, title, body) values (?, ?, ?, ?, ?)',
	)
	db.transaction((tx) => {
		tx.delete(agendaItems).where(eq(agendaItems.meetingId, meetingId)).run()
		deleteSearch.run(AGENDA_SEARCH_KIND, meetingId)
		items.forEach((item, position) => {
			tx.insert(agendaItems)
				.values({
					id: item.id,
					meetingId,
					position,
					title: item.title,
					description: item.description || null,
					presenter: item.presenter || null,
					plannedMinutes: item.plannedMinutes,
					status: item.status,
					linkRef: item.linkRef || null,
					carriedFromId: item.carriedFromId || null,
				})
				// An id moved between meetings (never by this app) would fail the whole projection.
				.onConflictDoNothing()
				.run()
			insertSearch.run(
				AGENDA_SEARCH_KIND,
				item.id,
				meetingId,
				item.title,
				[item.description, item.presenter].filter(Boolean).join('\n'),
			)
		})
	})
	return items.length
}
