import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { BUILD_DIR, ROOT } from './app.ts'

/** What the browser and SSR bundles are made from; a newer file here makes the build stale. */
// server/realtime/protocol.ts is imported by the browser client.
const SOURCES = [
	'app',
	'public',
	'server/realtime/protocol.ts',
	'vite.config.ts',
	'package-lock.json',
	'package.json',
]
const STAMP = path.join(BUILD_DIR, '.built-at')

function newestMtime(entry: string): number {
	const full = path.join(ROOT, entry)
	if (!fs.existsSync(full)) return 0
	const stat = fs.statSync(full)
	if (!stat.isDirectory()) return stat.mtimeMs
	let newest = stat.mtimeMs
	for (const child of fs.readdirSync(full)) {
		newest = Math.max(newest, newestMtime(path.join(entry, child)))
	}
	return newest
}

export function isBuildStale() {
	if (!fs.existsSync(path.join(BUILD_DIR, 'server', 'index.js')) || !fs.existsSync(STAMP))
		return true
	const builtAt = Number(fs.readFileSync(STAMP, 'utf8'))
	return SOURCES.some((source) => newestMtime(source) > builtAt)
}

/** Runs `remix vite:build` when the build is missing or older than its sources. */
export function ensureBuild(log: (message: string) => void) {
	if (!isBuildStale()) return false
	log('Building Síťovka (first start or changed sources)…')
	const startedAt = Date.now()
	const result = spawnSync(
		process.execPath,
		[path.join(ROOT, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js'), 'vite:build'],
		{
			cwd: ROOT,
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, NODE_ENV: 'production' },
		},
	)
	if (result.status !== 0) throw new Error('The build failed; see the output above.')
	fs.writeFileSync(STAMP, String(startedAt))
	return true
}
