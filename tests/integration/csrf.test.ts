import http from 'node:http'
import { type AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createCsrfGuard } from '#server/csrf.ts'

let server: http.Server
let port: number

beforeAll(async () => {
	const app = express()
	app.use(createCsrfGuard('https://sitovka.example.cz'))
	app.all('/login', (_req, res) => res.status(200).send('ok'))
	server = http.createServer(app)
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function send(method: string, headers: Record<string, string>) {
	return new Promise<{ status: number; body: string }>((resolve, reject) => {
		const request = http.request(
			{ host: '127.0.0.1', port, path: '/login', method, headers, agent: false },
			(response) => {
				let body = ''
				response.on('data', (chunk) => (body += chunk))
				response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
			},
		)
		request.on('error', reject)
		request.end(method === 'GET' ? undefined : 'email=a%40b.cz&password=x')
	})
}

describe('CSRF origin check', () => {
	test('a POST from a foreign site is refused with 403 and a Czech explanation', async () => {
		const response = await send('POST', {
			Origin: 'https://evil.example',
			'Sec-Fetch-Site': 'cross-site',
		})
		expect(response.status).toBe(403)
		expect(response.body).toContain('jiné stránky')
	})

	test('a foreign Origin is refused even without fetch metadata', async () => {
		expect((await send('POST', { Origin: 'http://attacker.test' })).status).toBe(403)
		expect((await send('DELETE', { Origin: 'null' })).status).toBe(403)
	})

	test('the configured origin and the same host are accepted', async () => {
		expect((await send('POST', { Origin: 'https://sitovka.example.cz' })).status).toBe(200)
		expect((await send('POST', { Origin: `http://127.0.0.1:${port}` })).status).toBe(200)
	})

	test('a browser cross-site request without Origin is refused; scripts without it pass', async () => {
		expect((await send('POST', { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403)
		expect((await send('POST', { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200)
		expect((await send('POST', {})).status).toBe(200)
	})

	test('GET is never blocked', async () => {
		expect((await send('GET', { Origin: 'https://evil.example' })).status).toBe(200)
	})
})
