/**
 * Czech public holidays (státní svátky and ostatní svátky, act No. 245/2000 Sb.), for marking days
 * in date polls. Names are the current official ones; Good Friday is a holiday from 2016 on.
 */

export type CzechPublicHoliday = { date: string; name: string }

/** Fixed-date holidays as [month, day, name]. */
const FIXED_HOLIDAYS: ReadonlyArray<readonly [number, number, string]> = [
	[1, 1, 'Den obnovy samostatného českého státu, Nový rok'],
	[5, 1, 'Svátek práce'],
	[5, 8, 'Den vítězství'],
	[7, 5, 'Den slovanských věrozvěstů Cyrila a Metoděje'],
	[7, 6, 'Den upálení mistra Jana Husa'],
	[9, 28, 'Den české státnosti'],
	[10, 28, 'Den vzniku samostatného československého státu'],
	[11, 17, 'Den boje za svobodu a demokracii a Mezinárodní den studentstva'],
	[12, 24, 'Štědrý den'],
	[12, 25, '1. svátek vánoční'],
	[12, 26, '2. svátek vánoční'],
]

const GOOD_FRIDAY = 'Velký pátek'
const EASTER_MONDAY = 'Velikonoční pondělí'
/** Good Friday became a public holiday by act No. 359/2015 Sb. */
const GOOD_FRIDAY_SINCE = 2016

const DAY_MS = 24 * 60 * 60 * 1000
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, also called
 * Meeus/Jones/Butcher), as a UTC midnight date.
 */
export function easterSunday(year: number): Date {
	const a = year % 19
	const b = Math.floor(year / 100)
	const c = year % 100
	const d = Math.floor(b / 4)
	const e = b % 4
	const f = Math.floor((b + 8) / 25)
	const g = Math.floor((b - f + 1) / 3)
	const h = (19 * a + b - d - g + 15) % 30
	const i = Math.floor(c / 4)
	const k = c % 4
	const l = (32 + 2 * e + 2 * i - h - k) % 7
	const m = Math.floor((a + 11 * h + 22 * l) / 451)
	const month = Math.floor((h + l - 7 * m + 114) / 31)
	const day = ((h + l - 7 * m + 114) % 31) + 1
	return new Date(Date.UTC(year, month - 1, day))
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10)

/** The public holidays of a year, in calendar order, dates as `YYYY-MM-DD`. */
export function czechPublicHolidays(year: number): CzechPublicHoliday[] {
	const easter = easterSunday(year).getTime()
	const holidays: CzechPublicHoliday[] = FIXED_HOLIDAYS.map(([month, day, name]) => ({
		date: isoDate(new Date(Date.UTC(year, month - 1, day))),
		name,
	}))
	if (year >= GOOD_FRIDAY_SINCE) {
		holidays.push({ date: isoDate(new Date(easter - 2 * DAY_MS)), name: GOOD_FRIDAY })
	}
	holidays.push({ date: isoDate(new Date(easter + DAY_MS)), name: EASTER_MONDAY })
	return holidays.sort((a, b) => a.date.localeCompare(b.date))
}

/** The holiday's Czech name when `date` (`YYYY-MM-DD`) is a public holiday, otherwise null. */
export function isCzechPublicHoliday(date: string): string | null {
	const match = ISO_DATE.exec(date)
	if (!match) return null
	return (
		czechPublicHolidays(Number(match[1])).find((holiday) => holiday.date === date)?.name ?? null
	)
}
