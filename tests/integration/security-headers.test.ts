import http from 'node:http'
import { type AddressInfo } from 'node:net'
import express from 'express'
import { beforeAll, describe, expect, test } from 'vitest'
import { createSecurityHeaders } from '#server/security-headers.ts'
import { appServer } from '#tests/setup/app-server.ts'
import { type Person, person } from '#tests/setup/route-helpers.ts'

const server = appServer()
let jana: Person

beforeAll(async () => {
	jana = await person('jana.novakova@mesto-kolin.cz', 'Jana Nováková')
})

/** The CSP directives of a response, by name. */
function policy(response: Response) {
	const header = response.headers.get('content-security-policy') ?? ''
	return new Map(
		header
			.split(';')
			.map((part) => part.trim().split(/\s+/))
			.filter((words) => words[0])
			.map(([name, ...values]) => [name!, values]),
	)
}

function expectProtected(response: Response) {
	const csp = policy(response)
	expect(csp.get('default-src')).toEqual(["'self'"])
	expect(csp.get('frame-ancestors')).toEqual(["'none'"])
	expect(csp.get('object-src')).toEqual(["'none'"])
	expect(csp.get('script-src')).toContain("'self'")
	expect(csp.get('script-src')!.some((value) => value.startsWith("'nonce-"))).toBe(true)
	expect(csp.get('script-src')).not.toContain("'unsafe-inline'")
	expect(csp.get('style-src')).not.toContain("'unsafe-inline'")
	expect(csp.get('connect-src')).toContain("'self'")
	// This server runs in development mode: Vite's HMR socket is allowed on its own port.
	expect(csp.get('connect-src')).toContain(`ws://*:${process.env.HMR_PORT}`)
	expect(response.headers.get('x-frame-options')).toBe('DENY')
	expect(response.headers.get('x-content-type-options')).toBe('nosniff')
	expect(response.headers.get('referrer-policy')).toBe('same-origin')
	// BASE_URL is http here: no HSTS, no upgrade of requests.
	expect(response.headers.get('strict-transport-security')).toBeNull()
	expect(csp.has('upgrade-insecure-requests')).toBe(false)
	expect(response.headers.get('x-powered-by')).toBeNull()
}

describe('security headers on every kind of response', () => {
	test('a page: every inline and module script carries this response’s nonce', async () => {
		const first = await fetch(`${server.baseUrl}/login`)
		expect(first.status).toBe(200)
		expectProtected(first)
		const nonce = policy(first)
			.get('script-src')!
			.find((value) => value.startsWith("'nonce-"))!
			.slice("'nonce-".length, -1)
		expect(policy(first).get('style-src')).toContain(`'nonce-${nonce}'`)
		const html = await first.text()
		const scripts = html.match(/<script\b[^>]*>/g) ?? []
		expect(scripts.length).toBeGreaterThan(0)
		for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)

		const second = await fetch(`${server.baseUrl}/login`)
		expect(policy(second).get('script-src')).not.toContain(`'nonce-${nonce}'`)
	})

	test('an asset, /healthz, a missing page and a refused request', async () => {
		const asset = await fetch(`${server.baseUrl}/favicon.svg`)
		expect(asset.status).toBe(200)
		expectProtected(asset)

		const health = await fetch(`${server.baseUrl}/healthz`)
		expect(health.status).toBe(200)
		expectProtected(health)

		const missing = await fetch(`${server.baseUrl}/territory/orp/0000`, {
			headers: { Cookie: jana.cookie },
		})
		expect(missing.status).toBe(404)
		expectProtected(missing)

		const refused = await fetch(`${server.baseUrl}/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '{}',
		})
		expect(refused.status).toBe(415)
		expectProtected(refused)
	})
})

describe('with an https BASE_URL', () => {
	test('HSTS is sent and insecure requests are upgraded', async () => {
		const app = express()
		app.use(createSecurityHeaders({ baseUrl: 'https://sitovka.example.cz', mode: 'production' }))
		app.get('/', (_req, res) => res.send('ok'))
		const plain = http.createServer(app)
		await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve))
		try {
			const { port } = plain.address() as AddressInfo
			const response = await fetch(`http://127.0.0.1:${port}/`)
			expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/)
			const csp = policy(response)
			expect(csp.has('upgrade-insecure-requests')).toBe(true)
			expect(csp.get('connect-src')).toEqual(["'self'", 'wss://sitovka.example.cz'])
		} finally {
			await new Promise((resolve) => plain.close(resolve))
		}
	})
})
