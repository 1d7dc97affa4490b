/**
 * The server side of the benchmark's IPC: a server child answers `stats` requests with its own
 * resident memory, CPU time and event-loop figures, so they are measured apart from the load
 * generator, and closes gracefully on `shutdown` (which also writes a --cpu-prof profile).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'

export type ServerStats = {
	at: number
	rss: number
	rssMax: number
	heapUsed: number
	cpuUserMicros: number
	cpuSystemMicros: number
	/** Event-loop utilisation since the previous `mark`. */
	elu: number
	/** Event-loop delay since the previous `mark` (ms). */
	loopDelayP99: number
	loopDelayMax: number
	extra: Record<string, number>
}

export type ParentMessage = { type: 'stats'; id: number; mark?: boolean } | { type: 'shutdown' }
export type ChildMessage =
	| { type: 'ready'; port: number }
	| { type: 'result'; value: unknown }
	| { type: 'stats'; id: number; stats: ServerStats }
	| { type: 'error'; message: string }

export function send(message: ChildMessage) {
	process.send?.(message)
}

/** Answers the parent's `stats` and `shutdown` messages; `extra` adds server-specific counters. */
export function reportToParent({
	extra = () => ({}),
	shutdown,
}: {
	extra?: () => Record<string, number>
	shutdown: () => Promise<void>
}) {
	let rssMax = process.memoryUsage.rss()
	const sampler = setInterval(() => {
		rssMax = Math.max(rssMax, process.memoryUsage.rss())
	}, 100)
	sampler.unref()
	const delay = monitorEventLoopDelay({ resolution: 5 })
	delay.enable()
	let eluMark = performance.eventLoopUtilization()
	process.on('message', (message: ParentMessage) => {
		if (message.type === 'stats') {
			const memory = process.memoryUsage()
			rssMax = Math.max(rssMax, memory.rss)
			const cpu = process.cpuUsage()
			const elu = performance.eventLoopUtilization(eluMark)
			const stats: ServerStats = {
				at: performance.timeOrigin + performance.now(),
				rss: memory.rss,
				rssMax,
				heapUsed: memory.heapUsed,
				cpuUserMicros: cpu.user,
				cpuSystemMicros: cpu.system,
				elu: elu.utilization,
				loopDelayP99: delay.percentile(99) / 1e6,
				loopDelayMax: delay.max / 1e6,
				extra: extra(),
			}
			if (message.mark) {
				eluMark = performance.eventLoopUtilization()
				delay.reset()
				rssMax = memory.rss
			}
			send({ type: 'stats', id: message.id, stats })
		} else if (message.type === 'shutdown') {
			void shutdown().then(
				() => process.exit(0),
				() => process.exit(1),
			)
		}
	})
	process.on('disconnect', () => process.exit(0))
}
