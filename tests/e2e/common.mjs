// What the browser runs share: the daemon on a free port, the tally of
// checks, and the log lines the search is typed with.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

// The command line, `node SCRIPT path/to/wsaerrd OUTDIR`: the daemon, and
// OUTDIR/screens, made, for the screenshots.
export function args(script) {
	const [daemon, outdir] = process.argv.slice(2);
	if (!daemon || !outdir) {
		console.error(`usage: node ${script} path/to/wsaerrd OUTDIR`);
		process.exit(2);
	}
	const shots = `${outdir}/screens`;
	mkdirSync(shots, { recursive: true });
	return { daemon, shots };
}

export const tally = { passed: 0, failed: 0 };

export function check(ok, what, detail) {
	if (ok) {
		tally.passed++;
	} else {
		tally.failed++;
		console.error(`FAIL: ${what}${detail === undefined ? '' : `: ${detail}`}`);
	}
}

// The daemon on a free port; resolves to it and its base URL.
export function start(daemon) {
	const d = spawn(daemon, ['--port', '0', '--bind', '127.0.0.1',
		'--log-format', 'off'], { stdio: ['ignore', 'ignore', 'pipe'] });
	return new Promise((resolve, reject) => {
		let err = '';
		const timer = setTimeout(() => reject(new Error(`no port: ${err}`)), 10000);
		d.stderr.on('data', (b) => {
			err += b;
			const m = /port (\d+),/.exec(err);
			if (m) {
				clearTimeout(timer);
				resolve({ d, base: `http://127.0.0.1:${m[1]}` });
			}
		});
		d.on('exit', (code) => reject(new Error(`wsaerrd exited ${code}: ${err}`)));
	});
}

// A spread of the search evaluation set's log lines that name a code:
// every seventh line, a dozen or so, as [expected codes, source, line].
export function sampleLines() {
	return readFileSync(new URL('../search/loglines.tsv', import.meta.url), 'utf8')
		.split('\n').filter((l) => l && !l.startsWith('#'))
		.map((l) => l.split('\t')).filter((f) => f.length === 3 && f[0] !== '-')
		.filter((_, i) => i % 7 === 3);
}

// Records on page (Playwright's or Puppeteer's: the events are the same)
// what it loads from other hosts than base, in page.foreign, and what it
// complains about (console errors, CSP violations among them, and uncaught
// exceptions), in page.errors.
export function watch(page, base) {
	page.foreign = [];
	page.errors = [];
	page.on('request', (r) => {
		if (!r.url().startsWith(base) && !r.url().startsWith('data:'))
			page.foreign.push(r.url());
	});
	page.on('console', (m) => {
		if (m.type() === 'error') page.errors.push(m.text());
	});
	page.on('pageerror', (e) => page.errors.push(String(e)));
	return page;
}

// The arrow keys over the results on page (Playwright's or Puppeteer's):
// down to the first and the second, up again to the box, then Escape.
export async function arrows(page) {
	const hrefs = await page.evaluate(() =>
		[...document.querySelectorAll('#out .results a')].map((a) => a.getAttribute('href')));
	const focused = () => page.evaluate(() => {
		const e = document.activeElement;
		return e.id === 'q' ? 'box' : e.getAttribute('href');
	});
	await page.keyboard.press('ArrowDown');
	check(await focused() === hrefs[0], 'ArrowDown moves to the first result');
	if (hrefs.length > 1) {
		await page.keyboard.press('ArrowDown');
		check(await focused() === hrefs[1], 'ArrowDown moves on');
		await page.keyboard.press('ArrowUp');
	}
	await page.keyboard.press('ArrowUp');
	check(await focused() === 'box', 'ArrowUp from the first goes back to the box');
	await page.keyboard.press('Escape');
}

// The name of each code, from the service, keyed by its decimal number.
export async function namesOf(base) {
	const table = await (await fetch(`${base}/codes?limit=1000`)).json();
	return new Map(table.items.map((c) => [String(c.code), c.name]));
}

// What the code view of 10061 must show, in any browser.
export const VIEW_10061 = ['10061', '0x274D', '0x8007274D', 'ECONNREFUSED (errno; Linux 111, BSD 61)',
	'SocketError.ConnectionRefused', 'No connection could be made because the target machine actively refused it.',
	'Likely causes', 'What to check', 'netstat -ano', 'not Microsoft'];
