import fs from 'node:fs'
import {
	logState,
	reportLogDropped,
	reportLogFailure,
	reportLogWritten,
} from '#db/storage-health.ts'

/** After a failed write, lines are dropped (and counted) for this long before trying again. */
const RETRY_AFTER_MS = 1000
/** A pipe that stays full (EAGAIN) this many times in a row for one line counts as failing. */
const MAX_BUSY_RETRIES = 100

export type LogDestination = {
	write(line: string): void
	/** Lines dropped since the current failure began (0 while writing works). */
	readonly dropped: number
}

/**
 * Where pino writes: a file descriptor (stdout by default), written synchronously line by line.
 * pino's own destination (sonic-boom) emits `error` when a write fails, and with nobody listening
 * a full disk (ENOSPC) or a broken device (EIO) became an uncaught exception that ended the
 * server; it also keeps every unwritten line in memory. Here a failed write never throws: while
 * writing fails, lines are dropped and counted (`/healthz` shows it), one write is tried again
 * every second, and the first one that works is preceded by a line saying how many were lost.
 */
export function createLogDestination({
	fd = 1,
	retryAfterMs = RETRY_AFTER_MS,
}: { fd?: number; retryAfterMs?: number } = {}): LogDestination {
	let dropped = 0
	let retryAt = 0

	function writeAll(text: string) {
		let bytes = Buffer.from(text, 'utf8')
		let busy = 0
		while (bytes.length > 0) {
			try {
				bytes = bytes.subarray(fs.writeSync(fd, bytes))
				busy = 0
			} catch (error) {
				const code = (error as { code?: string }).code
				// A non-blocking pipe whose reader is slow: try again a little, then give up.
				if ((code === 'EAGAIN' || code === 'EBUSY') && ++busy < MAX_BUSY_RETRIES) continue
				throw error
			}
		}
	}

	return {
		get dropped() {
			return dropped
		},
		write(line) {
			if (dropped > 0 && Date.now() < retryAt) {
				dropped++
				reportLogDropped()
				return
			}
			try {
				if (dropped > 0) {
					const failure = logState()
					// On a new line: the failed write may have left half a line behind.
					writeAll(
						`\n${JSON.stringify({
							level: 40,
							time: Date.now(),
							app: 'sitovka',
							droppedLines: dropped,
							since: failure.status === 'failing' ? failure.since : undefined,
							code: failure.status === 'failing' ? failure.code : undefined,
							msg: 'log lines were dropped while the log could not be written',
						})}\n`,
					)
					reportLogWritten()
					dropped = 0
				}
				writeAll(line)
			} catch (error) {
				dropped++
				retryAt = Date.now() + retryAfterMs
				reportLogFailure((error as { code?: string }).code ?? 'unknown')
			}
		},
	}
}
