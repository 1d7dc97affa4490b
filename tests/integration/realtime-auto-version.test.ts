import { expect, onTestFinished, test } from 'vitest'
import * as Y from 'yjs'
import { listVersions, recordAutoVersionIfChanged } from '#app/minutes/versions.server.ts'
import { getDb } from '#db/client.ts'
import { yjsVersions } from '#db/schema.ts'
import { connectClient } from '#tests/setup/realtime-client.ts'
import {
	createMinutesFixture,
	startRealtimeServer,
	waitFor,
} from '#tests/setup/realtime-fixtures.ts'

test('a document that goes idle gets an automatic version holding what was typed', async () => {
	const unloaded: string[] = []
	const recorded: Array<Promise<unknown>> = []
	const { url } = await startRealtimeServer({
		limits: { idleUnloadMs: 10 },
		onDocumentUnloaded: (name) => {
			unloaded.push(name)
			recorded.push(recordAutoVersionIfChanged(name))
		},
	})
	const people = createMinutesFixture()
	const jana = await connectClient(url, { cookie: people.convenor.cookie })
	onTestFinished(() => jana.close())
	expect(await jana.join(people.docs.first)).toEqual({ ok: true, readOnly: false })
	await waitFor(() => jana.doc(people.docs.first).synced)
	jana.doc(people.docs.first).type('Usnesení: KMB zajistí asistenci v bydlení.')
	await waitFor(() => jana.doc(people.docs.first).acked.size === 1)
	await jana.leave(people.docs.first)

	await waitFor(() => unloaded.length === 1)
	await Promise.all(recorded)
	expect(unloaded).toEqual([people.docs.first])
	const versions = listVersions(people.docs.first)
	expect(versions).toHaveLength(1)
	expect(versions[0]!.kind).toBe('auto')
	const stored = getDb().select({ state: yjsVersions.state }).from(yjsVersions).get()!
	const doc = new Y.Doc()
	Y.applyUpdate(doc, new Uint8Array(stored.state))
	expect(doc.getText('content').toString()).toBe('Usnesení: KMB zajistí asistenci v bydlení.')

	// Nothing changed since: going idle again records no second version.
	expect(await recordAutoVersionIfChanged(people.docs.first)).toBeNull()
})
