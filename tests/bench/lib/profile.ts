import fs from 'node:fs'
import path from 'node:path'

type ProfileNode = {
	id: number
	callFrame: { functionName: string; url: string; lineNumber: number }
}
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Where a script lives, shortened: a package name, or a path inside the project. */
function origin(url: string) {
	if (!url) return '(native)'
	const file = url.replace(/^file:\/\//, '')
	const modules = file.lastIndexOf('node_modules/')
	if (modules >= 0) {
		const parts = file.slice(modules + 'node_modules/'.length).split('/')
		return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!
	}
	if (file.startsWith('node:')) return file
	const project = file.indexOf('/server/') >= 0 ? file.slice(file.indexOf('/server/') + 1) : null
	return project ?? path.basename(file)
}

/**
 * Self time of a V8 .cpuprofile: the top functions and the time per package or project file,
 * as percentages of the busy (non-idle) time.
 */
export function summariseProfile(file: string, top = 20) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile
	const byNode = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]))
	const self = new Map<number, number>()
	profile.samples.forEach((id, index) => {
		self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0))
	})
	const functions = new Map<string, number>()
	const origins = new Map<string, number>()
	let busy = 0
	let idle = 0
	for (const [id, micros] of self) {
		const { functionName, url, lineNumber } = byNode.get(id)!.callFrame
		if (functionName === '(idle)') {
			idle += micros
			continue
		}
		busy += micros
		const where = origin(url)
		const key = `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`
		functions.set(key, (functions.get(key) ?? 0) + micros)
		const group = url ? where : functionName
		origins.set(group, (origins.get(group) ?? 0) + micros)
	}
	const rank = (entries: Map<string, number>, count: number) =>
		[...entries]
			.sort((a, b) => b[1] - a[1])
			.slice(0, count)
			.map(([name, micros]) => ({
				name,
				ms: Math.round(micros / 1000),
				percent: Math.round((micros / busy) * 1000) / 10,
			}))
	return {
		file: path.basename(file),
		busyMs: Math.round(busy / 1000),
		idleMs: Math.round(idle / 1000),
		topFunctions: rank(functions, top),
		byOrigin: rank(origins, 12),
	}
}
