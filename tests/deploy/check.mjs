// The deployment files, offline: the Dockerfile through dockerfile-utils'
// linter, the compose file through dclint, every Kubernetes manifest of
// docker/k8s/kustomization.yaml against the Kubernetes schemas
// (kubernetes-models), then the properties the deployment relies on, so
// that a later edit cannot drop a probe, the drain's timing or the
// security context. Prints "N passed, M failed".
//   node tests/deploy/check.mjs WSAERRD
// WSAERRD is the built daemon: the variables it reads come from --help.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import dockerfileUtils from 'dockerfile-utils';

const here = dirname(fileURLToPath(import.meta.url));
const top = join(here, '..', '..');
const wsaerrd = process.argv[2];
let passed = 0;
let failed = 0;

function check(name, ok, detail = '') {
	if (ok) {
		passed++;
	} else {
		failed++;
		console.error(`FAIL: ${name}${detail ? `\n    ${detail}` : ''}`);
	}
}

const read = (path) => readFileSync(join(top, path), 'utf8');
// seconds of a duration such as "15s", "1m30s" or a number of seconds
function seconds(d) {
	if (typeof d === 'number') return d;
	let s = 0;
	for (const [, n, unit] of String(d).matchAll(/(\d+)(h|m|s)/g))
		s += Number(n) * { h: 3600, m: 60, s: 1 }[unit];
	return s;
}

// the variables wsaerrd reads, from its --help
const help = execFileSync(wsaerrd, ['--help'], { encoding: 'utf8' });
const known = new Set(help.match(/WSAERR_[A-Z_]+/g));
check('wsaerrd --help names its variables', known.has('WSAERR_DRAIN_SECONDS'));

// --- the Dockerfile ------------------------------------------------------
const dockerfile = read('Dockerfile');
const problems = dockerfileUtils.validate(dockerfile);
check('dockerfile-utils lint: no problem in the Dockerfile', problems.length === 0,
	problems.map((p) => `line ${p.range.start.line + 1}: ${p.message}`).join('\n    '));
const stages = dockerfile.match(/^FROM .*/gm) ?? [];
// the images come from build arguments, pinnable by digest
const arg = (name) => (dockerfile.match(new RegExp(`^ARG ${name}=(.*)$`, 'm')) ?? [])[1];
check('Dockerfile: a bookworm build stage, a bookworm-slim runtime',
	stages.length === 2 && stages[0] === 'FROM ${BUILD_IMAGE} AS build' &&
	stages[1] === 'FROM ${RUN_IMAGE}' &&
	/debian:bookworm$/.test(arg('BUILD_IMAGE') ?? '') &&
	/debian:bookworm-slim$/.test(arg('RUN_IMAGE') ?? ''), stages.join(' / '));
check('Dockerfile: the build stage installs with scripts/install-deps build',
	/RUN \.\/scripts\/install-deps build\b/.test(dockerfile));
check('Dockerfile: a numeric USER that is not root',
	/^USER [1-9]\d*(:\d+)?$/m.test(dockerfile));
for (const re of [/^EXPOSE 8080$/m, /^STOPSIGNAL SIGTERM$/m,
	/^ENTRYPOINT \["/m, /^HEALTHCHECK .*\n?.*CMD \["\/usr\/sbin\/wsaerrd", "--healthcheck"\]/m])
	check(`Dockerfile: ${re.source}`, re.test(dockerfile));
for (const label of ['version', 'source', 'licenses'])
	check(`Dockerfile: the OCI label ${label}`,
		dockerfile.includes(`org.opencontainers.image.${label}=`));

// --- compose ---------------------------------------------------------------
let out = '';
let status = 0;
try {
	out = execFileSync(join(here, 'node_modules', '.bin', 'dclint'),
		['--max-warnings', '0', '--color', 'false', join(top, 'docker', 'compose.yaml')],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
} catch (e) {
	status = e.status ?? 1;
	out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
}
check('dclint: no error or warning in docker/compose.yaml', status === 0, out.trim());
const compose = parse(read('docker/compose.yaml'));
const svc = compose.services?.wsaerr ?? {};
const cenv = svc.environment ?? {};
check('compose: the healthcheck runs wsaerrd --healthcheck',
	JSON.stringify(svc.healthcheck?.test) === '["CMD","/usr/sbin/wsaerrd","--healthcheck"]');
check('compose: init, read_only', svc.init === true && svc.read_only === true);
check('compose: cap_drop ALL', JSON.stringify(svc.cap_drop) === '["ALL"]');
check('compose: no-new-privileges',
	(svc.security_opt ?? []).some((o) => /^no-new-privileges(:true)?$/.test(o)));
check('compose: stop_grace_period above the drain deadline',
	seconds(svc.stop_grace_period ?? 10) > Number(cenv.WSAERR_DRAIN_SECONDS ?? 10),
	`${svc.stop_grace_period} vs ${cenv.WSAERR_DRAIN_SECONDS ?? 10}`);
check('compose: resource limits',
	svc.deploy?.resources?.limits?.cpus && svc.deploy?.resources?.limits?.memory);
for (const name of Object.keys(cenv))
	check(`compose: wsaerrd reads ${name}`, known.has(name));

// --- Kubernetes ------------------------------------------------------------
const kustomization = parse(read('docker/k8s/kustomization.yaml'));
const objects = [];
for (const file of kustomization.resources ?? []) {
	for (const doc of parseAllDocuments(read(join('docker/k8s', file)))) {
		check(`${file}: YAML without error`, doc.errors.length === 0,
			doc.errors.join('\n'));
		const obj = doc.toJS();
		if (obj) objects.push({ file, obj });
	}
}
for (const { file, obj } of objects) {
	const [group, version] = obj.apiVersion.includes('/')
		? obj.apiVersion.split('/') : [null, obj.apiVersion];
	const module = ['kubernetes-models', group, version, obj.kind].filter(Boolean).join('/');
	let detail = '';
	try {
		const Model = (await import(module))[obj.kind];
		new Model(obj).validate();
	} catch (e) {
		detail = e.message;
	}
	check(`${file}: ${obj.apiVersion} ${obj.kind} validates against the schema`,
		detail === '', detail);
}
const find = (kind) => objects.find((o) => o.obj.kind === kind)?.obj;
const deploy = find('Deployment');
const service = find('Service');
const hpa = find('HorizontalPodAutoscaler');
const pdb = find('PodDisruptionBudget');
check('k8s: a Deployment, a Service, an HPA and a PDB',
	deploy && service && hpa && pdb);
if (deploy && service && hpa && pdb) {
	const pod = deploy.spec.template;
	const c = pod.spec.containers.find((x) => x.name === 'wsaerr') ?? {};
	const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
	const labels = pod.metadata.labels ?? {};
	const matches = (sel) => Object.entries(sel ?? {}).length > 0 &&
		Object.entries(sel).every(([k, v]) => labels[k] === v);
	const port = (c.ports ?? []).find((p) => p.containerPort === Number(env.WSAERR_PORT ?? 8080));

	check('k8s: at least 2 replicas', deploy.spec.replicas >= 2);
	check('k8s: the Deployment selects its pods', matches(deploy.spec.selector.matchLabels));
	check('k8s: the container port is WSAERR_PORT', port !== undefined);
	const probe = (p, path) => p?.httpGet?.path === path &&
		(p.httpGet.port === port?.name || p.httpGet.port === port?.containerPort);
	check('k8s: readiness on /readyz', probe(c.readinessProbe, '/readyz'));
	check('k8s: liveness on /livez', probe(c.livenessProbe, '/livez'));
	const pause = c.lifecycle?.preStop?.exec?.command ?? [];
	const pauseS = /sleep$/.test(pause[0] ?? '') ? Number(pause[1]) : 0;
	check('k8s: a preStop pause', pauseS > 0, JSON.stringify(pause));
	const drain = Number(env.WSAERR_DRAIN_SECONDS ?? 10);
	check('k8s: terminationGracePeriodSeconds above the pause and the drain',
		(pod.spec.terminationGracePeriodSeconds ?? 30) > pauseS + drain,
		`${pod.spec.terminationGracePeriodSeconds} vs ${pauseS} + ${drain}`);
	const r = c.resources ?? {};
	check('k8s: cpu and memory requests and limits',
		r.requests?.cpu && r.requests?.memory && r.limits?.cpu && r.limits?.memory);
	const psc = pod.spec.securityContext ?? {};
	const sc = c.securityContext ?? {};
	check('k8s: runs as non-root', (psc.runAsNonRoot || sc.runAsNonRoot) &&
		(sc.runAsUser ?? psc.runAsUser) > 0);
	check('k8s: a read-only root filesystem', sc.readOnlyRootFilesystem === true);
	check('k8s: no privilege escalation', sc.allowPrivilegeEscalation === false);
	check('k8s: drops ALL capabilities, adds none',
		JSON.stringify(sc.capabilities?.drop) === '["ALL"]' && !sc.capabilities?.add);
	check('k8s: seccomp RuntimeDefault',
		(sc.seccompProfile ?? psc.seccompProfile)?.type === 'RuntimeDefault');
	for (const name of Object.keys(env))
		check(`k8s: wsaerrd reads ${name}`, known.has(name));
	check('k8s: the Service selects the pods and targets their port',
		matches(service.spec.selector) && service.spec.ports.some((p) =>
			p.targetPort === port?.name || p.targetPort === port?.containerPort));
	check('k8s: the HPA is autoscaling/v2 on CPU, for the Deployment',
		hpa.apiVersion === 'autoscaling/v2' &&
		hpa.spec.scaleTargetRef.kind === 'Deployment' &&
		hpa.spec.scaleTargetRef.name === deploy.metadata.name &&
		hpa.spec.metrics.some((m) => m.resource?.name === 'cpu') &&
		hpa.spec.minReplicas >= 2);
	check('k8s: the PDB covers the pods', matches(pdb.spec.selector?.matchLabels) &&
		(pdb.spec.minAvailable !== undefined || pdb.spec.maxUnavailable !== undefined));
	const policy = find('NetworkPolicy');
	check('k8s: a NetworkPolicy lets in the service port only, and nothing out',
		policy && matches(policy.spec.podSelector?.matchLabels) &&
		JSON.stringify(policy.spec.policyTypes?.slice().sort()) === '["Egress","Ingress"]' &&
		policy.spec.ingress?.length === 1 &&
		policy.spec.ingress[0].ports?.length === 1 &&
		(policy.spec.ingress[0].ports[0].port === port?.name ||
		 policy.spec.ingress[0].ports[0].port === port?.containerPort) &&
		Array.isArray(policy.spec.egress) && policy.spec.egress.length === 0);
	const ann = pod.metadata.annotations ?? {};
	check('k8s: Prometheus scrapes /metrics on the port',
		ann['prometheus.io/scrape'] === 'true' && ann['prometheus.io/path'] === '/metrics' &&
		Number(ann['prometheus.io/port']) === port?.containerPort);
	const image = (kustomization.images ?? []).find((i) => i.name === c.image);
	check('k8s: the kustomization sets the image', image?.newName && image?.newTag);
}

console.log(`deploy: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
