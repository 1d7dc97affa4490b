import * as encoding from 'lib0/encoding'
import { expect, onTestFinished, test } from 'vitest'
import * as Y from 'yjs'
import { getDb } from '#db/client.ts'
import {
	encodeAwareness,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeUpdate,
	JOIN_ERRORS,
	LEAVE_ERRORS,
	MESSAGE_ERRORS,
} from '#server/realtime/protocol.ts'
import { createSqliteStorage } from '#server/realtime/storage.ts'
import { connectClient, type TestClient } from '#tests/setup/realtime-client.ts'
import {
	createMinutesFixture,
	startRealtimeServer,
	testLogger,
	waitFor,
} from '#tests/setup/realtime-fixtures.ts'

// Deterministic, so a failure can be replayed: FUZZ_SEED=<n> npx vitest run … realtime-fuzz
const SEED = Number(process.env.FUZZ_SEED ?? 20261123)

/** mulberry32: a tiny seeded PRNG. */
function createRandom(seed: number) {
	let state = seed >>> 0
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0
		let t = state
		t = Math.imul(t ^ (t >>> 15), t | 1)
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296
	}
	const int = (max: number) => Math.floor(next() * max)
	return {
		int,
		pick: <T>(items: readonly T[]) => items[int(items.length)]!,
		bytes(length: number) {
			const bytes = new Uint8Array(length)
			for (let index = 0; index < length; index++) bytes[index] = int(256)
			return bytes
		},
	}
}

const MAX_PAYLOAD = 64 * 1024

type Reply = { ok: boolean; error?: string; readOnly?: boolean }

async function loadStored(name: string) {
	const loaded = await createSqliteStorage(getDb(), testLogger()).loadDocument(name)
	const doc = new Y.Doc()
	if (loaded.state) Y.applyUpdate(doc, loaded.state)
	return doc
}

function sameContent(a: Y.Doc, b: Y.Doc) {
	return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))
}

test('thousands of hostile payloads are refused without harm', { timeout: 60_000 }, async () => {
	const random = createRandom(SEED)
	const { url, realtime } = await startRealtimeServer({
		limits: {
			maxPayloadBytes: MAX_PAYLOAD,
			// The fuzzer is one socket sending thousands of messages: no rate limit here.
			messagesPerSecond: 1e9,
			messageBurst: 1e9,
			bytesPerSecond: 1e12,
			byteBurst: 1e12,
			compactAfterUpdates: 25,
			compactDelayMs: 0,
		},
	})
	const people = createMinutesFixture()
	const { first: guarded, second: target } = people.docs
	const clients: TestClient[] = []
	const connect = async (cookie: string, reconnect = false) => {
		const client = await connectClient(url, { cookie, reconnect })
		clients.push(client)
		return client
	}
	onTestFinished(() => clients.forEach((client) => client.close()))

	// Content before fuzzing, typed by a normal client into both documents.
	const writer = await connect(people.convenor.cookie)
	for (const name of [guarded, target]) {
		expect(await writer.join(name)).toMatchObject({ ok: true })
		const document = writer.doc(name)
		await waitFor(() => document.synced)
		for (let index = 0; index < 30; index++) {
			document.type(`Bod ${index}: sociální bydlení v ORP Rumburk. `, `${name}-${index}`)
			if (index % 5 === 4) document.text.delete(index * 3, 4)
		}
		await waitFor(() => document.acked.size === 30)
	}
	const guardedBefore = await loadStored(guarded)
	expect(guardedBefore.getText('content').toString()).toBe(writer.doc(guarded).text.toString())

	// Valid messages to mutate: updates made on a copy of the target, awareness, sync step 1.
	const scratch = new Y.Doc()
	Y.applyUpdate(scratch, Y.encodeStateAsUpdate(writer.doc(target).doc))
	const validMessages: Uint8Array[] = []
	scratch.on('update', (update: Uint8Array) => validMessages.push(encodeUpdate(update)))
	for (let index = 0; index < 40; index++) {
		const text = scratch.getText('content')
		if (index % 3 === 2 && text.length > 10) text.delete(random.int(text.length - 5), 3)
		else text.insert(random.int(text.length), `vložka ${index} `)
		scratch.getMap('meta').set(`k${index}`, { value: index, list: [1, 'dva', null] })
	}
	validMessages.push(encodeSyncStep2(Y.encodeStateAsUpdate(scratch)))
	validMessages.push(encodeSyncStep1(Y.encodeStateVector(scratch)))
	const awarenessUpdate = (entries: Array<[number, number, string]>) => {
		const encoder = encoding.createEncoder()
		encoding.writeVarUint(encoder, entries.length)
		for (const [clientId, clock, state] of entries) {
			encoding.writeVarUint(encoder, clientId)
			encoding.writeVarUint(encoder, clock)
			encoding.writeVarString(encoder, state)
		}
		return encodeAwareness(encoding.toUint8Array(encoder))
	}
	validMessages.push(awarenessUpdate([[77, 1, '{"user":{"name":"Fuzz"}}']]))

	const flip = (message: Uint8Array) => {
		const copy = message.slice()
		const flips = 1 + random.int(4)
		for (let index = 0; index < flips; index++) {
			const position = random.int(copy.length)
			copy[position]! ^= 1 << random.int(8)
		}
		return copy
	}
	const truncate = (message: Uint8Array) => message.slice(0, random.int(message.length))
	const deepState = '{"a":'.repeat(40) + '1' + '}'.repeat(40)
	const weirdValues: unknown[] = [
		undefined,
		null,
		42,
		-1,
		true,
		'',
		'meeting',
		'x'.repeat(5000),
		{},
		[],
		[1, 2, 3],
		{ doc: 42 },
		{ type: 'Buffer', data: [0, 1, 2] },
		new Float64Array([1.5, 2.5]),
	]

	const fuzzer = await connect(people.member.cookie)
	const observer = await connect(people.observer.cookie)
	expect(await fuzzer.join(target)).toMatchObject({ ok: true })
	expect(await fuzzer.join(guarded)).toMatchObject({ ok: true })
	expect(await observer.join(guarded)).toEqual({ ok: true, readOnly: true })

	const replies: Array<{ kind: string; reply: Reply }> = []
	const emit = async (client: TestClient, kind: string, event: string, ...args: unknown[]) => {
		const reply = (await client.socket.timeout(10_000).emitWithAck(event, ...args)) as Reply
		replies.push({ kind, reply })
	}
	const jobs: Array<() => Promise<void>> = []
	const add = (count: number, job: () => Promise<void>) => {
		for (let index = 0; index < count; index++) jobs.push(job)
	}
	// Document changes that may turn out valid go to the target; the guarded document only gets
	// payloads that can never be a valid change (or come from the read-only observer).
	add(1500, () => emit(fuzzer, 'random bytes', 'y', target, random.bytes(random.int(300))))
	add(1500, () => emit(fuzzer, 'bit flips', 'y', target, flip(random.pick(validMessages))))
	add(800, () => emit(fuzzer, 'truncated', 'y', guarded, truncate(random.pick(validMessages))))
	add(300, () =>
		emit(fuzzer, 'bad state vector', 'y', target, encodeSyncStep1(random.bytes(random.int(40)))),
	)
	add(400, () =>
		emit(fuzzer, 'wrong types', 'y', random.pick(weirdValues), random.pick(weirdValues)),
	)
	add(200, () => emit(fuzzer, 'wrong payload', 'y', guarded, random.pick(weirdValues)))
	add(400, () => {
		const state = random.pick([
			'{"user":{"name":"Jana"}}',
			'null',
			'[1,2]',
			'"text"',
			'{bad json',
			deepState,
			'x'.repeat(20_000),
		])
		const entries: Array<[number, number, string]> = [
			[random.int(2 ** 32), random.int(1000), state],
		]
		return emit(fuzzer, 'awareness', 'y', target, awarenessUpdate(entries))
	})
	add(500, () =>
		emit(
			observer,
			'observer',
			'y',
			guarded,
			random.pick([flip, (m: Uint8Array) => m])(random.pick(validMessages)),
		),
	)
	add(20, () =>
		emit(
			fuzzer,
			'too large',
			'y',
			guarded,
			random.bytes(MAX_PAYLOAD + 1 + random.int(MAX_PAYLOAD / 2)),
		),
	)
	add(500, () => {
		const name = random.pick([
			...weirdValues,
			`meeting:${Math.random().toString(36).slice(2)}:minutes`,
			'meeting:' + 'a'.repeat(64) + ':minutes',
			`meeting:${guarded.split(':')[1]}:minutes:extra`,
			'../../etc/passwd',
			'meeting:__proto__:minutes',
			'constructor',
		])
		return emit(fuzzer, 'join', 'join', random.pick([{ doc: name }, name]))
	})
	add(100, () => emit(fuzzer, 'leave', 'leave', random.pick(weirdValues)))

	// Shuffle, then send in parallel waves.
	for (let index = jobs.length - 1; index > 0; index--) {
		const other = random.int(index + 1)
		;[jobs[index], jobs[other]] = [jobs[other]!, jobs[index]!]
	}
	for (let index = 0; index < jobs.length; index += 250)
		await Promise.all(jobs.slice(index, index + 250).map((job) => job()))
	// A few without an ack callback, and one payload over the transport limit (which closes
	// that socket, not the server).
	for (let index = 0; index < 50; index++) fuzzer.socket.emit('y', target, random.bytes(50))
	fuzzer.socket.emit('join')
	const doomed = await connect(people.member.cookie)
	expect(await doomed.join(target)).toMatchObject({ ok: true })
	doomed.socket.emit('y', target, new Uint8Array(MAX_PAYLOAD * 3))
	await waitFor(() => !doomed.socket.connected)

	// Every message got a well-formed answer.
	expect(replies).toHaveLength(jobs.length)
	const allowed = new Set<string>([...MESSAGE_ERRORS, ...JOIN_ERRORS, ...LEAVE_ERRORS])
	for (const { kind, reply } of replies) {
		expect(typeof reply.ok, kind).toBe('boolean')
		if (!reply.ok) expect(allowed.has(reply.error!), `${kind}: ${reply.error}`).toBe(true)
	}
	const outcome = (kind: string) => replies.filter((entry) => entry.kind === kind)
	expect(outcome('too large').every(({ reply }) => reply.error === 'too_large')).toBe(true)
	expect(outcome('truncated').every(({ reply }) => !reply.ok)).toBe(true)
	expect(outcome('observer').every(({ reply }) => reply.ok || reply.error !== 'not_joined')).toBe(
		true,
	)
	expect(outcome('random bytes').filter(({ reply }) => reply.ok).length).toBeLessThan(100)

	// The server still answers, and normal clients still converge on both documents.
	const reader = await connect(people.guest.cookie, true)
	for (const name of [guarded, target]) {
		expect(await reader.join(name)).toMatchObject({ ok: true })
		await waitFor(() => reader.doc(name).synced)
	}
	const guardedAfter = await loadStored(guarded)
	expect(sameContent(guardedAfter, guardedBefore)).toBe(true)
	expect(guardedAfter.getText('content').toString()).toBe(
		guardedBefore.getText('content').toString(),
	)
	expect(
		getDb()
			.$client.prepare('select count(*) as n from yjs_updates where doc_name = ? and user_id = ?')
			.get(guarded, people.observer.id),
	).toEqual({ n: 0 })

	writer.doc(guarded).type(' Po testu: vše v pořádku.', 'after-guarded')
	writer.doc(target).type(' Po testu.', 'after-target')
	await waitFor(() => {
		for (const name of [guarded, target]) {
			expect(reader.doc(name).text.toString()).toBe(writer.doc(name).text.toString())
			expect(reader.doc(name).text.toString()).toContain('Po testu')
		}
	})
	// What is stored loads, and equals what the server and the clients hold.
	await waitFor(async () => {
		for (const name of [guarded, target]) {
			const stored = await loadStored(name)
			const live = realtime.engine.registry.get(name)!
			expect(sameContent(stored, live)).toBe(true)
			expect(stored.getText('content').toString()).toBe(reader.doc(name).text.toString())
		}
	})
})
