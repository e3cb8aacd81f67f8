// The web page in a real browser: Debian's Chromium, driven by
// playwright-core. Starts wsaerrd on a free port, then checks the search as
// you type, the code view, deep links, the page without JavaScript, the
// keyboard path, the messages when nothing matches or the service is gone,
// axe-core on every view, and saves screenshots (light, dark, phone).
//
//   node run.mjs path/to/wsaerrd OUTDIR
//
// Exits 0 when every check passed. No check is skipped: a missing browser
// is a failure.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { args, arrows, check, namesOf, sampleLines, start, tally, VIEW_10061, watch } from './common.mjs';

const require = createRequire(import.meta.url);
const { daemon, shots } = args('run.mjs');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// no network on these machines: keep Chromium from reaching for one
const ARGS = ['--disable-background-networking', '--disable-component-update',
	'--disable-sync', '--no-first-run', '--disable-default-apps'];
if (process.getuid && process.getuid() === 0) ARGS.push('--no-sandbox');

const { d, base } = await start(daemon);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });

// A page that records what it loads and what it complains about.
async function open(context) {
	return watch(await context.newPage(), base);
}

async function axe(context, path, what, prepare) {
	const page = await open(context);
	await page.goto(base + path);
	if (prepare) await prepare(page);
	await page.evaluate(AXE);
	const r = await page.evaluate(() => window.axe.run(document, {
		runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
	}));
	check(r.violations.length === 0, `axe: ${what}`,
		r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`).join('; '));
	await page.close();
}

const topName = (page) => page.locator('#out .results a .name').first().textContent();

try {
	const ctx = await browser.newContext({ viewport: { width: 900, height: 760 } });
	await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });

	// --- the start: focus, headers, nothing from elsewhere ----------------
	let page = await open(ctx);
	const resp = await page.goto(base + '/');
	const headers = resp.headers();
	check(resp.status() === 200, 'GET / is 200', resp.status());
	check(headers['content-type'] === 'text/html; charset=utf-8', 'the page is HTML', headers['content-type']);
	check(/script-src 'self'/.test(headers['content-security-policy'] || '') &&
		!/unsafe-inline/.test(headers['content-security-policy']), 'a strict CSP', headers['content-security-policy']);
	check(headers['referrer-policy'] === 'no-referrer', 'Referrer-Policy', headers['referrer-policy']);
	check(!!headers.etag, 'the page has an ETag');
	check(await page.evaluate(() => document.activeElement && document.activeElement.id) === 'q',
		'the search box has focus on load');
	await page.screenshot({ path: `${shots}/home-light.png` });

	// --- pasted log lines, typed: the top result is the line's code -------
	const nameOf = await namesOf(base);
	for (const [expected, source, line] of sampleLines()) {
		await page.fill('#q', '');
		await page.locator('#q').pressSequentially(line, { delay: 2 });
		const want = expected.split('|').map((c) => nameOf.get(c));
		try {
			await page.waitForFunction((names) => {
				const a = document.querySelector('#out .results a .name');
				return a && names.includes(a.textContent);
			}, want, { timeout: 5000 });
			check(true);
		} catch {
			check(false, `top result for a ${source} line`, `${line} -> ${await topName(page).catch(() => 'none')}, want ${want}`);
		}
	}
	const pasted = 'dial tcp 10.1.2.3:5432: connectex: No connection could be made because the target machine actively refused it.';
	await page.fill('#q', pasted);
	await page.waitForFunction(() => {
		const a = document.querySelector('#out .results a .name');
		return a && a.textContent === 'WSAECONNREFUSED';
	});
	check(new URL(page.url()).searchParams.get('q') === pasted, 'the address holds the search', page.url());
	check((await page.locator('#out .results a .num').first().textContent()).includes('0x274D'),
		'a result shows code and hex');
	check((await page.locator('#out .results a .msg').first().textContent()) === 'Connection refused.',
		'a result shows the message');
	await page.screenshot({ path: `${shots}/results-light.png` });

	// --- what Windows prints in other languages: found, and shown --------
	for (const [line, lang, name] of [
		['Es konnte keine Verbindung hergestellt werden, da der Zielcomputer die Verbindung verweigerte', 'de', 'WSAECONNREFUSED'],
		['由于目标计算机积极拒绝，无法连接。', 'zh-CN', 'WSAECONNREFUSED'],
		['Удаленный хост принудительно разорвал существующее подключение', 'ru', 'WSAECONNRESET'],
	]) {
		await page.fill('#q', line);
		try {
			// the answer to this line, not the one before it
			const shown = page.locator(`#out .results li:first-child .via span[lang="${lang}"]`);
			await shown.waitFor({ timeout: 5000 });
			check(await topName(page) === name, `a ${lang} line finds ${name}`, await topName(page));
			check((await shown.textContent()).length > 10,
				`a ${lang} line shows the ${lang} text beside English`);
		} catch {
			check(false, `a ${lang} line finds ${name} and shows its text`,
				await topName(page).catch(() => 'none'));
		}
	}
	await page.fill('#q', pasted);
	await page.waitForFunction(() => {
		const a = document.querySelector('#out .results a .name');
		return a && a.textContent === 'WSAECONNREFUSED';
	});

	// --- Enter opens the top result: every field, hints, copy, related -----
	await Promise.all([page.waitForURL(`${base}/codes/10061`), page.press('#q', 'Enter')]);
	check((await page.locator('h1').textContent()).includes('WSAECONNREFUSED'), 'Enter opens the code view');
	const view = await page.locator('#out').textContent();
	for (const want of VIEW_10061) {
		check(view.includes(want), `the code view shows ${want}`);
	}
	check(await page.locator('.hints code').count() >= 2, 'commands in hints are code');
	// each hint says what it rests on, when asked
	const whys = page.locator('.hints details.why');
	check(await whys.count() === 5, 'each of the 5 hints of 10061 has its sources', String(await whys.count()));
	const source = whys.first().locator('a').first();
	check(!(await source.isVisible()), 'the sources wait until asked for');
	await whys.first().locator('summary').click();
	check(await source.isVisible(), '"Why we say this" shows the sources');
	check((await source.getAttribute('href')).startsWith('https://learn.microsoft.com/'),
		'the first source is Microsoft\'s page', await source.getAttribute('href'));
	check(await source.getAttribute('rel') === 'noopener noreferrer', 'a source link tells the other host nothing');
	check(view.includes('Advice in English'), 'the page says the advice is in English');
	await page.screenshot({ path: `${shots}/code-light.png`, fullPage: true });
	for (const [label, value] of [['Copy name', 'WSAECONNREFUSED'], ['Copy decimal', '10061'],
		['Copy hex', '0x274D'], ['Copy HRESULT', '0x8007274D']]) {
		await page.getByRole('button', { name: label }).click();
		await page.waitForFunction((v) => document.getElementById('status').textContent === `Copied ${v}`, value);
		check(await page.evaluate(() => navigator.clipboard.readText()) === value, `${label} copies ${value}`);
	}
	await Promise.all([page.waitForURL(`${base}/codes/10060`),
		page.locator('#out .results a', { hasText: 'WSAETIMEDOUT' }).click()]);
	check((await page.locator('h1').textContent()).includes('WSAETIMEDOUT'), 'a related link opens 10060');
	check(page.foreign.length === 0, 'nothing loaded from other hosts', page.foreign.join(' '));
	check(page.errors.length === 0, 'no console errors (CSP violations included)', page.errors.join(' | '));
	await page.close();

	// --- addresses a person can share --------------------------------------
	page = await open(ctx);
	await page.goto(`${base}/?q=connection+refused`);
	check(await page.inputValue('#q') === 'connection refused', '/?q= fills the box');
	check(await topName(page) === 'WSAECONNREFUSED', '/?q= opens with the results');
	const nav = await page.goto(`${base}/codes/0x274D`);
	check(nav.headers()['content-type'].startsWith('text/html'), 'a browser opening /codes/{key} gets the page');
	check((await page.locator('h1').textContent()).includes('WSAECONNREFUSED'), 'the page shows that code');
	const types = await page.evaluate(async () => {
		const a = await fetch('/codes/10061');
		const b = await fetch('/codes?q=refused');
		return [a.headers.get('content-type'), b.headers.get('content-type')];
	});
	check(types.every((t) => t.startsWith('application/json')), 'fetch() from the page still gets JSON', types);
	const curlish = await fetch(`${base}/codes/10061`, { headers: { Accept: '*/*' } });
	check(curlish.headers.get('content-type').startsWith('application/json'), 'curl\'s Accept gets JSON');
	await page.close();

	// --- the keyboard path -------------------------------------------------
	page = await open(ctx);
	await page.goto(base + '/');
	await page.keyboard.type('connection');
	await page.waitForSelector('#out .results a');
	await arrows(page);
	check(await page.inputValue('#q') === '' && await page.locator('#out .results').count() === 0,
		'Escape clears the box and the results');
	check(new URL(page.url()).search === '', 'and the address');
	await page.keyboard.type('WSAEACCES');
	await page.waitForFunction(() => {
		const a = document.querySelector('#out .results a .name');
		return a && a.textContent === 'WSAEACCES';
	});
	await page.keyboard.press('ArrowDown');
	await Promise.all([page.waitForURL(`${base}/codes/10013`), page.keyboard.press('Enter')]);
	check((await page.locator('h1').textContent()).includes('WSAEACCES'), 'Enter on a result opens it');
	check((await page.locator('#out').textContent()).includes('excludedportrange'), '10013 has its hints');
	await page.close();

	// --- a whole log: chosen, then dropped ---------------------------------
	page = await open(ctx);
	await page.goto(base + '/');
	const log = '12:00:00 INFO starting\r\n' +
		'12:00:01 ERROR connect: [WinError 10061] No connection could be made because the target machine actively refused it\r\n' +
		'sshd[10035]: check pass; user unknown\r\n' +
		'System.Net.Sockets.SocketException (10054): An existing connection was forcibly closed by the remote host\r\n' +
		'\u7531\u4e8e\u76ee\u6807\u8ba1\u7b97\u673a\u79ef\u6781\u62d2\u7edd\uff0c\u65e0\u6cd5\u8fde\u63a5\u3002\r\n';
	const posted = [];
	page.on('request', (r) => { if (r.method() === 'POST') posted.push(r.url()); });
	await page.setInputFiles('#log', { name: 'app.log', mimeType: 'text/plain', buffer: Buffer.from(log) });
	await page.waitForSelector('#out table.summary');
	const rows = await page.locator('#out table.summary tbody tr').allTextContents();
	check(rows.length === 2 && rows[0].startsWith('WSAECONNREFUSED (10061)2') && rows[0].endsWith('25'),
		'a chosen log shows its summary, most frequent first, with first and last lines', rows.join(' | '));
	check(await page.locator('#out table.summary a').first().getAttribute('href') === '/codes/10061',
		'each code of the summary links to its view');
	const lines = await page.locator('#out ol.findings li').allTextContents();
	check(lines.length === 3 && lines[0].startsWith('line 2 WSAECONNREFUSED') && lines[2].startsWith('line 5'),
		'the findings with their line numbers', lines.join(' | '));
	check((await page.locator('#status').textContent()) === '2 codes in app.log', 'the scan is announced',
		await page.locator('#status').textContent());
	check(posted.length === 1 && posted[0].startsWith(base + '/scan'), 'the file went to this service only', posted.join(' '));
	await page.screenshot({ path: `${shots}/scan-light.png`, fullPage: true });
	const dropped = await page.evaluateHandle(() => {
		const dt = new DataTransfer();
		dt.items.add(new File(['nothing to see\n'.repeat(100)], 'quiet.log', { type: 'text/plain' }));
		return dt;
	});
	await page.dispatchEvent('#scan', 'drop', { dataTransfer: dropped });
	await page.waitForSelector('#out h1:has-text("quiet.log")');
	check((await page.locator('#out').textContent()).includes('100 lines, 1500 bytes: no line names a Winsock error.'),
		'a dropped log is scanned too, and a quiet one says so', await page.locator('#out').textContent());
	check(page.errors.length === 0, 'a scan makes no console errors', page.errors.join(' | '));
	await page.route('**/scan?**', (r) => r.fulfill({ status: 413, contentType: 'application/problem+json',
		body: JSON.stringify({ type: 'urn:wsaerr:problem:content-too-large', title: 'Content too large', status: 413,
			detail: 'the body is 70000000 bytes; at most 67108864 are scanned' }) }));
	await page.setInputFiles('#log', { name: 'huge.log', mimeType: 'text/plain', buffer: Buffer.from('x') });
	await page.waitForFunction(() => /at most 67108864/.test(document.getElementById('status').textContent));
	check(await page.locator('#status.alert').count() === 1, 'a refused file is said clearly');
	await page.unroute('**/scan?**');
	check(page.foreign.length === 0, 'a scan loads nothing from other hosts', page.foreign.join(' '));
	await page.close();

	// --- nothing matches; the service is gone ------------------------------
	page = await open(ctx);
	await page.goto(base + '/');
	await page.fill('#q', 'zzqqxxkk vvbbnn');
	await page.waitForSelector('#out h1:has-text("No code matches")');
	check((await page.locator('#status').textContent()) === 'No results', 'no results is announced');
	for (const dots of ['.', '..']) {
		await page.fill('#q', dots);
		await page.waitForSelector(`#out h1:has-text("No code matches \u201c${dots}\u201d")`);
		check(!/undefined/.test(await page.locator('#out').textContent()),
			`"${dots}" is no key and never the index`, await page.locator('#out').textContent());
	}
	await page.fill('#q', '111');
	await page.waitForFunction(() => document.querySelector('#out').textContent.includes('ECONNREFUSED'));
	check(await topName(page) === 'WSAECONNREFUSED', 'a Linux errno suggests its Winsock code');
	await page.screenshot({ path: `${shots}/nothing-light.png` });
	await page.route('**/codes?**', (r) => r.abort('connectionrefused'));
	await page.fill('#q', 'connection reset');
	await page.waitForFunction(() => /cannot be reached/.test(document.getElementById('status').textContent));
	check(await page.locator('#status.alert').count() === 1, 'an unreachable service is said clearly');
	await page.unroute('**/codes?**');
	await page.close();

	// --- phone width: nothing wider than the screen ------------------------
	const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
	for (const [path, name] of [['/?q=connection+reset', 'results-phone'], ['/codes/10054', 'code-phone']]) {
		page = await open(phone);
		await page.goto(base + path);
		const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		check(wide <= 0, `${path} fits a phone`, `${wide}px too wide`);
		await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
		await page.close();
	}
	await phone.close();

	// --- dark, from the system setting -------------------------------------
	const dark = await browser.newContext({ viewport: { width: 900, height: 760 }, colorScheme: 'dark' });
	page = await open(dark);
	await page.goto(base + '/?q=An+existing+connection+was+forcibly+closed+by+the+remote+host');
	const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
	check(bg !== 'rgb(255, 255, 255)', 'dark theme follows the system', bg);
	await page.screenshot({ path: `${shots}/results-dark.png` });
	await page.goto(base + '/codes/10054');
	await page.screenshot({ path: `${shots}/code-dark.png`, fullPage: true });
	await page.goto(base + '/');
	await page.screenshot({ path: `${shots}/home-dark.png` });
	await page.close();

	// --- the README's two, small: refresh with
	// cp build/e2e/screens/readme-*.png docs/screens/
	const small = await browser.newContext({ viewport: { width: 720, height: 440 } });
	page = await open(small);
	await page.goto(base + '/');
	await page.locator('#q').pressSequentially('System.Net.Sockets.SocketException (10060): A connection attempt failed', { delay: 1 });
	await page.waitForFunction(() => {
		const a = document.querySelector('#out .results a .name');
		return a && a.textContent === 'WSAETIMEDOUT';
	});
	await page.screenshot({ path: `${shots}/readme-search.png` });
	await page.close();
	await small.close();
	const smallDark = await browser.newContext({ viewport: { width: 720, height: 900 }, colorScheme: 'dark' });
	page = await open(smallDark);
	await page.goto(base + '/codes/10048');
	await page.screenshot({ path: `${shots}/readme-code-dark.png` });
	await page.close();
	await smallDark.close();

	// --- without JavaScript: the form, the results and the view -------------
	const nojs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 900, height: 760 } });
	page = await open(nojs);
	await page.goto(base + '/');
	await page.fill('#q', 'An existing connection was forcibly closed by the remote host');
	await Promise.all([page.waitForURL(/\/\?q=/), page.press('#q', 'Enter')]);
	check(await topName(page) === 'WSAECONNRESET', 'without JavaScript the form submits and the server renders results');
	await Promise.all([page.waitForURL(`${base}/codes/10054`), page.locator('#out .results a').first().click()]);
	check((await page.locator('#out').textContent()).includes('What to check'), 'without JavaScript the code view is whole');
	check(!(await page.locator('.copy').isVisible()), 'copy buttons hide without JavaScript');
	check(!(await page.locator('#scan').isVisible()), 'the log drop hides without JavaScript');
	await page.screenshot({ path: `${shots}/code-nojs.png` });
	await page.goto(`${base}/?q=111`);
	check((await page.locator('#out').textContent()).includes('Linux errno 111 is ECONNREFUSED'),
		'without JavaScript a Linux errno is explained');
	await page.goto(`${base}/codes/WSAEFOO`);
	check((await page.locator('h1').textContent()).includes('No code matches'), 'an unknown key is a page for a browser');
	await page.close();
	await nojs.close();

	// --- axe-core on every view, light and dark -----------------------------
	const axeCtx = await browser.newContext({ bypassCSP: true, viewport: { width: 900, height: 760 } });
	const axeDark = await browser.newContext({ bypassCSP: true, colorScheme: 'dark', viewport: { width: 900, height: 760 } });
	for (const [c, theme] of [[axeCtx, 'light'], [axeDark, 'dark']]) {
		await axe(c, '/', `start (${theme})`);
		await axe(c, '/?q=connection+refused', `results (${theme})`);
		await axe(c, '/codes/10061', `code view (${theme})`);
		await axe(c, '/codes/10102', `code view with related codes (${theme})`);
		await axe(c, '/codes/WSAEFOO', `no match (${theme})`);
		await axe(c, '/', `a scanned log (${theme})`, async (p) => {
			await p.setInputFiles('#log', { name: 'app.log', mimeType: 'text/plain',
				buffer: Buffer.from('connect: [WinError 10061]\nrecv: WSAECONNRESET\n') });
			await p.waitForSelector('#out table.summary');
		});
		await axe(c, '/', `results typed (${theme})`, async (p) => {
			await p.fill('#q', 'timed out');
			await p.waitForSelector('#out .results a');
		});
	}
	await axeCtx.close();
	await axeDark.close();
	await ctx.close();
} catch (e) {
	check(false, 'the run', e.stack || String(e));
} finally {
	await browser.close();
	d.kill('SIGTERM');
}

console.log(`e2e: ${tally.passed} passed, ${tally.failed} failed; screenshots in ${shots}`);
process.exit(tally.failed ? 1 : 0);
