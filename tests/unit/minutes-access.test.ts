import { describe, expect, test } from 'vitest'
import { minutesAccessFor } from '#app/minutes/lifecycle.ts'

const NOW = new Date('2026-11-25T10:00:00Z')
const YESTERDAY = new Date('2026-11-24T22:59:59Z')
const TOMORROW = new Date('2026-11-26T22:59:59Z')

describe('who may write the minutes along their lifecycle', () => {
	test('a draft follows the meeting rule: writers write, observers read, outsiders see nothing', () => {
		const draft = { minutesState: 'draft' as const, approved: false, manager: false }
		expect(minutesAccessFor('write', draft, NOW)).toBe('write')
		expect(minutesAccessFor('read', draft, NOW)).toBe('read')
		expect(minutesAccessFor('none', draft, NOW)).toBe('none')
	})

	test('participants comment until the deadline; after it only the convenor settles the text', () => {
		const comments = { minutesState: 'comments' as const, approved: false }
		expect(
			minutesAccessFor('write', { ...comments, manager: false, commentsUntil: TOMORROW }, NOW),
		).toBe('write')
		expect(
			minutesAccessFor('write', { ...comments, manager: false, commentsUntil: YESTERDAY }, NOW),
		).toBe('read')
		expect(
			minutesAccessFor('write', { ...comments, manager: true, commentsUntil: YESTERDAY }, NOW),
		).toBe('write')
		// An observer stays a reader, manager or not.
		expect(
			minutesAccessFor('read', { ...comments, manager: true, commentsUntil: YESTERDAY }, NOW),
		).toBe('read')
	})

	test('approved and published minutes are frozen for everyone, administrators included', () => {
		for (const minutesState of ['approved', 'published'] as const) {
			expect(minutesAccessFor('write', { minutesState, approved: true, manager: true }, NOW)).toBe(
				'read',
			)
		}
	})

	test('a correction after approval: managers write, other writers read', () => {
		const correction = { minutesState: 'draft' as const, approved: true }
		expect(minutesAccessFor('write', { ...correction, manager: true }, NOW)).toBe('write')
		expect(minutesAccessFor('write', { ...correction, manager: false }, NOW)).toBe('read')
	})
})
