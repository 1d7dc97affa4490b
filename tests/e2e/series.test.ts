import { beforeAll, expect, test } from 'vitest'
import {
	browserSessions,
	createGroupWithMembers,
	createUser,
	expectNoSeriousA11yViolations,
	pathname,
	sharedServer,
	uniqueEmail,
} from './utils.ts'

const { baseUrl, databaseFile } = sharedServer()
const suffix = Date.now().toString(36)
const jana = {
	name: 'Jana Králová',
	email: uniqueEmail('jana.rada', 'kraj-lbc.cz'),
	password: 'Pracovni skupina Dluhy se schazi trikrat rocne',
}

const { signedIn } = browserSessions(baseUrl)
let groupId = ''

beforeAll(async () => {
	const user = await createUser(databaseFile, jana)
	groupId = await createGroupWithMembers(
		databaseFile,
		{
			name: `Platforma Dluhy Liberec ${suffix}`,
			kind: 'platforma_kmb',
			scope: 'orp',
			orpKod: '5105',
		},
		user.id,
	)
})

test('a convenor sets up "three times a year", sees the dates before saving, and finds the meetings', async () => {
	const { page } = await signedIn(jana)
	await page.goto(`/groups/${groupId}`)
	await page.getByRole('link', { name: 'Nová řada setkání' }).click()
	await page.getByRole('heading', { level: 1, name: 'Nová řada setkání' }).waitFor()
	await expectNoSeriousA11yViolations(page)

	await page.getByLabel('Název setkání').fill('Pracovní skupina Dluhy')
	// A Thursday by mistake: the form says which day would fit.
	await page.getByLabel('První setkání', { exact: true }).fill('2027-05-13T09:30')
	await page.getByLabel('každý rok v těchto měsících').check()
	// Only the controls for the chosen repetition are shown.
	await expect(page.getByLabel('Každých kolik týdnů nebo měsíců').isVisible()).resolves.toBe(false)
	for (const month of ['květen', 'září', 'listopad']) {
		await page.getByLabel(month, { exact: true }).check()
	}
	await page.getByLabel('Kolikátý').selectOption({ label: '2.' })
	await page.getByLabel('Den v týdnu').selectOption({ label: 'středa' })
	await page
		.getByLabel('Program každého setkání (šablona)')
		.fill('Úvod a novinky – 15 min\nZprávy z organizací – 30 min\nRůzné')
	await page.getByRole('button', { name: 'Založit řadu setkání' }).click()
	await page.getByText('Nejbližší vhodný den je 8. 9. 2027').waitFor()
	// Nothing typed is lost.
	await expect(page.getByLabel('Název setkání').inputValue()).resolves.toBe(
		'Pracovní skupina Dluhy',
	)
	await expect(page.getByLabel('září', { exact: true }).isChecked()).resolves.toBe(true)

	await page.getByLabel('První setkání', { exact: true }).fill('2027-05-12T09:30')
	const preview = page.getByRole('region', { name: 'Náhled termínů' })
	await preview
		.getByText('Opakování: třikrát ročně: 2. středa v květnu, září a listopadu v 9:30')
		.waitFor()
	const dates = preview.getByRole('list', { name: 'Termíny setkání řady' }).getByRole('listitem')
	await expect(dates.allInnerTexts()).resolves.toEqual([
		'středa 12. 5. 2027 9:30',
		'středa 8. 9. 2027 9:30',
		'středa 10. 11. 2027 9:30',
		'středa 10. 5. 2028 9:30',
	])

	await page.getByRole('button', { name: 'Založit řadu setkání' }).click()
	await page.getByRole('heading', { level: 2, name: 'Setkání řady' }).waitFor()
	expect(pathname(page)).toMatch(/^\/series\//)
	const seriesPath = pathname(page)
	const meetings = page.getByRole('list', { name: 'Setkání řady' }).getByRole('listitem')
	await expect(meetings.count()).resolves.toBe(4)
	await expectNoSeriousA11yViolations(page)

	await meetings.first().getByRole('link').first().click()
	await page.getByRole('heading', { level: 1, name: 'Pracovní skupina Dluhy' }).waitFor()
	await page.getByRole('link', { name: 'Pracovní skupina Dluhy', exact: true }).click()
	await page.waitForURL((url) => url.pathname === seriesPath)
})
