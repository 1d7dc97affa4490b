import { expect, test } from 'vitest'
import {
	browserSessions,
	createUser,
	expectNoSeriousA11yViolations,
	kolinColleagues,
	pathname,
	scrollWidth,
	sharedServer,
} from './utils.ts'

// Issue 11: on a 360 px phone the header took 209 px, a quarter of the screen. Now it is one line
// with the brand and "Nabídka"; the navigation and tools open below it.

const { baseUrl, databaseFile } = sharedServer()
const { signedIn } = browserSessions(baseUrl)

test('on a phone the header is one line and the menu opens, navigates and folds again', async () => {
	const { jana } = kolinColleagues()
	await createUser(databaseFile, jana)
	const { page } = await signedIn(jana, { viewport: { width: 360, height: 740 } })
	const header = page.getByRole('banner')
	const menu = page.getByRole('button', { name: 'Nabídka' })
	await menu.waitFor()
	expect(await menu.getAttribute('aria-expanded')).toBe('false')
	const folded = (await header.boundingBox())!.height
	expect(folded).toBeLessThanOrEqual(72)
	const groups = page.getByRole('navigation', { name: 'Hlavní navigace' }).getByRole('link', {
		name: 'Skupiny',
	})
	expect(await groups.isVisible()).toBe(false)
	await expectNoSeriousA11yViolations(page)

	await menu.click()
	expect(await menu.getAttribute('aria-expanded')).toBe('true')
	await groups.waitFor()
	expect(await page.getByRole('search').isVisible()).toBe(true)
	expect(await page.getByRole('button', { name: 'Odhlásit se' }).isVisible()).toBe(true)
	expect(await scrollWidth(page)).toBeLessThanOrEqual(360)
	await expectNoSeriousA11yViolations(page)

	await groups.click()
	await page.getByRole('heading', { level: 1, name: 'Skupiny' }).waitFor()
	expect(pathname(page)).toBe('/groups')
	await page.waitForFunction(
		() => document.querySelector('.menu-toggle')?.getAttribute('aria-expanded') === 'false',
	)
	expect(await groups.isVisible()).toBe(false)
})

test('on a wide screen everything stays in the header, without a menu button', async () => {
	const { petr } = kolinColleagues()
	await createUser(databaseFile, petr)
	const { page } = await signedIn(petr)
	expect(await page.getByRole('button', { name: 'Nabídka' }).isVisible()).toBe(false)
	const nav = page.getByRole('navigation', { name: 'Hlavní navigace' })
	expect(await nav.getByRole('link', { name: 'Skupiny' }).isVisible()).toBe(true)
	expect(await page.getByRole('search').isVisible()).toBe(true)
	expect((await page.getByRole('banner').boundingBox())!.height).toBeLessThanOrEqual(100)
})
