import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
	createUser,
	expectNoSeriousA11yViolations,
	login,
	newContext,
	overviewHeading,
	pathname,
	removeDatabaseFile,
	type RunningServer,
	scrollWidth,
	sharedServer,
	startServer,
	submitLogin,
	uniqueEmail,
	launchBrowser,
} from './utils.ts'

// Texts from app/auth/auth.messages.ts (cs).
const INVALID_LOGIN = 'E-mail nebo heslo nesouhlasí. Zkontrolujte je a zkuste to znovu.'
const WEAK_PASSWORD =
	'Heslo je příliš snadné uhodnout. Přidejte další slova nebo znaky, nejlépe celou větu.'
const THROTTLED =
	/Příliš mnoho neúspěšných pokusů\. Zkuste to znovu za (\d+) (sekund[uy]?|minut[uy]?)\./
const STRONG_PASSWORD = 'Lípa u rybníka kvete každé léto 1984!'

let browser: Browser

beforeAll(async () => {
	browser = await launchBrowser()
})

afterAll(async () => {
	await browser?.close()
})

async function open(baseUrl: string, viewport?: { width: number; height: number }) {
	const context = await newContext(browser, baseUrl, { viewport })
	return context.newPage()
}

describe('first run on an empty installation', () => {
	let server: RunningServer

	beforeAll(async () => {
		server = await startServer()
	})

	afterAll(async () => {
		if (!server) return
		const code = await server.stop()
		removeDatabaseFile(server.databaseFile)
		expect(code, server.output()).toBe(0)
	})

	test('the first visitor creates the administrator account and is signed in', async () => {
		const page = await open(server.baseUrl)
		await page.goto('/')
		expect(pathname(page)).toBe('/setup')
		await page.getByRole('heading', { level: 1, name: 'První spuštění: účet správce' }).waitFor()
		await expectNoSeriousA11yViolations(page)

		await page.getByLabel('Jméno a příjmení').fill('Jana Nováková')
		await page.getByLabel('E-mail').fill('jana.novakova@mesto-kolin.cz')
		await page.getByLabel('Heslo', { exact: true }).fill('heslo12345')
		await page.getByRole('button', { name: 'Vytvořit účet správce' }).click()

		await page.getByText(WEAK_PASSWORD).waitFor()
		expect(pathname(page)).toBe('/setup')
		expect(await page.getByLabel('Jméno a příjmení').inputValue()).toBe('Jana Nováková')
		expect(await page.getByLabel('E-mail').inputValue()).toBe('jana.novakova@mesto-kolin.cz')
		await expectNoSeriousA11yViolations(page)

		await page.getByLabel('Heslo', { exact: true }).fill(STRONG_PASSWORD)
		await page.getByRole('button', { name: 'Vytvořit účet správce' }).click()

		await overviewHeading(page).waitFor()
		expect(pathname(page)).toBe('/')
		await page.getByRole('status').getByText('Účet správce je hotový. Vítejte v Síťovce!').waitFor()
		await page.getByRole('link', { name: 'Jana Nováková' }).waitFor()
		await page.getByRole('button', { name: 'Odhlásit se' }).waitFor()
		await page.getByRole('link', { name: 'Správa' }).waitFor()
		await expectNoSeriousA11yViolations(page)

		// Setup is closed once an account exists.
		await page.goto('/setup')
		expect(pathname(page)).not.toBe('/setup')
	})
})

describe('signing in and out', () => {
	const { baseUrl, databaseFile } = sharedServer()
	const worker = {
		name: 'Petr Svoboda',
		email: uniqueEmail('petr.svoboda'),
		password: 'Modrý autobus jede do Kolína 7',
	}
	const throttled = {
		name: 'Eva Dvořáková',
		email: uniqueEmail('eva.dvorakova', 'charita-kolin.cz'),
		password: 'Zelená konvice na čaj stojí 42',
	}

	beforeAll(async () => {
		await createUser(databaseFile, worker)
		await createUser(databaseFile, throttled)
	})

	test('a wrong password gets one generic message; the right one signs in; logout signs out', async () => {
		const page = await open(baseUrl)
		await page.goto('/')
		expect(pathname(page)).toBe('/login')
		await page.getByRole('heading', { level: 1, name: 'Přihlášení' }).waitFor()
		await expectNoSeriousA11yViolations(page)

		await submitLogin(page, worker.email, 'Spatne heslo 123')
		const alert = page.getByRole('alert')
		await alert.getByText(INVALID_LOGIN).waitFor()
		expect((await alert.innerText()).trim()).toBe(INVALID_LOGIN)
		expect(await page.getByText(INVALID_LOGIN).count()).toBe(1)
		expect(await page.getByLabel('E-mail').inputValue()).toBe(worker.email)
		await expectNoSeriousA11yViolations(page)

		await login(page, worker.email, worker.password)
		expect(pathname(page)).toBe('/')
		await page.getByText(`Dobrý den, ${worker.name}.`).waitFor()

		await page.getByRole('button', { name: 'Odhlásit se' }).click()
		await page.getByRole('heading', { level: 1, name: 'Přihlášení' }).waitFor()
		expect(pathname(page)).toBe('/login')
		await page.getByRole('status').getByText('Byli jste odhlášeni.').waitFor()

		await page.goto('/')
		expect(pathname(page)).toBe('/login')
		expect(await overviewHeading(page).count()).toBe(0)
	})

	test('after repeated wrong passwords the form says how long to wait', async () => {
		const page = await open(baseUrl)
		// The first failures are free (app/auth/throttle.server.ts); a lock follows.
		for (let attempt = 1; attempt <= 5; attempt++) {
			await submitLogin(page, throttled.email, `Spatne heslo ${attempt}`)
		}
		await submitLogin(page, throttled.email, 'Spatne heslo 6')
		const alert = page.getByRole('alert')
		await alert.getByText(THROTTLED).waitFor()
		const [, count, unit] = THROTTLED.exec(await alert.innerText()) ?? []
		expect(Number(count)).toBeGreaterThan(0)
		expect(unit).toMatch(/^sekund/)

		// While the lock lasts, even the right password (from another browser) is refused.
		const other = await open(baseUrl)
		await submitLogin(other, throttled.email, throttled.password)
		await other.getByRole('alert').getByText(THROTTLED).waitFor()
		expect(pathname(other)).toBe('/login')
		expect(await overviewHeading(other).count()).toBe(0)
		expect(await other.getByLabel('E-mail').inputValue()).toBe(throttled.email)
	})

	test('a form posted from a foreign site is refused', async () => {
		const body = new URLSearchParams({ email: worker.email, password: worker.password })
		const foreign = await fetch(`${baseUrl}/login`, {
			method: 'POST',
			headers: { Origin: 'https://evil.example' },
			body,
			redirect: 'manual',
		})
		expect(foreign.status).toBe(403)
		expect(foreign.headers.get('set-cookie')).toBeNull()

		// The same post from the site itself is processed (it signs in).
		const own = await fetch(`${baseUrl}/login`, {
			method: 'POST',
			headers: { Origin: baseUrl },
			body,
			redirect: 'manual',
		})
		expect(own.status).not.toBe(403)
		expect(own.headers.get('set-cookie')).toContain('sitovka_session=')
	})

	test('/healthz reports the database', async () => {
		const response = await fetch(`${baseUrl}/healthz`)
		expect(response.status).toBe(200)
		const health = (await response.json()) as { status: string; database: { status: string } }
		expect(health.status).toBe('ok')
		expect(health.database.status).toBe('ok')
	})

	test('the login page fits a 360 px wide phone', async () => {
		const page = await open(baseUrl, { width: 360, height: 740 })
		await page.goto('/login')
		await page.getByRole('button', { name: 'Přihlásit se' }).waitFor()
		expect(await scrollWidth(page)).toBeLessThanOrEqual(360)
	})
})
