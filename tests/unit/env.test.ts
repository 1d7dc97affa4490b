import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { ConfigError, parseEnv } from '#app/utils/env.server.ts'

describe('configuration', () => {
	test('defaults: port 3000, SQLite file under ./data, no SMTP', () => {
		const env = parseEnv({})
		expect(env.PORT).toBe(3000)
		expect(env.databasePath).toBe(path.resolve('data/sitovka.db'))
		expect(env.baseUrl).toBe('http://localhost:3000')
		expect(env.SMTP_URL).toBeUndefined()
		expect(env.LOG_LEVEL).toBe('info')
	})

	test('empty variables count as unset', () => {
		expect(parseEnv({ PORT: '', SMTP_URL: '' }).PORT).toBe(3000)
	})

	test.each([
		['PORT', 'abc'],
		['PORT', '70000'],
		['DATABASE_URL', 'postgres://localhost/sitovka'],
		['BASE_URL', 'sitovka.example.cz'],
		['SMTP_URL', 'http://mail.example.cz'],
		['LOG_LEVEL', 'loud'],
	])('a bad %s (%s) is refused, naming the variable', (name, value) => {
		let error: unknown
		try {
			parseEnv({ [name]: value })
		} catch (caught) {
			error = caught
		}
		expect(error).toBeInstanceOf(ConfigError)
		expect((error as ConfigError).message).toContain(`${name}=`)
	})

	test('BASE_URL loses its trailing slash', () => {
		expect(parseEnv({ BASE_URL: 'https://sitovka.example.cz/' }).baseUrl).toBe(
			'https://sitovka.example.cz',
		)
	})
})
