import { defineMessages } from '#app/i18n/define.ts'

/**
 * When the server cannot store anything (db/storage-health.ts): the banner on every page and the
 * answer to a form sent meanwhile. Reading goes on; what was typed stays on the page.
 */
export const storageMessages = defineMessages({
	cs: {
		'storage.full':
			'Nelze uložit: na serveru došlo místo na disku. Číst můžete dál a co jste vyplnili, zůstává na stránce – uložte to prosím znovu za chvíli. Dejte prosím vědět správci Síťovky.',
		'storage.readOnly':
			'Nelze uložit: databáze na serveru je teď jen pro čtení. Číst můžete dál a co jste vyplnili, zůstává na stránce – uložte to prosím znovu za chvíli. Dejte prosím vědět správci Síťovky.',
		'storage.missing':
			'Nelze uložit: na serveru chybí soubor s databází. Číst můžete dál a co jste vyplnili, zůstává na stránce. Dejte prosím hned vědět správci Síťovky.',
		'storage.ioError':
			'Nelze uložit: disk serveru hlásí chybu. Číst můžete dál a co jste vyplnili, zůstává na stránce – uložte to prosím znovu za chvíli. Dejte prosím vědět správci Síťovky.',
		'storage.pageUnavailable':
			'Tuto stránku teď nelze zobrazit, protože server nemůže nic ukládat (nejspíš mu došlo místo na disku). Zkuste to prosím za chvíli znovu a dejte vědět správci Síťovky.',
	},
	en: {
		'storage.full':
			'Cannot save: the server is out of disk space. You can keep reading, and what you filled in stays on the page – please save it again in a while. Please let the Síťovka administrator know.',
		'storage.readOnly':
			'Cannot save: the database on the server is read-only at the moment. You can keep reading, and what you filled in stays on the page – please save it again in a while. Please let the Síťovka administrator know.',
		'storage.missing':
			'Cannot save: the database file is missing on the server. You can keep reading, and what you filled in stays on the page. Please let the Síťovka administrator know right away.',
		'storage.ioError':
			'Cannot save: the server’s disk reports an error. You can keep reading, and what you filled in stays on the page – please save it again in a while. Please let the Síťovka administrator know.',
		'storage.pageUnavailable':
			'This page cannot be shown right now because the server cannot store anything (probably out of disk space). Please try again in a while and let the Síťovka administrator know.',
	},
})
