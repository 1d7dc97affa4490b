import mammoth from 'mammoth'
import { PDFParse } from 'pdf-parse'

/** The body of a download as bytes. */
export async function bytes(response: Response) {
	return Buffer.from(await response.arrayBuffer())
}

/** A PDF read back: its text (whole and by page), the page count and the document info. */
export async function pdfText(data: Buffer) {
	const parser = new PDFParse({ data })
	try {
		return { ...(await parser.getText()), info: (await parser.getInfo()).info }
	} finally {
		await parser.destroy()
	}
}

/** The plain text of a .docx file, a paragraph a line. */
export async function docxText(buffer: Buffer) {
	return (await mammoth.extractRawText({ buffer })).value
}
