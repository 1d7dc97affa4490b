import { isUtf8 } from 'node:buffer'
import * as decoding from 'lib0/decoding'

/** One stored row: the snapshot (id 0) or an update of the log. */
export type StoredUpdate = { id: number; bytes: Uint8Array }

/** What to apply: one row as it is, or the join of `rows` rows starting with row `id`. */
export type LogPart = { id: number; rows: number; bytes: Uint8Array }

/**
 * A document as stored: the snapshot (if any) and the update log after it, kept in one buffer
 * with the position of each row, so that loading thousands of rows allocates next to nothing.
 *
 * `parts()` joins runs of log rows into single Yjs updates before they are applied. Yjs spends
 * most of the time of applying a small update on setting up and tearing down per update (maps,
 * a struct store for what is missing, a delete set, sorting clients), not on the few structs
 * inside: a log of 10,000 keystrokes applies several times faster as one update. The rows of
 * our log are written by Yjs itself (V1 encoding, see `Document.applyClientUpdate`), and most
 * have one of two shapes: a keystroke is one client's structs with no deletions, a backspace is
 * deletions only. Such rows are joined by concatenating their bytes, since a V1 struct does not
 * refer to the structs before it:
 *
 * - structs of one client whose clocks continue exactly where that client's previous row ended
 *   become one block (every struct is read, as Yjs reads it, to know where each row ends);
 * - deletion entries are listed one after another (Yjs applies each entry on its own).
 *
 * A row of any other shape (several clients, structs with deletions, skips, anything that does
 * not read back exactly) ends the run and is applied on its own, as before. The result is the
 * same document: Yjs integrates the structs of one update in dependency order, whatever order
 * they arrived in (tests/unit/stored-log.test.ts compares both ways on random histories).
 */
export class StoredLog {
	private constructor(
		/** The snapshot, applied first and never joined. */
		readonly snapshot: Uint8Array | null,
		private readonly buffer: Buffer,
		private readonly ids: number[],
		private readonly starts: number[],
		private readonly ends: number[],
		/** Total size of the log's rows (the snapshot not included). */
		readonly logBytes: number,
	) {}

	/**
	 * Reads the log as SQLite concatenates it: `<id>,<length>:<bytes>` for each of `count` rows,
	 * ids and lengths in ASCII digits (see storage.ts).
	 */
	static parse(snapshot: Uint8Array | null, log: Uint8Array | null, count: number) {
		const buffer = asBuffer(log ?? new Uint8Array(0))
		const ids: number[] = new Array(count)
		const starts: number[] = new Array(count)
		const ends: number[] = new Array(count)
		let at = 0
		for (let index = 0; index < count; index++) {
			let id = 0
			let byte: number
			while ((byte = buffer[at++]!) !== 0x2c) {
				if (at > buffer.byteLength) throw new Error('update log ends before its last row')
				id = id * 10 + byte - 0x30
			}
			let length = 0
			while ((byte = buffer[at++]!) !== 0x3a) {
				if (at > buffer.byteLength) throw new Error('update log ends before its last row')
				length = length * 10 + byte - 0x30
			}
			ids[index] = id
			starts[index] = at
			ends[index] = at += length
		}
		if (at !== buffer.byteLength) throw new Error('update log read back with a wrong length')
		let bytes = 0
		let ordered = true
		for (let index = 0; index < count; index++) {
			bytes += ends[index]! - starts[index]!
			if (index > 0 && ids[index]! <= ids[index - 1]!) ordered = false
		}
		if (!ordered) {
			// The query reads the rows in index order, which is id order in practice; SQL does
			// not promise it, so rows that come otherwise are put in order here.
			const order = ids.map((_, index) => index).sort((a, b) => ids[a]! - ids[b]!)
			return new StoredLog(
				snapshot,
				buffer,
				order.map((index) => ids[index]!),
				order.map((index) => starts[index]!),
				order.map((index) => ends[index]!),
				bytes,
			)
		}
		return new StoredLog(snapshot, buffer, ids, starts, ends, bytes)
	}

	/** Rows given one by one (a row with id 0 first is the snapshot). */
	static of(rows: readonly StoredUpdate[]) {
		const snapshot = rows[0]?.id === 0 ? rows[0].bytes : null
		const log = snapshot ? rows.slice(1) : rows
		const buffer = Buffer.concat(log.map((row) => row.bytes))
		const starts: number[] = []
		const ends: number[] = []
		let at = 0
		for (const row of log) {
			starts.push(at)
			ends.push((at += row.bytes.byteLength))
		}
		return new StoredLog(
			snapshot,
			buffer,
			log.map((row) => row.id),
			starts,
			ends,
			at,
		)
	}

	/** Rows stored, the snapshot included. */
	get length() {
		return this.ids.length + (this.snapshot ? 1 : 0)
	}

	/** Rows in the log after the snapshot. */
	get logLength() {
		return this.ids.length
	}

	/** Id of the last row of the log (0 when it is empty). */
	get lastId() {
		return this.ids.at(-1) ?? 0
	}

	/** Every row, the snapshot (id 0) first. */
	rows(): StoredUpdate[] {
		const rows = this.ids.map((id, index) => ({ id, bytes: this.row(index) }))
		return this.snapshot ? [{ id: 0, bytes: this.snapshot }, ...rows] : rows
	}

	/** What to apply, in order: the snapshot, then the log with runs of rows joined. */
	parts(): LogPart[] {
		const parts: LogPart[] = []
		if (this.snapshot) parts.push({ id: 0, rows: 1, bytes: this.snapshot })
		const reader = new RowReader(this.buffer)
		const run = new Run(this.buffer)
		for (let index = 0; index < this.ids.length; index++) {
			const shape = reader.read(this.starts[index]!, this.ends[index]!)
			if (shape && run.add(index, shape)) continue
			if (run.rows > 0) parts.push(this.partOf(run))
			if (shape) run.add(index, shape)
			else parts.push({ id: this.ids[index]!, rows: 1, bytes: this.row(index) })
		}
		if (run.rows > 0) parts.push(this.partOf(run))
		return parts
	}

	private row(index: number) {
		return this.buffer.subarray(this.starts[index]!, this.ends[index]!)
	}

	private partOf(run: Run): LogPart {
		const part =
			run.rows === 1
				? { id: this.ids[run.first]!, rows: 1, bytes: this.row(run.first) }
				: { id: this.ids[run.first]!, rows: run.rows, bytes: run.encode() }
		run.clear()
		return part
	}
}

const asBuffer = (bytes: Uint8Array) =>
	Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

const BIT6 = 0x20
const BIT7 = 0x40
const BIT8 = 0x80
const CONTENT = 0x1f
const YXML_ELEMENT = 3
const YXML_HOOK = 5
const LAST_TYPE = 6

/** Thrown inside RowReader for a row that cannot be joined (never escapes it). */
const NOT_JOINABLE = new Error('not joinable')

/**
 * A joinable row: `client` ≥ 0 with its structs `[structsStart, end)` covering clocks
 * `[clock, clockEnd)`, or `client` -1 with `entries` deletion entries at `[deletesStart, end)`.
 */
type RowShape = {
	client: number
	clock: number
	clockEnd: number
	structs: number
	entries: number
	start: number
	end: number
}

/** Reads rows in place (V1 update encoding, as in Yjs's UpdateDecoderV1) without copying. */
class RowReader {
	private at = 0
	private end = 0
	private readonly decoder: decoding.Decoder

	constructor(private readonly bytes: Buffer) {
		this.decoder = decoding.createDecoder(bytes)
	}

	/** The shape of the row at `[start, end)` when it can be joined, else null. */
	read(start: number, end: number): RowShape | null {
		this.at = start
		this.end = end
		try {
			const blocks = this.uint()
			if (blocks === 0) {
				const entries = this.uint()
				const entriesStart = this.at
				for (let entry = 0; entry < entries; entry++) {
					this.uint()
					const ranges = this.uint()
					for (let range = 0; range < ranges; range++) {
						this.uint()
						this.uint()
					}
				}
				if (this.at !== end || entries === 0) return null
				return { client: -1, clock: 0, clockEnd: 0, structs: 0, entries, start: entriesStart, end }
			}
			// One client's structs followed by an empty delete set (a single 0 byte).
			if (blocks !== 1 || this.bytes[end - 1] !== 0) return null
			const structs = this.uint()
			const client = this.uint()
			const clock = this.uint()
			const structsStart = this.at
			let clockEnd = clock
			for (let index = 0; index < structs; index++) clockEnd += this.struct()
			if (this.at !== end - 1) return null
			return { client, clock, clockEnd, structs, entries: 0, start: structsStart, end: end - 1 }
		} catch {
			return null
		}
	}

	private uint() {
		let value = 0
		let scale = 1
		for (;;) {
			if (this.at >= this.end) throw NOT_JOINABLE
			const byte = this.bytes[this.at++]!
			value += (byte & 0x7f) * scale
			if (byte < 0x80) return value
			scale *= 128
			if (value > Number.MAX_SAFE_INTEGER) throw NOT_JOINABLE
		}
	}

	/** Skips a byte string and answers where it starts. */
	private skipBytes() {
		const length = this.uint()
		const start = this.at
		if (start + length > this.end) throw NOT_JOINABLE
		this.at += length
		return start
	}

	/**
	 * Skips a string and answers its length as Yjs counts it (UTF-16 code units of the decoded
	 * string) without decoding it: every byte but a continuation byte starts a character, and
	 * four-byte characters count twice. Bytes that are not valid UTF-8 make the row unjoinable:
	 * Yjs's decoder refuses them (lib0 decodes strings with `fatal: true`), and a joined run
	 * must not fail as a whole because of one bad row. Every string is checked, names and keys
	 * included, not only text.
	 */
	private string() {
		const start = this.skipBytes()
		let length = 0
		let ascii = true
		for (let index = start; index < this.at; index++) {
			const byte = this.bytes[index]!
			if (byte < 0x80) length++
			else {
				ascii = false
				if (byte >= 0xc0) length += byte >= 0xf0 ? 2 : 1
			}
		}
		if (!ascii && !isUtf8(this.bytes.subarray(start, this.at))) throw NOT_JOINABLE
		return length
	}

	/** Skips a JSON string, checking it is UTF-8 and parses, as Yjs will read it. */
	private json() {
		const value = this.text()
		if (value !== 'undefined') JSON.parse(value)
	}

	/** Reads a string that must be decoded (JSON), refusing bytes that are not UTF-8. */
	private text() {
		const start = this.skipBytes()
		const bytes = this.bytes.subarray(start, this.at)
		if (!isUtf8(bytes)) throw NOT_JOINABLE
		return bytes.toString('utf8')
	}

	/** Skips a lib0 "any" value (lib0 reads it; it is rare: element attributes). */
	private any() {
		this.decoder.pos = this.at
		decoding.readAny(this.decoder)
		if (this.decoder.pos > this.end) throw NOT_JOINABLE
		this.at = this.decoder.pos
	}

	/** Skips one struct and answers its length in clock units (see Yjs readClientsStructRefs). */
	private struct() {
		const info = this.bytes[this.at++]!
		if (this.at > this.end) throw NOT_JOINABLE
		const content = info & CONTENT
		if (content === 0) return this.uint() // GC
		if (content > 9) throw NOT_JOINABLE // a skip (merged updates only) or unknown
		if (info & BIT8) {
			this.uint()
			this.uint()
		}
		if (info & BIT7) {
			this.uint()
			this.uint()
		}
		if ((info & (BIT7 | BIT8)) === 0) {
			if (this.uint() === 1) this.string()
			else {
				this.uint()
				this.uint()
			}
			if (info & BIT6) this.string()
		}
		switch (content) {
			case 1: // deleted
				return this.uint()
			case 2: {
				// JSON values
				const length = this.uint()
				for (let index = 0; index < length; index++) this.json()
				return length
			}
			case 3: // binary
				this.skipBytes()
				return 1
			case 4:
				return this.string()
			case 5: // embed
				this.json()
				return 1
			case 6: // format: key, value
				this.string()
				this.json()
				return 1
			case 7: {
				// a shared type
				const type = this.uint()
				if (type > LAST_TYPE) throw NOT_JOINABLE
				if (type === YXML_ELEMENT || type === YXML_HOOK) this.string()
				return 1
			}
			case 8: {
				// "any" values
				const length = this.uint()
				for (let index = 0; index < length; index++) this.any()
				return length
			}
			default: // 9: a subdocument (guid, options)
				this.string()
				this.any()
				return 1
		}
	}
}

/** A run of joinable rows being collected: per client one block of structs, and deletions. */
class Run {
	first = 0
	rows = 0
	private blocks = new Map<number, { clock: number; clockEnd: number; structs: number }>()
	/** Byte ranges of the rows' structs by client, and of deletion entries, in row order. */
	private structRanges = new Map<number, number[]>()
	private deleteRanges: number[] = []
	private entries = 0

	constructor(private readonly bytes: Buffer) {}

	/** Adds the row, or answers false when it does not continue this run. */
	add(index: number, shape: RowShape) {
		if (shape.client >= 0) {
			const block = this.blocks.get(shape.client)
			if (block) {
				if (block.clockEnd !== shape.clock) return false
				block.clockEnd = shape.clockEnd
				block.structs += shape.structs
				this.structRanges.get(shape.client)!.push(shape.start, shape.end)
			} else {
				this.blocks.set(shape.client, {
					clock: shape.clock,
					clockEnd: shape.clockEnd,
					structs: shape.structs,
				})
				this.structRanges.set(shape.client, [shape.start, shape.end])
			}
		} else {
			this.deleteRanges.push(shape.start, shape.end)
			this.entries += shape.entries
		}
		if (this.rows === 0) this.first = index
		this.rows++
		return true
	}

	clear() {
		this.rows = 0
		this.blocks = new Map()
		this.structRanges = new Map()
		this.deleteRanges = []
		this.entries = 0
	}

	/** The run as one V1 update: the blocks, then one delete set with every entry. */
	encode() {
		let size = 2 * 10 + rangesSize(this.deleteRanges)
		for (const ranges of this.structRanges.values()) size += 3 * 10 + rangesSize(ranges)
		const out = Buffer.allocUnsafe(size)
		let at = writeUint(out, 0, this.blocks.size)
		for (const [client, block] of this.blocks) {
			at = writeUint(out, at, block.structs)
			at = writeUint(out, at, client)
			at = writeUint(out, at, block.clock)
			at = this.copy(out, at, this.structRanges.get(client)!)
		}
		at = writeUint(out, at, this.entries)
		at = this.copy(out, at, this.deleteRanges)
		return out.subarray(0, at)
	}

	/** Copies byte ranges (tens of bytes each: a plain loop beats Buffer#copy's call overhead). */
	private copy(out: Buffer, at: number, ranges: number[]) {
		const bytes = this.bytes
		for (let index = 0; index < ranges.length; index += 2)
			for (let from = ranges[index]!, to = ranges[index + 1]!; from < to; from++)
				out[at++] = bytes[from]!
		return at
	}
}

function rangesSize(ranges: number[]) {
	let size = 0
	for (let index = 0; index < ranges.length; index += 2) size += ranges[index + 1]! - ranges[index]!
	return size
}

/** Writes a lib0 varUint (at most 10 bytes for a safe integer); answers the next position. */
function writeUint(out: Buffer, at: number, value: number) {
	while (value > 0x7f) {
		out[at++] = 0x80 | (value % 128)
		value = Math.floor(value / 128)
	}
	out[at++] = value
	return at
}
