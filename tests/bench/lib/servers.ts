/**
 * Starting the benchmark's server children (tests/bench/sitovka-server.ts and
 * hocuspocus-server.ts) and talking to them over IPC.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { START_V8_OPTIONS } from '#tests/setup/paths.ts'
import type { ChildMessage, ServerStats } from './child-report.ts'

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const BENCH_DIR = path.join(PROJECT_ROOT, 'tests', 'bench')

export type ServerKind = 'sitovka' | 'hocuspocus'

export type ChildOptions = {
	/** The server's database file. */
	db: string
	args?: unknown
	/** Write a V8 CPU profile into this folder (written on graceful shutdown). */
	profileDir?: string
	/** More environment variables for the child. */
	env?: Record<string, string>
}

function spawnChild(kind: ServerKind, mode: string, options: ChildOptions) {
	const script = path.join(BENCH_DIR, `${kind}-server.ts`)
	// Both servers get the V8 options `npm start` uses (the same heap settings for both).
	const execArgs = [...START_V8_OPTIONS, '--import', 'tsx']
	// One folder per process: V8 writes a profile per thread (tsx runs a module-loader thread).
	const profileDir = options.profileDir
		? path.join(options.profileDir, `${kind}-${mode}-${++profiled}`)
		: undefined
	if (profileDir) execArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`)
	const env: Record<string, string | undefined> = { ...process.env }
	delete env.NODE_OPTIONS
	const child = spawn(process.execPath, [...execArgs, script, mode], {
		cwd: PROJECT_ROOT,
		env: {
			...env,
			NODE_ENV: 'production',
			LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
			DATABASE_URL: `file:${options.db}`,
			BENCH_DB: options.db,
			BENCH_ARGS: JSON.stringify(options.args ?? {}),
			...options.env,
		},
		stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
	})
	let output = ''
	const collect = (chunk: Buffer) => {
		output = (output + chunk.toString('utf8')).slice(-20_000)
	}
	child.stdout!.on('data', collect)
	child.stderr!.on('data', collect)
	const exited = new Promise<string>((resolve) =>
		child.once('exit', (code, signal) => resolve(signal ?? String(code))),
	)
	return { child, exited, output: () => output, profileDir }
}

let profiled = 0

/** Runs a one-shot mode (setup, seed, compact) and resolves with its result. */
export function runChild<T>(kind: ServerKind, mode: string, options: ChildOptions): Promise<T> {
	const { child, exited, output } = spawnChild(kind, mode, options)
	return new Promise<T>((resolve, reject) => {
		let result: { value: unknown } | null = null
		child.on('message', (message: ChildMessage) => {
			if (message.type === 'result') result = { value: message.value }
			if (message.type === 'error') reject(new Error(`${kind} ${mode}: ${message.message}`))
		})
		void exited.then((how) => {
			if (result && how === '0') resolve(result.value as T)
			else reject(new Error(`${kind} ${mode} exited (${how}):\n${output()}`))
		})
	})
}

export type ServerHandle = Awaited<ReturnType<typeof startServer>>

/** Starts a server child; resolves once it listens. */
export async function startServer(kind: ServerKind, options: ChildOptions) {
	const { child, exited, output, profileDir } = spawnChild(kind, 'serve', options)
	const waiting = new Map<number, (stats: ServerStats) => void>()
	let nextId = 0
	const port = await new Promise<number>((resolve, reject) => {
		child.on('message', (message: ChildMessage) => {
			if (message.type === 'ready') resolve(message.port)
			else if (message.type === 'stats') {
				waiting.get(message.id)?.(message.stats)
				waiting.delete(message.id)
			} else if (message.type === 'error') reject(new Error(message.message))
		})
		void exited.then((how) => reject(new Error(`${kind} server exited (${how}):\n${output()}`)))
	})
	let stopped = false
	return {
		kind,
		port,
		child: child as ChildProcess,
		output,
		/** Where the CPU profiles of this process go (written on graceful stop). */
		profileDir,
		/** The server's own figures; `mark` resets its event-loop and peak-memory windows. */
		stats(mark = false) {
			const id = ++nextId
			return new Promise<ServerStats>((resolve, reject) => {
				const timer = setTimeout(
					() => reject(new Error(`${kind} server did not answer within 30 s (overloaded)`)),
					30_000,
				)
				waiting.set(id, (stats) => {
					clearTimeout(timer)
					resolve(stats)
				})
				child.send({ type: 'stats', id, mark })
			})
		},
		/** `kill`: SIGKILL, like a crash. `graceful`: the server closes and flushes itself. */
		async stop(how: 'kill' | 'graceful') {
			if (stopped) return exited
			stopped = true
			if (child.exitCode !== null || child.signalCode !== null) return exited
			if (how === 'kill') child.kill('SIGKILL')
			else {
				child.send({ type: 'shutdown' })
				const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
				void exited.then(() => clearTimeout(timer))
			}
			return exited
		},
	}
}
