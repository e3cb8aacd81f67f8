/* wsaerr: search as you type, keyboard paths, copy buttons. The server
 * renders every view too, so the page works without this script. */
'use strict';

(function () {
	var form = document.getElementById('search');
	var box = document.getElementById('q');
	var out = document.getElementById('out');
	var status = document.getElementById('status');
	var DEBOUNCE_MS = 150;
	var LIMIT = 20;
	var timer = 0;
	var pending = null; /* the AbortController of the fetch in flight */
	var shown = null;   /* the query whose results are on the page */

	document.documentElement.classList.add('js');

	function el(tag, attrs, children) {
		var e = document.createElement(tag);
		Object.keys(attrs || {}).forEach(function (k) {
			e.setAttribute(k, attrs[k]);
		});
		(children || []).forEach(function (c) {
			e.append(c);
		});
		return e;
	}

	function say(text, alert) {
		status.textContent = text;
		status.className = alert ? 'alert' : '';
	}

	function codeHref(code) {
		var key = encodeURIComponent(code);

		/* "." and ".." are steps of a path to a URL ("/codes/.." is
		 * "/"): encoded, they stay a key, which the service refuses */
		if (key === '.' || key === '..')
			key = key.replace(/\./g, '%2E');
		return '/codes/' + key;
	}

	/* One result, as the server renders it. */
	function item(c) {
		var parts = [
			el('span', {class: 'name'}, [c.name]),
			el('span', {class: 'num'}, [c.code + ' \u00b7 ' + c.hex]),
			el('span', {class: 'msg'}, [c.message])
		];

		/* found through a Win32 or NTSTATUS neighbour */
		if (c.via)
			parts.push(el('span', {class: 'via'}, ['reported as ' +
				c.via.name + (c.via.conflict
					? ' (sources disagree)' : '')]));
		/* found through what Windows in another language prints */
		if (c.lang && c.localized && c.localized[c.lang])
			parts.push(el('span', {class: 'via'}, [
				'Windows (' + c.lang + '): ',
				el('span', {lang: c.lang},
				   [c.localized[c.lang][0].text])]));
		return el('li', {}, [el('a', {href: codeHref(c.code)}, parts)]);
	}

	function show(nodes) {
		out.replaceChildren.apply(out, nodes);
	}

	function results(q, body) {
		var n = body.items.length;
		var nodes = [el('h1', {id: 'results-title'},
		                ['Results for \u201c' + q + '\u201d'])];

		if (body.truncated)
			nodes.push(el('p', {class: 'note'}, [
				'Only the first ' + body.query.length +
				' characters were searched.']));
		nodes.push(el('p', {}, [n === body.total
			? n + (n === 1 ? ' code matches.' : ' codes match.')
			: 'The best ' + n + ' of ' + body.total +
			  ' codes that match.']));
		nodes.push(el('ol', {class: 'results',
		                     'aria-labelledby': 'results-title'},
		              body.items.map(item)));
		show(nodes);
		say(n === 1 ? '1 result' : n + ' results');
	}

	/* Nothing matches: for a single word, what the lookup of that key
	 * says (an errno hint, suggestions); else how to search. */
	function nothing(q, problem) {
		var nodes = [el('h1', {}, ['No code matches \u201c' + q + '\u201d'])];

		if (problem && problem.detail)
			nodes.push(el('p', {}, [problem.detail + '.']));
		if (problem && problem.suggestions && problem.suggestions.length) {
			nodes.push(el('h2', {}, ['Did you mean']));
			nodes.push(el('ol', {class: 'results'},
			              problem.suggestions.map(function (s) {
				return el('li', {}, [el('a', {href: codeHref(s.code)}, [
					el('span', {class: 'name'}, [s.name]),
					el('span', {class: 'num'}, [String(s.code)])
				])]);
			})));
		} else {
			nodes.push(el('p', {}, ['Try the number (10061), the name ' +
				'(WSAECONNREFUSED), the hex (0x274D), or the error ' +
				'text as the log shows it.']));
		}
		show(nodes);
		say('No results');
	}

	function fetchJson(url, signal) {
		return fetch(url, {headers: {Accept: 'application/json'},
		                   signal: signal}).then(function (r) {
			if (r.status >= 500)
				throw new Error('status ' + r.status);
			return r.json().then(function (body) {
				return {status: r.status, body: body};
			});
		});
	}

	function unreachable(e) {
		if (e && e.name === 'AbortError')
			return;
		shown = null;
		say('The service cannot be reached. Check the connection and ' +
		    'try again.', true);
	}

	function search(q) {
		var ctl = new AbortController();
		var url = '/codes?q=' + encodeURIComponent(q) + '&limit=' + LIMIT;

		if (pending)
			pending.abort();
		pending = ctl;
		fetchJson(url, ctl.signal).then(function (r) {
			if (r.status !== 200) {
				nothing(q, r.body);
				return null;
			}
			if (r.body.items.length > 0 || /\s/.test(q.trim())) {
				if (r.body.items.length > 0)
					results(q, r.body);
				else
					nothing(q, null);
				return null;
			}
			/* one word and no hit: ask the key lookup why */
			return fetchJson(codeHref(q.trim()), ctl.signal)
				.then(function (k) {
					if (k.status === 200)
						results(q, {items: [k.body], total: 1});
					else
						nothing(q, k.body);
				});
		}).then(function () {
			if (pending === ctl) {
				pending = null;
				shown = q;
			}
		}).catch(unreachable);
	}

	function address(q) {
		var url = q ? '/?q=' + encodeURIComponent(q) : '/';

		history.replaceState(null, '', url);
		document.title = (q ? q + ' \u2013 ' : '') + 'wsaerr';
	}

	function changed() {
		var q = box.value.trim();

		clearTimeout(timer);
		if (!q) {
			if (pending)
				pending.abort();
			pending = null;
			shown = null;
			show([]);
			say('');
			address('');
			return;
		}
		timer = setTimeout(function () {
			address(q);
			search(q);
		}, DEBOUNCE_MS);
	}

	function links() {
		return Array.prototype.slice.call(
			out.querySelectorAll('.results a'));
	}

	function move(from, step) {
		var all = links();
		var i = all.indexOf(from) + step;

		if (i < 0)
			box.focus();
		else if (i < all.length)
			all[i].focus();
	}

	box.addEventListener('input', changed);

	box.addEventListener('keydown', function (e) {
		var first = links()[0];

		if (e.key === 'ArrowDown' && first) {
			e.preventDefault();
			first.focus();
		} else if (e.key === 'Escape') {
			e.preventDefault();
			box.value = '';
			changed();
		} else if (e.key === 'Enter' && first && shown === box.value.trim()) {
			/* the results on the page are for this text: open the best */
			e.preventDefault();
			location.assign(first.getAttribute('href'));
		}
	});

	out.addEventListener('keydown', function (e) {
		if (!e.target.closest('.results'))
			return;
		if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
			e.preventDefault();
			move(e.target, e.key === 'ArrowDown' ? 1 : -1);
		} else if (e.key === 'Escape') {
			e.preventDefault();
			box.value = '';
			changed();
			box.focus();
		}
	});

	function copy(text) {
		if (navigator.clipboard && window.isSecureContext)
			return navigator.clipboard.writeText(text);
		/* plain http on another host: the old way */
		return new Promise(function (resolve, reject) {
			var t = el('textarea', {'aria-hidden': 'true',
			                        class: 'offscreen'});

			t.value = text;
			document.body.append(t);
			t.select();
			var ok = document.execCommand('copy');

			t.remove();
			(ok ? resolve : reject)();
		});
	}

	out.addEventListener('click', function (e) {
		var b = e.target.closest('button[data-copy]');

		if (!b)
			return;
		copy(b.getAttribute('data-copy')).then(function () {
			say('Copied ' + b.getAttribute('data-copy'));
		}, function () {
			say('Could not copy; select the text instead.', true);
		});
	});

	/* --- a whole log: dropped or chosen, POSTed to /scan -------------- */
	var scanBox = document.getElementById('scan');
	var logInput = document.getElementById('log');
	var SCAN_SHOWN = 50; /* findings listed; the summary counts them all */

	function scanned(file, body) {
		var codes = body.summary.length;
		var nodes = [el('h1', {id: 'scan-title'}, [file.name])];
		var rows;

		nodes.push(el('p', {}, [body.lines + ' lines, ' + body.bytes +
			' bytes: ' + (codes === 0 ? 'no line names a Winsock ' +
			'error.' : codes + (codes === 1 ? ' code.' : ' codes.'))]));
		if (codes) {
			rows = body.summary.map(function (s) {
				return el('tr', {}, [
					el('td', {}, [el('a', {href: codeHref(s.code)},
						[s.name + ' (' + s.code + ')'])]),
					el('td', {class: 'n'}, [String(s.count)]),
					el('td', {class: 'n'}, [String(s.first)]),
					el('td', {class: 'n'}, [String(s.last)])]);
			});
			nodes.push(el('table', {class: 'summary'}, [
				el('thead', {}, [el('tr', {}, [
					el('th', {scope: 'col'}, ['Code']),
					el('th', {scope: 'col'}, ['Lines']),
					el('th', {scope: 'col'}, ['First']),
					el('th', {scope: 'col'}, ['Last'])])]),
				el('tbody', {}, rows)]));
			nodes.push(el('h2', {}, [body.truncated
				? 'The first ' + body.findings.length + ' lines'
				: 'The lines']));
			nodes.push(el('ol', {class: 'findings'},
			              body.findings.map(function (f) {
				return el('li', {}, [
					el('span', {class: 'line'}, ['line ' + f.line + ' ']),
					el('a', {href: codeHref(f.code)}, [f.name]),
					' ', el('span', {class: 'msg'}, [f.text])]);
			})));
		}
		show(nodes);
		say(codes === 0 ? 'No Winsock error in ' + file.name
		                : codes + (codes === 1 ? ' code' : ' codes') +
		                  ' in ' + file.name);
	}

	function scan(file) {
		if (pending)
			pending.abort();
		pending = null;
		shown = null;
		say('Scanning ' + file.name + '\u2026');
		/* the file goes as it is: the service finds its encoding */
		fetch('/scan?limit=' + SCAN_SHOWN, {
			method: 'POST',
			headers: {'Content-Type': 'application/octet-stream',
			          Accept: 'application/json'},
			body: file
		}).then(function (r) {
			return r.json().then(function (body) {
				if (r.status === 200)
					scanned(file, body);
				else
					say(file.name + ': ' + (body.detail ||
					    body.title || 'status ' + r.status) + '.',
					    true);
			});
		}).catch(unreachable);
	}

	logInput.addEventListener('change', function () {
		if (logInput.files.length)
			scan(logInput.files[0]);
	});
	scanBox.addEventListener('dragover', function (e) {
		e.preventDefault();
		scanBox.classList.add('over');
	});
	scanBox.addEventListener('dragleave', function () {
		scanBox.classList.remove('over');
	});
	scanBox.addEventListener('drop', function (e) {
		e.preventDefault();
		scanBox.classList.remove('over');
		if (e.dataTransfer.files.length)
			scan(e.dataTransfer.files[0]);
	});

	/* the server rendered a search: results for what is in the box */
	if (out.querySelector('.results') && box.value)
		shown = box.value.trim();
	form.addEventListener('submit', function (e) {
		if (!box.value.trim()) {
			e.preventDefault();
			box.focus();
		}
	});
	if (!box.value)
		box.focus();
})();
