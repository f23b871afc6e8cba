import * as assert from 'node:assert/strict';
import { CommandLine, composeCli, composeCommand, ComposeTarget, detectCompose, parseComposeVersion, ProbeRunner } from '../../src/core/compose/commands';
import { ComposeRunError, describeCommand, LineSplitter, runCompose } from '../../src/core/compose/run';

const v1 = composeCli('docker-compose', [], '1.29.2');
const v2 = composeCli('docker', ['compose'], '2.24.5');
const target: ComposeTarget = { projectName: 'shop', files: ['/ws/shop/compose.yaml', '/ws/shop/compose.override.yaml'] };
const files = ['-f', '/ws/shop/compose.yaml', '-f', '/ws/shop/compose.override.yaml'];

describe('compose commands as data', () => {
  it('knows what each CLI version supports', () => {
    assert.deepEqual(v1, { command: 'docker-compose', baseArgs: [], version: '1.29.2', flavor: 'v1', supportsWait: false });
    assert.deepEqual(v2, { command: 'docker', baseArgs: ['compose'], version: '2.24.5', flavor: 'v2', supportsWait: true });
    assert.equal(composeCli('docker-compose', [], '2.0.1').flavor, 'v2', 'a standalone v2 binary is still v2');
    assert.equal(composeCli('docker', ['compose'], '2.1.0').supportsWait, false);
    assert.equal(composeCli('docker', ['compose'], '2.10.0').supportsWait, true);
  });

  it('parses version output', () => {
    assert.equal(parseComposeVersion('1.29.2\n'), '1.29.2');
    assert.equal(parseComposeVersion('v2.24.5-desktop.1'), '2.24.5');
    assert.equal(parseComposeVersion('Usage: docker [OPTIONS]'), undefined);
  });

  it('builds up: detached, --wait only on v2, services last', () => {
    assert.deepEqual(composeCommand(v1, target, { kind: 'up' }), { command: 'docker-compose', args: ['--ansi', 'never', '-p', 'shop', ...files, 'up', '-d'] });
    assert.deepEqual(composeCommand(v2, target, { kind: 'up', services: ['db', 'app'] }), {
      command: 'docker',
      args: ['compose', '--ansi', 'never', '-p', 'shop', ...files, 'up', '-d', '--wait', 'db', 'app'],
    });
    assert.deepEqual(composeCommand(v2, target, { kind: 'up', wait: false }).args.slice(-2), ['up', '-d']);
    assert.deepEqual(composeCommand(composeCli('docker-compose', [], '1.25.0'), target, { kind: 'up' }).args.slice(0, 3), ['--no-ansi', '-p', 'shop']);
  });

  it('builds down, restart, stop and start for one service or the whole project', () => {
    const tail = (cli = v1, op: Parameters<typeof composeCommand>[2]) => {
      const args = composeCommand(cli, target, op).args;
      return args.slice(args.lastIndexOf('/ws/shop/compose.override.yaml') + 1);
    };
    assert.deepEqual(tail(v1, { kind: 'down' }), ['down']);
    assert.deepEqual(tail(v2, { kind: 'down', removeVolumes: true, removeOrphans: true, timeoutSeconds: 2.4 }), ['down', '-v', '--remove-orphans', '-t', '2']);
    assert.deepEqual(tail(v1, { kind: 'restart', service: 'db' }), ['restart', 'db']);
    assert.deepEqual(tail(v1, { kind: 'stop', service: 'db', timeoutSeconds: 3 }), ['stop', '-t', '3', 'db']);
    assert.deepEqual(tail(v1, { kind: 'start', service: 'db', timeoutSeconds: 3 }), ['start', 'db']);
    assert.deepEqual(tail(v1, { kind: 'stop' }), ['stop']);
  });

  it('refuses names that could be read as options', () => {
    assert.throws(() => composeCommand(v1, target, { kind: 'restart', service: '--rm' }), /"--rm" is not a valid Compose service name/);
    assert.throws(() => composeCommand(v1, { ...target, projectName: '-x' }, { kind: 'down' }), /not a valid Compose project name/);
    assert.throws(() => composeCommand(v1, { ...target, files: [] }, { kind: 'down' }), /no compose file/);
  });

  it('detects the v2 plugin first, then docker-compose, else null', async () => {
    const answering =
      (answers: Record<string, { exitCode: number; stdout: string } | Error>): ProbeRunner & { asked: string[] } => {
        const asked: string[] = [];
        const run = async (line: CommandLine, timeoutMs: number) => {
          assert.equal(timeoutMs, 1234);
          const key = [line.command, ...line.args].join(' ');
          asked.push(key);
          const a = answers[key];
          if (a instanceof Error) throw a;
          return a ?? { exitCode: 127, stdout: '' };
        };
        return Object.assign(run, { asked });
      };
    const plugin = answering({ 'docker compose version --short': { exitCode: 0, stdout: '2.24.5\n' } });
    assert.deepEqual(await detectCompose({ run: plugin, timeoutMs: 1234 }), v2);
    assert.deepEqual(plugin.asked, ['docker compose version --short']);

    const legacy = answering({
      'docker compose version --short': { exitCode: 125, stdout: '' },
      'docker-compose version --short': { exitCode: 0, stdout: '1.29.2\n' },
    });
    assert.deepEqual(await detectCompose({ run: legacy, timeoutMs: 1234 }), v1);

    const none = answering({ 'docker compose version --short': new Error('ENOENT') });
    assert.equal(await detectCompose({ run: none, timeoutMs: 1234 }), null);
    assert.deepEqual(none.asked, ['docker compose version --short', 'docker-compose version --short']);
  });
});

describe('running compose commands', function () {
  this.timeout(20000);
  const node = (script: string): CommandLine => ({ command: process.execPath, args: ['-e', script] });

  it('splits chunks into lines on \\n, \\r\\n and \\r', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push('a\nb'), ['a']);
    assert.deepEqual(s.push('c\r\nd\re'), ['bc', 'd']);
    assert.deepEqual(s.end(), ['e']);
    assert.deepEqual(s.end(), []);
  });

  it('names the verb in messages', () => {
    assert.equal(describeCommand(composeCommand(v1, target, { kind: 'restart', service: 'db' })), 'docker-compose restart');
    assert.equal(describeCommand(composeCommand(v2, { ...target, projectName: 'up' }, { kind: 'down' })), 'docker compose down');
  });

  it('streams output lines of both streams as they come', async () => {
    const seen: string[] = [];
    const r = await runCompose(node("process.stdout.write('one\\ntw'); setTimeout(() => { process.stdout.write('o\\n'); process.stderr.write('Creating db ... done\\n'); }, 50);"), {
      cwd: process.cwd(),
      onOutput: (line, stream) => seen.push(`${stream}:${line}`),
    });
    assert.deepEqual(seen.sort(), ['stderr:Creating db ... done', 'stdout:one', 'stdout:two']);
    assert.equal(r.lines.length, 3);
  });

  it('fails with the exit code and the last stderr lines', async () => {
    await assert.rejects(
      runCompose(node("for (let i = 1; i <= 12; i++) console.error('line ' + i); process.exit(3)"), { cwd: process.cwd() }),
      (e: unknown) => {
        assert.ok(e instanceof ComposeRunError);
        assert.equal(e.exitCode, 3);
        assert.deepEqual(e.stderrTail, ['line 5', 'line 6', 'line 7', 'line 8', 'line 9', 'line 10', 'line 11', 'line 12']);
        assert.match(e.message, /failed with exit code 3\. Last output:\nline 5\n/);
        return true;
      },
    );
  });

  it('passes extra environment and the working directory', async () => {
    const seen: string[] = [];
    await runCompose(node('console.log(process.env.DOCKERDB_X + " " + process.cwd())'), { cwd: '/tmp', env: { DOCKERDB_X: 'given' }, onOutput: (l) => seen.push(l) });
    assert.deepEqual(seen, ['given /tmp']);
  });

  it('stops the process when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = runCompose(node("console.log('waiting'); setTimeout(() => {}, 60000)"), { cwd: process.cwd(), signal: controller.signal, onOutput: () => controller.abort() });
    await assert.rejects(run, (e: unknown) => e instanceof ComposeRunError && e.cancelled && /cancelled/.test(e.message));
    assert.ok(Date.now() - started < 10000);
  });

  it('explains a missing command', async () => {
    await assert.rejects(runCompose({ command: 'docker-compose-does-not-exist', args: ['up'] }, { cwd: process.cwd() }), /"docker-compose-does-not-exist" was not found on PATH\. Install Docker Compose/);
  });
});
