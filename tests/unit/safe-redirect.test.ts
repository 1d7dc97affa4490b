import { describe, expect, test } from 'vitest'
import { safeRedirect } from '#app/utils/safe-redirect.ts'
import { HOSTILE_REDIRECTS } from '#tests/fixtures/hostile-redirects.ts'

const BASE = 'https://sitovka.example.cz'

describe('safeRedirect', () => {
	test.each(HOSTILE_REDIRECTS.map((value) => [JSON.stringify(value).slice(0, 50), value]))(
		'refuses %s',
		(_, value) => {
			expect(safeRedirect(value)).toBe('/')
			expect(safeRedirect(value, '/groups')).toBe('/groups')
		},
	)

	test.each([
		['/', '/'],
		['/groups', '/groups'],
		['/meetings/abc/agenda?tab=1#item-2', '/meetings/abc/agenda?tab=1#item-2'],
		['/search?q=Jana%20Nov%C3%A1kov%C3%A1', '/search?q=Jana%20Nov%C3%A1kov%C3%A1'],
		['/search?q=a+b', '/search?q=a+b'],
		['/a/../groups', '/groups'],
	])('keeps the same-site path %j', (value, expected) => {
		expect(safeRedirect(value)).toBe(expected)
		expect(new URL(safeRedirect(value), BASE).origin).toBe(BASE)
	})

	test('anything that is not a string becomes the fallback', () => {
		expect(safeRedirect(null)).toBe('/')
		expect(safeRedirect(undefined)).toBe('/')
		expect(safeRedirect(new File(['x'], '/groups'))).toBe('/')
	})
})
