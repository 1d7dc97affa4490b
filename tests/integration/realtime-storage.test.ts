import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { getDb } from '#db/client.ts'
import { applyStored, createSqliteStorage } from '#server/realtime/storage.ts'
import { testLogger } from '#tests/setup/realtime-fixtures.ts'

/** A typed history: one update per keystroke, like an editor sends them. */
function typedUpdates(text: string) {
	const doc = new Y.Doc()
	const updates: Uint8Array[] = []
	doc.on('update', (update: Uint8Array) => updates.push(update))
	for (const character of text)
		doc.getText('content').insert(doc.getText('content').length, character)
	return updates
}

const textOf = (state: Uint8Array | null) => {
	const doc = new Y.Doc()
	if (state) Y.applyUpdate(doc, state)
	return doc.getText('content').toString()
}

test('a stored history loads and compacts to the typed text, skipping a row Yjs cannot read', async () => {
	const storage = createSqliteStorage(getDb(), testLogger())
	const name = `test:storage-${process.pid}`
	const updates = typedUpdates('Zápis z porady')
	const stored = [
		...updates.slice(0, 5),
		new Uint8Array([0xff, 0xff, 0xff, 7]),
		...updates.slice(5),
	]
	await Promise.all(stored.map((update) => storage.appendUpdate(name, update, null)))

	const loaded = await storage.loadDocument(name)
	expect(loaded.updatesSinceSnapshot).toBe(stored.length)
	expect(loaded.bytesSinceSnapshot).toBe(stored.reduce((sum, row) => sum + row.byteLength, 0))
	const rows = loaded.stored.rows()
	expect(rows.map((row) => Buffer.from(row.bytes))).toEqual(stored.map((row) => Buffer.from(row)))
	expect(loaded.lastUpdateId).toBe(rows.at(-1)!.id)
	expect(textOf(loaded.state)).toBe('Zápis z porady')
	const live = new Y.Doc({ gc: false })
	const skipped: number[] = []
	applyStored(live, loaded.stored, null, (row) => skipped.push(row.id))
	expect(live.getText('content').toString()).toBe('Zápis z porady')
	expect(skipped).toEqual([rows[5]!.id])

	const folded = await storage.compact(name)
	expect(folded).toMatchObject({ foldedUpdates: stored.length, remainingUpdates: 0 })
	await storage.appendUpdate(name, typedUpdates('!')[0]!, null)
	const reloaded = await storage.loadDocument(name)
	expect(reloaded.updatesSinceSnapshot).toBe(1)
	expect(reloaded.stored.rows().map((row) => row.id === 0)).toEqual([true, false])
	const snapshot = new Y.Doc()
	Y.applyUpdate(snapshot, reloaded.stored.snapshot!)
	expect(snapshot.getText('content').toString()).toBe('Zápis z porady')
	expect(Buffer.from(reloaded.snapshotStateVector!)).toEqual(
		Buffer.from(Y.encodeStateVector(snapshot)),
	)
	// Another writer's '!' goes before or after the text (concurrent inserts at the same place).
	expect(textOf(reloaded.state).replace('!', '')).toBe('Zápis z porady')
	expect(textOf(reloaded.state)).toHaveLength('Zápis z porady!'.length)
})
