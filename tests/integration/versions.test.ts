import { beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { createSession } from '#app/auth/session.server.ts'
import { createUser } from '#app/auth/users.server.ts'
import { addGroupMember, createGroup } from '#app/groups/groups.server.ts'
import { createMeeting } from '#app/meetings/meetings.server.ts'
import { base64ToBytes } from '#app/minutes/base64.ts'
import { docFromState, minutesText, restoreVersion } from '#app/minutes/minutes-doc.ts'
import {
	getVersion,
	listVersions,
	loadStoredState,
	recordAutoVersionIfChanged,
	recordVersion,
} from '#app/minutes/versions.server.ts'
import {
	action as versionAction,
	loader as versionLoader,
} from '#app/routes/meetings.$meetingId.versions.$versionId.tsx'
import {
	action as versionsAction,
	loader as versionsLoader,
} from '#app/routes/meetings.$meetingId.versions.tsx'
import { getDb } from '#db/client.ts'
import { yjsSnapshots, yjsUpdates } from '#db/schema.ts'
import { answered } from '#tests/setup/route-helpers.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'

const context = { clientIp: '203.0.113.7', requestId: 'test' }
const PASSWORD = 'Verze-zapisu-2026'

type Person = { id: string; name: string; cookie: string }

async function person(email: string, name: string): Promise<Person> {
	const user = await createUser({ email, name, password: PASSWORD })
	return { ...user, cookie: `sitovka_session=${createSession(user.id).token}` }
}

function request(path: string, who: Person, fields?: Record<string, string>) {
	if (!fields) {
		return new Request(`http://localhost:3000${path}`, { headers: { Cookie: who.cookie } })
	}
	const body = new FormData()
	for (const [key, value] of Object.entries(fields)) body.set(key, value)
	return new Request(`http://localhost:3000${path}`, {
		method: 'POST',
		body,
		headers: { Cookie: who.cookie },
	})
}

async function thrown(promise: Promise<unknown>) {
	try {
		await promise
	} catch (error) {
		return error
	}
	throw new Error('expected a thrown response')
}

// ── Minutes documents as the editor writes them (paragraph elements holding text) ────────────

function paragraph(text: string) {
	const element = new Y.XmlElement('paragraph')
	element.insert(0, [new Y.XmlText(text)])
	return element
}

/** One person's editor: a gc:false document whose every change is "sent" to `sent`. */
function editor(clientId: number) {
	const doc = new Y.Doc({ gc: false })
	doc.clientID = clientId
	const sent: Uint8Array[] = []
	doc.on('update', (update: Uint8Array) => sent.push(update))
	return { doc, sent, fragment: doc.getXmlFragment('default') }
}

/** Stores updates the way the realtime engine does: appended to yjs_updates, acknowledged. */
function store(docName: string, updates: Uint8Array[], userId: string | null = null) {
	for (const update of updates.splice(0)) {
		getDb()
			.insert(yjsUpdates)
			.values({ docName, update: Buffer.from(update), userId })
			.run()
	}
}

let convenor: Person
let member: Person
let observer: Person
let meetingId: string
let docName: string

beforeAll(async () => {
	convenor = await person('lenka.mala@jablonec.cz', 'Lenka Malá')
	member = await person('jiri.benes@nadeje.cz', 'Jiří Beneš')
	observer = await person('eva.kralova@kr-liberecky.cz', 'Eva Králová')
	const groupId = createGroup(
		{ name: 'Pracovní skupina Bydlení', kind: 'pracovni_skupina_kp', scope: 'orp', orpKod: '5103' },
		convenor.id,
	).id
	addGroupMember(groupId, member.id, 'member')
	addGroupMember(groupId, observer.id, 'observer')
	meetingId = createMeeting(
		groupId,
		{ title: 'Setkání 24. 3.', startsAt: new Date('2026-03-24T08:30:00Z') },
		convenor.id,
	).id
	docName = meetingMinutesDocumentName(meetingId)
})

describe('versions from storage', () => {
	test('recordVersion merges the snapshot and the later updates into the text everyone saw', async () => {
		const name = 'meeting:zkouska1:minutes'
		const lenka = editor(1)
		lenka.fragment.insert(0, [paragraph('1. Zahájení'), paragraph('2. Bydlení v Jablonci')])
		// The first part is already compacted into a snapshot...
		const snapshotState = Y.encodeStateAsUpdate(lenka.doc)
		lenka.sent.length = 0
		getDb()
			.insert(yjsSnapshots)
			.values({
				docName: name,
				state: Buffer.from(snapshotState),
				throughUpdateId: 0,
				updatedAt: new Date(),
			})
			.run()
		// ...the rest is in the update log, written by two people.
		const jiri = editor(2)
		Y.applyUpdate(jiri.doc, snapshotState)
		jiri.sent.length = 0
		jiri.fragment.insert(2, [paragraph('3. Různé')])
		store(name, jiri.sent, member.id)
		lenka.fragment.delete(0, 1)
		store(name, lenka.sent, convenor.id)

		const { id } = await recordVersion(name, {
			kind: 'manual',
			name: 'Po setkání',
			userId: convenor.id,
		})
		const version = getVersion(name, id)!
		expect(minutesText(docFromState(version.state))).toBe('2. Bydlení v Jablonci\n3. Různé')
		expect(version).toMatchObject({ name: 'Po setkání', kind: 'manual', authorName: 'Lenka Malá' })
		// The stored version keeps deleted text too (history and comparison need it).
		const history = docFromState(version.state)
		expect(Y.snapshot(history).ds.clients.size).toBeGreaterThan(0)
	})

	test('a document never written gives an empty version; automatic versions skip it', async () => {
		const name = 'meeting:prazdny:minutes'
		expect(minutesText(docFromState(await loadStoredState(name)))).toBe('')
		expect(await recordAutoVersionIfChanged(name)).toBeNull()
		expect(listVersions(name)).toEqual([])
	})

	test('automatic versions are recorded only when something changed since the latest version', async () => {
		const name = 'meeting:auto:minutes'
		const lenka = editor(3)
		lenka.fragment.insert(0, [paragraph('Přítomni: Malá, Beneš')])
		store(name, lenka.sent)
		const first = await recordAutoVersionIfChanged(name)
		expect(first).not.toBeNull()
		expect(await recordAutoVersionIfChanged(name)).toBeNull()

		// Resending the same change (a reconnect does that) is not a change.
		store(name, [Y.encodeStateAsUpdate(lenka.doc)])
		expect(await recordAutoVersionIfChanged(name)).toBeNull()

		// A deletion alone is a change.
		const text = lenka.fragment.get(0) as Y.XmlElement
		;(text.get(0) as Y.XmlText).delete(0, 10)
		store(name, lenka.sent)
		const second = await recordAutoVersionIfChanged(name)
		expect(second).not.toBeNull()

		// A manual version of the same text counts as "the latest version" too.
		lenka.fragment.insert(1, [paragraph('Omluveni: Králová')])
		store(name, lenka.sent)
		await recordVersion(name, { kind: 'manual', name: 'Ručně', userId: member.id })
		expect(await recordAutoVersionIfChanged(name)).toBeNull()

		const versions = listVersions(name)
		expect(versions.map((version) => version.kind)).toEqual(['manual', 'auto', 'auto'])
		expect(versions[2]).toMatchObject({ id: first, name: null, authorName: null })
	})
})

describe('restoring a version (Y.Docs)', () => {
	test('after a restore the text equals the version and the later text is still in the history', () => {
		const lenka = editor(10)
		const jiri = editor(11)
		const sync = () => {
			for (const update of lenka.sent.splice(0)) Y.applyUpdate(jiri.doc, update)
			for (const update of jiri.sent.splice(0)) Y.applyUpdate(lenka.doc, update)
		}
		lenka.fragment.insert(0, [paragraph('Usnesení: schváleno'), paragraph('Úkoly: Beneš')])
		sync()
		const version = Y.encodeStateAsUpdate(lenka.doc)

		jiri.fragment.delete(0, 1)
		jiri.fragment.insert(1, [paragraph('Úkoly: Malá, do 30. 4.')])
		sync()
		const later = minutesText(lenka.doc)
		expect(later).toBe('Úkoly: Beneš\nÚkoly: Malá, do 30. 4.')
		const beforeRestore = Y.snapshot(lenka.doc)

		restoreVersion(lenka.doc, version)
		expect(minutesText(lenka.doc)).toBe('Usnesení: schváleno\nÚkoly: Beneš')
		// The restore is an ordinary change: the other editor gets the same text.
		sync()
		expect(minutesText(jiri.doc)).toBe('Usnesení: schváleno\nÚkoly: Beneš')
		// Nothing was lost: the text just before the restore can be rebuilt from the history.
		const rebuilt = Y.createDocFromSnapshot(lenka.doc, beforeRestore)
		expect(minutesText(rebuilt)).toBe(later)
		// Formatting survives the copy.
		const bold = editor(12)
		const styled = new Y.XmlText()
		styled.insert(0, 'Důležité', { bold: true })
		const heading = new Y.XmlElement('heading')
		heading.setAttribute('level', '3')
		heading.insert(0, [styled])
		bold.fragment.insert(0, [heading])
		const boldVersion = Y.encodeStateAsUpdate(bold.doc)
		bold.fragment.delete(0, 1)
		restoreVersion(bold.doc, boldVersion)
		const restored = bold.fragment.get(0) as Y.XmlElement
		expect(restored.nodeName).toBe('heading')
		expect(restored.getAttribute('level')).toBe('3')
		expect((restored.get(0) as Y.XmlText).toDelta()).toEqual([
			{ insert: 'Důležité', attributes: { bold: true } },
		])
	})
})

/** Lenka's draft is stored and Jiří saved it as a named version (as the first test does). */
async function draftWithVersion() {
	const lenka = editor(20)
	lenka.fragment.insert(0, [paragraph('Zápis z 24. 3. – návrh')])
	store(docName, lenka.sent, convenor.id)
	return recordVersion(docName, { kind: 'manual', name: 'Návrh k připomínkám', userId: member.id })
}

describe('version history pages', () => {
	test('a member saves a named version; the name is required; the list shows it', async () => {
		const lenka = editor(20)
		lenka.fragment.insert(0, [paragraph('Zápis z 24. 3. – návrh')])
		store(docName, lenka.sent, convenor.id)

		const empty = await versionsAction({
			request: request(`/meetings/${meetingId}/versions`, member, {
				intent: 'saveVersion',
				name: '  ',
			}),
			params: { meetingId },
			context,
		})
		// Refused with 400, the form as typed.
		const refused = answered(empty)
		expect(refused.status).toBe(400)
		expect(
			(refused.payload as { result: { error?: Record<string, string[]> } }).result.error?.name,
		).toEqual(['error.required'])

		const saved = await versionsAction({
			request: request(`/meetings/${meetingId}/versions`, member, {
				intent: 'saveVersion',
				name: 'Návrh k připomínkám',
			}),
			params: { meetingId },
			context,
		})
		expect(saved).toBeInstanceOf(Response)
		expect((saved as Response).headers.get('Location')).toBe(
			`/meetings/${meetingId}/versions?notice=notice.versionSaved`,
		)

		const page = await versionsLoader({
			request: request(`/meetings/${meetingId}/versions`, observer),
			params: { meetingId },
			context,
		})
		expect(page.canWrite).toBe(false)
		expect(page.versions).toHaveLength(1)
		expect(page.versions[0]).toMatchObject({
			name: 'Návrh k připomínkám',
			kind: 'manual',
			authorName: 'Jiří Beneš',
		})
	})

	test('observers may look at versions but not save or restore them', async () => {
		const forbidden = await thrown(
			versionsAction({
				request: request(`/meetings/${meetingId}/versions`, observer, {
					intent: 'saveVersion',
					name: 'Pokus',
				}),
				params: { meetingId },
				context,
			}),
		)
		expect((forbidden as Response).status).toBe(403)
		const version = await draftWithVersion()
		const page = await versionLoader({
			request: request(`/meetings/${meetingId}/versions/${version!.id}`, observer),
			params: { meetingId, versionId: version!.id },
			context,
		})
		expect(page.canWrite).toBe(false)
		expect(minutesText(docFromState(base64ToBytes(page.state)))).toBe('Zápis z 24. 3. – návrh')
		const restore = await thrown(
			versionAction({
				request: request(`/meetings/${meetingId}/versions/${version!.id}`, observer, {
					intent: 'beforeRestore',
				}),
				params: { meetingId, versionId: version!.id },
				context,
			}),
		)
		expect((restore as Response).status).toBe(403)
	})

	test('restoring: the current text is kept first, then the result is named after the version', async () => {
		const version = await draftWithVersion()
		// Someone kept writing after the version was saved.
		const jiri = editor(21)
		Y.applyUpdate(jiri.doc, await loadStoredState(docName))
		jiri.sent.length = 0
		jiri.fragment.insert(1, [paragraph('Doplněno po uložení verze')])
		store(docName, jiri.sent, member.id)

		const prepared = await versionAction({
			request: request(`/meetings/${meetingId}/versions/${version!.id}`, member, {
				intent: 'beforeRestore',
			}),
			params: { meetingId, versionId: version!.id },
			context,
		})
		expect(prepared).toEqual({ prepared: true })
		const kept = listVersions(docName)[0]!
		expect(kept.kind).toBe('auto')
		expect(minutesText(docFromState(getVersion(docName, kept.id)!.state))).toBe(
			'Zápis z 24. 3. – návrh\nDoplněno po uložení verze',
		)

		// The browser restores inside the live document and the change is stored...
		const page = await versionLoader({
			request: request(`/meetings/${meetingId}/versions/${version!.id}`, member),
			params: { meetingId, versionId: version!.id },
			context,
		})
		restoreVersion(jiri.doc, base64ToBytes(page.state))
		store(docName, jiri.sent, member.id)
		// ...then the result is recorded.
		const done = await versionAction({
			request: request(`/meetings/${meetingId}/versions/${version!.id}`, member, {
				intent: 'restored',
			}),
			params: { meetingId, versionId: version!.id },
			context,
		})
		expect((done as Response).headers.get('Location')).toBe(
			`/meetings/${meetingId}?notice=notice.versionRestored`,
		)
		const restored = listVersions(docName)[0]!
		expect(restored).toMatchObject({
			name: 'Obnoveno z verze „Návrh k připomínkám“',
			kind: 'manual',
			authorName: 'Jiří Beneš',
		})
		expect(minutesText(docFromState(getVersion(docName, restored.id)!.state))).toBe(
			'Zápis z 24. 3. – návrh',
		)
		expect(minutesText(docFromState(await loadStoredState(docName)))).toBe('Zápis z 24. 3. – návrh')
	})

	test('a version of another document is not found through this meeting', async () => {
		const other = await recordVersion('meeting:jiny:minutes', { kind: 'manual', name: 'Cizí' })
		const error = await thrown(
			versionLoader({
				request: request(`/meetings/${meetingId}/versions/${other.id}`, convenor),
				params: { meetingId, versionId: other.id },
				context,
			}),
		)
		expect((error as Response).status).toBe(404)
	})
})
