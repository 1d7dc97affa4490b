import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { PROJECT_ROOT, START_V8_OPTIONS, TMP_DIR } from './paths.ts'

/**
 * `node --import tsx server/start.ts` with the V8 options of `npm start`, not the `tsx` command:
 * the command runs the server in a second process and relays SIGTERM to it, but if the server
 * does not acknowledge within 30 ms (easily missed on a busy machine) it SIGKILLs it, skipping
 * the graceful shutdown under test.
 */
const SERVER_COMMAND = [...START_V8_OPTIONS, '--import', 'tsx', 'server/start.ts']
const START_TIMEOUT_MS = 90_000
const STOP_TIMEOUT_MS = 15_000
const READY_LINE = /Síťovka běží na (\S+)/

/**
 * A migrated database with the territory register loaded, made once per run by the global
 * setup; servers start on copies of it instead of loading the register each time.
 */
export const E2E_BASE_DB = path.join(TMP_DIR, 'e2e-base.db')

export type RunningServer = {
	baseUrl: string
	databaseFile: string
	/** Sends SIGTERM and resolves with the exit code (0 = graceful shutdown). */
	stop(): Promise<number | null>
	/** Everything the server printed so far, for failure messages. */
	output(): string
}

/**
 * A fresh database file under tests/.tmp: a copy of the base database when there is one (the
 * server still runs its migrations and reference-data check on it), else an empty path.
 */
export function freshDatabaseFile(label = 'e2e') {
	fs.mkdirSync(TMP_DIR, { recursive: true })
	const id = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
	const file = path.join(TMP_DIR, `${label}-${id}.db`)
	if (fs.existsSync(E2E_BASE_DB)) fs.copyFileSync(E2E_BASE_DB, file)
	return file
}

export function removeDatabaseFile(file: string) {
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true })
}

/**
 * A free TCP port chosen up front, so that the server's BASE_URL (used for links in e-mails and
 * the CSRF origin check) is the real address; with `PORT=0` it would be `http://localhost:0`.
 */
function findFreePort() {
	return new Promise<number>((resolve, reject) => {
		const probe = net.createServer()
		probe.unref()
		probe.once('error', reject)
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address()
			const port = typeof address === 'object' && address ? address.port : 0
			probe.close(() => resolve(port))
		})
	})
}

/** The environment of the test runner minus anything that would change how the server runs. */
function serverEnv(overrides: Record<string, string>) {
	const env: Record<string, string | undefined> = {}
	for (const [key, value] of Object.entries(process.env)) {
		if (key.startsWith('VITEST') || key === 'TEST' || key === 'NODE_OPTIONS') continue
		if (['BASE_URL', 'SMTP_URL', 'HOST', 'PORT', 'DATABASE_URL'].includes(key)) continue
		env[key] = value
	}
	return { ...env, ...overrides } as NodeJS.ProcessEnv
}

async function waitForHealth(baseUrl: string, child: ChildProcess, deadline: number) {
	let lastError: unknown
	while (Date.now() < deadline && child.exitCode === null) {
		try {
			const response = await fetch(`${baseUrl}/healthz`)
			if (response.ok) return
			lastError = new Error(`/healthz answered ${response.status}`)
		} catch (error) {
			lastError = error
		}
		await new Promise((resolve) => setTimeout(resolve, 200))
	}
	throw new Error(`The server did not become healthy: ${String(lastError)}`)
}

/**
 * Starts the production server (server/start.ts under tsx) as a child process on a free port and
 * the given (or a fresh) database file, and waits until /healthz answers. The build must exist
 * already (see `ensureBuild`); the server would otherwise build it itself, slowly.
 */
export async function startServer(
	options: { databaseFile?: string; quiet?: boolean } = {},
): Promise<RunningServer> {
	const databaseFile = options.databaseFile ?? freshDatabaseFile()
	const port = await findFreePort()
	const child = spawn(process.execPath, SERVER_COMMAND, {
		cwd: PROJECT_ROOT,
		env: serverEnv({
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			BASE_URL: `http://127.0.0.1:${port}`,
			DATABASE_URL: `file:${databaseFile}`,
			LOG_LEVEL: 'warn',
		}),
		stdio: ['ignore', 'pipe', 'pipe'],
	})

	let output = ''
	let ready = false
	const exited = new Promise<number | null>((resolve) => {
		child.once('exit', (code, signal) => {
			output += `\n[server exited: code ${code}, signal ${signal}]`
			resolve(code)
		})
	})
	const printed = new Promise<string>((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			const text = chunk.toString('utf8')
			output += text
			// After start-up anything the server prints (warnings, errors) belongs in the test log.
			if (ready && !options.quiet) process.stderr.write(prefixLines(text))
			const match = READY_LINE.exec(output)
			if (!ready && match) {
				ready = true
				resolve(match[1]!)
			}
		}
		child.stdout.on('data', onData)
		child.stderr.on('data', onData)
		void exited.then(() => {
			if (!ready) reject(new Error(`The server exited during start-up:\n${output}`))
		})
		setTimeout(() => {
			if (!ready)
				reject(new Error(`The server did not start within ${START_TIMEOUT_MS} ms:\n${output}`))
		}, START_TIMEOUT_MS).unref()
	})

	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
		const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
		const code = await exited
		clearTimeout(timer)
		return code
	}

	try {
		const baseUrl = await printed
		await waitForHealth(baseUrl, child, Date.now() + START_TIMEOUT_MS)
		return { baseUrl, databaseFile, stop, output: () => output }
	} catch (error) {
		await stop()
		if (!options.databaseFile) removeDatabaseFile(databaseFile)
		throw error
	}
}

function prefixLines(text: string) {
	return text
		.split('\n')
		.filter((line) => line.trim())
		.map((line) => `[server] ${line}\n`)
		.join('')
}
