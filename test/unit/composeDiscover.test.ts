import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverComposeProjects, pickComposeFiles } from '../../src/core/compose/discover';

describe('compose file discovery', () => {
  let root: string;
  const touch = (rel: string, text = 'services: {}\n') => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  const rel = (p: string) => path.relative(root, p) || '.';

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dockerdb-discover-')));
    touch('compose.yaml');
    touch('compose.override.yml');
    touch('docker-compose.yml'); // ignored: compose.yaml wins
    touch('api/docker-compose.yml');
    touch('api/docker-compose.override.yaml');
    touch('only-override/compose.override.yaml'); // no base: not a project
    touch('a/b/c/compose.yml'); // depth 3
    touch('a/b/c/d/compose.yml'); // depth 4: beyond the default bound
    touch('node_modules/pkg/compose.yaml');
    touch('.git/compose.yaml');
    touch('.devcontainer/compose.yaml');
    touch('notes/compose.yaml.bak');
    fs.symlinkSync(root, path.join(root, 'a', 'loop')); // symlink loop back to the root
    fs.symlinkSync(path.join(root, 'api'), path.join(root, 'api-link')); // same project twice
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('picks the base file Compose would use and its override', () => {
    assert.deepEqual(pickComposeFiles('/p', ['docker-compose.yaml', 'docker-compose.yml', 'compose.override.yaml']), {
      dir: '/p',
      files: ['/p/docker-compose.yml', '/p/compose.override.yaml'],
      ignored: ['docker-compose.yaml'],
    });
    assert.equal(pickComposeFiles('/p', ['compose.override.yaml']), undefined);
  });

  it('finds one project per directory, bounded in depth, skipping node_modules, .git, hidden dirs and symlink loops', async () => {
    const r = await discoverComposeProjects([root, path.join(root, 'api')]);
    assert.equal(r.truncated, false);
    assert.deepEqual(
      r.projects.map((p) => [rel(p.dir), p.files.map((f) => path.basename(f)), p.ignored]),
      [
        ['.', ['compose.yaml', 'compose.override.yml'], ['docker-compose.yml']],
        ['api', ['docker-compose.yml', 'docker-compose.override.yaml'], []],
        ['a/b/c', ['compose.yml'], []],
      ],
    );
  });

  it('honours maxDepth and maxProjects and says when it stopped early', async () => {
    assert.deepEqual((await discoverComposeProjects([root], { maxDepth: 0 })).projects.map((p) => rel(p.dir)), ['.']);
    assert.deepEqual((await discoverComposeProjects([root], { maxDepth: 4 })).projects.map((p) => rel(p.dir)), ['.', 'api', 'a/b/c', 'a/b/c/d']);
    const few = await discoverComposeProjects([root], { maxProjects: 1 });
    assert.equal(few.projects.length, 1);
    assert.equal(few.truncated, true);
    const dirs = await discoverComposeProjects([root], { maxDirectories: 2 });
    assert.equal(dirs.truncated, true);
  });

  it('tolerates folders that do not exist and stops when cancelled', async () => {
    assert.deepEqual(await discoverComposeProjects([path.join(root, 'missing')]), { projects: [], truncated: false });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await assert.rejects(discoverComposeProjects([root], { signal: controller.signal }), /stop/);
  });
});
