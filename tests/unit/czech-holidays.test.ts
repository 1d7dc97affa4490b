import { describe, expect, test } from 'vitest'
import {
	czechPublicHolidays,
	easterSunday,
	isCzechPublicHoliday,
} from '#app/meetings/czech-holidays.ts'

describe('Easter Sunday', () => {
	test('known dates, including the earliest and latest possible ones', () => {
		const known: Record<number, string> = {
			1818: '1818-03-22',
			2000: '2000-04-23',
			2019: '2019-04-21',
			2024: '2024-03-31',
			2025: '2025-04-20',
			2026: '2026-04-05',
			2027: '2027-03-28',
			2038: '2038-04-25',
			2285: '2285-03-22',
		}
		for (const [year, date] of Object.entries(known)) {
			expect(easterSunday(Number(year)).toISOString().slice(0, 10)).toBe(date)
		}
	})

	test('is always a Sunday between 22 March and 25 April', () => {
		for (let year = 1900; year <= 2200; year++) {
			const easter = easterSunday(year)
			expect(easter.getUTCDay()).toBe(0)
			const monthDay = easter.toISOString().slice(5, 10)
			expect(monthDay >= '03-22' && monthDay <= '04-25').toBe(true)
		}
	})
})

describe('Czech public holidays', () => {
	test('2026: thirteen days in calendar order, Easter Monday on 6 April', () => {
		expect(czechPublicHolidays(2026)).toEqual([
			{ date: '2026-01-01', name: 'Den obnovy samostatného českého státu, Nový rok' },
			{ date: '2026-04-03', name: 'Velký pátek' },
			{ date: '2026-04-06', name: 'Velikonoční pondělí' },
			{ date: '2026-05-01', name: 'Svátek práce' },
			{ date: '2026-05-08', name: 'Den vítězství' },
			{ date: '2026-07-05', name: 'Den slovanských věrozvěstů Cyrila a Metoděje' },
			{ date: '2026-07-06', name: 'Den upálení mistra Jana Husa' },
			{ date: '2026-09-28', name: 'Den české státnosti' },
			{ date: '2026-10-28', name: 'Den vzniku samostatného československého státu' },
			{
				date: '2026-11-17',
				name: 'Den boje za svobodu a demokracii a Mezinárodní den studentstva',
			},
			{ date: '2026-12-24', name: 'Štědrý den' },
			{ date: '2026-12-25', name: '1. svátek vánoční' },
			{ date: '2026-12-26', name: '2. svátek vánoční' },
		])
	})

	test('2027: Good Friday on 26 March, Easter Monday on 29 March', () => {
		expect(isCzechPublicHoliday('2027-03-26')).toBe('Velký pátek')
		expect(isCzechPublicHoliday('2027-03-29')).toBe('Velikonoční pondělí')
		expect(isCzechPublicHoliday('2027-03-28')).toBeNull()
	})

	test('Good Friday is a holiday only from 2016', () => {
		expect(isCzechPublicHoliday('2015-04-03')).toBeNull()
		expect(isCzechPublicHoliday('2015-04-06')).toBe('Velikonoční pondělí')
		expect(czechPublicHolidays(2015)).toHaveLength(12)
		expect(isCzechPublicHoliday('2016-03-25')).toBe('Velký pátek')
	})

	test('ordinary days and malformed dates are not holidays', () => {
		expect(isCzechPublicHoliday('2026-12-27')).toBeNull()
		expect(isCzechPublicHoliday('2026-11-17')).toBe(
			'Den boje za svobodu a demokracii a Mezinárodní den studentstva',
		)
		for (const value of ['', '2026-1-1', '1. 1. 2026', '2026-01-01T00:00']) {
			expect(isCzechPublicHoliday(value)).toBeNull()
		}
	})
})
