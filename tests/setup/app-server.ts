import net from 'node:net'
import pino from 'pino'
import { afterAll, beforeAll } from 'vitest'
import { getEnv } from '#app/utils/env.server.ts'
import { getDb } from '#db/client.ts'
import { createSitovkaServer } from '#server/app.ts'

/**
 * The whole app server (server/app.ts: middleware, Remix, socket.io) in this test process, on a
 * free port and the test file's database, for tests that need real HTTP through every layer.
 * It runs in development mode (Vite renders the routes), so no build is needed; Vite's HMR
 * socket gets a free port of its own.
 */
export function appServer() {
	let server: Awaited<ReturnType<typeof createSitovkaServer>> | undefined
	const state = { baseUrl: '' }

	beforeAll(async () => {
		process.env.HMR_PORT = String(await freePort())
		server = await createSitovkaServer({
			env: getEnv(),
			db: getDb(),
			logger: pino({ level: 'silent' }),
			mode: 'development',
		})
		const url = new URL(await server.listen(0, '127.0.0.1'))
		state.baseUrl = `http://127.0.0.1:${url.port}`
		// Vite compiles the server build on the first request (seconds on a busy 2-core machine):
		// here, under the hook's timeout, not in the first test's.
		await fetch(`${state.baseUrl}/login`)
	})

	afterAll(async () => {
		await server?.close()
	})

	return state
}

function freePort() {
	return new Promise<number>((resolve, reject) => {
		const probe = net.createServer()
		probe.once('error', reject)
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address()
			probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
		})
	})
}
