// The web page in a second engine: Debian's Firefox ESR (Gecko), driven
// over WebDriver BiDi by puppeteer-core. The paths a person takes, as
// run.mjs takes them in Chromium: the search as you type with pasted log
// lines, Enter, the code view and its copy buttons, related codes, deep
// links, a dashboard on another origin (CORS: a preflight, the ETag, a
// revalidation), the keyboard, no match, the service gone, a phone's
// width, the dark theme and the page without JavaScript (each a Firefox of
// its own, set by preference), and no console error nor request to
// another host. axe-core runs in Chromium only (run.mjs).
// Screenshots go to OUTDIR/screens/firefox-*.png.
//
//   node firefox.mjs path/to/wsaerrd OUTDIR
//
// Exits 0 when every check passed; a missing Firefox is a failure.
import { createServer } from 'node:http';
import puppeteer from 'puppeteer-core';
import { args, arrows, check, namesOf, sampleLines, start, tally, VIEW_10061, watch } from './common.mjs';

const { daemon, shots } = args('firefox.mjs');
const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
// no network on these machines: keep Firefox from reaching for one
const QUIET = {
	'app.update.enabled': false,
	'browser.safebrowsing.downloads.remote.enabled': false,
	'datareporting.policy.dataSubmissionEnabled': false,
	'extensions.update.enabled': false,
	'network.captive-portal-service.enabled': false,
	'network.connectivity-service.enabled': false,
};

function launch(prefs = {}) {
	return puppeteer.launch({
		browser: 'firefox',
		executablePath: FIREFOX,
		headless: true,
		extraPrefsFirefox: { ...QUIET, ...prefs },
	});
}

// A page that records what it loads and what it complains about.
async function open(browser, width = 900, height = 760) {
	const page = await browser.newPage();
	await page.setViewport({ width, height });
	return watch(page, base);
}

const topName = (page) => page.$eval('#out .results a .name', (a) => a.textContent).catch(() => 'none');
const text = (page, sel) => page.$eval(sel, (e) => e.textContent);
const atPath = (page, path) => page.waitForFunction((p) => location.pathname === p, { timeout: 5000 }, path);
const topIs = (page, names) => page.waitForFunction((n) => {
	const a = document.querySelector('#out .results a .name');
	return a && n.includes(a.textContent);
}, { timeout: 5000 }, names);

// Empties the search box as a person would: select all, delete.
async function clear(page) {
	await page.click('#q', { count: 3 });
	await page.keyboard.press('Backspace');
}

let stage = 'start';
const { d, base } = await start(daemon);
const browsers = [];
try {
	const browser = await launch();
	browsers.push(browser);
	const version = await browser.version();
	check(/firefox/i.test(version), 'the browser is Firefox', version);

	// --- the start: status, focus ------------------------------------
	stage = 'the start: status, focus';
	let page = await open(browser);
	const resp = await page.goto(base + '/');
	check(resp.status() === 200, 'GET / is 200', resp.status());
	check(await page.evaluate(() => document.activeElement && document.activeElement.id) === 'q',
		'the search box has focus on load');
	await page.screenshot({ path: `${shots}/firefox-home.png` });

	// --- pasted log lines, typed: the top result is the line's code ---
	stage = 'pasted log lines, typed: the top result is the line\'s code';
	const nameOf = await namesOf(base);
	for (const [expected, source, line] of sampleLines()) {
		await clear(page);
		await page.type('#q', line, { delay: 2 });
		const want = expected.split('|').map((c) => nameOf.get(c));
		try {
			await topIs(page, want);
			check(true);
		} catch {
			check(false, `top result for a ${source} line`, `${line} -> ${await topName(page)}, want ${want}`);
		}
	}
	const pasted = 'dial tcp 10.1.2.3:5432: connectex: No connection could be made because the target machine actively refused it.';
	await clear(page);
	await page.type('#q', pasted);
	await topIs(page, ['WSAECONNREFUSED']);
	check(new URL(page.url()).searchParams.get('q') === pasted, 'the address holds the search', page.url());
	check((await text(page, '#out .results a .num')).includes('0x274D'), 'a result shows code and hex');
	check(await text(page, '#out .results a .msg') === 'Connection refused.', 'a result shows the message');
	await page.screenshot({ path: `${shots}/firefox-results.png` });

	// --- Enter opens the top result; copy; a related code ------------
	stage = 'Enter opens the top result; copy; a related code';
	await page.focus('#q');
	await page.keyboard.press('Enter');
	await atPath(page, '/codes/10061');
	await page.waitForFunction(() => /WSAECONNREFUSED/.test(document.querySelector('h1').textContent));
	const view = await text(page, '#out');
	for (const want of VIEW_10061)
		check(view.includes(want), `the code view shows ${want}`);
	await page.screenshot({ path: `${shots}/firefox-code.png`, fullPage: true });
	for (const value of ['WSAECONNREFUSED', '10061', '0x274D', '0x8007274D']) {
		await page.click(`button[data-copy="${value}"]`);
		try {
			await page.waitForFunction((v) => document.getElementById('status').textContent === `Copied ${v}`,
				{ timeout: 5000 }, value);
			check(true);
		} catch {
			check(false, `a copy button says it copied ${value}`, await text(page, '#status'));
		}
	}
	const related = await page.$$('#out .results a');
	let clicked = false;
	for (const a of related) {
		if ((await a.evaluate((e) => e.textContent)).includes('WSAETIMEDOUT')) {
			await a.click();
			clicked = true;
			break;
		}
	}
	check(clicked, '10061 lists WSAETIMEDOUT among its related codes');
	await atPath(page, '/codes/10060');
	await page.waitForFunction(() => /WSAETIMEDOUT/.test(document.querySelector('h1').textContent));
	check(true);
	check(page.foreign.length === 0, 'nothing loaded from other hosts', page.foreign.join(' '));
	check(page.errors.length === 0, 'no console errors (CSP violations included)', page.errors.join(' | '));
	await page.close();

	// --- addresses a person can share --------------------------------
	stage = 'addresses a person can share';
	page = await open(browser);
	await page.goto(`${base}/?q=connection+refused`);
	check(await page.$eval('#q', (e) => e.value) === 'connection refused', '/?q= fills the box');
	await topIs(page, ['WSAECONNREFUSED']).then(() => check(true),
		async () => check(false, '/?q= opens with the results', await topName(page)));
	const nav = await page.goto(`${base}/codes/0x274D`);
	check(nav.headers()['content-type'].startsWith('text/html'), 'a browser opening /codes/{key} gets the page',
		nav.headers()['content-type']);
	check((await text(page, 'h1')).includes('WSAECONNREFUSED'), 'the page shows that code');
	const types = await page.evaluate(async () => {
		const a = await fetch('/codes/10061');
		const b = await fetch('/codes?q=refused');
		return [a.headers.get('content-type'), b.headers.get('content-type')];
	});
	check(types.every((t) => t.startsWith('application/json')), 'fetch() from the page still gets JSON', types);
	await page.close();

	// --- a dashboard on another origin ----------------------------------
	stage = 'a dashboard on another origin';
	// an empty page served from another port, which calls the API across
	// origins: a custom header (a preflight), the ETag read, a revalidation
	const other = createServer((req, res) => {
		res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
		res.end('<!doctype html><title>dashboard</title>');
	});
	await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
	page = await open(browser);
	await page.goto(`http://127.0.0.1:${other.address().port}/`);
	const cors = await page.evaluate(async (api) => {
		const a = await fetch(`${api}/codes/10061`, { headers: { 'X-Request-Id': 'dash-1' } });
		const etag = a.headers.get('ETag');
		const body = await a.json();
		const b = await fetch(`${api}/codes/10061`, { headers: { 'If-None-Match': etag } });
		const c = await fetch(`${api}/codes?q=connection+refused&limit=3`);
		return { status: a.status, name: body.name, etag, again: b.status, search: (await c.json()).items[0].name };
	}, base).catch((e) => ({ error: String(e) }));
	check(cors.status === 200 && cors.name === 'WSAECONNREFUSED', 'another origin reads a code, with a custom header',
		JSON.stringify(cors));
	check(/^"[0-9a-f]+"$/.test(cors.etag || ''), 'another origin reads the ETag', JSON.stringify(cors));
	check(cors.again === 304, 'another origin revalidates with If-None-Match', JSON.stringify(cors));
	check(cors.search === 'WSAECONNREFUSED', 'another origin searches', JSON.stringify(cors));
	check(page.errors.length === 0, 'no console errors on the other origin', page.errors.join(' | '));
	await page.close();
	other.close();

	// --- the keyboard path -------------------------------------------
	stage = 'the keyboard path';
	page = await open(browser);
	await page.goto(base + '/');
	await page.keyboard.type('connection');
	await page.waitForSelector('#out .results a');
	await arrows(page);
	check(await page.$eval('#q', (e) => e.value) === '' && (await page.$$('#out .results')).length === 0,
		'Escape clears the box and the results');
	await page.keyboard.type('WSAEACCES');
	await topIs(page, ['WSAEACCES']);
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('Enter');
	await atPath(page, '/codes/10013');
	await page.waitForFunction(() => /WSAEACCES/.test(document.querySelector('h1').textContent));
	check((await text(page, '#out')).includes('excludedportrange'), 'Enter on a result opens it, with its hints');
	await page.close();

	// --- a whole log, dropped: its summary and findings ---------------
	stage = 'a dropped log';
	page = await open(browser);
	await page.goto(base + '/');
	await page.evaluate(() => {
		const dt = new DataTransfer();
		dt.items.add(new File(['12:00:01 ERROR connect: [WinError 10061] No connection could be made ' +
			'because the target machine actively refused it\r\nall is well\r\n' +
			'recv failed: WSAECONNRESET\r\n'], 'app.log', { type: 'text/plain' }));
		document.getElementById('scan').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
	});
	await page.waitForSelector('#out table.summary');
	const rows = await page.$$eval('#out table.summary tbody tr', (trs) => trs.map((t) => t.textContent));
	// once each: by value
	check(rows.length === 2 && rows[0] === 'WSAECONNRESET (10054)133' && rows[1] === 'WSAECONNREFUSED (10061)111',
		'a dropped log shows its summary: count, first and last line', rows.join(' | '));
	const found = await page.$$eval('#out ol.findings li', (lis) => lis.map((l) => l.textContent));
	check(found.length === 2 && found[1].startsWith('line 3 WSAECONNRESET'), 'and its lines with their numbers', found.join(' | '));
	await page.close();

	// --- nothing matches; the service is gone ------------------------
	stage = 'nothing matches; the service is gone';
	page = await open(browser);
	await page.goto(base + '/');
	await page.type('#q', 'zzqqxxkk vvbbnn');
	await page.waitForFunction(() => /No code matches/.test(document.querySelector('#out h1')?.textContent || ''),
		{ timeout: 5000 });
	check(await text(page, '#status') === 'No results', 'no results is announced');
	await clear(page);
	await page.type('#q', '111');
	await topIs(page, ['WSAECONNREFUSED']).then(() => check(true),
		async () => check(false, 'a Linux errno suggests its Winsock code', await topName(page)));
	d.kill('SIGKILL'); // the service is gone: the page's next fetch fails
	await clear(page);
	await page.type('#q', 'connection reset');
	try {
		await page.waitForFunction(() => /cannot be reached/.test(document.getElementById('status').textContent),
			{ timeout: 10000 });
		check((await page.$$('#status.alert')).length === 1, 'an unreachable service is an alert');
	} catch {
		check(false, 'an unreachable service is said clearly', await text(page, '#status'));
	}
	check(page.errors.every((e) => !/TypeError|ReferenceError/.test(e)), 'no script error when the service is gone',
		page.errors.join(' | '));
	await page.close();
} catch (e) {
	check(false, `the run, at ${stage}`, e.stack || String(e));
} finally {
	for (const b of browsers) await b.close().catch(() => {});
	d.kill('SIGTERM'); // killed already, unless the run stopped early
}

// The daemon was killed above, on purpose: the views that remain need one.
const second = await start(daemon);
const base2 = second.base;
try {
	// --- phone width: nothing wider than the screen ------------------
	stage = 'phone width: nothing wider than the screen';
	const browser = await launch();
	browsers.push(browser);
	for (const [path, name] of [['/?q=connection+reset', 'results-phone'], ['/codes/10054', 'code-phone']]) {
		const page = await browser.newPage();
		await page.setViewport({ width: 375, height: 740, isMobile: true, hasTouch: true });
		await page.goto(base2 + path);
		await page.waitForSelector('#out h1, #out .results a');
		const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		check(wide <= 0, `${path} fits a phone`, `${wide}px too wide`);
		await page.screenshot({ path: `${shots}/firefox-${name}.png`, fullPage: true });
		await page.close();
	}
	await browser.close();

	// --- dark, from the system setting -------------------------------
	stage = 'dark, from the system setting';
	const dark = await launch({ 'ui.systemUsesDarkTheme': 1, 'layout.css.prefers-color-scheme.content-override': 0 });
	browsers.push(dark);
	let page = await dark.newPage();
	await page.setViewport({ width: 900, height: 760 });
	await page.goto(base2 + '/codes/10054');
	const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
	check(bg !== 'rgb(255, 255, 255)', 'dark theme follows the system', bg);
	await page.screenshot({ path: `${shots}/firefox-code-dark.png`, fullPage: true });
	await dark.close();

	// --- without JavaScript: the form, the results and the view ------
	stage = 'without JavaScript: the form, the results and the view';
	// the page's scripts off by preference; the driver's still run
	const nojs = await launch({ 'javascript.enabled': false });
	browsers.push(nojs);
	page = await nojs.newPage();
	await page.setViewport({ width: 900, height: 760 });
	await page.goto(base2 + '/');
	check(await page.evaluate(() => document.documentElement.classList.contains('js')) === false,
		'the page\'s script does not run');
	await page.type('#q', 'An existing connection was forcibly closed by the remote host');
	stage = 'without JavaScript: the form submitted';
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	check(new URL(page.url()).searchParams.has('q'), 'without JavaScript the form submits', page.url());
	check(await topName(page) === 'WSAECONNRESET', 'without JavaScript the server renders results',
		await topName(page));
	stage = 'without JavaScript: a result opened';
	// puppeteer's click waits on the page's own event loop, which is off:
	// the link is focused and Enter pressed, as a keyboard user would
	await page.$eval('#out .results a', (a) => a.focus());
	await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
	check(new URL(page.url()).pathname === '/codes/10054', 'without JavaScript a result opens', page.url());
	check((await text(page, '#out')).includes('What to check'), 'without JavaScript the code view is whole');
	check(!(await page.$eval('.copy', (e) => e.checkVisibility()).catch(() => false)),
		'copy buttons hide without JavaScript');
	await page.screenshot({ path: `${shots}/firefox-code-nojs.png` });
	await page.goto(`${base2}/codes/WSAEFOO`);
	check((await text(page, 'h1')).includes('No code matches'), 'an unknown key is a page for a browser');
	await nojs.close();
} catch (e) {
	check(false, `the run, at ${stage}`, e.stack || String(e));
} finally {
	for (const b of browsers) await b.close().catch(() => {});
	second.d.kill('SIGTERM');
}

console.log(`e2e firefox: ${tally.passed} passed, ${tally.failed} failed; screenshots in ${shots}`);
process.exit(tally.failed ? 1 : 0);
